"""The partnership's breakdown values, and mapping a text an extract used to one of them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from learnloop.accounts.models import Membership
from learnloop.core.scoping import member_required, require
from learnloop.dataset import extract, vocabulary
from learnloop.dataset.permissions import can_load_data

DIMENSION_NAMES = {"sex": "Sex", "disability": "Disability", "ethnicity": "Ethnicity", "looked_after": "Looked after"}


@member_required
def breakdown_values(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_load_data(m))
    listed = list(vocabulary.breakdown_values(m))
    unlisted = list(vocabulary.unlisted_values(m))
    if request.method == "POST":
        text = get_object_or_404(vocabulary.unlisted_values(m), pk=request.POST.get("unlisted") or 0)
        chosen = next(
            (v for v in listed if str(v.pk) == request.POST.get("value") and v.dimension == text.dimension), None
        )
        if chosen is None:
            messages.error(request, f"Choose the listed {DIMENSION_NAMES[text.dimension].lower()} value it means.")
        else:
            vocabulary.breakdown_mapping_save(m=m, unlisted=text, value=chosen, by=request.user)
            messages.success(request, f"“{text.text}” now counts as “{chosen.label}” in every later import.")
        return redirect("dataset:breakdown_values", m.partnership.slug)
    groups = [
        {
            "dimension": name,
            "name": DIMENSION_NAMES[name],
            "listed": [v for v in listed if v.dimension == name],
            "unlisted": [u for u in unlisted if u.dimension == name],
        }
        for name in extract.BREAKDOWN_DIMENSIONS
    ]
    return render(request, "dataset/breakdown_values.html", {"m": m, "groups": groups, "unlisted": unlisted})
