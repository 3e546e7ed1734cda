from django.contrib import admin
from django.urls import include, path

from learnloop.reports.public import public_report

admin.site.site_header = "LearnLoop administration"

# Error pages in the service's layout (learnloop/core/error_pages.py).
handler400 = "learnloop.core.error_pages.bad_request"
handler403 = "learnloop.core.error_pages.permission_denied"
handler404 = "learnloop.core.error_pages.page_not_found"
handler500 = "learnloop.core.error_pages.server_error"

urlpatterns = [
    path("", include("learnloop.core.urls")),
    path("account/", include("learnloop.accounts.urls")),
    path("account/e-mails/", include("learnloop.notifications.urls")),
    path("p/<slug:slug>/", include("learnloop.loop.urls")),
    path("p/<slug:slug>/", include("learnloop.partnership.urls")),
    path("p/<slug:slug>/", include("learnloop.impact.urls")),
    path("p/<slug:slug>/settings/retention/", include("learnloop.retention.urls")),
    path("p/<slug:slug>/themes/", include("learnloop.themes.urls")),
    path("p/<slug:slug>/reviews/", include("learnloop.reviews.urls")),
    path("p/<slug:slug>/audits/", include("learnloop.audits.urls")),
    path("p/<slug:slug>/dataset/", include("learnloop.dataset.urls")),
    path("p/<slug:slug>/voice/", include("learnloop.voice.urls")),
    path("p/<slug:slug>/workforce/", include("learnloop.workforce.urls")),
    path("p/<slug:slug>/reach/", include("learnloop.reach.urls")),
    path("", include("learnloop.published.urls")),
    path("p/<slug:slug>/reports/", include("learnloop.reports.urls")),
    path("p/<slug:slug>/self-evaluation/", include("learnloop.evaluation.urls")),
    path("public/<slug:slug>/reports/<int:pk>.pdf", public_report, name="public_report"),
    path("p/<slug:slug>/national-sharing/", include("learnloop.national.urls_sharing")),
    path("national/api-tokens/", include("learnloop.tokens.urls_national")),
    path("national/", include("learnloop.national.urls")),
    path("p/<slug:slug>/insights/", include("learnloop.insights.urls")),
    path("p/<slug:slug>/api-tokens/", include("learnloop.tokens.urls")),
    path("api/", include("learnloop.api.urls")),
    path("django-admin/", admin.site.urls),
]
# Uploaded files are never served from /media/, even with DEBUG on: each is downloaded through a
# view that checks who is asking (learnloop/core/downloads.py).
