"""Demo reviews for the demo partnership, written through the services as users would.

Fictional and child-name-free: children are "Child A" and "Young person B", places are
invented. Dates are relative to today so the demo always has an overdue stage. Running it again
adds only the reviews that are missing (each is found by its title).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from learnloop.accounts.models import User
from learnloop.core import documents
from learnloop.loop.models import AgeBand
from learnloop.partnership.models import Agency, Partnership, Subgroup
from learnloop.reviews import services
from learnloop.reviews.models import (
    Criterion,
    Finding,
    Kind,
    ParallelProcess,
    Publication,
    Recommendation,
    Review,
    ReviewChild,
)
from learnloop.themes.models import Theme

PUBLISHED = "Learning review: an infant in a family affected by substance use"
AWAITING = "Learning review: a teenager at risk outside the family"
SINGLE = "Single-agency review: attendance concerns not escalated"
EXTERNAL = "Care Inspectorate: national overview of learning reviews"

SUMMARY = """Glenmoray Child Protection Committee commissioned a learning review after Child A, a baby under one year old, was significantly harmed.

The review found that practitioners in health visiting, social work and the police each held part of the picture. Chronologies were not shared before the inter-agency referral discussion, and the father's role in the household was not explored.

Effective practice was also found: the health visitor's persistence in seeing the baby at home, and the speed of the police response once concerns were raised.

The committee has agreed an action plan: a shared chronology before every inter-agency referral discussion, and training on professional curiosity about the men in a child's life."""


def _report_file(partnership: Partnership) -> ContentFile:
    doc = documents.WordDocument(title="Learning review report (demo)", partnership=partnership.name)
    doc.paragraph("A fictional report for demonstrating LearnLoop.")
    file = ContentFile(doc.to_bytes(), name="learning-review-report-v1.docx")
    file.detected_content_type = documents.DOCX_TYPE  # type: ignore[attr-defined]
    return file


def seed_reviews(*, partnership: Partnership, say: Callable[[str], None]) -> None:
    existing = set(Review.objects.filter(partnership=partnership).values_list("title", flat=True))
    today = timezone.localdate()
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    subgroups = {s.short_name: s for s in Subgroup.objects.filter(partnership=partnership)}
    themes = {t.code: t for t in Theme.objects.filter(partnership=partnership)}
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.learnloop.test")}
    lead = users.get("lead")
    ctx = {"p": partnership, "today": today, "agencies": agencies, "subgroups": subgroups, "themes": themes}
    if PUBLISHED not in existing:
        _published(ctx, lead, users)
        say(f"Reviews: added “{PUBLISHED}”, published, with its action plan in the loop.")
    if AWAITING not in existing:
        _awaiting_decision(ctx, lead, users)
        say(f"Reviews: added “{AWAITING}”, awaiting the CPC decision (overdue).")
    if SINGLE not in existing:
        _single_agency(ctx, lead)
        say(f"Reviews: added “{SINGLE}” (confidential to Education).")
    if EXTERNAL not in existing:
        _external(ctx, lead)
        say(f"Reviews: added “{EXTERNAL}”, awaiting a decision on its relevance.")


def _complete(review: Review, by: Any, on: dt.date, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(review, name, value)
    review.save()
    services.review_complete_stage(review=review, by=by, today=on)


def _published(ctx: dict[str, Any], lead: Any, users: dict[str, Any]) -> None:
    today, ag = ctx["today"], ctx["agencies"]
    start = today - dt.timedelta(days=420)
    review = services.review_create(
        review=Review(
            partnership=ctx["p"],
            kind=Kind.LEARNING,
            title=PUBLISHED,
            lead=lead,
            subgroup=ctx["subgroups"].get("LRS"),
            notified_on=start,
            notified_by="Health Visiting Team Lead, NHS Health",
            circumstances="A baby was admitted to hospital with injuries. The family was known to health "
            "visiting and, briefly, to social work.",
            criteria=[Criterion.SIGNIFICANT_HARM],
            named_people="Jordan Fairlie\nSam Fairlie",
        ),
        agencies=[ag["Social Work"], ag["NHS Health"], ag["Police Scotland"]],
        by=lead,
        today=start,
    )
    services.review_child_add(
        child=ReviewChild(
            review=review, label="Child A", local_case_reference="SW-2024-0117", age_band=AgeBand.UNDER_1
        ),
        by=lead,
    )
    _complete(review, lead, start + dt.timedelta(days=3))
    requests = services.agency_requests_send(
        review=review,
        agencies=[ag["Social Work"], ag["NHS Health"], ag["Police Scotland"]],
        due_on=start + dt.timedelta(days=17),
        by=lead,
        today=start + dt.timedelta(days=3),
    )
    submitters = {"NHS Health": users.get("health"), "Police Scotland": users.get("police-lead")}
    for i, request in enumerate(requests):
        services.agency_return_submit(
            request=request,
            involvement_summary=f"{request.agency.name} was involved with the family over the baby's first months.",
            chronology="Week 2: first home visit.\nWeek 6: missed appointment.\nWeek 9: hospital admission.",
            initial_reflection="Information held by each agency was not brought together early enough.",
            by=submitters.get(request.agency.name) or lead,
            today=start + dt.timedelta(days=12 + i),
        )
    _complete(review, lead, start + dt.timedelta(days=16))
    _complete(
        review,
        lead,
        start + dt.timedelta(days=25),
        recommendation_outline="A baby significantly harmed in a family known to universal and targeted services.",
        recommendation_basis="Significant harm; several agencies involved; potential for multi-agency learning.",
        recommendation_circumstances="The baby is safe in kinship care.",
        recommendation=Review.Decision.PROCEED,
    )
    _complete(
        review,
        users.get("committee") or lead,
        start + dt.timedelta(days=40),
        decision=Review.Decision.PROCEED,
        decision_reasons="The criteria for significant harm are met and there is learning for every agency.",
        decided_by="Child Protection Committee meeting",
        decided_on=start + dt.timedelta(days=40),
    )
    _complete(
        review,
        lead,
        start + dt.timedelta(days=44),
        ci_notified_on=start + dt.timedelta(days=44),
        ci_reference="LR-DEMO-01",
    )
    services.parallel_process_save(
        process=ParallelProcess(
            review=review,
            kind=ParallelProcess.Kind.CRIMINAL,
            description="Police investigation; family interviews waited until the procurator fiscal agreed.",
            pauses_review=True,
            started_on=start + dt.timedelta(days=44),
            ended_on=start + dt.timedelta(days=120),
        ),
        by=lead,
    )
    _complete(
        review,
        lead,
        start + dt.timedelta(days=210),
        reviewers="Dr Lesley Kerr, independent reviewer\nSenior social worker from a neighbouring area",
        methodology="A systems review: practitioner learning events and a review of records.",
        family_involvement="The baby's grandmother met the reviewers twice.",
        practitioner_involvement="Two practitioner learning events, and individual conversations.",
    )
    services.report_version_add(review=review, file=_report_file(ctx["p"]), note="First draft", by=lead)
    _complete(
        review,
        lead,
        start + dt.timedelta(days=265),
        report_approved_on=start + dt.timedelta(days=250),
        report_ratified_on=start + dt.timedelta(days=262),
    )
    _complete(review, lead, start + dt.timedelta(days=268), final_report_sent_on=start + dt.timedelta(days=268))
    publication = services.publication_save(
        publication=Publication(
            review=review,
            kind=Publication.Kind.SUMMARY,
            title="Learning from a review about a baby: summary",
            body=SUMMARY,
        ),
        by=lead,
    )
    services.publication_mark_ready(publication=publication, by=lead, today=start + dt.timedelta(days=280))
    services.publication_publish(publication=publication, by=lead, today=start + dt.timedelta(days=290))
    _complete(
        review,
        lead,
        start + dt.timedelta(days=290),
        publication_decision=Review.PublicationDecision.EXECUTIVE_SUMMARY,
        publication_reasons="The committee publishes executive summaries; the full report would identify the family.",
    )
    th = ctx["themes"]
    f1 = services.finding_save(
        finding=Finding(
            review=review,
            title="Chronologies were not shared before the inter-agency referral discussion",
            text="Each agency held part of the picture; nobody held it all.",
            kind="improvement",
        ),
        themes=[t for t in (th.get("chronologies"), th.get("information_sharing")) if t],
        by=lead,
    )
    f2 = services.finding_save(
        finding=Finding(
            review=review,
            title="The men in the baby's life were not explored",
            text="The father's role in the household was not asked about.",
            kind="improvement",
        ),
        themes=[t for t in (th.get("professional_curiosity"), th.get("babies_pre_birth")) if t],
        by=lead,
    )
    services.finding_save(
        finding=Finding(
            review=review,
            title="Health visiting persisted in seeing the baby",
            text="Repeated home visits after missed appointments kept the baby in view.",
            kind="good_practice",
        ),
        themes=[t for t in (th.get("good_practice"),) if t],
        by=lead,
    )
    for finding, text, agency, due in (
        (f1, "Share a single chronology before every inter-agency referral discussion", "Social Work", 60),
        (f2, "Train practitioners in curiosity about the men in a child's life", None, 150),
    ):
        services.recommendation_save(
            recommendation=Recommendation(
                review=review,
                finding=finding,
                text=text,
                owner_agency=ag.get(agency) if agency else None,
                owner_subgroup=None if agency else ctx["subgroups"].get("JLD"),
                due_date=today + dt.timedelta(days=due),
                success_measure="A re-audit shows it happening in 9 of 10 cases.",
            ),
            by=lead,
        )
    services.action_plan_create(review=review, by=lead, today=start + dt.timedelta(days=300))
    _complete(review, lead, start + dt.timedelta(days=305))


def _awaiting_decision(ctx: dict[str, Any], lead: Any, users: dict[str, Any]) -> None:
    today, ag = ctx["today"], ctx["agencies"]
    start = today - dt.timedelta(days=80)
    review = services.review_create(
        review=Review(
            partnership=ctx["p"],
            kind=Kind.LEARNING,
            title=AWAITING,
            lead=lead,
            subgroup=ctx["subgroups"].get("LRS"),
            notified_on=start,
            notified_by="Detective Inspector, Public Protection Unit",
            circumstances="A young person was exploited by adults outside the family over several months.",
            criteria=[Criterion.RISK, Criterion.CARM],
        ),
        agencies=[ag["Education"], ag["Police Scotland"], ag["Social Work"]],
        by=lead,
        today=start,
    )
    services.review_child_add(
        child=ReviewChild(
            review=review, label="Young person B", local_case_reference="POL-2025-0342", age_band=AgeBand.AGE_11_15
        ),
        by=lead,
    )
    _complete(review, lead, start + dt.timedelta(days=2))
    requests = services.agency_requests_send(
        review=review,
        agencies=[ag["Education"], ag["Police Scotland"], ag["Social Work"]],
        due_on=start + dt.timedelta(days=16),
        by=lead,
        today=start + dt.timedelta(days=2),
    )
    for request in requests:
        submitter = {"Education": users.get("agency-lead"), "Police Scotland": users.get("police-lead")}.get(
            request.agency.name
        )
        services.agency_return_submit(
            request=request,
            involvement_summary=f"{request.agency.name}'s involvement over the last year.",
            chronology="Term 1: attendance fell.\nTerm 2: missing-person reports.\nTerm 3: exclusion.",
            initial_reflection="The signs of exploitation were seen separately, not together.",
            by=submitter or lead,
            today=start + dt.timedelta(days=14),
        )
    _complete(review, lead, start + dt.timedelta(days=20))
    _complete(
        review,
        lead,
        start + dt.timedelta(days=35),
        recommendation_outline="A young person exploited outside the family; several missed opportunities.",
        recommendation_basis="Risk of significant harm; a young person under Care and Risk Management.",
        recommendation_circumstances="The young person is in a residential placement and is safe.",
        recommendation=Review.Decision.PROCEED,
    )


def _single_agency(ctx: dict[str, Any], lead: Any) -> None:
    ag = ctx["agencies"]
    start = ctx["today"] - dt.timedelta(days=30)
    review = services.review_create(
        review=Review(
            partnership=ctx["p"],
            kind=Kind.SINGLE_AGENCY,
            title=SINGLE,
            agency=ag["Education"],
            lead=lead,
            subgroup=ctx["subgroups"].get("LROG"),
        ),
        agencies=[ag["Education"]],
        by=lead,
        today=start,
    )
    services.review_child_add(
        child=ReviewChild(
            review=review, label="Child C", local_case_reference="ED-2025-0042", age_band=AgeBand.AGE_5_10
        ),
        by=lead,
    )


def _external(ctx: dict[str, Any], lead: Any) -> None:
    services.review_create(
        review=Review(
            partnership=ctx["p"],
            kind=Kind.EXTERNAL,
            title=EXTERNAL,
            lead=lead,
            subgroup=ctx["subgroups"].get("LRS"),
            source_organisation="Care Inspectorate",
            source_url="https://www.careinspectorate.com/",
            published_on=ctx["today"] - dt.timedelta(days=40),
        ),
        by=lead,
        today=ctx["today"] - dt.timedelta(days=10),
    )
