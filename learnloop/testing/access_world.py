"""Two partnerships built the same way, for the URL access matrix (learnloop/testing/access_rules.py).

`build_access_world()` makes "glen" (the partnership under test) and "other" with the same people
and the same kinds of record, so every URL has an object of its own partnership to ask for and the
same kind of object in another partnership, whose id must answer 404 to everyone.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.partnership.models import Agency, Partnership, Responsibility, Subgroup
from learnloop.testing import access_world_reporting as reporting

# Who asks. Six roles inside the partnership, and three people from outside it.
MEMBERS = ("lead", "committee", "subgroup", "agency_lead", "contributor", "viewer")
OUTSIDERS = ("anonymous", "stranger", "other_member")
PRINCIPALS = (*MEMBERS, *OUTSIDERS)

TODAY = dt.date(2026, 3, 2)
_SERIAL = itertools.count(1)


@dataclass
class Side:
    """One partnership, its people by role and its records by kind."""

    partnership: Partnership
    people: dict[str, User]
    records: SimpleNamespace = field(default_factory=SimpleNamespace)

    @property
    def slug(self) -> str:
        return self.partnership.slug


@dataclass
class AccessWorld:
    own: Side
    foreign: Side
    stranger: User
    sessions: dict[str, str] = field(default_factory=dict)  # principal -> session key, once signed in

    def user(self, principal: str) -> User | None:
        """The user who signs in as `principal`; None for anonymous."""
        if principal == "anonymous":
            return None
        if principal == "stranger":
            return self.stranger
        if principal == "other_member":
            return self.foreign.people["lead"]
        return self.own.people[principal]


def _member(p: Partnership, email: str, role: str, agency: Agency, subgroups: tuple[Subgroup, ...] = ()) -> User:
    user = User.objects.create_user(email=email, full_name=email.split("@")[0])
    membership = Membership.objects.create(user=user, partnership=p, role=role, agency=agency)
    membership.subgroups.set(subgroups)
    return user


def _side(slug: str, *, twice: bool = False) -> Side:
    from learnloop.partnership.services import partnership_create

    p = partnership_create(slug=slug, name=f"{slug.title()} Child Protection Committee")
    sw = Agency.objects.get(partnership=p, kind=Agency.Kind.SOCIAL_WORK)
    edu = Agency.objects.get(partnership=p, kind=Agency.Kind.EDUCATION)
    police = Agency.objects.get(partnership=p, kind=Agency.Kind.POLICE)
    mise = Subgroup.objects.get(partnership=p, responsibility=Responsibility.MISE)
    people = {
        "lead": _member(p, f"lead@{slug}.test", Role.LEAD_OFFICER, sw),
        "committee": _member(p, f"chair@{slug}.test", Role.COMMITTEE_MEMBER, police),
        "subgroup": _member(p, f"mise@{slug}.test", Role.SUBGROUP_MEMBER, sw, (mise,)),
        "agency_lead": _member(p, f"edu@{slug}.test", Role.AGENCY_LEAD, edu),
        "contributor": _member(p, f"worker@{slug}.test", Role.CONTRIBUTOR, sw),
        "viewer": _member(p, f"viewer@{slug}.test", Role.VIEWER, edu),
    }
    side = Side(partnership=p, people=people)
    r = side.records
    r.social_work, r.education, r.police, r.mise = sw, edu, police, mise
    r.membership = Membership.objects.get(partnership=p, user=people["viewer"])
    r.theme = p.themes.first()
    # Records numbered within their partnership (reviews, audits, views...) are made twice in the
    # other partnership, so that its numbers differ from Glen's and a foreign number means something.
    for _ in range(2 if twice else 1):
        _loop(side)
        _reviews(side)
        _audits(side)
        _voice(side)
        _workforce(side)
    _dataset(side)
    _staged_statistics(side)
    _staged_surveys(side)
    reporting.impact_claim(side)
    reporting.reports(side)
    # A year, not a number, names a self-evaluation: the other partnership's year differs from Glen's.
    reporting.self_evaluation(side, 2024 if twice else 2025)
    reporting.insight_finding(side)
    return side


def _loop(side: Side) -> None:
    from learnloop.testing import factories as f

    p, r, lead = side.partnership, side.records, side.people["lead"]
    r.lp = f.LearningPointFactory(partnership=p, subgroup=r.mise, title="Chronologies not shared")
    r.lp.agencies.set([r.education, r.police])
    r.action = f.ActionFactory(learning_point=r.lp, owner_agency=r.social_work, owner_person=side.people["contributor"])
    r.evidence = f.EvidenceFactory(action=r.action, file=ContentFile(b"minutes", name="minutes.txt"), url="")
    r.dissemination = f.DisseminationFactory(partnership=p, created_by=lead)
    r.dissemination.learning_points.add(r.lp)
    r.briefing = f.DisseminationFactory(partnership=p, kind="seven_minute", title="Chronologies in 7", created_by=lead)
    from learnloop.loop.models import SevenMinuteBriefing

    SevenMinuteBriefing.objects.create(
        dissemination=r.briefing,
        background="B",
        why_it_matters="W",
        information_1="I",
        things_to_remember="T",
        what_to_do="D",
    )
    r.embedding = f.EmbeddingFactory(
        partnership=p, agency=r.social_work, created_by=lead, file=ContentFile(b"policy", name="policy.txt")
    )
    r.embedding.actions.add(r.action)
    r.impact = f.ImpactFactory(partnership=p, created_by=lead)
    r.impact.learning_points.add(r.lp)
    r.child = f.TrackedChildFactory(
        partnership=p, agency=r.education, local_case_reference="ED-2025-0042", created_by=side.people["agency_lead"]
    )
    r.child.learning_points.add(r.lp)


def _reviews(side: Side) -> None:
    from learnloop.reviews import services
    from learnloop.reviews.models import Criterion, Finding, Kind, ParallelProcess, Publication, Recommendation, Review

    p, r, lead = side.partnership, side.records, side.people["lead"]
    lrs = Subgroup.objects.get(partnership=p, responsibility=Responsibility.LEARNING_REVIEW)
    review = services.review_create(
        review=Review(
            partnership=p,
            kind=Kind.LEARNING,
            title=f"Learning review {next(_SERIAL)}",
            subgroup=lrs,
            lead=lead,
            notified_on=TODAY,
            notified_by="Health visitor",
            circumstances="A baby was harmed.",
            criteria=[Criterion.SIGNIFICANT_HARM],
        ),
        agencies=[r.education, r.police],
        by=lead,
        today=TODAY,
    )
    services.review_complete_stage(review=review, by=lead, today=TODAY)
    services.agency_requests_send(
        review=review, agencies=[r.education, r.police], due_on=TODAY + dt.timedelta(days=14), by=lead, today=TODAY
    )
    r.review = review
    r.agency_request = review.agency_requests.get(agency=r.education)
    r.process = services.parallel_process_save(
        process=ParallelProcess(
            review=review,
            kind=ParallelProcess.Kind.values[0],
            description="Criminal proceedings.",
            started_on=TODAY,
        )
    )
    r.review_finding = services.finding_save(finding=Finding(review=review, title="F", text="x", kind="improvement"))
    r.recommendation = services.recommendation_save(
        recommendation=Recommendation(
            review=review,
            finding=r.review_finding,
            text="Share chronologies.",
            owner_agency=r.education,
            due_date=TODAY,
            success_measure="Re-audit.",
        )
    )
    r.publication = services.publication_save(
        publication=Publication(review=review, kind="summary", title="S", body="Plain.")
    )
    r.report = services.report_version_add(review=review, file=ContentFile(b"%PDF-1.4 x", name="r.pdf"))


def _audits(side: Side) -> None:
    from learnloop.audits import services
    from learnloop.audits.models import Audit

    p, r, people = side.partnership, side.records, side.people
    if not hasattr(r, "tool"):
        r.tool = services.tools_seed(partnership=p)
    r.question = r.tool.questions.first()
    audit = services.audit_save(
        audit=Audit(
            partnership=p,
            title=f"Neglect: chronologies {next(_SERIAL)}",
            tool=r.tool,
            lead=people["subgroup"],
            sample_size=2,
            selection_criteria="Registered for neglect in 2025.",
            planned_start=dt.date(2026, 1, 5),
            due_date=dt.date(2026, 2, 2),
        ),
        agencies=[r.social_work, r.education],
        by=people["lead"],
    )
    r.case = services.case_add(
        audit=audit, local_case_reference="SW-2025-0001", age_band="5-10", why_selected="Neglect", by=people["lead"]
    )
    r.reading = services.reader_assign(
        case=r.case, reader=people["contributor"], agency=r.social_work, by=people["lead"]
    )
    r.audit = services.audit_set_status(
        audit=audit, status=Audit.Status.RUNNING, by=people["lead"], today=dt.date(2026, 1, 5)
    )
    r.done_audit = _completed_audit(side)


def _completed_audit(side: Side) -> Any:
    """A second audit, read, moderated and complete: its results, findings and re-audit."""
    from learnloop.audits import services
    from learnloop.audits.models import Audit
    from learnloop.audits.tests.conftest import default_answers

    r, people, lead = side.records, side.people, side.people["lead"]
    audit = services.audit_save(
        audit=Audit(
            partnership=side.partnership,
            title=f"Neglect: done {next(_SERIAL)}",
            tool=r.tool,
            lead=people["subgroup"],
            sample_size=1,
            selection_criteria="Registered for neglect in 2025.",
            planned_start=dt.date(2026, 1, 5),
            due_date=dt.date(2026, 2, 2),
        ),
        agencies=[r.social_work],
        by=lead,
    )
    case = services.case_add(audit=audit, local_case_reference="SW-1", age_band="5-10", why_selected="N", by=lead)
    reading = services.reader_assign(case=case, reader=people["contributor"], agency=r.social_work, by=lead)
    audit = services.audit_set_status(audit=audit, status=Audit.Status.RUNNING, by=lead, today=dt.date(2026, 1, 5))
    services.reading_save(reading=reading, answers=default_answers(audit), submit=True, by=people["contributor"])
    audit = services.audit_set_status(audit=audit, status=Audit.Status.MODERATING, by=lead, today=dt.date(2026, 2, 2))
    notes = {q.pk: "Agreed." for q in audit.tool.questions.all()}
    services.case_moderate(case=case, agreed=default_answers(audit), notes=notes, by=lead)
    return services.audit_set_status(audit=audit, status=Audit.Status.COMPLETE, by=lead, today=dt.date(2026, 2, 2))


def _signal_rows() -> list[list[str]]:
    """Twelve quarters of 2 concerns, then a quarter of 20: a trend signal in 2025-Q1."""
    rows, n = [], 0
    for year in (2022, 2023, 2024):
        for month in (1, 4, 7, 10):
            for _ in range(2):
                n += 1
                rows.append([f"s{n}", f"K{n}", "concern", f"{year}-{month:02d}-10", "", "", "", "", ""])
    for _ in range(20):
        n += 1
        rows.append([f"s{n}", f"K{n}", "concern", "2025-01-10", "", "", "", "", ""])
    return rows


def _dataset(side: Side) -> None:
    from learnloop.dataset.tests.conftest import extract, load

    side.records.journey_import = load(side.partnership, extract(_signal_rows()))


def _voice(side: Side) -> None:
    from learnloop.voice import services
    from learnloop.voice.models import Channel, Consent, GivenBy, ImportBatch, Response, View, VoiceEvent

    p, r, lead = side.partnership, side.records, side.people["lead"]
    r.voice_event = services.event_save(
        event=VoiceEvent(
            partnership=p, kind=VoiceEvent.Kind.FOCUS_GROUP, title=f"Youth panel {next(_SERIAL)}", date=TODAY
        ),
        by=lead,
    )
    r.view = services.view_save(
        view=View(
            partnership=p,
            channel=Channel.HAVING_YOUR_SAY,
            given_by=GivenBy.CHILD,
            date=TODAY,
            summary="The family room is friendly.",
            consent=Consent.PARTNERSHIP,
        ),
        themes=None,
        by=lead,
    )
    r.voice_response = services.response_save(
        response=Response(
            partnership=p,
            you_said="Meetings use words you do not understand.",
            we_did="Chairs explain every word.",
            who="Child protection chairs",
            responded_on=TODAY,
            status=Response.Status.DONE,
        ),
        views=[r.view],
        by=lead,
    )
    r.voice_import = ImportBatch.objects.create(
        partnership=p, source="kobo", filename="kobo.xlsx", file_sha256="0" * 64
    )


def _workforce(side: Side) -> None:
    from learnloop.workforce import services
    from learnloop.workforce.models import Course, FeedbackExercise, Session

    p, r, lead = side.partnership, side.records, side.people["lead"]
    r.course = services.course_save(
        course=Course(partnership=p, title=f"Neglect practice {next(_SERIAL)}", audience="Front-line staff"),
        outcomes=["Recognise neglect"],
        themes=[],
        by=lead,
    )
    r.session = services.session_save(
        session=Session(
            course=r.course, date=TODAY, trainer="Fiona", mode=Session.Mode.ONLINE, places=20, keeps_names=True
        ),
        by=lead,
    )
    r.attendee = services.attendee_add(session=r.session, agency=r.police, name="Pat Register")
    r.evaluation = services.evaluation_save(
        session=r.session, scores={r.course.outcomes.first(): (2, 4)}, agency=r.police, comments="More.", by=lead
    )
    r.exercise = services.feedback_exercise_save(
        exercise=FeedbackExercise(partnership=p, kind="survey", title=f"Staff survey {next(_SERIAL)}", date=TODAY),
        themes=[],
    )
    response = services.feedback_response_save(exercise=r.exercise, answers=[("What helps?", "Joint visits")], by=lead)
    r.answer = response.answers.first()


def _staged_statistics(side: Side) -> None:
    """Website statistics the lead officer uploaded and has not yet accepted: only they see the check."""
    from pathlib import Path

    from learnloop.ingest import staging

    sample = Path(__file__).resolve().parents[1] / "reach" / "tests" / "samples" / "ga4_pages_march.csv"
    m = Membership.objects.get(partnership=side.partnership, user=side.people["lead"])
    side.records.staged_statistics = staging.stage(
        m=m,
        kind="reach:statistics",
        content=sample.read_bytes(),
        filename=sample.name,
        options={"tool": "ga4", "month": None},
    )


def _staged_surveys(side: Side) -> None:
    """Evaluations and feedback the lead officer uploaded and has not yet accepted."""
    from pathlib import Path

    from learnloop.ingest import staging, surveys

    samples = Path(__file__).resolve().parents[1] / "workforce" / "tests" / "samples"
    m = Membership.objects.get(partnership=side.partnership, user=side.people["lead"])
    r = side.records
    for kind, target, name, attr in (
        ("workforce:evaluations", r.session, "evaluation_limesurvey.csv", "staged_evaluations"),
        ("workforce:feedback", r.exercise, "feedback_limesurvey.csv", "staged_feedback"),
    ):
        staged = staging.stage(
            m=m,
            kind=kind,
            target_id=target.pk,
            prepared=surveys.prepare("limesurvey", (samples / name).read_bytes()),
            filename=name,
            options={"source": "limesurvey"},
        )
        setattr(r, attr, staged)


def build_access_world() -> AccessWorld:
    own = _side("glen")
    reporting.public_page(own)  # Glen's public learning page is on; the other partnership's is off
    foreign = _side("other", twice=True)
    reporting.national(own, share=True)
    reporting.national(foreign, share=False)
    for side in (own, foreign):  # an API token of the contributor's, which the lead officer may revoke too
        from learnloop.tokens.services import token_create

        contributor = side.partnership.memberships.get(user=side.people["contributor"])
        side.records.token, _ = token_create(
            membership=contributor, name="R script", expires_on=dt.date.today() + dt.timedelta(days=30)
        )
        # and a national token of the contributor's, which only they may revoke on their pages
        from learnloop.tokens.services import national_token_create

        side.records.national_token, _ = national_token_create(
            user=side.people["contributor"],
            name="National R script",
            expires_on=dt.date.today() + dt.timedelta(days=30),
        )
    stranger = User.objects.create_user(email="nobody@nowhere.test", full_name="N")
    return AccessWorld(own=own, foreign=foreign, stranger=stranger)
