"""The partnership's public learning page (no sign-in) and its settings (the lead officer)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_manage_partnership
from learnloop.core.disclosure import NOTE
from learnloop.core.scoping import member_required, require
from learnloop.published import selectors, services
from learnloop.published.briefings import shareable
from learnloop.published.forms import PublicPageForm


@require_GET
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.public_page_get(slug)
    context = {
        "page": page,
        "partnership": page.partnership,
        "introduction": selectors.paragraphs(page.introduction),
        "sections": selectors.public_sections(page.partnership),
        "disclosure_note": NOTE,
    }
    return render(request, "published/public_page.html", context)


@member_required
def public_page_settings(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_manage_partnership(m))
    page = services.public_page_for(m.partnership)
    briefings = shareable(m.partnership)
    initial = {
        "is_on": page.is_on,
        "introduction": page.introduction,
        "public_briefings": [b.pk for b in briefings if b.is_public],
    }
    form = PublicPageForm(request.POST or None, initial=initial, briefings=briefings)
    if request.method == "POST" and form.is_valid():
        try:
            services.public_page_update(
                partnership=m.partnership,
                is_on=form.cleaned_data["is_on"],
                introduction=form.cleaned_data["introduction"],
                public_briefings=form.cleaned_data["public_briefings"],
                by=request.user,
            )
        except services.PublishingError as error:
            form.add_error("public_briefings", str(error))
        else:
            messages.success(request, "Public learning page saved.")
            return redirect("published:settings", slug=m.partnership.slug)
    return render(request, "published/settings.html", {"m": m, "form": form, "page": page})
