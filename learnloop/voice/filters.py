"""The filters of the voice list pages. Each narrows its selector's scoped rows."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from learnloop.accounts.roles import Role
from learnloop.core.lists import ChoiceFilter, DateFilter, MemberFilterSet, PartnershipChoiceFilter, text
from learnloop.partnership.models import Agency
from learnloop.themes.models import Theme
from learnloop.voice.models import Channel, Consent, GivenBy, Response, Sentiment


class ViewFilter(MemberFilterSet):
    q = django_filters.CharFilter(label="Words said", method="filter_words")
    channel = ChoiceFilter(label="How it was given", choices=Channel.choices)
    given_by = ChoiceFilter(label="Who gave it", choices=GivenBy.choices, empty_label="Anyone")
    theme = PartnershipChoiceFilter(label="Theme", model=Theme, limit={"retired_at__isnull": True}, field_name="themes")
    sentiment = ChoiceFilter(label="Positive, negative or mixed", choices=Sentiment.choices)
    agency = PartnershipChoiceFilter(label="Agency", model=Agency, limit={"is_active": True}, field_name="agency")
    response = ChoiceFilter(
        label="“You said, we did”",
        choices=[("none", "No response yet"), ("some", "Has a response")],
        method="filter_response",
    )
    date_from = DateFilter(label="Given from", field_name="date", lookup_expr="gte")
    date_to = DateFilter(label="Given to", field_name="date", lookup_expr="lte")

    def filter_words(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        # Text is searched only where the member may read it (permissions.can_read_text).
        m = self.membership
        readable = Q(
            consent__in=[Consent.PARTNERSHIP, Consent.PUBLISH_SUMMARY, Consent.PUBLISH_WORDS], feels_unsafe=False
        )
        if m.role == Role.LEAD_OFFICER:
            readable = Q()
        elif m.role == Role.AGENCY_LEAD and m.agency_id:
            readable |= Q(agency_id=m.agency_id)
        return qs.filter(readable & (Q(summary__icontains=value) | Q(quote__icontains=value)))

    def filter_response(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(has_response=value == "some")


class PeriodFilterForm(forms.Form):
    """A filter form whose period must not end before it starts."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end of the period must be after its start.")
        return data


class ResponseFilter(MemberFilterSet):
    q = text("Words", "you_said", "we_did", "who")
    status = ChoiceFilter(label="Status", choices=Response.Status.choices)
    date_from = DateFilter(label="From", field_name="responded_on", lookup_expr="gte")
    date_to = DateFilter(label="To", field_name="responded_on", lookup_expr="lte")

    class Meta:
        form = PeriodFilterForm
