from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "LearnLoop administration"

urlpatterns = [
    path("", include("learnloop.core.urls")),
    path("account/", include("learnloop.accounts.urls")),
    path("p/<slug:slug>/", include("learnloop.loop.urls")),
    path("p/<slug:slug>/", include("learnloop.partnership.urls")),
    path("p/<slug:slug>/themes/", include("learnloop.themes.urls")),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
