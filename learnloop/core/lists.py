"""List pages from one declaration: filter, paginate, serve the htmx fragment and export.

A list page is declared once, beside its app's other views, as a `ListPage`: the selector that
gives the member's scoped rows, the `MemberFilterSet` that narrows them, the columns of its
download, and its template. The page, its htmx fragment (`template#results`) and its CSV and
Excel downloads are all built from the same filtered queryset, so a download holds exactly the
rows the page counts. Every declaration is kept in `LIST_PAGES`, which the tests walk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django import forms
from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from learnloop.accounts.models import Membership
from learnloop.core.exports import export_response
from learnloop.core.forms import GovUKDateField
from learnloop.core.pagecache import kept_page
from learnloop.core.pagination import paginate
from learnloop.core.scoping import member_required, require

EXPORT_FORMATS = frozenset({"csv", "xlsx"})
ANY = "Any"


# Columns of a download ------------------------------------------------------------------------


def resolve(obj: Any, path: str) -> Any:
    """Follow a dotted path of attributes, calling methods (`get_kind_display`) on the way."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part)
        if callable(obj) and not hasattr(obj, "all"):  # a method, or get_FOO_display; not a related set
            obj = obj()
    return obj


def _lazily(items: Iterable[Any]) -> Iterable[Any]:
    """A queryset read in chunks (with its prefetches), so a large export is never held whole."""
    return items.iterator(chunk_size=2000) if isinstance(items, QuerySet) else items


@dataclass(frozen=True)
class Column:
    """One column of a download: its header and how to read it from a row."""

    header: str
    accessor: str | Callable[[Any], Any]

    def value(self, row: Any) -> Any:
        if callable(self.accessor):
            return self.accessor(row)
        return resolve(row, self.accessor)


def joined(path: str, attribute: str = "name", separator: str = "; ") -> Callable[[Any], str]:
    """A column listing a related set, e.g. `joined("themes")` gives "Neglect; Housing"."""

    def read(row: Any) -> str:
        return separator.join(str(resolve(item, attribute)) for item in resolve(row, path).all())

    return read


# Filters --------------------------------------------------------------------------------------


class MemberFilterSet(django_filters.FilterSet):
    """A filter set for one member: its choices come from the member's own partnership.

    Invalid values (a stale link, a half-typed date) are shown as errors on the filter panel and
    left out of the filtering; the other filters still apply.
    """

    def __init__(self, data: Any = None, queryset: Any = None, *, membership: Membership, **kwargs: Any) -> None:
        self.membership = membership
        super().__init__(data, queryset, **kwargs)

    def filtered(self) -> QuerySet:
        return self.qs


class PartnershipChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice among the member's partnership's own records (its agencies, subgroups, themes).

    `limit` narrows the choices further, e.g. `{"is_active": True}` for current agencies only.
    """

    def __init__(self, *args: Any, model: type[Model], limit: dict[str, Any] | None = None, **kwargs: Any) -> None:
        self.choices_model = model
        self.limit = limit or {}
        kwargs.setdefault("empty_label", ANY)
        super().__init__(*args, **kwargs)

    def get_queryset(self, request: Any) -> QuerySet:
        return self.choices_model._default_manager.filter(
            partnership_id=self.parent.membership.partnership_id, **self.limit
        )


class ChoiceFilter(django_filters.ChoiceFilter):
    """A choice with "Any" first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", ANY)
        super().__init__(*args, **kwargs)


class DateFilter(django_filters.DateFilter):
    """A date in the GOV.UK day, month and year boxes; a link may also give it as an ISO date."""

    field_class = GovUKDateField


class _TickedField(forms.BooleanField):
    def to_python(self, value: Any) -> bool | None:
        return True if super().to_python(value) else None  # unticked is no filter, not False


class CheckboxFilter(django_filters.Filter):
    """A single checkbox: ticked applies its `method`, unticked leaves the rows alone."""

    field_class = _TickedField


def text(label: str, *paths: str) -> django_filters.CharFilter:
    """A free-text filter matching any of the given fields."""
    return django_filters.CharFilter(label=label, method=search(*paths))


def search(*paths: str) -> Callable[[QuerySet, str, str], QuerySet]:
    """A `method` for a free-text filter matching any of the given fields."""
    from django.db.models import Q

    def apply(qs: QuerySet, name: str, value: str) -> QuerySet:
        query = Q()
        for path in paths:
            query |= Q(**{f"{path}__icontains": value})
        return qs.filter(query)

    return apply


# The page -------------------------------------------------------------------------------------


LIST_PAGES: dict[str, ListPage] = {}


def _filter_data(request: HttpRequest) -> Any:
    """The query string without the page number and the download format, or None if that leaves nothing."""
    data = request.GET.copy()
    for key in ("export", "page"):
        data.pop(key, None)
    return data or None


@dataclass
class ListPage:
    """One list page, declared. `view` is what the URL conf routes to."""

    url_name: str  # "loop:learning_points": names the page in LIST_PAGES and for the tests
    template: str  # has a `{% partialdef results %}` for htmx, and includes result_count
    rows: Callable[[Membership], Any]  # the member's scoped rows, from a selector
    noun: str  # "learning point": for the result count and the sheet
    columns: Sequence[Column] | Callable[[Membership], Sequence[Column]] = ()
    filterset: type[MemberFilterSet] | None = None
    # Or, for a selector that takes its own filters: a GET form with `.filters()`, built from
    # (data, member); `rows` is then called with (member, filters).
    form: Callable[[Any, Membership], Any] | None = None
    filename: str = ""
    what: str = ""  # plural, for the audit log and the sheet's name: "learning points"
    allowed: Callable[[Membership], bool] | None = None
    context: Callable[[HttpRequest, Membership, Page], dict[str, Any]] | None = None
    per_page: int | None = None
    exports: bool = True
    register: bool = True  # False for a page declared in a test
    # Kept rendered for the member until its records change (core.pagecache). False for a list
    # of what changes without an audited write: the audit log itself, documents built in the
    # background, imports whose progress a worker writes.
    keep: bool = True
    view: Callable[..., HttpResponse] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.filename = self.filename or self.url_name.split(":")[-1].replace("_", "-")
        self.what = self.what or f"{self.noun}s"
        self.view = self._make_view()
        if self.register:
            LIST_PAGES[self.url_name] = self

    # Reading --------------------------------------------------------------------------------

    def filter_set(self, request: HttpRequest, m: Membership) -> MemberFilterSet | None:
        if self.filterset is None:
            return None
        return self.filterset(_filter_data(request), self.rows(m), membership=m, request=request)

    def items(self, request: HttpRequest, m: Membership) -> tuple[Any, Any]:
        """The rows the page shows and the download holds, and the filter form: one set of rows for both."""
        if self.form is not None:
            form = self.form(_filter_data(request), m)
            return self.rows(m, form.filters()), form  # type: ignore[call-arg]
        filterset = self.filter_set(request, m)
        if filterset is None:
            return self.rows(m), None
        return filterset.qs, filterset.form

    def export_columns(self, m: Membership) -> Sequence[Column]:
        return self.columns(m) if callable(self.columns) else self.columns

    def export(self, m: Membership, fmt: str, items: Iterable[Any]) -> HttpResponseBase:
        columns = self.export_columns(m)
        return export_response(
            fmt=fmt,
            filename=self.filename,
            headers=[c.header for c in columns],
            rows=([c.value(row) for c in columns] for row in _lazily(items)),
            partnership=m.partnership,
            what=self.what,
            total=items.count if isinstance(items, QuerySet) else None,
        )

    def respond(self, request: HttpRequest, m: Membership) -> HttpResponseBase:
        if self.allowed is not None:
            require(self.allowed(m))
        items, form = self.items(request, m)
        fmt = request.GET.get("export")
        if self.exports and fmt in EXPORT_FORMATS:
            return self.export(m, fmt, items)
        page = paginate(request, items, self.per_page)
        context: dict[str, Any] = {
            "m": m,
            "page": page,
            "form": form,
            "noun": self.noun,
            "exports": self.exports,
        }
        if self.context is not None:
            context.update(self.context(request, m, page))
        template = self.template
        if request.htmx:  # type: ignore[attr-defined]
            template += "#results"
        return render(request, template, context)

    def _make_view(self) -> Callable[..., HttpResponse]:
        def list_view(request: HttpRequest, m: Membership) -> HttpResponse:
            return self.respond(request, m)

        list_view.__name__ = list_view.__qualname__ = self.url_name.split(":")[-1] + "_list"
        list_view.__doc__ = f"The {self.what}: the page, its htmx fragment and its downloads."
        return member_required(kept_page(list_view) if self.keep else list_view)
