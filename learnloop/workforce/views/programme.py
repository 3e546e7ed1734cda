"""The training programme: courses, sessions, attendance and evaluations."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.core import audit
from learnloop.core.exports import export_response
from learnloop.core.lists import Column, ListPage, joined
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import member_required, require
from learnloop.ingest import staging, surveys
from learnloop.workforce import importers, selectors, services
from learnloop.workforce.filters import CourseFilter, SessionFilter
from learnloop.workforce.forms import (
    AttendanceForm,
    AttendeeForm,
    CourseForm,
    EvaluationForm,
    SessionForm,
    SurveyImportForm,
)
from learnloop.workforce.models import Course, Evaluation, Session
from learnloop.workforce.permissions import can_raise_learning_point, can_run_training, can_see_attendee_names


def _can_edit(request: HttpRequest, m: Membership, page: Page) -> dict[str, object]:
    return {"can_edit": can_run_training(m)}


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


# Courses ------------------------------------------------------------------------------------------------


COURSES = ListPage(
    url_name="workforce:courses",
    template="workforce/course_list.html",
    rows=selectors.course_list,
    filterset=CourseFilter,
    noun="course",
    filename="training-courses",
    what="training courses",
    columns=[
        Column("Course", "title"),
        Column("Delivery", "get_delivery_display"),
        Column("Delivering agency", "agency.name"),
        Column("Audience", "audience"),
        Column("Learning outcomes", joined("outcomes", "text")),
        Column("Themes", joined("themes")),
        Column("In the current programme", "is_active"),
        Column("Sessions", "session_count"),
        Column("Attended", "attended"),
    ],
    context=_can_edit,
)
course_list = COURSES.view


@member_required
def course_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    course = selectors.course_get(m, pk)
    summary = selectors.confidence_summary(m, course)
    sessions = list(selectors.session_list(m).filter(course=course))
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:
        rows = [
            [section, r.label, r.respondents, _pct(r.before), _pct(r.after), _pct(r.change)]
            for section, rows_ in (("By agency", summary.by_agency), ("By learning outcome", summary.by_outcome))
            for r in rows_
        ]
        o = summary.overall
        rows.append(["Overall", o.label, o.respondents, _pct(o.before), _pct(o.after), _pct(o.change)])
        return export_response(
            fmt=fmt,
            filename=f"confidence-{course.pk}",
            partnership=m.partnership,
            what="confidence results",
            headers=["Breakdown", "Group", "Respondents", "Mean before", "Mean after", "Change"],
            rows=rows,
        )
    return render(
        request,
        "workforce/course_detail.html",
        {"m": m, "course": course, "summary": summary, "sessions": sessions, "can_edit": can_run_training(m)},
    )


def _course_form(request: HttpRequest, m: Membership, course: Course) -> HttpResponse:
    form = CourseForm(request.POST or None, membership=m, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_save(
                course=form.save(commit=False),
                outcomes=form.outcome_lines(),
                themes=form.cleaned_data["themes"],
                by=request.user,
            )
        except services.WorkforceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{course.title}” saved.")
            return redirect(course)
    return render(request, "workforce/course_form.html", {"m": m, "form": form, "course": course})


@member_required
def course_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_run_training(m))
    return _course_form(request, m, Course(partnership=m.partnership))


@member_required
def course_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_run_training(m))
    return _course_form(request, m, selectors.course_get(m, pk))


# Sessions -----------------------------------------------------------------------------------------------


SESSIONS = ListPage(
    url_name="workforce:sessions",
    template="workforce/session_list.html",
    rows=selectors.session_list,
    filterset=SessionFilter,
    noun="session",
    filename="training-sessions",
    what="training sessions",
    columns=[
        Column("Course", "course.title"),
        Column("Date", "date"),
        Column("Trainer", "trainer"),
        Column("Where", "where"),
        Column("Places", "places"),
        Column("Attended", "attended"),
        Column("Attendance by agency", lambda s: "; ".join(f"{a.agency.name}: {a.count}" for a in s.attendance.all())),
        Column("Evaluations", "evaluation_count"),
    ],
    context=_can_edit,
)
session_list = SESSIONS.view


@member_required
def session_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    session = selectors.session_get(m, pk)
    attendees = selectors.attendees_for(m, session)
    if attendees:
        audit.record(event=AuditEntry.Event.VIEW_CONFIDENTIAL, obj=session, detail="Viewed the named attendees")
    evaluations = selectors.evaluations_for(m, session)
    raised = selectors.raised_learning_points(m, Evaluation, [e.pk for e in evaluations])
    return render(
        request,
        "workforce/session_detail.html",
        {
            "m": m,
            "session": session,
            "outcomes": list(session.course.outcomes.all()),
            "attendees": attendees,
            "see_names": can_see_attendee_names(m),
            "evaluations": evaluations,
            "raised": raised,
            "can_edit": can_run_training(m),
            "can_raise": can_raise_learning_point(m),
        },
    )


def _session_form(request: HttpRequest, m: Membership, session: Session) -> HttpResponse:
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_save(session=form.save(commit=False), by=request.user)
        except services.WorkforceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Session saved.")
            return redirect(session)
    return render(request, "workforce/session_form.html", {"m": m, "form": form, "session": session})


@member_required
def session_create(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_run_training(m))
    course = selectors.course_get(m, pk)
    return _session_form(request, m, Session(course=course, partnership=m.partnership))


@member_required
def session_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_run_training(m))
    return _session_form(request, m, selectors.session_get(m, pk))


@member_required
def attendance_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_run_training(m))
    session = selectors.session_get(m, pk)
    if session.keeps_names:
        return redirect("workforce:attendee_add", m.partnership.slug, session.pk)
    current = {a.agency_id: a.count for a in session.attendance.all()}
    form = AttendanceForm(request.POST or None, membership=m, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_set(session=session, counts=form.counts())
        except services.WorkforceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Attendance saved.")
            return redirect(session)
    return render(request, "workforce/attendance_form.html", {"m": m, "form": form, "session": session})


@member_required
def attendee_add(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_run_training(m))
    session = selectors.session_get(m, pk)
    require(session.keeps_names)
    form = AttendeeForm(request.POST or None, membership=m)
    if request.method == "POST" and form.is_valid():
        services.attendee_add(session=session, by=request.user, **form.cleaned_data)
        messages.success(request, f"{form.cleaned_data['name']} added to the register.")
        if "add_another" in request.POST:
            return redirect("workforce:attendee_add", m.partnership.slug, session.pk)
        return redirect(session)
    return render(request, "workforce/attendee_form.html", {"m": m, "form": form, "session": session})


@member_required
def attendee_remove(request: HttpRequest, m: Membership, pk: int, attendee: int) -> HttpResponse:
    require(can_run_training(m))
    session = selectors.session_get(m, pk)
    person = selectors.attendee_get(m, session, attendee)
    if request.method == "POST":
        services.attendee_remove(attendee=person)
        messages.success(request, f"{person.name} removed from the register.")
        return redirect(session)
    return render(request, "workforce/attendee_remove.html", {"m": m, "session": session, "person": person})


# Evaluations ------------------------------------------------------------------------------------------------


@member_required
def evaluation_create(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_run_training(m))
    session = selectors.session_get(m, pk)
    form = EvaluationForm(request.POST or None, membership=m, course=session.course)
    if request.method == "POST" and form.is_valid():
        services.evaluation_save(
            session=session,
            scores=form.scores(),
            agency=form.cleaned_data["agency"],
            comments=form.cleaned_data["comments"],
            by=request.user,
        )
        messages.success(request, "Evaluation recorded.")
        if "add_another" in request.POST:
            return redirect("workforce:evaluation_create", m.partnership.slug, session.pk)
        return redirect(session)
    return render(request, "workforce/evaluation_form.html", {"m": m, "form": form, "session": session})


@member_required
def evaluation_import(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_run_training(m))
    session = selectors.session_get(m, pk)
    form = SurveyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        staged = staging.stage(
            m=m,
            kind="workforce:evaluations",
            target_id=session.pk,
            # Read at once: names and e-mail addresses are dropped before anything is kept.
            prepared=surveys.prepare(form.cleaned_data["source"], form.cleaned_data["file"]),
            filename=request.FILES["file"].name,
            options={"source": form.cleaned_data["source"]},
        )
        return redirect("workforce:evaluation_import_check", m.partnership.slug, session.pk, staged.token)
    return render(
        request,
        "workforce/evaluation_import.html",
        {"m": m, "form": form, "session": session, "outcomes": list(session.course.outcomes.all())},
    )


@member_required
def evaluation_import_check(request: HttpRequest, m: Membership, pk: int, token: str) -> HttpResponse:
    """What the uploaded evaluations would add; nothing is imported until the member accepts."""
    require(can_run_training(m))
    session = selectors.session_get(m, pk)
    staged = staging.get(m, token, kind="workforce:evaluations", target_id=session.pk)
    fmt = staged.options["source"]

    def check(data: dict) -> staging.Check:
        return importers.import_evaluations(session=session, fmt=fmt, data=data, by=request.user, dry_run=True).check()

    def run(data: dict, good_only: bool) -> str:
        result = importers.import_evaluations(session=session, fmt=fmt, data=data, by=request.user, skip_bad=good_only)
        if not result.created and result.errors:
            raise staging.NotAccepted(f"Nothing was imported: {len(result.errors)} problems in the file.")
        messages.success(request, f"Evaluations: {result.summary()}")
        for note in result.skipped:
            messages.info(request, note)
        return session.get_absolute_url()

    upload_url = reverse("workforce:evaluation_import", args=[m.partnership.slug, session.pk])
    return staging.check_page(
        request,
        m,
        staged,
        check=check,
        run=run,
        caption=f"Import evaluations for {session}",
        back_url=upload_url,
        upload_url=upload_url,
    )
