"""Demo self-evaluations: last year's, issued, and this year's draft, graded with evidence
accepted from the suggestions. Idempotent: adds only what is missing."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.evaluation import evidence, framework, services
from learnloop.evaluation.models import FrameworkItem, Judgement, SelfEvaluation
from learnloop.partnership.models import Partnership
from learnloop.themes.models import Theme

# Which practice themes point to each item's evidence.
THEMES = {
    "2.1": ["voice_of_child", "neglect", "good_practice"],
    "5.3": ["risk_assessment", "planning_and_review", "chronologies"],
    "5.4": ["voice_of_child", "domestic_abuse"],
    "9.2": ["leadership_supervision", "multi_agency_working"],
    "Q1": ["information_sharing", "escalation", "professional_curiosity"],
    "Q2": ["neglect", "parental_substance_use"],
    "Q5": ["multi_agency_working", "leadership_supervision"],
}
# A dataset indicator linked by hand to some items (indicators carry no themes).
INDICATORS = {"5.3": "cppm_initial_within_28d_pct", "Q1": "reregistration_18m_pct"}
# (code, last year's grade, this year's grade, this year's evaluation)
GRADES = [
    (
        "2.1",
        3,
        4,
        "Children tell us they feel listened to more often than last year; audits found their views recorded in most plans. Neglect remains our main area of concern.",
    ),
    (
        "5.3",
        3,
        4,
        "Chronologies are now in place in most cases read; assessment of risk improved on re-audit. Timeliness of initial meetings still varies between quarters.",
    ),
    (
        "5.4",
        4,
        4,
        "Families are involved in planning; the Mind of My Own statements show children's views reach meetings. We want more of it acted on.",
    ),
    (
        "9.2",
        4,
        5,
        "The committee's improvement plan is owned by all partners; learning reviews are completed within timescales and their learning is tracked to impact.",
    ),
    (
        "Q1",
        3,
        4,
        "Professional curiosity and information sharing improved after the multi-agency briefings; the dataset shows re-registrations falling.",
    ),
    (
        "Q2",
        None,
        3,
        "Support for recovery is adequate; the voice of children after registration is the gap the next audit will test.",
    ),
    (
        "Q5",
        4,
        5,
        "Collaborative leadership is strong: chief officers receive the committee paper each quarter and act on its decisions.",
    ),
]


def _themes(partnership: Partnership) -> None:
    themes = {t.code: t for t in Theme.objects.filter(partnership=partnership)}
    for code, theme_codes in THEMES.items():
        item = FrameworkItem.objects.filter(partnership=partnership, code=code).first()
        if item is not None and not item.themes.exists():
            item.themes.set([themes[c] for c in theme_codes if c in themes])


def _fill(se: SelfEvaluation, lead: Membership, *, this_year: bool, evidence_each: int) -> None:
    for code, last_grade, grade, text in GRADES:
        judgement = Judgement.objects.filter(self_evaluation=se, item__code=code).select_related("item").first()
        if judgement is None or judgement.grade is not None:
            continue
        chosen = grade if this_year else last_grade
        services.judgement_save(
            judgement=judgement,
            grade=chosen,
            evaluation=text if this_year else ("" if chosen is None else "Graded at the last self-evaluation."),
        )
        if chosen is None:
            continue
        offered = evidence.suggestions(lead, item=judgement.item, linked=[], limit=3)
        by_kind: dict[str, list[evidence.Suggestion]] = {}
        for s in offered:
            by_kind.setdefault(s.kind.key, []).append(s)
        # One of each kind first, so the demo shows audits, views, findings and learning together.
        picked = [group[0] for group in by_kind.values()] + [s for group in by_kind.values() for s in group[1:]]
        for s in picked[:evidence_each]:
            services.evidence_link(judgement=judgement, kind=s.kind.key, record=s.record, origin=s.origin, by=lead.user)
        if this_year and code in INDICATORS:
            indicator = evidence.KINDS["indicator"].visible(lead).filter(code=INDICATORS[code]).first()
            if indicator is not None:
                services.evidence_link(judgement=judgement, kind="indicator", record=indicator, by=lead.user)


def seed(*, partnership: Partnership, say: Callable[[str], None]) -> None:
    framework.framework_seed(partnership=partnership)
    _themes(partnership)
    lead = (
        Membership.objects.filter(partnership=partnership, role="lead_officer")
        .select_related("user", "partnership")
        .first()
    )
    if lead is None:
        return
    year = timezone.localdate().year
    last = SelfEvaluation.objects.filter(partnership=partnership, year=year - 1).first()
    if last is None:
        last = services.self_evaluation_create(partnership=partnership, year=year - 1, by=lead.user)
        _fill(last, lead, this_year=False, evidence_each=2)
        services.self_evaluation_issue(self_evaluation=last, by=lead.user)
        say(f"Issued the self-evaluation for {year - 1}.")
    current = SelfEvaluation.objects.filter(partnership=partnership, year=year).first()
    if current is None:
        current = services.self_evaluation_create(partnership=partnership, year=year, by=lead.user)
        _fill(current, lead, this_year=True, evidence_each=4)
        drafter = Membership.objects.filter(partnership=partnership, role="subgroup_member").first()
        if drafter is not None:
            current.drafters.add(drafter.user)
        say(f"Drafted the self-evaluation for {year}, graded with linked evidence.")
