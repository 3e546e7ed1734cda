from django.urls import path

from learnloop.audits.views import cases, programme, results, sampling, tools

app_name = "audits"

urlpatterns = [
    path("", programme.programme, name="programme"),
    path("new/", programme.audit_create, name="audit_create"),
    path("tools/", tools.tool_list, name="tools"),
    path("tools/<int:pk>/", tools.tool_detail, name="tool"),
    path("tools/<int:pk>/questions/new/", tools.question_edit, name="question_create"),
    path("tools/<int:pk>/questions/<slug:key>/", tools.question_edit, name="question_edit"),
    path("<int:number>/", programme.audit_detail, name="audit"),
    path("<int:number>/edit/", programme.audit_edit, name="audit_edit"),
    path("<int:number>/status/", programme.audit_status, name="audit_status"),
    path("<int:number>/reaudit/", programme.reaudit_create, name="reaudit_create"),
    path("<int:number>/cases/new/", cases.case_create, name="case_create"),
    path("<int:number>/cases/from-a-list/", sampling.case_lists, name="case_lists"),
    path("<int:number>/cases/from-a-list/<str:source_key>/", sampling.cases_from_list, name="cases_from_list"),
    path("<int:number>/cases/<int:case_number>/", cases.case_detail, name="case"),
    path("<int:number>/cases/<int:case_number>/remove/", sampling.case_remove, name="case_remove"),
    path("<int:number>/cases/<int:case_number>/readers/new/", cases.reader_assign, name="reader_assign"),
    path("<int:number>/cases/<int:case_number>/moderate/", cases.case_moderate, name="case_moderate"),
    path("<int:number>/readings/<int:pk>/", cases.reading, name="reading"),
    path("<int:number>/readings/<int:pk>/remove/", sampling.reading_remove, name="reading_remove"),
    path("<int:number>/results/", results.results, name="results"),
    path("<int:number>/results/export/", results.results_export, name="results_export"),
    path("<int:number>/results/summary/", results.summary_edit, name="summary_edit"),
    path("<int:number>/report.<str:fmt>", results.report_download, name="report"),
    path("<int:number>/findings/new/", results.finding_create, name="finding_create"),
    path("<int:number>/comparison/impact/", results.comparison_attach, name="comparison_attach"),
]
