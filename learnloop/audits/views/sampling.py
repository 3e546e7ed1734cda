"""Adding cases to an audit's sample from a registered case list, and taking them out again."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from learnloop.accounts.models import Membership
from learnloop.audits import sampling, selectors, services
from learnloop.audits.forms import PickCasesForm
from learnloop.audits.permissions import can_run_audit
from learnloop.core.registry import case_sources
from learnloop.core.scoping import member_required, require


@member_required
def case_lists(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    """The registered case lists to pick from; straight to the list when there is only one."""
    audit = selectors.audit_get(m, number)
    sources = case_sources()
    require(can_run_audit(m, audit) and sampling.sample_can_change(audit) and bool(sources))
    if len(sources) == 1:
        return redirect("audits:cases_from_list", m.partnership.slug, audit.number, sources[0].key)
    return render(request, "audits/case_lists.html", {"m": m, "audit": audit, "sources": sources})


@member_required
def cases_from_list(request: HttpRequest, m: Membership, number: int, source_key: str) -> HttpResponse:
    audit = selectors.audit_get(m, number)
    require(can_run_audit(m, audit) and sampling.sample_can_change(audit))
    source = sampling.source_get(source_key)
    periods = list(source.periods(m))
    asked = (request.POST if request.method == "POST" else request.GET).get("period", "")
    period = asked if asked in periods else (periods[0] if periods else "")
    candidates = sampling.candidate_rows(m, source, period)
    form = PickCasesForm(
        request.POST or None, membership=m, candidates=candidates, sampled=sampling.sampled_keys(audit, source)
    )
    if request.method == "POST" and form.is_valid():
        try:
            cases = sampling.cases_add_from_source(
                audit=audit,
                source=source,
                period=period,
                picks=form.picks(),
                agency=form.cleaned_data["agency"],
                by=request.user,
            )
        except sampling.PicksInvalid as error:
            form.add_row_errors(error.errors)
            form.add_error(None, str(error))
        except services.AuditError as error:
            form.add_error(None, str(error))
        else:
            n = len(cases)
            messages.success(
                request,
                f"{n} case{'s' if n != 1 else ''} added to the sample from {source.title}. Now assign their readers.",
            )
            return redirect(audit)
    return render(
        request,
        "audits/cases_from_list.html",
        {
            "m": m,
            "audit": audit,
            "source": source,
            "periods": periods,
            "period": period,
            "form": form,
            "rows": form.bound_rows(),
            "open_rows": sum(1 for row in form.rows if not row["in_sample"]),
        },
    )


@member_required
def case_remove(request: HttpRequest, m: Membership, number: int, case_number: int) -> HttpResponse:
    """Confirm, then take a case that no reader has started out of the sample."""
    audit = selectors.audit_get(m, number)
    require(can_run_audit(m, audit))
    case = selectors.case_get(m, audit, case_number)
    error = ""
    if request.method == "POST":
        try:
            services.case_remove(case=case, by=request.user)
        except services.AuditError as problem:
            error = str(problem)
        else:
            messages.success(request, f"{case.label} removed from the sample.")
            return redirect(audit)
    return render(request, "audits/case_remove.html", {"m": m, "audit": audit, "case": case, "error": error})


@require_POST
@member_required
def reading_remove(request: HttpRequest, m: Membership, number: int, pk: int) -> HttpResponse:
    """Take a reader who has not started off a case."""
    audit = selectors.audit_get(m, number)
    require(can_run_audit(m, audit))
    reading = selectors.reading_get(m, audit, pk)
    try:
        services.reading_remove(reading=reading, by=request.user)
    except services.AuditError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"{reading.reader.full_name} no longer reads {reading.case.label}.")
    return redirect("audits:case", m.partnership.slug, audit.number, reading.case.number)
