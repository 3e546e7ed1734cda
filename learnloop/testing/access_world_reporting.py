"""Records for the access matrix that speak for the whole partnership: reports, the
self-evaluation, impact claims and the public learning page (learnloop/testing/access_world.py
builds the rest). Each is made once per partnership: they are found by primary key, or (the
self-evaluation) by a year that differs between the two partnerships."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

START, END = dt.date(2025, 4, 1), dt.date(2026, 3, 1)


def _no_charts() -> Any:
    """Drawing a chart takes a second; the matrix needs the issued files to exist, not to look right."""
    import base64

    import vl_convert

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
    )
    svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    return mock.patch.multiple(vl_convert, vegalite_to_svg=lambda *a, **k: svg, vegalite_to_png=lambda *a, **k: png)


def reports(side: Any) -> None:
    """A draft committee paper the MISE member drafts, an annual report issued with a public version
    (its audience: the Education lead), and a draft framework review with a recommendation."""
    from learnloop.reports import services

    p, r, people = side.partnership, side.records, side.people
    lead = people["lead"]
    r.paper = services.report_create(
        partnership=p, kind="cpc-paper", start=START, end=END, meeting=END, by=lead, drafters=[people["subgroup"]]
    )
    services.narrative_save(report=r.paper, section="report-summary", text="Late actions need a decision.", by=lead)
    r.annual = services.report_create(
        partnership=p, kind="annual-report", start=START, end=END, by=lead, audience=[people["agency_lead"]]
    )
    services.narrative_save(report=r.annual, section="report-context", text="A mostly rural area.", by=lead)
    # Drawing the PDFs would be most of the world's build: the matrix asks who may have the files.
    with _no_charts(), mock.patch("learnloop.reports.render.to_pdf", return_value=b"%PDF-1.7 matrix"):
        r.annual_internal, r.annual_public = services.report_issue(report=r.annual, by=lead, made=END)
    r.framework_review = services.report_create(partnership=p, kind="framework-review", start=START, end=END, by=lead)
    r.framework_recommendation = services.recommendation_save(
        report=r.framework_review, text="Review website figures at each meeting.", by=lead
    )


def self_evaluation(side: Any, year: int) -> None:
    """The self-evaluation for `year`, drafted by the MISE member, with a learning point linked as
    evidence for quality indicator 2.1, issued once."""
    from learnloop.evaluation import services
    from learnloop.evaluation.models import FrameworkItem

    p, r, people = side.partnership, side.records, side.people
    r.framework_item = FrameworkItem.objects.get(partnership=p, code="2.1")
    r.self_evaluation = services.self_evaluation_create(partnership=p, year=year, by=people["lead"])
    services.drafters_set(self_evaluation=r.self_evaluation, users=[people["subgroup"]])
    r.judgement = r.self_evaluation.judgements.get(item=r.framework_item)
    services.judgement_save(judgement=r.judgement, grade=4, evaluation="Children say they are listened to.")
    r.evaluation_evidence = services.evidence_link(
        judgement=r.judgement, kind="learning_point", record=r.lp, by=people["lead"]
    )
    r.self_evaluation_issued = services.self_evaluation_issue(self_evaluation=r.self_evaluation, by=people["lead"])


def impact_claim(side: Any) -> None:
    """The lead officer's impact evaluation: a verdict, and the concerns indicator before and after
    as evidence (the journey events loaded for the partnership)."""
    from learnloop.impact import services

    r = side.records
    services.claim_set_verdict(impact=r.impact, verdict="improved")
    r.impact_evidence = services.evidence_add(
        impact=r.impact,
        kind="indicator",
        ref="concerns",
        before="2024-Q3",
        after="2025-Q1",
        options=["concerns"],
        periods=["2024-Q3", "2025-Q1"],
    )


def public_page(side: Any) -> None:
    """The partnership's public learning page, switched on."""
    from learnloop.published.services import public_page_update

    public_page_update(
        partnership=side.partnership,
        is_on=True,
        introduction="What we learned.",
        public_briefings=[],
        by=side.people["lead"],
    )


def national(side: Any, *, share: bool) -> None:
    """Glen (`share`) shares its published review summary and its figures with the national view;
    the other partnership shares only its themes, so its summary and figures stay out of it."""
    from learnloop.national import services
    from learnloop.national.models import NationalShare, ShareKind
    from learnloop.national.selectors import shared_indicators
    from learnloop.reviews.models import Publication

    p, r, lead = side.partnership, side.records, side.people["lead"]
    if share:
        # a second summary, published (the first stays a draft, so it can still be edited)
        from learnloop.reviews import services as reviews

        shared = reviews.publication_save(
            publication=Publication(review=r.review, kind="briefing", title="Shared", body="Plain.")
        )
        Publication.objects.filter(pk=shared.pk).update(status=Publication.Status.PUBLISHED, published_on=END)
        r.shared_publication = shared
        services.share_kind(partnership=p, kind=ShareKind.PUBLICATION, by=lead)
        services.share_kind(partnership=p, kind=ShareKind.INDICATOR, by=lead)
    else:
        services.share_kind(partnership=p, kind=ShareKind.THEME, by=lead)
        r.shared_publication = r.publication  # not shared: its item page is a 404
    r.shared_indicator = shared_indicators()[0]  # one catalogue for all: the same code on both sides
    r.national_share = NationalShare.objects.filter(partnership=p).first()


def insight_finding(side: Any) -> None:
    """A learning point left with no action for over a year: the lead officer and MISE see the
    "no action" finding it makes, and may raise, dismiss or mark it."""
    import datetime as dt

    from django.utils import timezone

    from learnloop.accounts.models import Membership
    from learnloop.insights import loopstate, selectors
    from learnloop.testing import factories as f

    p, r = side.partnership, side.records
    today = timezone.localdate()
    f.LearningPointFactory(
        partnership=p, subgroup=r.mise, title="Left alone", date_identified=today - dt.timedelta(days=400)
    )
    lead = Membership.objects.get(partnership=p, user=side.people["lead"])
    findings = selectors.all_findings(lead, today, loopstate.settings_for(p.pk))
    r.finding_key = next(x.key for x in findings if x.kind == "no_action")
