"""Results: the page, the report (Word, PDF), the figures (CSV, Excel), and feeding the loop."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from learnloop.accounts.models import Membership
from learnloop.audits import charts, findings, reports, results_cache, selectors, services
from learnloop.audits.forms import FindingForm, ImpactAttachForm, SummaryForm
from learnloop.audits.models import SCALE, Audit
from learnloop.audits.permissions import can_manage_audits, can_raise_findings, can_run_audit, can_see_comments
from learnloop.core import audit as audit_log
from learnloop.core import documents
from learnloop.core.exports import export_response
from learnloop.core.models import AuditEntry
from learnloop.core.pagecache import kept_page
from learnloop.core.scoping import member_required, require
from learnloop.partnership.models import Responsibility, Subgroup


def _report(m: Membership, audit: Audit) -> tuple[reports.Report, bool]:
    with_comments = can_see_comments(m, audit, selectors.is_reader(m, audit))
    results = selectors.audit_results(m, audit, with_comments=with_comments)
    comparison = selectors.audit_comparison(m, audit, results)
    return reports.build_report(audit, results, comparison), with_comments


@member_required
@kept_page
def results(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    with_comments = can_see_comments(m, audit, selectors.is_reader(m, audit))
    key = results_cache.results_key(audit, with_comments)
    found = selectors.audit_results(m, audit, with_comments=with_comments, key=key)
    report = reports.build_report(audit, found, selectors.audit_comparison(m, audit, found))
    # The tables by question (most of the page) are drawn from the results alone.
    tables = results_cache.cached_fragment(
        key, "tables", lambda: render_to_string("audits/_results_tables.html", {"results": found})
    )
    runs = can_run_audit(m, audit)
    return render(
        request,
        "audits/results.html",
        {
            "m": m,
            "audit": audit,
            "results": report.results,
            "tables": tables,
            "comparison": report.comparison,
            "share_svg": charts.svg_data_uri(report.share_spec),
            "comparison_svg": charts.svg_data_uri(report.comparison_spec),
            "with_comments": with_comments,
            "scale": sorted(SCALE.items(), reverse=True),
            "runs": runs,
            "can_raise": can_raise_findings(m, audit) and audit.status == Audit.Status.COMPLETE,
            "can_attach": can_manage_audits(m) and audit.status == Audit.Status.COMPLETE and bool(report.comparison),
            "can_reaudit": can_manage_audits(m) and audit.status == Audit.Status.COMPLETE,
            "reaudits": list(audit.reaudits.all()),
        },
    )


@member_required
def results_export(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    fmt = request.GET.get("export")
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    results = selectors.audit_results(m, audit, with_comments=False)
    return export_response(
        fmt=fmt,
        filename=f"{audit.reference.lower()}-results",
        headers=reports.RESULT_HEADERS,
        rows=reports.result_rows(results),
        partnership=m.partnership,
        what="audit results",
    )


@member_required
def report_download(request: HttpRequest, m: Membership, number: int, fmt: str) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    report, with_comments = _report(m, audit)
    if fmt == "pdf":
        content = reports.pdf_bytes(report, m=m, with_comments=with_comments)
    elif fmt == "docx":
        content = reports.docx_bytes(report, m=m, with_comments=with_comments)
    else:
        raise Http404
    response = documents.download(content, f"{audit.reference.lower()}-report.{fmt}")
    audit_log.record(event=AuditEntry.Event.EXPORT, obj=audit, detail=f"Exported the audit report as {fmt.upper()}")
    return response


@member_required
def summary_edit(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    require(can_run_audit(m, audit))
    form = SummaryForm(
        request.POST or None,
        initial={"strengths": audit.strengths, "areas_for_improvement": audit.areas_for_improvement},
    )
    if request.method == "POST" and form.is_valid():
        services.audit_summary_save(audit=audit, by=request.user, **form.cleaned_data)
        messages.success(request, "Strengths and areas for improvement saved.")
        return redirect("audits:results", m.partnership.slug, audit.number)
    return render(request, "audits/summary_form.html", {"m": m, "form": form, "audit": audit})


@member_required
def finding_create(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    """Raise a learning point (and its first action) from the audit's findings, in one step."""
    audit = selectors.audit_get(m, number)
    require(can_raise_findings(m, audit) and audit.status == Audit.Status.COMPLETE)
    initial = {
        "subgroup": Subgroup.objects.filter(partnership_id=m.partnership_id, responsibility=Responsibility.MISE).first()
    }
    question = None
    if key := request.GET.get("question"):
        question = audit.tool.questions.filter(key=key).prefetch_related("themes").first()
    if question is not None:
        initial |= {
            "title": question.text[:200],
            "themes": list(question.themes.all()),
            "kind": "improvement",
            "agencies": list(audit.agencies.all()),
        }
    if FindingForm.wants_suggestions(request):
        form, suggestions = FindingForm.with_suggestions(request, m)
        context = {"m": m, "form": form, "audit": audit, "question": question}
        return render(request, "audits/finding_form.html", context | {"suggestions": suggestions, "suggested": True})
    form = FindingForm(request.POST or None, membership=m, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lp, action = findings.finding_raise(
                audit=audit,
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                themes=data["themes"],
                agencies=data["agencies"],
                subgroup=data["subgroup"],
                action_title=data["action_title"],
                action_owner_agency=data["action_owner_agency"],
                action_due_date=data["action_due_date"],
                action_success_measure=data["action_success_measure"],
                by=request.user,
            )
        except services.AuditError as error:
            form.add_error(None, str(error))
        else:
            done = f"{lp.reference} raised from {audit.reference}"
            messages.success(request, f"{done}, with action {action.reference}." if action else f"{done}.")
            return redirect(lp)
    return render(request, "audits/finding_form.html", {"m": m, "form": form, "audit": audit, "question": question})


@member_required
def comparison_attach(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    """Attach the re-audit's comparison to learning points or actions as impact evidence."""
    audit = selectors.audit_get(m, number)
    require(can_manage_audits(m) and audit.status == Audit.Status.COMPLETE and audit.previous_audit_id is not None)
    results = selectors.audit_results(m, audit, with_comments=False)
    rows = selectors.audit_comparison(m, audit, results) or []
    form = ImpactAttachForm(request.POST or None, membership=m, previous=audit.previous_audit)
    if request.method == "POST" and form.is_valid():
        try:
            impact = findings.comparison_attach(
                audit=audit,
                rows=rows,
                learning_points=form.cleaned_data["learning_points"],
                actions=form.cleaned_data["actions"],
                conclusion=form.cleaned_data["conclusion"],
                by=request.user,
            )
        except services.AuditError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The re-audit comparison is recorded as impact evidence.")
            return redirect(impact)
    before, after = findings.comparison_text(rows)
    return render(
        request,
        "audits/impact_form.html",
        {"m": m, "form": form, "audit": audit, "rows": rows, "before": before, "after": after},
    )
