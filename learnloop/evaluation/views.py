"""Self-evaluation pages: the list by year, the overview, grading one item with its evidence,
issuing, and the downloads (Word, PDF and the inspection evidence pack)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from learnloop.accounts.models import Membership
from learnloop.core import audit
from learnloop.core.documents import download
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import member_required, require
from learnloop.evaluation import access, content, documents, evidence, pack, selectors, services
from learnloop.evaluation.forms import CreateForm, DraftersForm, IssueForm, JudgementForm
from learnloop.evaluation.models import EvidenceLink, Grade


@member_required
def index(request: HttpRequest, m: Membership) -> HttpResponse:
    form = CreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(access.can_manage(m))
        if form.is_valid():
            try:
                se = services.self_evaluation_create(
                    partnership=m.partnership, year=form.cleaned_data["year"], by=request.user
                )
            except services.EvaluationError as error:
                form.add_error("year", str(error))
            else:
                messages.success(request, f"Self-evaluation {se.year} started.")
                return redirect("evaluation:detail", slug=m.partnership.slug, year=se.year)
    rows = [
        {"se": se, "can_draft": access.can_draft(m, se), "latest": selectors.issued_versions(se).first()}
        for se in selectors.self_evaluations_visible(m).prefetch_related("issues")
    ]
    return render(
        request,
        "evaluation/index.html",
        {"m": m, "rows": rows, "form": form, "can_manage": access.can_manage(m)},
    )


@member_required
def detail(request: HttpRequest, m: Membership, year: int) -> HttpResponse:
    se = selectors.self_evaluation_get(m, year)
    versions = list(selectors.issued_versions(se)) if access.can_read_issued(m, se) else []
    if access.can_draft(m, se):
        data = content.build(se, m)
        return render(
            request,
            "evaluation/detail.html",
            {"m": m, "se": se, "data": data, "versions": versions, "can_manage": access.can_manage(m)},
        )
    if not versions:
        raise Http404
    return redirect("evaluation:issued", slug=m.partnership.slug, year=year, version=versions[0].version)


@member_required
def issued(request: HttpRequest, m: Membership, year: int, version: int) -> HttpResponse:
    se = selectors.self_evaluation_get(m, year)
    found = selectors.issued_get(m, se, version)
    versions = list(selectors.issued_versions(se))
    return render(
        request,
        "evaluation/issued.html",
        {
            "m": m,
            "se": se,
            "issued": found,
            "versions": versions,
            "html": documents.to_html(found.content),
            "can_draft": access.can_draft(m, se),
        },
    )


@member_required
def judgement(request: HttpRequest, m: Membership, year: int, code: str) -> HttpResponse:
    se = selectors.draft_get(m, year)
    found = selectors.judgement_get(se, code)
    form = JudgementForm(
        request.POST if request.method == "POST" else None,
        initial={"grade": found.grade, "evaluation": found.evaluation},
    )
    if request.method == "POST" and form.is_valid():
        services.judgement_save(
            judgement=found, grade=form.cleaned_data["grade"], evaluation=form.cleaned_data["evaluation"]
        )
        messages.success(request, f"{found.item.code} saved.")
        return redirect("evaluation:judgement", slug=m.partnership.slug, year=year, code=code)
    linked = evidence.linked_records(m, found.evidence.all())
    suppressed = not access.can_see_small_numbers(m)
    before = selectors.previous(se)
    last = None
    if before is not None:
        last_judgement = before.judgements.filter(item__code=code).first()
        if last_judgement is not None:
            last = {
                "year": before.year,
                "grade": content.grade_label(last_judgement.grade),
                "evaluation": last_judgement.evaluation,
                "evidence": [
                    evidence.describe(k, r, m, suppressed=suppressed)
                    for _, k, r in evidence.linked_records(m, last_judgement.evidence.all())
                ],
            }
    context = {
        "m": m,
        "se": se,
        "judgement": found,
        "item": found.item,
        "form": form,
        "linked": [(link, evidence.describe(k, r, m, suppressed=suppressed)) for link, k, r in linked],
        "suggested": [
            (s, evidence.describe(s.kind, s.record, m, suppressed=suppressed))
            for s in evidence.suggestions(m, item=found.item, linked=linked)
        ],
        "kinds": sorted(evidence.KINDS.values(), key=lambda k: k.order),
        "last": last,
        "scale": Grade.choices,
    }
    return render(request, "evaluation/judgement.html", context)


def _record_for(m: Membership, kind_key: str, record_id: str) -> tuple[evidence.EvidenceKind, object]:
    kind = evidence.KINDS.get(kind_key)
    if kind is None or not record_id.isdigit():
        raise Http404
    record = kind.visible(m).filter(pk=int(record_id)).first()
    if record is None:
        raise Http404
    return kind, record


@require_POST
@member_required
def evidence_accept(request: HttpRequest, m: Membership, year: int, code: str) -> HttpResponse:
    """Link one record (a suggestion accepted, or a record chosen from a list)."""
    se = selectors.draft_get(m, year)
    found = selectors.judgement_get(se, code)
    origin = request.POST.get("origin", EvidenceLink.Origin.CHOSEN)
    if origin not in EvidenceLink.Origin.values:
        origin = EvidenceLink.Origin.CHOSEN
    ids = request.POST.getlist("record") or [request.POST.get("record_id", "")]
    kind_key = request.POST.get("kind", "")
    added = 0
    for record_id in ids:
        kind, record = _record_for(m, kind_key, record_id)
        services.evidence_link(judgement=found, kind=kind.key, record=record, origin=origin, by=request.user)
        added += 1
    messages.success(request, f"{added} record{'s' if added != 1 else ''} linked as evidence for {found.item.code}.")
    return redirect("evaluation:judgement", slug=m.partnership.slug, year=year, code=code)


@member_required
def evidence_choose(request: HttpRequest, m: Membership, year: int, code: str, kind: str) -> HttpResponse:
    """Pick records of one kind to link, for evidence no suggestion offered."""
    se = selectors.draft_get(m, year)
    found = selectors.judgement_get(se, code)
    chosen_kind = evidence.KINDS.get(kind)
    if chosen_kind is None:
        raise Http404
    query = request.GET.get("q", "").strip()
    suppressed = not access.can_see_small_numbers(m)
    rows = chosen_kind.visible(m).order_by("-pk")
    described = [evidence.describe(chosen_kind, r, m, suppressed=suppressed) for r in rows[:200]]
    if query:
        described = [d for d in described if query.lower() in f"{d.reference} {d.title} {d.summary}".lower()]
    return render(
        request,
        "evaluation/evidence_choose.html",
        {
            "m": m,
            "se": se,
            "judgement": found,
            "item": found.item,
            "kind": chosen_kind,
            "records": described[:50],
            "q": query,
        },
    )


@require_POST
@member_required
def evidence_remove(request: HttpRequest, m: Membership, year: int, code: str, pk: int) -> HttpResponse:
    se = selectors.draft_get(m, year)
    found = selectors.judgement_get(se, code)
    link = found.evidence.filter(pk=pk).first()
    if link is None:
        raise Http404
    services.evidence_unlink(link=link)
    messages.success(request, "Evidence removed.")
    return redirect("evaluation:judgement", slug=m.partnership.slug, year=year, code=code)


@member_required
def drafters(request: HttpRequest, m: Membership, year: int) -> HttpResponse:
    require(access.can_manage(m))
    se = selectors.self_evaluation_get(m, year)
    form = DraftersForm(
        request.POST if request.method == "POST" else None,
        partnership=m.partnership,
        initial={"drafters": list(se.drafters.all())},
    )
    if request.method == "POST" and form.is_valid():
        services.drafters_set(self_evaluation=se, users=list(form.cleaned_data["drafters"]))
        messages.success(request, "People drafting saved.")
        return redirect("evaluation:detail", slug=m.partnership.slug, year=year)
    return render(request, "evaluation/drafters.html", {"m": m, "se": se, "form": form})


@member_required
def issue(request: HttpRequest, m: Membership, year: int) -> HttpResponse:
    require(access.can_manage(m))
    se = selectors.self_evaluation_get(m, year)
    already = se.issues.exists()
    form = IssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            issued_version = services.self_evaluation_issue(
                self_evaluation=se, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.EvaluationError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, f"Self-evaluation {year} issued as version {issued_version.version}.")
            return redirect("evaluation:issued", slug=m.partnership.slug, year=year, version=issued_version.version)
    return render(request, "evaluation/issue.html", {"m": m, "se": se, "form": form, "already": already})


def _data_for(request: HttpRequest, m: Membership, year: int) -> dict:
    se = selectors.self_evaluation_get(m, year)
    version = request.GET.get("version", "")
    try:
        if request.GET.get("draft"):
            return documents.content_for(se, m, draft=True)
        return documents.content_for(se, m, version=int(version) if version.isdigit() else None)
    except documents.NotAvailable:
        raise Http404 from None


@member_required
def download_document(request: HttpRequest, m: Membership, year: int, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "docx"):
        raise Http404
    data = _data_for(request, m, year)
    body = documents.render(data, fmt)
    which = f"version {data['issue']['version']}" if data.get("issue") else "draft"
    audit.record(
        event=AuditEntry.Event.EXPORT,
        partnership=m.partnership,
        detail=f"Downloaded self-evaluation {year} ({which}) as {fmt.upper()}",
    )
    suffix = f"-v{data['issue']['version']}" if data.get("issue") else "-draft"
    return download(body, f"self-evaluation-{year}{suffix}.{fmt}")


@member_required
def evidence_pack(request: HttpRequest, m: Membership, year: int) -> HttpResponse:
    data = _data_for(request, m, year)
    spool = pack.build_pack(data, m)
    which = f"version {data['issue']['version']}" if data.get("issue") else "draft"
    audit.record(
        event=AuditEntry.Event.EXPORT,
        partnership=m.partnership,
        detail=f"Downloaded the inspection evidence pack for self-evaluation {year} ({which})",
    )
    response = FileResponse(
        spool, as_attachment=True, filename=f"self-evaluation-{year}-evidence-pack.zip", content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
