"""Benchmark data: one partnership with ten years of every kind of record, at the size of a large
Scottish partnership, for timing the reports (bench/reports.py) on a long history.

    PSEUDONYMISATION_KEY=bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/ll_tenyear \
        .venv/bin/python bench/tenyear.py --partnership tenyear [--years 10] [--scale 1]

Everything is fictional and there are no names of children: children are "Child A" and the like,
case references are made up, and the people are invented bench accounts (@tenyear.bench.test).
The years run from April to March and end in March 2026 (--years 10: April 2016 to March 2026).

What is made, at --scale 1 (other scales multiply the counts a year):
- the minimum dataset: a fictional child-journey extract (2,500 children a year, about 70,000
  events) loaded through the importer as an upload is, and a population figure a year;
- 250 learning points a year from every source, with themes and agencies, 1.5 actions each with
  owning agencies, subgroups or people, moved through their stages (evidence for completed,
  embedding records for embedded, impact evaluations with a verdict and structured evidence for
  impact evaluated) with dated progress updates, and sharing (disseminations with reach);
- learning reviews taken through every stage to publication with findings and an action plan
  (two a year), a single-agency review and an external review each year, and one awaiting the
  committee's decision in the last year (the demo's review scripts, dated in each year);
- three case-file audits a year with the multi-agency tool, cases, readings, moderation and
  results; every second one a re-audit of the one before, its comparison attached as impact;
- voice: focus groups with views, individual views from every channel, "you said, we did"
  responses and safety flags passed on;
- workforce: courses, sessions with attendance, and evaluations (confidence before and after);
- website statistics: a Plausible export a year, with a campaign linked to its page;
- indicator decisions: special-cause signals turned into learning or dismissed;
- committee meetings: a committee paper a quarter, an annual report and a framework review a
  year (drafted, with narrative and recommendations);
- a self-evaluation a calendar year (2017 to 2026), graded with evidence, issued (2026 left as a draft).

It refuses to run if the partnership already exists (drop the database to build it again), unless
--resume is given for a partnership this script made: each part is built in one transaction and
a part whose records are already there is skipped, so a build that stopped part-way can be
finished.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from learnloop.accounts.models import Membership, User  # noqa: E402
from learnloop.accounts.roles import Role  # noqa: E402
from learnloop.accounts.services import user_get_or_create  # noqa: E402
from learnloop.core.audit import acting_as  # noqa: E402
from learnloop.loop.demo.seeding import _ensure_people  # noqa: E402
from learnloop.loop.demo.specs import Person  # noqa: E402
from learnloop.partnership.models import Agency, Partnership, Subgroup  # noqa: E402
from learnloop.partnership.services import partnership_create  # noqa: E402
from learnloop.themes.models import Theme  # noqa: E402

END = dt.date(2026, 3, 31)
DOMAIN = "tenyear.bench.test"


def people() -> tuple[Person, ...]:
    return (
        Person("lead", "Lead officer", f"lead@{DOMAIN}", "Bench Lead", "Lead Officer", Role.LEAD_OFFICER, "SW"),
        Person("committee", "Committee", f"committee@{DOMAIN}", "Bench Chair", "Chair", Role.COMMITTEE_MEMBER, "NHS"),
        Person(
            "subgroup",
            "Subgroup",
            f"subgroup@{DOMAIN}",
            "Bench Officer",
            "Learning and Development Officer",
            Role.SUBGROUP_MEMBER,
            "SW",
            ("MISE", "JLD"),
        ),
        Person("agency-lead", "Education", f"agency-lead@{DOMAIN}", "Bench Teacher", "QIO", Role.AGENCY_LEAD, "ED"),
        Person("police-lead", "Police", f"police-lead@{DOMAIN}", "Bench Police", "DI", Role.AGENCY_LEAD, "POL"),
        Person("contributor", "Social Work", f"contributor@{DOMAIN}", "Bench SW", "TM", Role.CONTRIBUTOR, "SW"),
        Person("health", "Health", f"health@{DOMAIN}", "Bench Nurse", "HV Lead", Role.CONTRIBUTOR, "NHS"),
    )


class Build:
    """Shared lookups while the partnership is built."""

    def __init__(self, partnership: Partnership, users: dict[str, User], years: int, scale: float) -> None:
        self.p = partnership
        self.users = users
        self.lead = users["lead"]
        self.m = Membership.objects.select_related("partnership").get(user=self.lead, partnership=partnership)
        self.years = years
        self.scale = scale
        self.start = dt.date(END.year - years, 4, 1)
        self.rng = random.Random(2026)
        self.agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
        self.subgroups = {s.short_name: s for s in Subgroup.objects.filter(partnership=partnership)}
        self.themes = {t.code: t for t in Theme.objects.filter(partnership=partnership)}

    def n(self, per_year: float) -> int:
        return max(1, round(per_year * self.scale))

    def year_starts(self) -> list[dt.date]:
        return [dt.date(self.start.year + i, 4, 1) for i in range(self.years)]

    def day_in(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randrange(0, max(1, (last - first).days + 1)))


def step(name: str, done: str):  # type: ignore[no-untyped-def]
    """A part of the build, in one transaction; skipped when `done` (app_label.Model) already has
    rows for the partnership, so a build that stopped part-way can be finished with --resume."""

    def wrap(fn):  # type: ignore[no-untyped-def]
        def run(b: Build) -> None:
            from django.apps import apps

            model = apps.get_model(done)
            field = "partnership" if any(f.name == "partnership" for f in model._meta.fields) else "course__partnership"
            if model.objects.filter(**{field: b.p}).exists():
                print(f"{name}: already built, skipped", flush=True)
                return
            t = time.perf_counter()
            with transaction.atomic():
                said = fn(b)
            print(f"{name}: {said} ({time.perf_counter() - t:.1f} s)", flush=True)

        return run

    return wrap


@step("Minimum dataset", "dataset.JourneyEvent")
def dataset(b: Build) -> str:
    from learnloop.dataset import synthetic
    from learnloop.dataset.importer import journey_import_create, journey_import_run
    from learnloop.dataset.services import population_save

    for year in range(b.start.year, END.year + 1):
        # A large area: about 95,000 children aged 0 to 15, slowly falling.
        population_save(partnership=b.p, year=year, children_0_15=96500 - 450 * (year - b.start.year), source="Bench")
    data = synthetic.extract_csv(
        prefix="TY", start=b.start, end=END, children_per_year=b.n(2500), seed=10, late_from=None
    )
    item = journey_import_create(partnership=b.p, stream=io.BytesIO(data), filename="tenyear-child-journey.csv")
    item = journey_import_run(journey_import=item, today=END + dt.timedelta(days=1))
    assert item.status == "loaded", item.problems[:5]
    return f"{item.rows_loaded:,} events, {END.year - b.start.year + 1} population figures"


@step("Learning, actions, sharing, embedding, impact", "loop.Action")
def loop(b: Build) -> str:
    from insights import SOURCES, labelled_sample

    from learnloop.impact import services as impact_services
    from learnloop.loop.models import (
        Action,
        ActionUpdate,
        Dissemination,
        DisseminationReach,
        Embedding,
        Evidence,
        Impact,
        LearningPoint,
    )
    from learnloop.loop.services import impact_save

    rng = b.rng
    sample = labelled_sample()
    agencies = list(b.agencies.values())
    subgroups = list(b.subgroups.values())
    owners = [b.users["contributor"], b.users["health"], b.users["agency-lead"], None, None]
    last = LearningPoint.objects.filter(partnership=b.p).order_by("-number").values_list("number", flat=True).first()
    number = last or 0
    lps, lp_themes = [], []
    for first in b.year_starts():
        for _ in range(b.n(250)):
            text, codes = rng.choice(sample)
            number += 1
            identified = b.day_in(first, min(END, dt.date(first.year + 1, 3, 31)))
            age = (END - identified).days
            approval = "approved"
            if age < 60 and rng.random() < 0.5:
                approval = "awaiting"
            elif rng.random() < 0.04:
                approval = "not_approved"
            lps.append(
                LearningPoint(
                    partnership=b.p,
                    number=number,
                    title=f"{text[:80]} ({number})",
                    description=f"{text}. Seen in the bench partnership's records.",
                    kind=rng.choice(["improvement", "improvement", "good_practice"]),
                    source_type=rng.choice(SOURCES),
                    source_title=f"Bench source {number}",
                    source_date=identified - dt.timedelta(days=14),
                    date_identified=identified,
                    subgroup=rng.choice(subgroups),
                    approval=approval,
                    approval_reason="Not new learning." if approval == "not_approved" else "",
                    approval_decided_by=None if approval == "awaiting" else b.users["committee"],
                    approval_decided_at=None
                    if approval == "awaiting"
                    else timezone.make_aware(dt.datetime.combine(identified + dt.timedelta(days=21), dt.time(10))),
                    created_by=b.lead,
                )
            )
            lp_themes.append(codes)
    lps = LearningPoint.objects.bulk_create(lps)
    Through, AgencyThrough = LearningPoint.themes.through, LearningPoint.agencies.through
    Through.objects.bulk_create(
        Through(learningpoint_id=lp.pk, theme_id=b.themes[c].pk)
        for lp, codes in zip(lps, lp_themes, strict=True)
        for c in codes
        if c in b.themes
    )
    AgencyThrough.objects.bulk_create(
        AgencyThrough(learningpoint_id=lp.pk, agency_id=a.pk) for lp in lps for a in rng.sample(agencies, 2)
    )

    approved = [lp for lp in lps if lp.approval == "approved"]
    last = Action.objects.filter(partnership=b.p).order_by("-number").values_list("number", flat=True).first()
    number = last or 0
    actions, stages = [], []
    for i in range(round(len(approved) * 1.5)):
        lp = approved[i % len(approved)]
        number += 1
        agreed = lp.date_identified + dt.timedelta(days=rng.randrange(14, 60))
        due = agreed + dt.timedelta(days=rng.randrange(60, 300))
        age = (END - agreed).days
        # Older actions are further on; a few are left behind (overdue: red at the end of the
        # period). Weights of not started, in progress, completed, embedded, impact evaluated.
        ladder = [s.value for s in Action.ORDER]
        weights = (
            [1, 4, 30, 40, 25]
            if age > 730
            else [2, 10, 40, 35, 13]
            if age > 365
            else [10, 35, 45, 10, 0]
            if age > 120
            else [50, 40, 10, 0, 0]
        )
        stage = rng.choices(ladder, weights)[0]
        done_on = min(END, due + dt.timedelta(days=rng.randrange(-40, 40))) if stage not in ladder[:2] else None
        kind = rng.random()
        actions.append(
            Action(
                partnership=b.p,
                learning_point=lp,
                number=number,
                title=f"Action {number} on {lp.reference}",
                owner_agency=rng.choice(agencies) if kind < 0.7 else None,
                owner_subgroup=rng.choice(subgroups) if kind >= 0.7 else None,
                owner_person=rng.choice(owners),
                due_date=due,
                success_measure="A re-audit or the dataset shows the change.",
                status=stage,
                status_changed_at=timezone.make_aware(dt.datetime.combine(done_on or agreed, dt.time(11))),
                completed_on=done_on,
                created_by=b.lead,
            )
        )
        stages.append(ladder.index(stage))
    actions = Action.objects.bulk_create(actions)
    ladder = [s.value for s in Action.ORDER]
    updates, evidence = [], []
    for action, stage in zip(actions, stages, strict=True):
        for s in range(1, stage + 1):
            updates.append(
                ActionUpdate(
                    action=action,
                    text=f"Status changed to {ladder[s].replace('_', ' ')}.",
                    status_from=ladder[s - 1],
                    status_to=ladder[s],
                    created_by=b.lead,
                )
            )
        if stage >= 2:
            evidence.append(
                Evidence(
                    partnership=b.p,
                    action=action,
                    description="Minutes and the revised procedure.",
                    url="https://example.org/evidence",
                    created_by=b.lead,
                )
            )
    ActionUpdate.objects.bulk_create(updates)
    Evidence.objects.bulk_create(evidence)

    embedded = [a for a, s in zip(actions, stages, strict=True) if s >= 3]
    kinds = [k.value for k in Embedding.Kind]
    EmbeddingActions = Embedding.actions.through
    links = []
    for i in range(0, len(embedded), 2):
        group = embedded[i : i + 2]
        e = Embedding.objects.create(
            partnership=b.p,
            kind=rng.choice(kinds),
            agency=group[0].owner_agency or rng.choice(agencies),
            date=min(END, max(a.completed_on for a in group) + dt.timedelta(days=30)),
            description="The change written into the agency's procedure and supervision.",
            created_by=b.lead,
        )
        links += [EmbeddingActions(embedding_id=e.pk, action_id=a.pk) for a in group]
    EmbeddingActions.objects.bulk_create(links)

    evaluated = [a for a, s in zip(actions, stages, strict=True) if s >= 4]
    codes = ["cppm_initial_within_28d_pct", "reregistration_18m_pct", "registrations_per_1000"]
    verdicts = ["improved", "improved", "no_change", "worse", "too_early"]
    impacts = 0
    for i in range(0, len(evaluated), 3):
        group = evaluated[i : i + 3]
        on = min(END, max(a.completed_on for a in group) + dt.timedelta(days=120))
        impact = impact_save(
            impact=Impact(
                partnership=b.p,
                title=f"Did {group[0].reference} make a difference?",
                method=Impact.Method.INDICATOR,
                date=on,
                before="The indicator before the change.",
                after="The indicator a year later.",
                conclusion="Compared the quarters either side of the change.",
            ),
            learning_points=[group[0].learning_point],
            actions=group,
            by=b.lead,
        )
        impact_services.claim_set_verdict(impact=impact, verdict=rng.choice(verdicts))
        q = (on.month - 1) // 3 + 1
        before, after = f"{on.year - 1}-Q{q}", f"{on.year}-Q{q}"
        code = rng.choice(codes)
        impact_services.evidence_add(
            impact=impact,
            kind="indicator",
            ref=code,
            before=before,
            after=after,
            options=[code],
            periods=[before, after],
        )
        impacts += 1

    kinds = [k.value for k in Dissemination.Kind]
    Shared = Dissemination.learning_points.through
    Audience = Dissemination.audience_agencies.through
    shared, audience, reach = [], [], []
    n_disseminations = 0
    for i in range(0, len(approved), 3):
        group = approved[i : i + 3]
        d = Dissemination.objects.create(
            partnership=b.p,
            kind=rng.choice(kinds),
            title=f"Briefing on {group[0].reference}",
            date=min(END, group[-1].date_identified + dt.timedelta(days=rng.randrange(20, 120))),
            people_reached=rng.randrange(20, 400),
            created_by=b.lead,
        )
        n_disseminations += 1
        shared += [Shared(dissemination_id=d.pk, learningpoint_id=lp.pk) for lp in group]
        chosen = rng.sample(agencies, 3)
        audience += [Audience(dissemination_id=d.pk, agency_id=a.pk) for a in chosen]
        reach += [DisseminationReach(dissemination=d, agency=a, people_reached=rng.randrange(5, 120)) for a in chosen]
    Shared.objects.bulk_create(shared)
    Audience.objects.bulk_create(audience)
    DisseminationReach.objects.bulk_create(reach)
    return (
        f"{len(lps):,} learning points, {len(actions):,} actions ({len(evidence):,} with evidence, "
        f"{len(embedded):,} embedded, {len(evaluated):,} impact evaluated), {impacts} impact evaluations, "
        f"{n_disseminations:,} disseminations"
    )


@step("Learning reviews", "reviews.Review")
def reviews(b: Build) -> str:
    from learnloop.reviews import demo
    from learnloop.reviews.models import Review

    ctx = {"p": b.p, "agencies": b.agencies, "subgroups": b.subgroups, "themes": b.themes}
    users = dict(b.users)

    def dated(fn, today: dt.date, year: int, *args) -> None:  # type: ignore[no-untyped-def]
        before = set(Review.objects.filter(partnership=b.p).values_list("pk", flat=True))
        fn({**ctx, "today": today}, *args)
        for review in Review.objects.filter(partnership=b.p).exclude(pk__in=before):
            Review.objects.filter(pk=review.pk).update(title=f"{review.title} ({year})")

    for first in b.year_starts():
        year = first.year
        for k in range(b.n(2)):
            # Published reviews take about ten months; the last ones end before March 2026.
            today = min(END, first + dt.timedelta(days=420 + 120 * k))
            dated(demo._published, today, year, b.lead, users)
        dated(demo._single_agency, first + dt.timedelta(days=200), year, b.lead)
        dated(demo._external, first + dt.timedelta(days=250), year, b.lead)
    dated(demo._awaiting_decision, END - dt.timedelta(days=10), END.year, b.lead, users)
    n = Review.objects.filter(partnership=b.p).count()
    return f"{n} reviews"


@step("Case-file audits", "audits.Audit")
def audits(b: Build) -> str:
    from learnloop.audits import demo, findings, selectors
    from learnloop.audits.models import AuditCase, CaseReading
    from learnloop.loop.models import LearningPoint

    sw, edu, nhs = b.agencies["Social Work"], b.agencies["Education"], b.agencies["NHS Health"]
    readers = [(b.users["contributor"], sw), (b.users["agency-lead"], edu), (b.users["health"], nhs)]
    topics = ["Neglect", "Pre-birth planning", "Domestic abuse", "Risks outside the family", "Chronologies"]
    made = 0
    for y, first in enumerate(b.year_starts()):
        previous = None
        for k in range(b.n(3)):
            start = first + dt.timedelta(days=30 + 100 * k)
            if start + dt.timedelta(days=40) > END:
                break
            reaudit = previous is not None and k % 2 == 1
            topic = topics[(y + k // 2) % len(topics)]
            cases = [
                (f"TY-{first.year}-{k}-{c:03d}", ["1-4", "5-10", "11-15", "under-1"][c % 4], f"{topic}: case {c}.")
                for c in range(b.n(10))
            ]
            audit = demo._run(
                partnership=b.p,
                title=f"{'Re-audit: ' if reaudit else ''}{topic} {first.year} ({k + 1})",
                cases=cases,
                readers=readers[: 2 + (k % 2)],
                lead=b.lead,
                start=start,
                better=reaudit,
                previous=previous if reaudit else None,
                say=lambda _: None,
            )
            made += 1
            if not reaudit:
                lp, _ = findings.finding_raise(
                    audit=audit,
                    title=f"{topic}: chronologies kept but not analysed ({first.year})",
                    description="In most cases read, the chronology listed events without analysis.",
                    kind=LearningPoint.Kind.IMPROVEMENT,
                    themes=[t for c in ("chronologies", "neglect") if (t := b.themes.get(c))],
                    agencies=[sw, edu],
                    subgroup=b.subgroups.get("MISE"),
                    action_title="Introduce a shared multi-agency chronology",
                    action_owner_agency=sw,
                    action_due_date=audit.completed_on + dt.timedelta(days=120),
                    action_success_measure="Re-audit finds a chronology analysed and shared in most cases.",
                    by=b.lead,
                    today=audit.completed_on,
                )
                previous, previous_lp = audit, lp
            else:
                results = selectors.audit_results(b.m, audit, with_comments=False)
                rows = selectors.audit_comparison(b.m, audit, results) or []
                findings.comparison_attach(
                    audit=audit,
                    rows=rows,
                    learning_points=[previous_lp],
                    actions=list(previous_lp.actions.all()),
                    conclusion="Chronologies are now analysed and shared in most cases.",
                    by=b.lead,
                    today=audit.completed_on,
                )
    cases = AuditCase.objects.filter(audit__partnership=b.p).count()
    return f"{made} audits, {cases} cases, {CaseReading.objects.filter(case__audit__partnership=b.p).count()} readings"


@step("Voice", "voice.VoiceEvent")
def voice(b: Build) -> str:
    from learnloop.voice import services
    from learnloop.voice.models import Channel, Consent, GivenBy, Response, Sentiment, View, VoiceEvent

    rng = b.rng
    agencies = list(b.agencies.values())
    themes = list(b.themes.values())
    said = [
        "Meetings use words that are hard to understand.",
        "Having a trusted adult to speak for them made a difference.",
        "They want to meet a new worker before the worker changes.",
        "School staff noticed when things were hard at home.",
        "Too many workers changed over the year.",
        "The plan was explained to them in a way they understood.",
    ]
    channels = [Channel.HAVING_YOUR_SAY, Channel.SURVEY, Channel.COMPLAINT_COMPLIMENT, Channel.OTHER]
    views: list[View] = []
    flags = responses = 0
    for first in b.year_starts():
        last = min(END, dt.date(first.year + 1, 3, 31))
        for e in range(b.n(4)):
            event = services.event_save(
                event=VoiceEvent(
                    partnership=b.p,
                    kind=VoiceEvent.Kind.FOCUS_GROUP,
                    title=f"Young people's panel {first.year} ({e + 1})",
                    date=b.day_in(first, last),
                    description="Young people with experience of child protection meetings.",
                    agency=rng.choice(agencies),
                ),
                by=b.lead,
            )
            for _ in range(8):
                views.append(
                    services.view_save(
                        view=View(
                            partnership=b.p,
                            event=event,
                            channel=Channel.FOCUS_GROUP,
                            given_by=GivenBy.CHILD,
                            age_band="11-15",
                            date=event.date,
                            summary=rng.choice(said),
                            consent=rng.choice(list(Consent)),
                            sentiment=rng.choice(list(Sentiment)),
                            agency=event.agency,
                        ),
                        themes=rng.sample(themes, 1),
                        by=b.lead,
                    )
                )
        for _ in range(b.n(40)):
            unsafe = rng.random() < 0.03
            view = services.view_save(
                view=View(
                    partnership=b.p,
                    channel=rng.choice(channels),
                    given_by=rng.choice(list(GivenBy)),
                    age_band=rng.choice(["5-10", "11-15", "16-17"]),
                    date=b.day_in(first, last),
                    summary="Said they do not feel safe on the way home." if unsafe else rng.choice(said),
                    consent=rng.choice(list(Consent)),
                    sentiment=Sentiment.NEGATIVE if unsafe else rng.choice(list(Sentiment)),
                    feels_unsafe=unsafe,
                    agency=rng.choice(agencies),
                ),
                themes=rng.sample(themes, 2),
                by=b.lead,
            )
            views.append(view)
            if unsafe:
                services.safety_flag_pass_on(
                    flag=view.safety_flag,
                    passed_on_to="Social work duty team",
                    passed_on_date=view.date,
                    note="Passed on by phone the same day.",
                    by=b.lead,
                )
                flags += 1
        year_views = [v for v in views if first <= v.date <= last]
        for _ in range(b.n(4)):
            answered = rng.sample(year_views, min(3, len(year_views)))
            services.response_save(
                response=Response(
                    partnership=b.p,
                    you_said="Meetings were hard to follow.",
                    we_did="Chairs now meet each young person before the meeting.",
                    who="Child protection chairs",
                    responded_on=min(END, max(v.date for v in answered) + dt.timedelta(days=rng.randrange(14, 90))),
                    status=rng.choice(list(Response.Status)),
                ),
                views=answered,
                by=b.lead,
            )
            responses += 1
    for view in View.objects.filter(partnership=b.p).only("pk", "date", "created_at"):
        View.objects.filter(pk=view.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(view.date, dt.time(12)))
        )
    return f"{len(views):,} views, {responses} responses, {flags} safety flags passed on"


@step("Workforce", "workforce.Course")
def workforce(b: Build) -> str:
    from learnloop.workforce import services
    from learnloop.workforce.models import Course, FeedbackExercise, Session

    rng = b.rng
    agencies = list(b.agencies.values())
    courses = []
    for title, outcomes in [
        ("Neglect and cumulative harm", ["Recognise neglect", "Use a chronology", "Escalate a concern"]),
        ("Inter-agency referral discussions", ["Know when an IRD is needed", "Share information"]),
        ("Risks outside the family", ["Recognise exploitation", "Plan for safety"]),
        ("Pre-birth assessment", ["Assess risk before birth", "Involve fathers"]),
        ("Child protection for school staff", ["Know what to share", "Know who to tell"]),
        ("Professional curiosity", ["Ask about the men in a child's life", "Test what parents say"]),
    ]:
        courses.append(
            services.course_save(
                course=Course(
                    partnership=b.p,
                    title=title,
                    description="A multi-agency course.",
                    audience="Practitioners in every agency",
                    delivery=Course.Delivery.MULTI_AGENCY,
                ),
                outcomes=outcomes,
                themes=rng.sample(list(b.themes.values()), 2),
                by=b.lead,
            )
        )
    sessions = evaluations = 0
    for first in b.year_starts():
        last = min(END, dt.date(first.year + 1, 3, 31))
        for _ in range(b.n(12)):
            course = rng.choice(courses)
            online = rng.random() < 0.4
            session = services.session_save(
                session=Session(
                    course=course,
                    date=b.day_in(first, last),
                    trainer="Bench trainer",
                    mode=Session.Mode.ONLINE if online else Session.Mode.IN_PERSON,
                    venue="" if online else "Bench training centre",
                    places=30,
                ),
                by=b.lead,
            )
            services.attendance_set(session=session, counts={a: rng.randrange(1, 8) for a in rng.sample(agencies, 4)})
            sessions += 1
            outcomes = list(course.outcomes.all())
            for _ in range(b.n(10)):
                scores = {}
                for o in outcomes:
                    before = rng.randrange(1, 5)
                    scores[o] = (before, min(5, before + rng.randrange(0, 3)))
                services.evaluation_save(
                    session=session,
                    scores=scores,
                    agency=rng.choice(agencies),
                    comments=rng.choice(["", "", "The case studies were the most useful part."]),
                    by=b.lead,
                )
                evaluations += 1
        services.feedback_exercise_save(
            exercise=FeedbackExercise(
                partnership=b.p,
                kind=FeedbackExercise.Kind.SURVEY,
                title=f"Practitioner survey {first.year}",
                date=b.day_in(first, last),
                description="An online survey of practitioners.",
            ),
            themes=rng.sample(list(b.themes.values()), 2),
            by=b.lead,
        )
    return f"{len(courses)} courses, {sessions} sessions with attendance, {evaluations:,} evaluations"


@step("Website statistics", "reach.MonthlyTraffic")
def reach(b: Build) -> str:
    from learnloop.loop.models import Dissemination
    from learnloop.reach import demo, services

    imported = 0
    for first in b.year_starts():
        campaign_month = dt.date(first.year, 11, 1)
        campaign = Dissemination.objects.create(
            partnership=b.p,
            kind=Dissemination.Kind.CAMPAIGN,
            title=f"Safe sleep winter campaign {first.year}",
            date=campaign_month,
            people_reached=1000,
            created_by=b.lead,
        )
        services.statistics_import(
            partnership=b.p,
            tool="plausible",
            data=demo.demo_export(first, campaign_month),
            filename=f"plausible-export-{first:%Y%m}.zip",
            by=b.lead,
        )
        services.promoted_pages_save(dissemination=campaign, paths=[demo.CAMPAIGN_PATH], by=b.lead)
        imported += 1
    return f"{imported} years of monthly website statistics, {imported} campaigns"


@step("Indicator decisions", "dataset.TrendSignal")
def signals(b: Build) -> str:
    from learnloop.dataset import services
    from learnloop.dataset.models import TrendSignal
    from learnloop.dataset.selectors import Trend, series_for

    rng = b.rng
    found = []
    for series in series_for(b.m, kind="quarter"):
        for figure in series.figures:
            if figure.point is not None and figure.point.is_special and figure.value is not None:
                found.append((series, figure))
    rng.shuffle(found)
    per_year: dict[str, int] = {}
    made = 0
    for series, figure in found:
        year = figure.period.label[:4]
        if per_year.get(year, 0) >= b.n(3):
            continue
        per_year[year] = per_year.get(year, 0) + 1
        trend = Trend(series.indicator, figure.period.label, figure.value, figure.point, None)
        on = min(END, figure.period.end + dt.timedelta(days=45))
        if rng.random() < 0.5:
            signal = services.signal_dismiss(
                m=b.m, trend=trend, series=series, reason="Explained by one large family.", by=b.lead
            )
        else:
            lp = services.signal_to_learning_point(m=b.m, trend=trend, series=series, by=b.lead, today=on)
            signal = lp.source_record
        TrendSignal.objects.filter(pk=signal.pk).update(
            decided_at=timezone.make_aware(dt.datetime.combine(on, dt.time(10)))
        )
        made += 1
    return f"{made} signals decided (of {len(found)} special-cause points)"


@step("Committee meetings and reports", "reports.Report")
def meetings(b: Build) -> str:
    from learnloop.reports import services
    from learnloop.reports.models import Recommendation

    papers = 0
    for first in b.year_starts():
        for q in range(4):
            start = dt.date(first.year + (q + 3) // 12, (3 * q + 3) % 12 + 1, 1)
            end = dt.date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1) - dt.timedelta(days=1)
            paper = services.report_create(
                partnership=b.p, kind="cpc-paper", start=start, end=end, meeting=end + dt.timedelta(days=21), by=b.lead
            )
            services.narrative_save(
                report=paper, section="report-summary", text="Most actions are on track.", by=b.lead
            )
            papers += 1
        year_end = dt.date(first.year + 1, 3, 31)
        annual = services.report_create(partnership=b.p, kind="annual-report", start=first, end=year_end, by=b.lead)
        services.narrative_save(
            report=annual, section="report-context", text="A large area with city and rural localities.", by=b.lead
        )
        review = services.report_create(partnership=b.p, kind="framework-review", start=first, end=year_end, by=b.lead)
        services.recommendation_save(
            report=review,
            text="Every learning point from the dataset is given an impact measure when approved.",
            decision=Recommendation.Decision.AGREED,
            note="Agreed.",
            decided_on=min(END, year_end + dt.timedelta(days=30)) if year_end < END else None,
            by=b.lead,
        )
    return f"{papers} committee papers, {b.years} annual reports, {b.years} framework reviews"


@step("Self-evaluations", "evaluation.SelfEvaluation")
def self_evaluations(b: Build) -> str:
    from learnloop.evaluation import demo, framework, services
    from learnloop.evaluation.models import SelfEvaluation

    framework.framework_seed(partnership=b.p)
    demo._themes(b.p)
    made = 0
    # One a calendar year, each ending inside the period; this year's (2026) is still a draft.
    for year in range(b.start.year + 1, END.year + 1):
        se = SelfEvaluation.objects.filter(partnership=b.p, year=year).first() or services.self_evaluation_create(
            partnership=b.p, year=year, by=b.lead
        )
        demo._fill(se, b.m, this_year=True, evidence_each=3)
        if year < END.year:
            services.self_evaluation_issue(self_evaluation=se, by=b.lead)
        made += 1
    return f"{made} self-evaluations ({made - 1} issued)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partnership", default="tenyear")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--resume", action="store_true", help="Finish a build that stopped part-way.")
    args = parser.parse_args()
    existing = Partnership.objects.filter(slug=args.partnership).first()
    if existing is not None and not (
        args.resume and existing.memberships.filter(user__email=f"lead@{DOMAIN}").exists()
    ):
        sys.exit(
            f"The partnership {args.partnership!r} already exists: drop the database to build it again "
            "(or --resume to finish a build of this script that stopped part-way)."
        )
    started = time.perf_counter()
    everyone = people()
    lead, _ = user_get_or_create(email=everyone[0].email, full_name=everyone[0].full_name, job_title="Lead Officer")
    # E-mails the records would trigger are not sent: the people are fictional.
    with (
        override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}),
        acting_as(lead),
    ):
        p = existing or partnership_create(
            slug=args.partnership, name=f"Ten Years ({args.partnership}) Child Protection Committee", by=lead
        )
        users = _ensure_people(p, everyone, by=lead)
        b = Build(p, users, args.years, args.scale)
        print(f"{p.name}: {b.start} to {END}, scale {args.scale}", flush=True)
        for part in (dataset, loop, reviews, audits, voice, workforce, reach, signals, meetings, self_evaluations):
            part(b)
    print(f"Built in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
