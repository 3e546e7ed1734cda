from django.urls import path

from learnloop.accounts import views as account_views
from learnloop.partnership import views

app_name = "partnership"

urlpatterns = [
    path("settings/", views.settings_home, name="settings"),
    path("settings/members/", views.member_list, name="members"),
    path("settings/members/new/", views.member_add, name="member_add"),
    path("settings/members/<int:pk>/", views.member_edit, name="member_edit"),
    path(
        "settings/members/<int:pk>/two-factor/reset/",
        account_views.member_two_factor_reset,
        name="member_two_factor_reset",
    ),
    path("settings/agencies/new/", views.agency_form, name="agency_add"),
    path("settings/agencies/<int:pk>/", views.agency_form, name="agency_edit"),
    path("settings/subgroups/new/", views.subgroup_form, name="subgroup_add"),
    path("settings/subgroups/<int:pk>/", views.subgroup_form, name="subgroup_edit"),
]
