from django.urls import path

from learnloop.loop.views import actions, home, learning_points, records

app_name = "loop"

urlpatterns = [
    path("", home.home, name="home"),
    path("loop-health/", home.loop_health, name="loop_health"),
    path("learning/", learning_points.learning_point_list, name="learning_points"),
    path("learning/new/", learning_points.learning_point_create, name="learning_point_create"),
    path("learning/<int:number>/", learning_points.learning_point_detail, name="learning_point"),
    path("learning/<int:number>/edit/", learning_points.learning_point_edit, name="learning_point_edit"),
    path("learning/<int:number>/decision/", learning_points.learning_point_decide, name="learning_point_decide"),
    path("learning/<int:number>/actions/new/", actions.action_create, name="action_create"),
    path("actions/", actions.action_list, name="actions"),
    path("actions/<int:number>/", actions.action_detail, name="action"),
    path("actions/<int:number>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:number>/update/", actions.action_add_update, name="action_add_update"),
    path("actions/<int:number>/status/", actions.action_change_status, name="action_status"),
    path("actions/<int:number>/evidence/new/", actions.evidence_add, name="evidence_add"),
    path("actions/<int:number>/evidence/<int:pk>/", actions.evidence_download, name="evidence_download"),
    path("sharing/", records.dissemination_list, name="disseminations"),
    path("sharing/new/", records.dissemination_create, name="dissemination_create"),
    path("sharing/<int:pk>/", records.dissemination_detail, name="dissemination"),
    path("sharing/<int:pk>/edit/", records.dissemination_edit, name="dissemination_edit"),
    path("sharing/<int:pk>/briefing/", records.briefing_edit, name="briefing_edit"),
    path("sharing/<int:pk>/briefing.docx", records.briefing_export, name="briefing_export"),
    path("embedding/", records.embedding_list, name="embeddings"),
    path("embedding/new/", records.embedding_create, name="embedding_create"),
    path("embedding/<int:pk>/", records.embedding_detail, name="embedding"),
    path("embedding/<int:pk>/edit/", records.embedding_edit, name="embedding_edit"),
    path("embedding/<int:pk>/file/", records.embedding_download, name="embedding_download"),
    path("impact/", records.impact_list, name="impacts"),
    path("impact/new/", records.impact_create, name="impact_create"),
    path("impact/<int:pk>/", records.impact_detail, name="impact"),
    path("impact/<int:pk>/edit/", records.impact_edit, name="impact_edit"),
    path("tracked-children/", records.tracked_child_list, name="tracked_children"),
    path("tracked-children/new/", records.tracked_child_create, name="tracked_child_create"),
    path("tracked-children/<int:pk>/", records.tracked_child_detail, name="tracked_child"),
    path("tracked-children/<int:pk>/edit/", records.tracked_child_edit, name="tracked_child_edit"),
    path("tracked-children/<int:pk>/entries/new/", records.tracked_child_add_entry, name="tracked_child_add_entry"),
]
