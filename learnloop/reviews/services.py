"""Every write to a review with a rule or a side effect.

Keyword-only, typed and atomic; the audit log is written by the core signals on every save.
Stage changes are explicit: `review_complete_stage` checks what the stage needs before the
review moves on, `review_go_back` needs a reason, and both leave a line on the timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q, QuerySet

from learnloop.core.numbering import next_number
from learnloop.loop import services as loop_services
from learnloop.loop.models import Action, LearningPoint, SourceType
from learnloop.notifications import services as notifications
from learnloop.partnership.models import Agency, Partnership
from learnloop.reviews import redaction, stages
from learnloop.reviews.models import (
    AgencyRequest,
    Finding,
    Kind,
    ParallelProcess,
    Publication,
    Recommendation,
    RedactionResolution,
    ReportVersion,
    Review,
    ReviewChild,
    ReviewSettings,
    Stage,
    StageEvent,
)


class ReviewError(Exception):
    """A rule of the review process was broken; the message says which, in the user's words."""


def review_settings_for(partnership: Partnership) -> ReviewSettings:
    """The partnership's review settings, created with the defaults on first use."""
    found = ReviewSettings.objects.filter(partnership=partnership).first()
    if found is None:
        found, _ = ReviewSettings.objects.get_or_create(partnership=partnership)
    return found


@transaction.atomic
def review_settings_save(*, review_settings: ReviewSettings, by: Any = None) -> ReviewSettings:
    if review_settings.pk is None:
        review_settings.created_by = by
    review_settings.save()
    return review_settings


# Creating and editing -------------------------------------------------------------------------


@transaction.atomic
def review_create(*, review: Review, agencies: Iterable[Agency] = (), by: Any = None, today: dt.date) -> Review:
    """A new review at the first stage of its kind, with a line on its timeline."""
    if review.kind == Kind.SINGLE_AGENCY and review.agency_id is None:
        raise ReviewError("A single-agency case review needs the agency it belongs to.")
    review.number = next_number(Review, review.partnership_id)
    review.stage = stages.first_stage(review.kind)
    review.stage_started_on = review.notified_on or today if review.kind == Kind.LEARNING else today
    if review.kind in {Kind.EXTERNAL, Kind.INSPECTION}:
        review.relevance = Review.Relevance.AWAITING
    review.created_by = by
    review.save()
    review.agencies.set(list(agencies))
    StageEvent.objects.create(
        review=review,
        kind=StageEvent.Kind.STARTED,
        stage_to=review.stage,
        on=review.stage_started_on,
        created_by=by,
        note=f"{review.get_kind_display()} recorded.",
    )
    return review


@transaction.atomic
def review_update(*, review: Review, agencies: Iterable[Agency] | None = None, by: Any = None) -> Review:
    if review.kind == Kind.SINGLE_AGENCY and review.agency_id is None:
        raise ReviewError("A single-agency case review needs the agency it belongs to.")
    review.save()
    if agencies is not None:
        review.agencies.set(list(agencies))
    return review


# Stage transitions ---------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value in (None, "", []) or (isinstance(value, str) and not value.strip())


def stage_requirements(review: Review) -> list[str]:
    """What the current stage still needs before it can be completed, in the user's words."""
    missing: list[str] = []

    def need(value: Any, text: str) -> None:
        if _blank(value):
            missing.append(text)

    stage = review.stage
    if stage == Stage.NOTIFICATION:
        need(review.notified_on, "Enter the date the notification was received.")
        need(review.notified_by, "Say who sent the notification.")
        need(review.circumstances, "Describe the circumstances.")
        need(review.criteria, "Choose the criteria the case may meet.")
    elif stage == Stage.INFORMATION:
        requests = list(review.agency_requests.select_related("agency"))
        if not requests:
            missing.append("Ask at least one agency for information.")
        for request in requests:
            if not request.is_submitted:
                missing.append(f"{request.agency.name} has not submitted its return.")
    elif stage == Stage.RECOMMENDATION:
        need(review.recommendation_outline, "Give an outline of the case.")
        need(review.recommendation_basis, "Give the basis for referral.")
        need(review.recommendation_circumstances, "Describe the current circumstances.")
        need(review.recommendation, "Say whether you recommend a learning review.")
    elif stage == Stage.DECISION:
        need(review.decision, "Record whether the CPC decided to proceed.")
        need(review.decision_reasons, "Give the reasons for the decision.")
        need(review.decided_by, "Say who decided.")
        need(review.decided_on, "Enter the date of the decision.")
    elif stage == Stage.CI_NOTIFICATION:
        need(review.ci_notified_on, "Enter the date the Care Inspectorate was notified.")
    elif stage == Stage.RELEVANCE:
        if review.relevance not in {Review.Relevance.RELEVANT, Review.Relevance.NOT_RELEVANT}:
            missing.append("Decide whether it is relevant to the partnership.")
        need(review.relevance_reasons, "Give the reasons for the relevance decision.")
    elif stage == Stage.REVIEW:
        need(review.reviewers, "Name the reviewers.")
        need(review.methodology, "Describe the methodology.")
        if review.kind == Kind.LEARNING:
            need(review.family_involvement, "Say how the family took part.")
        need(review.practitioner_involvement, "Say how practitioners took part.")
        for process in review.parallel_processes.all():
            if process.is_pausing:
                missing.append(f"{process.get_kind_display()} is pausing the review.")
    elif stage == Stage.REPORT:
        if not review.report_versions.exists():
            missing.append("Upload the draft report.")
        if review.kind == Kind.LEARNING:
            need(review.report_approved_on, "Enter the date the CPC approved the report.")
            need(review.report_ratified_on, "Enter the date the Chief Officers Group ratified the report.")
    elif stage == Stage.FINAL_REPORT:
        need(review.final_report_sent_on, "Enter the date the final report was sent to the Care Inspectorate.")
    elif stage == Stage.PUBLICATION:
        need(review.publication_decision, "Record the publication decision.")
        need(review.publication_reasons, "Give the reasons for the publication decision.")
        publishing = review.publication_decision not in {"", Review.PublicationDecision.NOT_PUBLISHED}
        if (
            publishing
            and not review.publications.filter(
                status__in=[Publication.Status.READY, Publication.Status.PUBLISHED]
            ).exists()
        ):
            missing.append("Write the summary or briefing and mark it ready to publish.")
    elif stage == Stage.ACTION_PLAN:
        findings = list(review.findings.all())
        if not findings:
            missing.append("Record at least one finding.")
        if (
            any(f.learning_point_id is None for f in findings)
            or review.recommendations.filter(action__isnull=True).exists()
        ):
            missing.append("Create the action plan in the learning loop.")
    return missing


# Stages that may be completed with something missing, if a reason is given.
EXCEPTION_ALLOWED = {Stage.INFORMATION, Stage.REVIEW, Stage.ACTION_PLAN}


def review_actions(review: Review) -> QuerySet[Action]:
    """Every action on the review's learning points: those its findings became, and any other
    learning point whose source record is the review. Not scoped to a member: for the rules."""
    points = LearningPoint.objects.filter(
        Q(review_finding__review=review)
        | Q(source_record_type=ContentType.objects.get_for_model(Review), source_record_id=review.pk)
    )
    return Action.objects.filter(learning_point__in=points.values("pk")).order_by("number")


def review_open_actions(review: Review) -> list[Action]:
    """The review's actions not yet completed (completed, embedded and impact evaluated are done)."""
    return list(review_actions(review).exclude(status__in=[str(s) for s in Action.DONE]))


def _references(actions: Iterable[Action]) -> str:
    return ", ".join(a.reference for a in actions)


def _closure_decision(
    *, open_actions: list[Action], forum: str, decided_on: dt.date | None, reason: str, today: dt.date
) -> str:
    """Check the decision to close with actions open, and return the note for the timeline."""
    count = len(open_actions)
    actions_text = f"{count} action{'s' if count != 1 else ''} from this review {'are' if count != 1 else 'is'}"
    if not (forum or decided_on or reason):
        raise ReviewError(
            f"{actions_text} still open ({_references(open_actions)}). Close the review once each is "
            "completed, or record the decision to close it with them carried in the partnership's "
            "improvement plan: who decided, when and why."
        )
    if not forum:
        raise ReviewError("Say who decided to close the review with actions open, for example the CPC.")
    if decided_on is None:
        raise ReviewError("Enter the date of the decision to close the review.")
    if decided_on > today:
        raise ReviewError("The date of the decision to close the review must be today or in the past.")
    if not reason:
        raise ReviewError("Say why the review can close with actions still open.")
    return (
        f"Closed with {count} open action{'s' if count != 1 else ''} carried in the partnership's improvement "
        f"plan: {_references(open_actions)}. Decided by {forum} on {decided_on.day} {decided_on:%B %Y}. "
        f"Why: {reason}"
    )


@transaction.atomic
def review_complete_stage(
    *,
    review: Review,
    by: Any,
    today: dt.date,
    exception_reason: str = "",
    closure_forum: str = "",
    closure_decided_on: dt.date | None = None,
    closure_reason: str = "",
) -> Review:
    """Finish the current stage and begin the next. The stage's record must already be saved
    on the review (the stage forms do that); what is missing is refused, except where the
    process allows an exception with a reason.

    A review closes only when every action from its learning points is completed (or further
    on), or with a recorded decision (who, when, why) to close with the open actions carried in
    the partnership's improvement plan; the decision is kept on the review and its timeline."""
    if review.stage == Stage.CLOSED:
        raise ReviewError("This review is closed. Go back to an earlier stage to reopen it.")
    settings = review_settings_for(review.partnership)
    missing = stage_requirements(review)
    exception_reason = exception_reason.strip()
    kind = StageEvent.Kind.COMPLETED
    if missing:
        if review.stage not in EXCEPTION_ALLOWED:
            raise ReviewError(missing[0])
        if not exception_reason:
            raise ReviewError(f"{missing[0]} To go on without it, record an exception with a reason.")
        kind = StageEvent.Kind.EXCEPTION
    due = stages.deadline(review, settings)
    target = stages.next_stage(review)
    note = exception_reason
    if missing:
        note = "Exception: " + " ".join(missing) + f" Reason: {exception_reason}"
    if target == Stage.CLOSED:
        open_actions = review_open_actions(review)
        if open_actions:
            closure_forum, closure_reason = closure_forum.strip(), closure_reason.strip()
            note = _closure_decision(
                open_actions=open_actions,
                forum=closure_forum,
                decided_on=closure_decided_on,
                reason=closure_reason,
                today=today,
            )
            review.closure_forum = closure_forum
            review.closure_decided_on = closure_decided_on
            review.closure_reason = closure_reason
            review.closure_recorded_by = by
            review.closure_carried_actions = "\n".join(a.reference for a in open_actions)
        else:
            _clear_closure(review)
    StageEvent.objects.create(
        review=review,
        kind=kind,
        stage_from=review.stage,
        stage_to=target,
        on=today,
        deadline=due,
        note=note,
        created_by=by,
    )
    review.stage = target
    review.stage_started_on = today
    review.stage_exception = exception_reason if missing else ""
    if target == Stage.CLOSED:
        review.closed_on = today
    review.save()
    return review


@transaction.atomic
def review_go_back(*, review: Review, stage: str, reason: str, by: Any, today: dt.date) -> Review:
    """Reopen an earlier stage. Always needs a reason; nothing already recorded is lost."""
    reason = reason.strip()
    if not reason:
        raise ReviewError("Say why the review is going back to an earlier stage.")
    if stage not in stages.earlier_stages(review):
        raise ReviewError("Choose an earlier stage of this review.")
    StageEvent.objects.create(
        review=review,
        kind=StageEvent.Kind.REOPENED,
        stage_from=review.stage,
        stage_to=stage,
        on=today,
        note=reason,
        created_by=by,
    )
    review.stage = stage
    review.stage_started_on = today
    review.closed_on = None
    _clear_closure(review)  # the timeline keeps the decision; it no longer applies
    review.save()
    return review


def _clear_closure(review: Review) -> None:
    review.closure_forum = ""
    review.closure_decided_on = None
    review.closure_reason = ""
    review.closure_recorded_by = None
    review.closure_carried_actions = ""


# Information gathering -----------------------------------------------------------------------


@transaction.atomic
def agency_requests_send(
    *, review: Review, agencies: Iterable[Agency], due_on: dt.date, by: Any, today: dt.date
) -> list[AgencyRequest]:
    """Ask each agency for its involvement, chronology and initial reflection. An agency
    already asked keeps its request (its due date is moved if it has not yet replied)."""
    if review.stage != Stage.INFORMATION:
        raise ReviewError("Agencies are asked for information during the information-gathering stage.")
    agencies = list(agencies)
    if not agencies:
        raise ReviewError("Choose at least one agency to ask.")
    if due_on < today:
        raise ReviewError("The due date must be today or later.")
    made = []
    for agency in agencies:
        if agency.partnership_id != review.partnership_id:
            raise ReviewError("Choose agencies of this partnership.")
        request = AgencyRequest.objects.filter(review=review, agency=agency).first()
        if request is None:
            request = AgencyRequest.objects.create(
                partnership_id=review.partnership_id,
                review=review,
                agency=agency,
                requested_on=today,
                due_on=due_on,
                created_by=by,
            )
        elif not request.is_submitted and request.due_on != due_on:
            request.due_on = due_on
            request.save()
        made.append(request)
    review.agencies.add(*agencies)
    notifications.on_returns_requested(requests=made, by=by)
    return made


@transaction.atomic
def agency_return_submit(
    *,
    request: AgencyRequest,
    involvement_summary: str,
    chronology: str,
    initial_reflection: str,
    by: Any,
    today: dt.date,
) -> AgencyRequest:
    if request.review.stage != Stage.INFORMATION:
        raise ReviewError("Returns are submitted while the review is gathering information.")
    fields = {
        "involvement summary": involvement_summary,
        "chronology": chronology,
        "initial reflection": initial_reflection,
    }
    empty = [name for name, value in fields.items() if not value.strip()]
    if empty:
        raise ReviewError(f"Enter the {' and the '.join(empty)}.")
    request.involvement_summary = involvement_summary.strip()
    request.chronology = chronology.strip()
    request.initial_reflection = initial_reflection.strip()
    request.submitted_on = today
    request.submitted_by = by
    request.save()
    return request


# The review's parts ---------------------------------------------------------------------------


@transaction.atomic
def review_child_add(*, child: ReviewChild, by: Any = None) -> ReviewChild:
    if ReviewChild.objects.filter(review=child.review, label__iexact=child.label).exists():
        raise ReviewError(f"This review already has a child called “{child.label}”. Choose another label.")
    child.partnership_id = child.review.partnership_id
    child.created_by = by
    child.save()
    return child


@transaction.atomic
def parallel_process_save(*, process: ParallelProcess, by: Any = None) -> ParallelProcess:
    if process.ended_on and process.ended_on < process.started_on:
        raise ReviewError("The end date must be on or after the start date.")
    if process.pk is None:
        process.partnership_id = process.review.partnership_id
        process.created_by = by
    process.save()
    return process


@transaction.atomic
def report_version_add(*, review: Review, file: UploadedFile, note: str = "", by: Any = None) -> ReportVersion:
    current = review.report_versions.aggregate(n=Max("version"))["n"]
    version = ReportVersion(
        partnership_id=review.partnership_id,
        review=review,
        version=(current or 0) + 1,
        original_filename=file.name[:255],
        content_type=getattr(file, "detected_content_type", "") or "",
        size=file.size,
        note=note.strip(),
        created_by=by,
    )
    version.file = file
    version.save()
    return version


@transaction.atomic
def finding_save(*, finding: Finding, themes: Iterable[Any] = (), by: Any = None) -> Finding:
    if finding.pk is None:
        finding.partnership_id = finding.review.partnership_id
        finding.created_by = by
    finding.save()
    finding.themes.set(list(themes))
    if finding.learning_point_id:
        # Keep the loop's copy in step with the review.
        lp = finding.learning_point
        lp.title, lp.description, lp.kind = finding.title, finding.text, finding.kind
        loop_services.learning_point_save(learning_point=lp, themes=list(themes), by=by)
    return finding


@transaction.atomic
def recommendation_save(*, recommendation: Recommendation, by: Any = None) -> Recommendation:
    if recommendation.owner_agency_id is None and recommendation.owner_subgroup_id is None:
        raise ReviewError("Choose who owns this recommendation: an agency, a subgroup or both.")
    if recommendation.finding.review_id != recommendation.review_id:
        raise ReviewError("Choose a finding of this review.")
    if recommendation.pk is None:
        recommendation.partnership_id = recommendation.review.partnership_id
        recommendation.created_by = by
    recommendation.save()
    return recommendation


# The action plan: findings become learning points, recommendations become actions ----------------


def _source_type(review: Review) -> str:
    if review.kind == Kind.EXTERNAL:
        return SourceType.EXTERNAL
    if review.kind == Kind.INSPECTION:
        return SourceType.INSPECTION
    return SourceType.REVIEW


@transaction.atomic
def action_plan_create(*, review: Review, by: Any, today: dt.date) -> tuple[int, int]:
    """Put the review's findings and recommendations into the learning loop.

    Each finding not yet in the loop becomes a learning point (with its themes, the agencies
    involved and the review as its source record); each recommendation not yet in the loop
    becomes an action on its finding's learning point. Running it again adds only what is new.
    Returns (learning points made, actions made).
    """
    if review.stage not in {Stage.ACTION_PLAN, Stage.FOLLOW_UP}:
        raise ReviewError("The action plan is made at the action-plan stage.")
    findings = list(review.findings.prefetch_related("themes"))
    if not findings:
        raise ReviewError("Record at least one finding before making the action plan.")
    agencies = list(review.agencies.all())
    made_points = made_actions = 0
    for finding in findings:
        if finding.learning_point_id:
            continue
        lp = LearningPoint(
            partnership=review.partnership,
            title=finding.title,
            description=finding.text,
            kind=finding.kind,
            source_type=_source_type(review),
            source_title=f"{review.reference}: {review.title}",
            source_date=review.report_ratified_on or review.published_on or review.decided_on,
            source_url=review.source_url,
            date_identified=today,
            subgroup=review.subgroup,
            is_confidential=review.is_confidential,
            agency=review.agency,
        )
        lp.source_record = review
        loop_services.learning_point_save(
            learning_point=lp, themes=list(finding.themes.all()), agencies=agencies, by=by
        )
        finding.learning_point = lp
        finding.save()
        made_points += 1
    for rec in review.recommendations.select_related("finding__learning_point", "action"):
        if rec.action_id:
            continue
        action = Action(
            learning_point=rec.finding.learning_point,
            title=rec.text,
            description=f"Recommendation of {review.reference}: {review.title}",
            owner_agency_id=rec.owner_agency_id,
            owner_subgroup_id=rec.owner_subgroup_id,
            due_date=rec.due_date,
            success_measure=rec.success_measure,
        )
        loop_services.action_save(action=action, by=by)
        rec.action = action
        rec.save()
        made_actions += 1
    if review.action_plan_agreed_on is None:
        review.action_plan_agreed_on = today
        review.save()
    return made_points, made_actions


# Publishing learning --------------------------------------------------------------------------


def case_references(review: Review) -> list[str]:
    return [c.local_case_reference for c in review.children.all()]


def people_on(review: Review) -> list[str]:
    """Names recorded on the review: the people it names, its reviewers (the part of each line
    before a comma) and its lead."""
    people = list(review.named_people_list())
    people += [line.split(",")[0].strip() for line in review.reviewers.splitlines() if line.strip()]
    if review.lead_id and review.lead and review.lead.full_name:
        people.append(review.lead.full_name)
    return [p for p in people if p]


def redaction_findings(publication: Publication) -> list[redaction.RedactionFinding]:
    review = publication.review
    return redaction.check(
        f"{publication.title}\n{publication.body}",
        people=people_on(review),
        schools=publication.school_name_list(),
        case_references=case_references(review),
    )


def redaction_open(publication: Publication) -> list[redaction.RedactionFinding]:
    """Findings not yet accepted with a reason (edited-out ones have gone from the text)."""
    accepted = {(r.kind, r.text.lower()) for r in publication.resolutions.all()}
    return [f for f in redaction_findings(publication) if (f.kind, f.text.lower()) not in accepted]


@transaction.atomic
def publication_save(*, publication: Publication, by: Any = None) -> Publication:
    """Save the text. Any change to a ready item sends it back to draft for a fresh check."""
    if publication.status == Publication.Status.PUBLISHED and publication.pk:
        raise ReviewError("A published item cannot be edited. Withdraw it first.")
    if publication.pk is None:
        publication.partnership_id = publication.review.partnership_id
        publication.created_by = by
    elif publication.status == Publication.Status.READY:
        publication.status = Publication.Status.DRAFT
        publication.ready_on = None
    publication.save()
    return publication


@transaction.atomic
def redaction_accept(*, publication: Publication, kind: str, text: str, reason: str, by: Any) -> RedactionResolution:
    reason = reason.strip()
    if not reason:
        raise ReviewError(f"Say why “{text}” can stay in the published text.")
    if kind not in redaction.LABELS:
        raise ReviewError("Choose a finding of the redaction check.")
    resolution, _ = RedactionResolution.objects.get_or_create(
        publication=publication, kind=kind, text=text[:300], defaults={"reason": reason, "created_by": by}
    )
    return resolution


@transaction.atomic
def publication_mark_ready(*, publication: Publication, by: Any, today: dt.date) -> Publication:
    if publication.status != Publication.Status.DRAFT:
        raise ReviewError("Only a draft can be marked ready to publish.")
    still_open = redaction_open(publication)
    if still_open:
        raise ReviewError(
            f"The redaction check found {len(still_open)} possible identifier{'s' if len(still_open) != 1 else ''} "
            "not yet resolved. Edit the text or accept each one with a reason."
        )
    publication.status = Publication.Status.READY
    publication.ready_on = today
    publication.checked_digest = redaction.digest(
        publication.body, people=people_on(publication.review), schools=publication.school_name_list()
    )
    publication.save()
    return publication


@transaction.atomic
def publication_publish(*, publication: Publication, by: Any, today: dt.date) -> Publication:
    if publication.status != Publication.Status.READY:
        raise ReviewError("Only an item marked ready to publish can be published.")
    settings = review_settings_for(publication.review.partnership)
    publication.status = Publication.Status.PUBLISHED
    publication.published_on = today
    publication.review_by = _add_months(today, settings.publication_review_months)
    publication.save()
    return publication


@transaction.atomic
def publication_renew(*, publication: Publication, by: Any, today: dt.date) -> Publication:
    if publication.status != Publication.Status.PUBLISHED:
        raise ReviewError("Only a published item can be renewed.")
    settings = review_settings_for(publication.review.partnership)
    publication.review_by = _add_months(today, settings.publication_review_months)
    publication.save()
    return publication


@transaction.atomic
def publication_withdraw(*, publication: Publication, reason: str, by: Any) -> Publication:
    if not reason.strip():
        raise ReviewError("Say why the item is being withdrawn.")
    if publication.status != Publication.Status.PUBLISHED:
        raise ReviewError("Only a published item can be withdrawn.")
    publication.status = Publication.Status.WITHDRAWN
    publication.withdrawn_reason = reason.strip()
    publication.save()
    return publication


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
