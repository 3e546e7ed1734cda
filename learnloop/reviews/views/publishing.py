"""Publishing learning: write the summary, check it for identifiers, publish it, export it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from learnloop.accounts.models import Membership
from learnloop.core import audit, documents
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import member_required, require
from learnloop.core.text import mid_sentence
from learnloop.reviews import exports, selectors, services
from learnloop.reviews import permissions as perms
from learnloop.reviews.forms import AcceptFindingForm, PublicationForm, WithdrawForm
from learnloop.reviews.models import Publication


@member_required
def publication_edit(request: HttpRequest, m: Membership, number: int, pk: int | None = None) -> HttpResponse:
    review = selectors.review_get(m, number)
    require(perms.can_edit_review(m, review))
    instance = Publication(review=review, title=review.title)
    if pk is not None:
        instance = selectors.publication_get(m, review, pk)
        require(instance.status in {Publication.Status.DRAFT, Publication.Status.READY})
    form = PublicationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        publication = services.publication_save(publication=form.save(commit=False), by=request.user)
        messages.success(request, "Saved. Now check it for anything that could identify the child or family.")
        return redirect("reviews:publication", m.partnership.slug, review.number, publication.pk)
    context = {
        "m": m,
        "review": review,
        "form": form,
        "heading": "Write the public summary or learning briefing" if pk is None else "Edit the text",
        "submit": "Save and check",
    }
    return render(request, "reviews/part_form.html", context)


@member_required
def publication_detail(request: HttpRequest, m: Membership, number: int, pk: int) -> HttpResponse:
    """The text, the redaction check's findings and what can be done next."""
    review = selectors.review_get(m, number)
    publication = selectors.publication_get(m, review, pk)
    can_edit = perms.can_edit_review(m, review)
    findings = services.redaction_findings(publication) if can_edit else []
    accepted = {(r.kind, r.text.lower()): r for r in publication.resolutions.all()}
    rows = [
        (f, accepted.get((f.kind, f.text.lower())), f.context(f"{publication.title}\n{publication.body}"))
        for f in findings
    ]
    context = {
        "m": m,
        "review": review,
        "publication": publication,
        "rows": rows,
        "open_count": sum(1 for _, resolution, _ in rows if resolution is None),
        "can_edit": can_edit,
        "today": timezone.localdate(),
        "accept_form": AcceptFindingForm(),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "reviews/publication_detail.html", context)


@require_POST
@member_required
def publication_accept(request: HttpRequest, m: Membership, number: int, pk: int) -> HttpResponse:
    review = selectors.review_get(m, number)
    publication = selectors.publication_get(m, review, pk)
    require(perms.can_edit_review(m, review))
    form = AcceptFindingForm(request.POST)
    if form.is_valid():
        try:
            services.redaction_accept(publication=publication, **form.cleaned_data, by=request.user)
        except services.ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"“{form.cleaned_data['text']}” accepted.")
    else:
        text = request.POST.get("text", "")
        messages.error(request, f"Say why “{text}” can stay in the published text.")
    return redirect("reviews:publication", m.partnership.slug, review.number, publication.pk)


@require_POST
@member_required
def publication_transition(request: HttpRequest, m: Membership, number: int, pk: int, to: str) -> HttpResponse:
    if to not in {"ready", "publish", "renew", "withdraw"}:
        raise Http404
    review = selectors.review_get(m, number)
    publication = selectors.publication_get(m, review, pk)
    require(perms.can_edit_review(m, review))
    today = timezone.localdate()
    try:
        if to == "ready":
            services.publication_mark_ready(publication=publication, by=request.user, today=today)
            messages.success(request, "Marked ready to publish.")
        elif to == "publish":
            services.publication_publish(publication=publication, by=request.user, today=today)
            messages.success(request, f"Published. Review it by {publication.review_by:%-d %B %Y}.")
        elif to == "renew":
            services.publication_renew(publication=publication, by=request.user, today=today)
            messages.success(request, f"Renewed. Review it again by {publication.review_by:%-d %B %Y}.")
        elif to == "withdraw":
            form = WithdrawForm(request.POST)
            reason = form.data.get("reason", "")
            services.publication_withdraw(publication=publication, reason=reason, by=request.user)
            messages.success(request, "Withdrawn.")
    except services.ReviewError as error:
        messages.error(request, str(error))
    return redirect("reviews:publication", m.partnership.slug, review.number, publication.pk)


@member_required
def publication_export(request: HttpRequest, m: Membership, number: int, pk: int, fmt: str) -> HttpResponse:
    if fmt not in {"docx", "pdf"}:
        raise Http404
    review = selectors.review_get(m, number)
    publication = selectors.publication_get(m, review, pk)
    name = f"{review.reference.lower()}-{slugify(publication.get_kind_display())}"
    content = exports.summary_docx(publication) if fmt == "docx" else exports.summary_pdf(publication)
    response = documents.download(content, f"{name}.{fmt}")
    audit.record(
        event=AuditEntry.Event.EXPORT,
        obj=publication,
        partnership=m.partnership,
        detail=f"Exported the {mid_sentence(publication.get_kind_display())} of {review.reference} as {fmt.upper()}",
    )
    return response


@member_required
def action_plan_export(request: HttpRequest, m: Membership, number: int, fmt: str) -> HttpResponse:
    if fmt not in {"docx", "pdf"}:
        raise Http404
    review = selectors.review_get(m, number)
    name = f"{review.reference.lower()}-action-plan"
    content = exports.action_plan_docx(review) if fmt == "docx" else exports.action_plan_pdf(review)
    response = documents.download(content, f"{name}.{fmt}")
    audit.record(
        event=AuditEntry.Event.EXPORT,
        obj=review,
        partnership=m.partnership,
        detail=f"Exported the action plan of {review.reference} as {fmt.upper()}",
    )
    return response
