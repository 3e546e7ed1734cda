"""The project's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from learnloop.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def refuse(request: HttpRequest, slug: str) -> HttpResponse:
    raise PermissionDenied


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("A failure for the 500 page test.")


urlpatterns = [
    path("p/<slug:slug>/refused/", refuse),
    path("failing/", fail),
    *urlpatterns,
]
