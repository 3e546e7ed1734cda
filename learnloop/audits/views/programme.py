"""The year's audit programme: the list, planning an audit, one audit and its status."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from learnloop.accounts.models import Membership
from learnloop.audits import selectors, services
from learnloop.audits.filters import ProgrammeFilter
from learnloop.audits.forms import AuditForm, ReauditForm, StatusForm, _current_year
from learnloop.audits.models import Audit
from learnloop.audits.permissions import can_manage_audits, can_run_audit, can_see_case_reference
from learnloop.audits.sampling import sample_can_change
from learnloop.core import audit as audit_log
from learnloop.core.lists import Column, ListPage, joined
from learnloop.core.models import AuditEntry
from learnloop.core.registry import case_sources
from learnloop.core.scoping import member_required, require
from learnloop.core.text import mid_sentence

STATE_TAGS = {
    "planned": ("Planned", "govuk-tag--grey"),
    "due": ("Due to start", "govuk-tag--yellow"),
    "running": ("Running", "govuk-tag--blue"),
    "moderating": ("Moderating", "govuk-tag--purple"),
    "late": ("Late", "govuk-tag--red"),
    "done": ("Done", "govuk-tag--green"),
    "cancelled": ("Cancelled", "govuk-tag--grey"),
}


def _programme_columns(m: Membership) -> list[Column]:
    today = timezone.localdate()
    return [
        Column("Reference", "reference"),
        Column("Topic", "title"),
        Column("Tool", lambda a: str(a.tool)),
        Column("Agencies taking part", joined("agencies", separator=", ")),
        Column("Audit lead", "lead.full_name"),
        Column("Sample size", "sample_size"),
        Column("Selection criteria", "selection_criteria"),
        Column("Planned start", "planned_start"),
        Column("Readings due", "due_date"),
        Column("Report due", "report_due"),
        Column("Status", "get_status_display"),
        Column("Where it stands", lambda a: STATE_TAGS[a.progress_state(today)][0]),
        Column("Cases", "case_count"),
        Column("Readings submitted", "submitted_count"),
        Column("Readings assigned", "reading_count"),
        Column("Re-audit of", "previous_audit.reference"),
    ]


def _programme_page(request: HttpRequest, m: Membership, page: Page) -> dict[str, object]:
    today = timezone.localdate()
    for audit in page:
        audit.state = STATE_TAGS[audit.progress_state(today)]
    year = _current_year(today)
    return {
        "year": year,
        "year_label": f"April {year} to March {year + 1}",
        "summary": selectors.programme_summary(m, year, today),
        "summary_states": [(s, STATE_TAGS[s][0]) for s in ("planned", "due", "running", "late", "done")],
        "can_manage": can_manage_audits(m),
    }


PROGRAMME = ListPage(
    url_name="audits:programme",
    template="audits/programme.html",
    rows=selectors.audit_list,
    filterset=ProgrammeFilter,
    noun="audit",
    filename="audit-programme",
    columns=_programme_columns,
    context=_programme_page,
)
programme = PROGRAMME.view


@member_required
def audit_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_manage_audits(m))
    services.tools_seed(partnership=m.partnership, by=request.user)
    form = AuditForm(request.POST or None, membership=m, instance=Audit(partnership=m.partnership))
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_save(
                audit=form.save(commit=False), agencies=form.cleaned_data["agencies"], by=request.user
            )
        except services.AuditError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{audit.reference} added to the programme. Now add its cases and readers.")
            return redirect(audit)
    return render(request, "audits/audit_form.html", {"m": m, "form": form, "audit": None})


@member_required
def audit_edit(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    require(can_run_audit(m, audit))
    form = AuditForm(request.POST or None, membership=m, instance=audit)
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_save(audit=form.save(commit=False), agencies=form.cleaned_data["agencies"], by=request.user)
        except services.AuditError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{audit.reference} saved.")
            return redirect(audit)
    return render(request, "audits/audit_form.html", {"m": m, "form": form, "audit": audit})


@member_required
def audit_detail(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    today = timezone.localdate()
    cases = selectors.audit_cases(m, audit)
    runs = can_run_audit(m, audit)
    for case in cases:
        readers = {r.reader_id for r in case.readings.all()}
        case.show_reference = can_see_case_reference(m, audit, readers)
        case.my_readings = [r for r in case.readings.all() if r.reader_id == m.user_id]
        case.submitted = sum(1 for r in case.readings.all() if r.is_submitted)
    shown = [c for c in cases if c.show_reference]
    if shown:
        audit_log.record(
            event=AuditEntry.Event.VIEW_CONFIDENTIAL,
            obj=audit,
            detail=f"Saw the local references of {len(shown)} case{'s' if len(shown) != 1 else ''}",
        )
    counts = selectors.audit_list(m).filter(pk=audit.pk).first()
    return render(
        request,
        "audits/audit_detail.html",
        {
            "m": m,
            "audit": audit,
            "cases": cases,
            "counts": counts,
            "state": STATE_TAGS[audit.progress_state(today)],
            # One tag says where the audit is; a late audit also says which stage it is late in.
            "state_note": f"Still {mid_sentence(audit.get_status_display())}."
            if audit.progress_state(today) == "late"
            else "",
            "runs": runs,
            "can_manage": can_manage_audits(m),
            "next_statuses": _next_statuses(audit),
            "has_case_lists": runs and sample_can_change(audit) and bool(case_sources()),
        },
    )


def _next_statuses(audit: Audit) -> list[tuple[str, str]]:
    words = {
        Audit.Status.RUNNING: "Start the audit" if audit.status == Audit.Status.PLANNED else "Reopen readings",
        Audit.Status.MODERATING: "Close readings and moderate"
        if audit.status == Audit.Status.RUNNING
        else "Reopen moderation",
        Audit.Status.COMPLETE: "Complete the audit",
        Audit.Status.CANCELLED: "Cancel the audit",
        Audit.Status.PLANNED: "Restore to the programme",
    }
    order = [
        Audit.Status.RUNNING,
        Audit.Status.MODERATING,
        Audit.Status.COMPLETE,
        Audit.Status.PLANNED,
        Audit.Status.CANCELLED,
    ]
    return [(str(s), words[s]) for s in order if audit.can_move_to(s)]


@require_POST
@member_required
def audit_status(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    require(can_run_audit(m, audit))
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what happens next to the audit.")
        return redirect(audit)
    try:
        audit = services.audit_set_status(audit=audit, status=form.cleaned_data["status"], by=request.user)
    except services.AuditError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{audit.reference} is now {mid_sentence(audit.get_status_display())}.")
    return redirect(audit)


@member_required
def reaudit_create(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    require(can_manage_audits(m) and audit.status == Audit.Status.COMPLETE)
    form = ReauditForm(request.POST or None, initial={"title": f"Re-audit: {audit.title}"})
    if request.method == "POST" and form.is_valid():
        new = services.reaudit_plan(
            audit=audit,
            title=form.cleaned_data["title"],
            planned_start=form.cleaned_data["planned_start"],
            due_date=form.cleaned_data["due_date"],
            by=request.user,
        )
        messages.success(request, f"{new.reference} planned as a re-audit of {audit.reference}.")
        return redirect(new)
    return render(request, "audits/reaudit_form.html", {"m": m, "form": form, "audit": audit})
