"""What difference have we made: the claims page, and checking one impact evaluation's claim."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_edit_record
from learnloop.core.registry import EVIDENCE_KINDS, evidence_kinds
from learnloop.core.scoping import member_required, require
from learnloop.impact import checks, selectors, services
from learnloop.impact.forms import EvidenceForm, KindForm, VerdictForm
from learnloop.impact.models import EvidenceItem, Verdict


@require_GET
@member_required
def difference(request: HttpRequest, m: Membership) -> HttpResponse:
    by = request.GET.get("by", "theme")
    if by not in {"theme", "source"}:
        by = "theme"
    claims = selectors.impact_claims(m.partnership, m)
    counts = {
        status: sum(1 for c in claims if c.result.status == status)
        for status in (checks.AGREES, checks.CONTRADICTED, checks.NOT_CHECKED)
    }
    context = {
        "m": m,
        "by": by,
        "groups": selectors.grouped(claims, by),
        "claims": claims,
        "counts": counts,
        "rule": checks.RULE,
        "kinds": evidence_kinds(),
    }
    return render(request, "impact/difference.html", context)


def _may_edit(m: Membership, claim: selectors.CheckedClaim) -> bool:
    return can_edit_record(m, claim.impact) and not claim.story_hidden


@member_required
def claim_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    claim = selectors.claim_get(m, pk)
    may_edit = _may_edit(m, claim)
    form = VerdictForm(initial={"verdict": claim.verdict or None})
    if request.method == "POST":
        require(may_edit)
        form = VerdictForm(request.POST)
        if form.is_valid():
            services.claim_set_verdict(impact=claim.impact, verdict=form.cleaned_data["verdict"], by=request.user)
            messages.success(request, f"Verdict saved: {Verdict(form.cleaned_data['verdict']).label}.")
            return redirect("impact:claim", slug=m.partnership.slug, pk=pk)
    context = {"m": m, "claim": claim, "may_edit": may_edit, "form": form, "rule": checks.RULE}
    return render(request, "impact/claim.html", context)


@member_required
def evidence_add(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    claim = selectors.claim_get(m, pk)
    require(_may_edit(m, claim))
    kind = EVIDENCE_KINDS.get(request.GET.get("kind", ""))
    if kind is None:
        kind_form = KindForm(request.GET or None)
        return render(request, "impact/evidence_kind.html", {"m": m, "claim": claim, "form": kind_form})
    options = kind.options(m)
    periods = kind.periods(m) if kind.periods else None
    form = EvidenceForm(request.POST or None, kind=kind, options=options, periods=periods)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_add(
                impact=claim.impact,
                kind=kind.key,
                ref=form.cleaned_data["ref"],
                before=form.cleaned_data.get("before", ""),
                after=form.cleaned_data.get("after", ""),
                options=[ref for ref, _ in options],
                periods=periods,
                by=request.user,
            )
        except services.ImpactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Evidence linked.")
            return redirect("impact:claim", slug=m.partnership.slug, pk=pk)
    return render(request, "impact/evidence_form.html", {"m": m, "claim": claim, "form": form, "kind": kind})


@require_POST
@member_required
def evidence_remove(request: HttpRequest, m: Membership, pk: int, item: int) -> HttpResponse:
    claim = selectors.claim_get(m, pk)
    require(_may_edit(m, claim))
    found = EvidenceItem.objects.filter(impact=claim.impact, pk=item).first()
    if found is None:
        raise Http404("No such evidence.")
    services.evidence_remove(item=found, by=request.user)
    messages.success(request, "Evidence removed.")
    return redirect("impact:claim", slug=m.partnership.slug, pk=pk)
