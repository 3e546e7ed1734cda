"""The kinds of LearnLoop record that can back a judgement, and the evidence suggested for one.

Each kind says how to find the records a member may see (a source's own selector), which themes
a record carries, how to describe it in a line, and which list page's download columns export it.
Suggestions come from two places: records sharing a framework item's themes, and records already
linked to the evidence (a learning point's source record and impact evaluations, and the learning
points raised from a record). A suggestion is only offered; a person accepts it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils.text import Truncator

from learnloop.accounts.models import Membership


@dataclass(frozen=True)
class Described:
    """One line about a record: what it is called and what it shows."""

    kind: str
    kind_label: str
    record_id: int
    reference: str
    title: str
    summary: str
    date: str
    url: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    label: str  # plural, as a heading: "Audits"
    model: str  # app_label.ModelName
    visible: Callable[[Membership], QuerySet]
    describe: Callable[[Any, Membership, bool], tuple[str, str, str, str]]  # reference, title, summary, date
    themes: str | None = None  # the lookup from the record to its themes
    list_page: str | None = None  # a ListPage url_name whose download columns export this kind
    order: int = 100

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model_class())


def _short(text: str, words: int = 30) -> str:
    return Truncator(" ".join((text or "").split())).words(words)


# Kinds --------------------------------------------------------------------------------------------


def _learning_points(m: Membership) -> QuerySet:
    from learnloop.loop.selectors import learning_points_visible

    return learning_points_visible(m)


def _describe_learning_point(lp: Any, m: Membership, suppressed: bool) -> tuple[str, str, str, str]:
    summary = f"{lp.get_kind_display()}. {lp.get_approval_display()}. {_short(lp.description)}"
    return lp.reference, lp.title, summary, lp.date_identified.isoformat()


def _impacts(m: Membership) -> QuerySet:
    from learnloop.loop.selectors import impacts_visible

    return impacts_visible(m).distinct()


def _describe_impact(impact: Any, m: Membership, suppressed: bool) -> tuple[str, str, str, str]:
    summary = f"{impact.get_method_display()}. {_short(impact.conclusion)}"
    return f"IMP-{impact.pk:04d}", impact.title, summary, impact.date.isoformat()


def _audits(m: Membership) -> QuerySet:
    from learnloop.audits.selectors import audits_visible

    return audits_visible(m)


def _describe_audit(audit: Any, m: Membership, suppressed: bool) -> tuple[str, str, str, str]:
    parts = [audit.get_status_display() + "."]
    if audit.strengths:
        parts.append(f"Strengths: {_short(audit.strengths, 20)}")
    if audit.areas_for_improvement:
        parts.append(f"To improve: {_short(audit.areas_for_improvement, 20)}")
    day = audit.completed_on or audit.planned_start
    return audit.reference, audit.title, " ".join(parts), day.isoformat() if day else ""


def _findings(m: Membership) -> QuerySet:
    from learnloop.reviews.models import Finding
    from learnloop.reviews.selectors import reviews_visible

    return Finding.objects.filter(review__in=reviews_visible(m)).select_related("review")


def _describe_finding(finding: Any, m: Membership, suppressed: bool) -> tuple[str, str, str, str]:
    reference = f"{finding.review.reference} finding {finding.pk}"
    return reference, finding.title, _short(finding.text), ""


def _views(m: Membership) -> QuerySet:
    from learnloop.voice.selectors import views_visible

    return views_visible(m)


def _describe_view(view: Any, m: Membership, suppressed: bool) -> tuple[str, str, str, str]:
    title = f"{view.get_given_by_display()}, {view.get_channel_display()}"
    return view.reference, title, _short(view.summary), view.date.isoformat()


def _indicators(m: Membership) -> QuerySet:
    from learnloop.dataset.models import Indicator

    return Indicator.objects.filter(in_dataset=True)


def _describe_indicator(indicator: Any, m: Membership, suppressed: bool) -> tuple[str, str, str, str]:
    """The latest quarter's figure and its trend, suppressed for readers who may not see small
    numbers (learnloop.core.disclosure through the dataset's own selector)."""
    from learnloop.dataset.computation import NO_DATA
    from learnloop.dataset.selectors import series_for

    # Every indicator's series is worked out once per reader and kept on the (per-request)
    # membership object: the computation reads the partnership's events once for all of them.
    cache = m.__dict__.setdefault("_evaluation_series", {})
    if suppressed not in cache:
        computed = series_for(m, kind="quarter", suppressed=suppressed)
        cache[suppressed] = {(s.indicator.code, s.breakdown_value): s for s in computed}
    found = cache[suppressed].get((indicator.code, ""))
    with_data = [f for f in found.figures if f.status != NO_DATA] if found is not None else []
    latest = with_data[-1] if with_data else None
    if latest is None:
        return indicator.code, indicator.name, "No data yet.", ""
    label = latest.period.label
    if latest.value is None:
        summary = f"{label}: {latest.status_text}."
    else:
        value = f"{latest.value:g}{' %' if indicator.unit == 'percent' else ''}"
        unit = "" if indicator.unit == "percent" else f" ({indicator.get_unit_display().lower()})"
        summary = f"{label}: {value}{unit}."
        if latest.point is not None and latest.point.label:
            from learnloop.dataset.spc import LABEL_TEXT

            summary += f" Trend: {LABEL_TEXT.get(latest.point.label, latest.point.label)}."
    return indicator.code, indicator.name, summary, label


KINDS: dict[str, EvidenceKind] = {
    kind.key: kind
    for kind in (
        EvidenceKind(
            "audit",
            "Audits",
            "audits.Audit",
            _audits,
            _describe_audit,
            "tool__questions__themes",
            "audits:programme",
            10,
        ),
        EvidenceKind(
            "indicator", "Dataset indicators", "dataset.Indicator", _indicators, _describe_indicator, None, None, 20
        ),
        EvidenceKind(
            "view", "Views of children and families", "voice.View", _views, _describe_view, "themes", "voice:index", 30
        ),
        EvidenceKind("finding", "Review findings", "reviews.Finding", _findings, _describe_finding, "themes", None, 40),
        EvidenceKind(
            "impact",
            "Impact evaluations",
            "loop.Impact",
            _impacts,
            _describe_impact,
            "learning_points__themes",
            "loop:impacts",
            50,
        ),
        EvidenceKind(
            "learning_point",
            "Learning points",
            "loop.LearningPoint",
            _learning_points,
            _describe_learning_point,
            "themes",
            "loop:learning_points",
            60,
        ),
    )
}


def kind_for_model(model: type[Model]) -> EvidenceKind | None:
    label = model._meta.label
    return next((k for k in KINDS.values() if k.model == label), None)


def kind_for_content_type(ct_id: int) -> EvidenceKind | None:
    model = ContentType.objects.get_for_id(ct_id).model_class()
    return kind_for_model(model) if model is not None else None


def describe(kind: EvidenceKind, record: Any, m: Membership, *, suppressed: bool) -> Described:
    reference, title, summary, date = kind.describe(record, m, suppressed)
    url = ""
    if hasattr(record, "get_absolute_url"):
        url = record.get_absolute_url()
    elif kind.key == "indicator":
        from django.urls import reverse

        url = reverse("dataset:indicator", args=[m.partnership.slug, record.code])
    elif kind.key == "finding":
        url = record.review.get_absolute_url()
    return Described(kind.key, kind.label, record.pk, reference, title, summary, date, url)


# Linked evidence, read for a member ------------------------------------------------------------


def linked_records(m: Membership, links: Iterable[Any]) -> list[tuple[Any, EvidenceKind, Any]]:
    """(link, kind, record) for each evidence link whose record the member may see, in kind order.
    One query per kind present, whatever the number of links."""
    by_type: dict[int, list[Any]] = {}
    for link in links:
        by_type.setdefault(link.record_type_id, []).append(link)
    out: list[tuple[Any, EvidenceKind, Any]] = []
    for ct_id, group in by_type.items():
        kind = kind_for_content_type(ct_id)
        if kind is None:
            continue
        records = kind.visible(m).in_bulk([link.record_id for link in group])
        out += [(link, kind, records[link.record_id]) for link in group if link.record_id in records]
    return sorted(out, key=lambda t: (t[1].order, str(t[2])))


# Suggestions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    kind: EvidenceKind
    record: Any
    origin: str  # EvidenceLink.Origin value
    why: str


def suggestions(
    m: Membership, *, item: Any, linked: Iterable[tuple[Any, EvidenceKind, Any]], limit: int = 10
) -> list[Suggestion]:
    """Records the member may see that are not linked yet: those sharing the item's themes, and
    those linked to the records already linked. At most `limit` of each kind and origin."""

    linked = list(linked)
    taken = {(k.key, r.pk) for _, k, r in linked}
    out: list[Suggestion] = []

    def offer(kind: EvidenceKind, record: Any, origin: str, why: str) -> None:
        if (kind.key, record.pk) not in taken:
            taken.add((kind.key, record.pk))
            out.append(Suggestion(kind, record, origin, why))

    themes = list(item.themes.all())
    if themes:
        names = ", ".join(t.name for t in themes)
        for kind in sorted(KINDS.values(), key=lambda k: k.order):
            if kind.themes is None:
                continue
            rows = kind.visible(m).filter(**{f"{kind.themes}__in": themes}).distinct().order_by("-pk")[:limit]
            for record in rows:
                offer(kind, record, "theme", f"Shares a theme: {names}")

    lp_kind, impact_kind = KINDS["learning_point"], KINDS["impact"]
    visible_lps = lp_kind.visible(m)
    for _, kind, record in linked:
        why = f"Linked to {describe_reference(kind, record)}"
        if kind.key == "learning_point":
            source = record.source_record
            source_kind = kind_for_model(type(source)) if source is not None else None
            if source is not None and type(source)._meta.label == "dataset.TrendSignal":
                source, source_kind = source.indicator, KINDS["indicator"]
            if source_kind is not None and source_kind.visible(m).filter(pk=source.pk).exists():
                offer(source_kind, source, "link", why)
            for impact in impact_kind.visible(m).filter(learning_points=record)[:limit]:
                offer(impact_kind, impact, "link", why)
        elif kind.key == "impact":
            for lp in visible_lps.filter(impacts=record)[:limit]:
                offer(lp_kind, lp, "link", why)
        if kind.key != "learning_point":
            ct = ContentType.objects.get_for_model(type(record))
            for lp in visible_lps.filter(source_record_type=ct, source_record_id=record.pk)[:limit]:
                offer(lp_kind, lp, "link", why)
            if kind.key == "finding" and record.learning_point_id:
                lp = visible_lps.filter(pk=record.learning_point_id).first()
                if lp is not None:
                    offer(lp_kind, lp, "link", why)
    return out


def describe_reference(kind: EvidenceKind, record: Any) -> str:
    reference = getattr(record, "reference", None) or getattr(record, "code", None) or f"{kind.key} {record.pk}"
    return str(reference)
