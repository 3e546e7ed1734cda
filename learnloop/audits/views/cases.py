"""The case sample, readers, a reader's reading, and moderation of a case."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.audits import selectors, services
from learnloop.audits.forms import AnswersForm, CaseForm, ModerationForm, ReaderForm
from learnloop.audits.models import Audit, CaseReading
from learnloop.audits.permissions import can_complete_reading, can_run_audit, can_see_case_reference
from learnloop.audits.sampling import sample_can_change
from learnloop.core import audit as audit_log
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import member_required, require


@member_required
def case_create(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    require(can_run_audit(m, audit))
    form = CaseForm(request.POST or None, membership=m)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_add(audit=audit, by=request.user, **form.cleaned_data)
        except services.AuditError as error:
            form.add_error("local_case_reference", str(error))
        else:
            messages.success(request, f"{case.label} added to the sample. Now assign its readers.")
            return redirect("audits:case", m.partnership.slug, audit.number, case.number)
    return render(request, "audits/case_form.html", {"m": m, "form": form, "audit": audit})


@member_required
def case_detail(request: HttpRequest, m: Membership, number: int, case_number: int) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    case = selectors.case_get(m, audit, case_number)
    readings = selectors.case_readings_for_moderation(case)
    readers = {r.reader_id for r in readings}
    show_reference = can_see_case_reference(m, audit, readers)
    if show_reference:
        audit_log.record(event=AuditEntry.Event.VIEW_CONFIDENTIAL, obj=case, detail="Saw the local case reference")
    runs = can_run_audit(m, audit)
    return render(
        request,
        "audits/case_detail.html",
        {
            "m": m,
            "audit": audit,
            "case": case,
            "readings": readings,
            "show_reference": show_reference,
            "runs": runs,
            "reader_form": ReaderForm(membership=m, audit=audit) if runs else None,
            "can_change_sample": runs and sample_can_change(audit),
            "can_remove_case": runs
            and sample_can_change(audit)
            and not case.is_moderated
            and all(r.status == CaseReading.Status.NOT_STARTED for r in readings),
            "can_moderate": runs
            and audit.status in {Audit.Status.RUNNING, Audit.Status.MODERATING}
            and any(r.is_submitted for r in readings),
        },
    )


@member_required
def reader_assign(request: HttpRequest, m: Membership, number: int, case_number: int) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    require(can_run_audit(m, audit))
    case = selectors.case_get(m, audit, case_number)
    form = ReaderForm(request.POST or None, membership=m, audit=audit)
    if request.method == "POST" and form.is_valid():
        try:
            reading = services.reader_assign(
                case=case, reader=form.cleaned_data["reader"], agency=form.cleaned_data["agency"], by=request.user
            )
        except services.AuditError as error:
            form.add_error("reader", str(error))
        else:
            messages.success(request, f"{reading.reader} will read {case.label} for {reading.agency.name}.")
            return redirect("audits:case", m.partnership.slug, audit.number, case.number)
    return render(request, "audits/reader_form.html", {"m": m, "form": form, "audit": audit, "case": case})


@member_required
def reading(request: HttpRequest, m: Membership, number: int, pk: int) -> HttpResponse:
    """The reader completes the tool for their agency's part, saving a draft as they go."""
    audit = selectors.audit_get(m, number)
    reading = selectors.reading_get(m, audit, pk)
    editable = can_complete_reading(m, reading) and audit.status == Audit.Status.RUNNING and not reading.is_submitted
    if request.method == "POST":
        require(editable)
    _, questions = selectors.tool_questions(audit.tool)
    answers = selectors.reading_answers(reading)
    form = AnswersForm(request.POST or None, questions=questions, answers=answers)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.reading_save(reading=reading, answers=form.answers(), submit=submit, by=request.user)
        except services.AnswersInvalid as error:
            form.add_question_errors(error.errors)
        except services.AuditError as error:
            form.add_error(None, str(error))
        else:
            if submit:
                messages.success(request, f"Your reading of {reading.case.label} is submitted. Thank you.")
                return redirect(audit)
            messages.success(request, "Draft saved. You can come back to it at any time before the due date.")
            return redirect("audits:reading", m.partnership.slug, audit.number, reading.pk)
    readers = {r.reader_id for r in selectors.case_readings_for_moderation(reading.case)}
    show_reference = can_see_case_reference(m, audit, readers)
    audit_log.record(
        event=AuditEntry.Event.VIEW_CONFIDENTIAL,
        obj=reading,
        detail="Opened a case reading and saw the local case reference" if show_reference else "Opened a case reading",
    )
    return render(
        request,
        "audits/reading_form.html",
        {
            "m": m,
            "audit": audit,
            "reading": reading,
            "case": reading.case,
            "form": form,
            "editable": editable,
            "show_reference": show_reference,
            "sections": _by_section(form.rows()),
        },
    )


def _by_section(rows: list) -> list:
    grouped: list = []
    for row in rows:
        section = row[0].section if isinstance(row, tuple) else row["question"].section
        if not grouped or grouped[-1][0].pk != section.pk:
            grouped.append((section, []))
        grouped[-1][1].append(row)
    return grouped


@member_required
def case_moderate(request: HttpRequest, m: Membership, number: int, case_number: int) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    require(can_run_audit(m, audit) and audit.status in {Audit.Status.RUNNING, Audit.Status.MODERATING})
    case = selectors.case_get(m, audit, case_number)
    readings = selectors.case_readings_for_moderation(case)
    submitted = [r for r in readings if r.status == CaseReading.Status.SUBMITTED]
    require(bool(submitted))
    _, questions = selectors.tool_questions(audit.tool)
    form = ModerationForm(
        request.POST or None,
        questions=questions,
        answers=selectors.moderated_answers(case),
        readings=submitted,
        initial={"note": case.moderation_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_moderate(
                case=case, agreed=form.answers(), notes=form.notes(), note=form.cleaned_data["note"], by=request.user
            )
        except services.AnswersInvalid as error:
            form.add_question_errors(error.errors)
        except services.AuditError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{case.label} moderated.")
            return redirect(audit)
    return render(
        request,
        "audits/moderation_form.html",
        {
            "m": m,
            "audit": audit,
            "case": case,
            "form": form,
            "readings": submitted,
            "waiting": [r for r in readings if r.status != CaseReading.Status.SUBMITTED],
            "sections": _by_section(form.moderation_rows()),
        },
    )
