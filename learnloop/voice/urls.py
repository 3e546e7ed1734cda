from django.urls import path

from learnloop.voice.views import events, imports, records, responses

app_name = "voice"

urlpatterns = [
    path("", records.view_list, name="index"),
    path("views/new/", records.view_create, name="view_create"),
    path("views/<int:number>/", records.view_detail, name="view"),
    path("views/<int:number>/edit/", records.view_edit, name="view_edit"),
    path("views/<int:number>/passed-on/", records.flag_pass_on, name="flag_pass_on"),
    path("views/<int:number>/learning/", records.raise_learning, name="raise_learning"),
    path("events/", events.event_list, name="events"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("you-said-we-did/", responses.response_list, name="responses"),
    path("you-said-we-did/new/", responses.response_create, name="response_create"),
    path("you-said-we-did/<int:pk>/", responses.response_detail, name="response"),
    path("you-said-we-did/<int:pk>/edit/", responses.response_edit, name="response_edit"),
    path("you-said-we-did/to-publish/", responses.published, name="published"),
    path("import/", imports.import_start, name="import"),
    path("import/<slug:source>/", imports.import_upload, name="import_upload"),
    path("import/<slug:source>/check/<str:token>/", imports.import_check, name="import_check"),
    path("imports/<int:pk>/", imports.import_result, name="import_result"),
    path("settings/", responses.voice_settings, name="settings"),
]
