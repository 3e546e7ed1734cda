"""The learning loop's sections of the reports: subgroups' work, actions by RAG and agency,
overdue actions, learning awaiting approval, embedding and evaluation, the improvement plan,
impact, and the framework review's source-by-source figures. Registered in LoopConfig.ready().

Every figure comes through the loop's own selectors, scoped to the report's reader.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Min

from learnloop.core.registry import ReportSection, register_committee_decisions, register_report_section
from learnloop.core.reporting import Block, Bullets, Heading, Paragraph, ReportRequest, Table, app_link, day, percent
from learnloop.loop import selectors
from learnloop.loop.models import Action, Dissemination, Embedding, Impact, LearningPoint, SourceType

PAPER, ANNUAL, FRAMEWORK = "cpc-paper", "annual-report", "framework-review"
RAG_LABELS = {"red": "Red: overdue", "amber": "Amber: due soon", "green": "Green: on track"}


def _in_period(qs: Any, field: str, r: ReportRequest) -> Any:
    return qs.filter(**{f"{field}__gte": r.start, f"{field}__lte": r.end})


def subgroups(r: ReportRequest) -> list[Block]:
    """What each subgroup did in the period: learning raised, actions finished, actions still open."""
    from learnloop.partnership.models import Subgroup

    raised = dict(
        _in_period(selectors.learning_points_visible(r.m), "date_identified", r)
        .values_list("subgroup_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    actions = selectors.actions_visible(r.m, r.as_of)
    finished = dict(
        _in_period(actions, "completed_on", r).values_list("owner_subgroup_id").annotate(n=Count("id")).order_by()
    )
    still_open = dict(
        actions.exclude(status__in=[str(s) for s in Action.DONE])
        .values_list("owner_subgroup_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    overdue = dict(
        actions.filter(rag_status=Action.Rag.RED).values_list("owner_subgroup_id").annotate(n=Count("id")).order_by()
    )
    rows = [
        [s.name, raised.get(s.pk, 0), finished.get(s.pk, 0), still_open.get(s.pk, 0), overdue.get(s.pk, 0)]
        for s in Subgroup.objects.filter(partnership_id=r.m.partnership_id, is_active=True).order_by("name")
    ]
    return [
        Table(
            caption=f"The subgroups' work, {day(r.start)} to {day(r.end)}",
            headers=["Subgroup", "Learning points raised", "Actions finished", "Actions open", "Overdue"],
            rows=rows,
            numeric=[1, 2, 3, 4],
        )
    ]


def actions(r: ReportRequest) -> list[Block]:
    """Open actions by RAG and owning agency; the overdue ones with their owners."""
    open_actions = selectors.action_list(r.m, r.as_of).exclude(status__in=[str(s) for s in Action.DONE])
    by_agency: dict[str, Counter[str]] = defaultdict(Counter)
    overdue_rows = []
    for action in open_actions:
        agency = action.owner_agency.name if action.owner_agency else "No agency"
        by_agency[agency][action.rag_status] += 1
        if action.rag_status == Action.Rag.RED:
            owner = action.owner_person.full_name if action.owner_person else ""
            overdue_rows.append(
                [
                    f"A-{action.number}",
                    action.title,
                    agency,
                    owner or (action.owner_subgroup.name if action.owner_subgroup else ""),
                    day(action.due_date),
                    (r.as_of - action.due_date).days,
                ]
            )
    rag_rows = [[agency, c["red"], c["amber"], c["green"], sum(c.values())] for agency, c in sorted(by_agency.items())]
    totals = Counter()
    for c in by_agency.values():
        totals.update(c)
    blocks: list[Block] = [
        Paragraph(
            f"On {day(r.as_of)} {sum(totals.values())} actions were open: {totals['red']} overdue, "
            f"{totals['amber']} due soon and {totals['green']} on track."
        ),
        Table(
            caption="Open actions by RAG status and owning agency",
            headers=["Agency", "Red", "Amber", "Green", "All open"],
            rows=rag_rows,
            numeric=[1, 2, 3, 4],
        ),
        Heading("Overdue actions and their owners"),
        Table(
            caption="Overdue actions",
            headers=["Action", "What will be done", "Agency", "Owner", "Due", "Days overdue"],
            rows=overdue_rows,
            numeric=[5],
            empty="No action is overdue.",
            # Oldest due date first, as the actions page lists them.
            more_url=app_link(r, "loop:actions", rag=Action.Rag.RED, open="on"),
            more_label="Actions in LearnLoop, filtered to overdue and not completed",
            order="longest overdue first",
        ),
    ]
    return blocks


def awaiting_approval(r: ReportRequest) -> list[Block]:
    lps = (
        selectors.learning_points_visible(r.m)
        .filter(approval=LearningPoint.Approval.AWAITING)
        .select_related("subgroup")
        .order_by("date_identified", "number")
    )
    return [
        Table(
            caption="Learning awaiting the committee's approval",
            headers=["Learning point", "Title", "Source", "Identified"],
            rows=[[f"LP-{lp.number}", lp.title, lp.get_source_type_display(), day(lp.date_identified)] for lp in lps],
            empty="No learning is awaiting approval.",
            more_url=app_link(r, "loop:learning_points", approval=LearningPoint.Approval.AWAITING),
            more_label="Learning in LearnLoop, filtered to awaiting approval",
            order="longest waiting first",
        )
    ]


def embedded_evaluated(r: ReportRequest) -> list[Block]:
    embeddings = _in_period(selectors.embedding_list(r.m), "date", r)
    impacts = _in_period(selectors.impact_list(r.m), "date", r)
    return [
        Table(
            caption="Practice changes recorded in the period",
            headers=["Date", "Agency", "How", "What changed"],
            rows=[[day(e.date), e.agency.name, e.get_kind_display(), e.description] for e in embeddings],
            empty="No practice change was recorded in the period.",
            more_url=app_link(r, "loop:embeddings", date_from=r.start.isoformat(), date_to=r.end.isoformat()),
            more_label="Embedding in LearnLoop, filtered to the period",
            order="earliest first",
        ),
        Table(
            caption="Impact evaluated in the period",
            headers=["Date", "Evaluation", "Method", "Conclusion"],
            rows=[[day(i.date), i.title, i.get_method_display(), i.conclusion] for i in impacts],
            empty="No impact evaluation was recorded in the period.",
            more_url=app_link(r, "loop:impacts", date_from=r.start.isoformat(), date_to=r.end.isoformat()),
            more_label="Impact in LearnLoop, filtered to the period",
            order="earliest first",
        ),
    ]


def improvement_plan(r: ReportRequest) -> list[Block]:
    """The loop health page's figures for the period."""
    health = selectors.loop_health(r.m, r.start, r.end, today=r.as_of)
    rows = [
        ["Learning points identified", health.total, ""],
        ["With an action", health.with_action, percent(health.with_action, health.total)],
        ["Shared", health.shared, percent(health.shared, health.total)],
        ["Embedded in practice", health.embedded, percent(health.embedded, health.total)],
        ["Impact evaluated", health.evaluated, percent(health.evaluated, health.total)],
        ["Actions overdue", health.overdue_total, ""],
    ]
    median = health.median_days_to_embedded
    return [
        Table(
            caption=f"The improvement plan: learning identified {day(r.start)} to {day(r.end)}",
            headers=["Measure", "Number", "Share"],
            rows=rows,
            numeric=[1, 2],
        ),
        Paragraph(
            f"Median days from identifying learning to embedding it: {median:g}."
            if median is not None
            else "No learning identified in the period has been embedded yet."
        ),
    ]


def _days(start: dt.date | None, end: Any) -> int | None:
    if start is None or end is None:
        return None
    if isinstance(end, str):
        end = dt.date.fromisoformat(end)
    return max(0, (end - start).days)


def _median(values: list[int]) -> str:
    return f"{statistics.median(values):g}" if values else "No data"


def source_figures(r: ReportRequest, start: dt.date, end: dt.date) -> dict[str, dict[str, Any]]:
    """For each source: learning raised, shares acted on, shared, embedded and evaluated, and the
    median days from identifying it to its first action, sharing and embedding."""
    lps = selectors.with_loop_flags(selectors.learning_points_visible(r.m)).filter(
        date_identified__gte=start, date_identified__lte=end
    )
    lps = lps.annotate(
        first_action=Min("actions__created_at"),
        first_shared=Min("disseminations__date"),
    )
    rows = list(
        lps.values(
            "source_type",
            "has_action",
            "is_shared",
            "is_embedded",
            "is_evaluated",
            "date_identified",
            "first_embedded_on",
            "first_action",
            "first_shared",
        )
    )
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        f = out.setdefault(
            row["source_type"],
            {
                "raised": 0,
                "acted": 0,
                "shared": 0,
                "embedded": 0,
                "evaluated": 0,
                "to_action": [],
                "to_shared": [],
                "to_embedded": [],
            },
        )
        f["raised"] += 1
        f["acted"] += bool(row["has_action"])
        f["shared"] += bool(row["is_shared"])
        f["embedded"] += bool(row["is_embedded"])
        f["evaluated"] += bool(row["is_evaluated"])
        first_action = row["first_action"]
        for key, value in (
            ("to_action", first_action.date() if first_action else None),
            ("to_shared", row["first_shared"]),
            ("to_embedded", row["first_embedded_on"]),
        ):
            days = _days(row["date_identified"], value)
            if days is not None:
                f[key].append(days)
    return out


def framework_sources(r: ReportRequest) -> list[Block]:
    this_year = source_figures(r, r.start, r.end)
    last_start = (
        r.start.replace(year=r.start.year - 1)
        if not (r.start.month == 2 and r.start.day == 29)
        else r.start - dt.timedelta(days=365)
    )
    last_end = (
        r.end.replace(year=r.end.year - 1)
        if not (r.end.month == 2 and r.end.day == 29)
        else r.end - dt.timedelta(days=365)
    )
    last_year = source_figures(r, last_start, last_end)
    rows = []
    for value, label in SourceType.choices:
        now, before = this_year.get(value), last_year.get(value)
        if not now and not before:
            continue
        now = now or {
            "raised": 0,
            "acted": 0,
            "shared": 0,
            "embedded": 0,
            "evaluated": 0,
            "to_action": [],
            "to_shared": [],
            "to_embedded": [],
        }
        rows.append(
            [
                label,
                now["raised"],
                before["raised"] if before else 0,
                percent(now["acted"], now["raised"]),
                percent(now["shared"], now["raised"]),
                percent(now["embedded"], now["raised"]),
                percent(now["evaluated"], now["raised"]),
                _median(now["to_action"]),
                _median(now["to_shared"]),
                _median(now["to_embedded"]),
            ]
        )
    last_rows = []
    for value, label in SourceType.choices:
        before = last_year.get(value)
        if before:
            last_rows.append(
                [
                    label,
                    before["raised"],
                    percent(before["acted"], before["raised"]),
                    percent(before["shared"], before["raised"]),
                    percent(before["embedded"], before["raised"]),
                    percent(before["evaluated"], before["raised"]),
                    _median(before["to_embedded"]),
                ]
            )
    return [
        Table(
            caption=f"Source by source: learning identified {day(r.start)} to {day(r.end)}",
            headers=[
                "Source",
                "Learning raised",
                "Raised last year",
                "Acted on",
                "Shared",
                "Embedded",
                "Evaluated",
                "Median days to action",
                "Median days to sharing",
                "Median days to embedding",
            ],
            rows=rows,
            numeric=list(range(1, 10)),
            empty="No learning was identified in the period.",
        ),
        Heading("Last year"),
        Table(
            caption=f"Source by source: learning identified {day(last_start)} to {day(last_end)}",
            headers=[
                "Source",
                "Learning raised",
                "Acted on",
                "Shared",
                "Embedded",
                "Evaluated",
                "Median days to embedding",
            ],
            rows=last_rows,
            numeric=list(range(1, 7)),
            empty="No learning was identified in the same period last year.",
        ),
    ]


def framework_reach(r: ReportRequest) -> list[Block]:
    """Agencies the period's learning never reached, and recurring themes without an action."""
    from learnloop.partnership.models import Agency
    from learnloop.themes.models import Theme

    lps = _in_period(selectors.learning_points_visible(r.m), "date_identified", r)
    reached = set(
        Dissemination.objects.filter(learning_points__in=lps).values_list("audience_agencies", flat=True).distinct()
    ) | set(Embedding.objects.filter(actions__learning_point__in=lps).values_list("agency_id", flat=True).distinct())
    never = [
        a.name
        for a in Agency.objects.filter(partnership_id=r.m.partnership_id)
        .exclude(pk__in=[x for x in reached if x])
        .order_by("name")
    ]
    themes = (
        Theme.objects.filter(learning_points__in=lps)
        .annotate(n=Count("learning_points", distinct=True))
        .filter(n__gte=2)
        .order_by("-n", "name")
    )
    with_action = set(
        Theme.objects.filter(learning_points__in=lps.filter(actions__isnull=False)).values_list("pk", flat=True)
    )
    unacted = [[t.name, t.n] for t in themes if t.pk not in with_action]
    return [
        Heading("Agencies the learning never reached"),
        Bullets(never) if never else Paragraph("The learning reached every agency, by sharing or embedding."),
        Heading("Recurring themes without an action"),
        Table(
            caption="Themes on two or more learning points, none of which has an action",
            headers=["Theme", "Learning points"],
            rows=unacted,
            numeric=[1],
            empty="Every recurring theme has at least one action.",
        ),
    ]


def decisions(r: ReportRequest) -> list[str]:
    n = selectors.learning_points_visible(r.m).filter(approval=LearningPoint.Approval.AWAITING).count()
    return [f"Approve or reject {n} learning point{'s' if n != 1 else ''} awaiting approval."] if n else []


def register() -> None:
    for section in (
        ReportSection("loop-subgroups", "What each subgroup did", frozenset({PAPER}), subgroups, order=10),
        ReportSection("loop-actions", "Actions: RAG, agencies and overdue", frozenset({PAPER}), actions, order=80),
        ReportSection("loop-approval", "Learning awaiting approval", frozenset({PAPER}), awaiting_approval, order=81),
        ReportSection("loop-embedded", "Embedded and evaluated", frozenset({PAPER}), embedded_evaluated, order=82),
        ReportSection(
            "loop-improvement-plan",
            "Progress of the improvement plan",
            frozenset({ANNUAL}),
            improvement_plan,
            order=80,
            narrative=True,
            narrative_hint="What the plan set out to change this year and how far it got.",
        ),
        ReportSection(
            "loop-framework-sources", "Source by source", frozenset({FRAMEWORK}), framework_sources, order=10
        ),
        ReportSection(
            "loop-framework-reach", "Who the learning reached", frozenset({FRAMEWORK}), framework_reach, order=20
        ),
    ):
        register_report_section(section)
    register_committee_decisions(decisions)


__all__ = ["register", "Impact"]
