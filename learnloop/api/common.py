"""What every endpoint of the API shares: pagination, errors, the audit entry for confidential
reads, and list endpoints built on the pages' own declarations.

A list endpoint names the `ListPage` of the page it mirrors (learnloop/core/lists.py): the
endpoint's rows are that page's rows, from the same selector and the same filter set, for the
same member. Nothing here scopes records itself, so the API cannot show what the page would not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_filters
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from learnloop.accounts.models import Membership
from learnloop.core import audit
from learnloop.core.lists import CheckboxFilter, DateFilter, ListPage, PartnershipChoiceFilter
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import membership_for

# Pagination -------------------------------------------------------------------------------------


class Pagination(PageNumberPagination):
    """`?page=2&page_size=500`: 100 a page unless asked, at most 1,000. The body is
    `{count, next, previous, results}`; follow `next` until it is null."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class LinkHeaderPagination(PageNumberPagination):
    """For the minimum dataset's endpoints, which answered a bare list before they were paginated:
    the body is still a list, and the pages are in the headers (`Link: <...>; rel="next"`,
    `X-Total-Count`). The default page is large enough (10,000 rows) that a script written for the
    unpaginated list still gets every row of any ordinary request in one page."""

    page_size = 10_000
    page_size_query_param = "page_size"
    max_page_size = 10_000

    def get_paginated_response(self, data: Any) -> Response:
        links = []
        url = self.request.build_absolute_uri()
        if self.page.has_next():
            links.append(
                f'<{replace_query_param(url, self.page_query_param, self.page.next_page_number())}>; rel="next"'
            )
        if self.page.has_previous():
            number = self.page.previous_page_number()
            previous = (
                remove_query_param(url, self.page_query_param)
                if number == 1
                else replace_query_param(url, self.page_query_param, number)
            )
            links.append(f'<{previous}>; rel="prev"')
        headers = {"X-Total-Count": str(self.page.paginator.count)}
        if links:
            headers["Link"] = ", ".join(links)
        return Response(data, headers=headers)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return schema

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = "Rows a page: 10,000 unless asked, at most 10,000."
            if parameter["name"] == self.page_query_param:
                parameter["description"] = (
                    "The page. The body is a plain list; the total is in the X-Total-Count header and the "
                    'next and previous pages in the Link header (rel="next", rel="prev").'
                )
        return parameters


# Errors -----------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words.")


class FilterErrorSerializer(serializers.Serializer):
    """A filter's value was not understood: each field named with its errors."""

    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


ERRORS: dict[int, OpenApiResponse] = {
    401: OpenApiResponse(
        ErrorSerializer,
        description="Not signed in, or the token is unknown, expired or revoked (with `WWW-Authenticate: Bearer`).",
    ),
    403: OpenApiResponse(ErrorSerializer, description="A write with a read-only token."),
    404: OpenApiResponse(
        ErrorSerializer,
        description="No such partnership, or not one of yours or your token's; or a record you may not see.",
    ),
}
FILTER_ERRORS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(FilterErrorSerializer, description="A filter's value was not understood."),
    **ERRORS,
}


class BadFilter(exceptions.APIException):
    status_code = 400
    default_detail = "A filter's value was not understood."

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__()
        self.detail = {"detail": self.default_detail, "errors": errors}  # type: ignore[assignment]


# The audit log ----------------------------------------------------------------------------------


def record_read(request: Request, m: Membership, detail: str) -> None:
    """One audit entry for a request that returned confidential records (named in `detail`)."""
    audit.record(
        event=AuditEntry.Event.VIEW_CONFIDENTIAL,
        obj=m.partnership,
        partnership=m.partnership,
        user=request.user,
        detail=detail,
    )


def record_confidential(request: Request, m: Membership, what: str, references: Iterable[str]) -> None:
    """Record the read if the page returned holds confidential records: they are named."""
    names = sorted(set(references))
    if names:
        record_read(request, m, f"Read {len(names)} confidential {what} through the API: {', '.join(names)}")


# List endpoints built on the pages ----------------------------------------------------------------


def filter_parameters(filterset: type[django_filters.FilterSet]) -> list[OpenApiParameter]:
    """The page's filters as query parameters of the endpoint, with their types and choices."""
    parameters = []
    for name, f in filterset.base_filters.items():
        description = str(f.label or name)
        kind: Any = OpenApiTypes.STR
        enum = None
        if isinstance(f, PartnershipChoiceFilter):
            kind = OpenApiTypes.INT
            description += ": the id of one of the partnership's records (from the endpoint that lists them)."
        elif isinstance(f, DateFilter):
            kind = OpenApiTypes.DATE
        elif isinstance(f, CheckboxFilter):
            kind = OpenApiTypes.BOOL
            description += " (true to apply; leave out otherwise)."
        elif isinstance(f, django_filters.TypedChoiceFilter):
            kind = OpenApiTypes.INT if f.extra.get("coerce") is int else OpenApiTypes.STR
        elif isinstance(f, django_filters.ChoiceFilter):
            enum = [str(value) for value, _ in f.extra.get("choices", [])]
        parameters.append(OpenApiParameter(name, kind, enum=enum, description=description))
    return parameters


class MemberAPIView(APIView):
    """An endpoint scoped to the member's partnership (`slug` in the URL), as the pages are."""

    def membership(self) -> Membership:
        return membership_for(self.request.user, self.kwargs["slug"])


def page_url(serializer: serializers.Serializer, name: str, *args: Any) -> str:
    """The absolute address of a record's page, from the partnership's slug in the context (so no
    row reads its partnership)."""
    url = reverse(name, args=[serializer.context["slug"], *args])
    return serializer.context["request"].build_absolute_uri(url)


class PageListView(MemberAPIView):
    """A paginated list of exactly the rows of one list page, for the member asking.

    Subclasses set `list_page` (the page's `ListPage`), `serializer_class`, and may override
    `confidential` (the references of the confidential rows in a page) and `context`.
    """

    list_page: ListPage
    serializer_class: type[serializers.BaseSerializer]
    pagination_class = Pagination
    what = ""  # plural, for the audit log: "learning points"

    def rows(self, m: Membership) -> Any:
        items, form = self.list_page.items(self.request, m)  # type: ignore[arg-type]
        if form is not None and form.is_bound and not form.is_valid():
            raise BadFilter({field: [str(e) for e in errors] for field, errors in form.errors.items()})
        return items

    def confidential(self, rows: list[Any]) -> list[str]:
        return []

    def context(self, m: Membership, rows: list[Any]) -> dict[str, Any]:
        """What the serializer needs besides the rows, read in a fixed number of queries."""
        return {}

    def get(self, request: Request, slug: str) -> Response:
        m = self.membership()
        if self.list_page.allowed is not None and not self.list_page.allowed(m):
            raise Http404
        paginator = self.pagination_class()
        rows = list(paginator.paginate_queryset(self.rows(m), request, view=self) or [])
        data = self.serializer_class(
            rows, many=True, context={"request": request, "slug": m.partnership.slug, **self.context(m, rows)}
        ).data
        record_confidential(request, m, self.what or self.list_page.what, self.confidential(rows))
        return paginator.get_paginated_response(data)
