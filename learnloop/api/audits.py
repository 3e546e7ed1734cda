"""Audits through the API: the programme (the rows of its page) and one audit's results (the
figures of its results page, from the same cached Results)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from learnloop.accounts.models import Membership
from learnloop.api.common import (
    ERRORS,
    FILTER_ERRORS,
    MemberAPIView,
    PageListView,
    filter_parameters,
    page_url,
    record_read,
)
from learnloop.api.loop import NamedSerializer, PersonSerializer
from learnloop.audits import selectors
from learnloop.audits.filters import STATES, ProgrammeFilter
from learnloop.audits.models import AnswerType, Audit
from learnloop.audits.permissions import can_see_comments
from learnloop.audits.results import CHOICE_KEYS, SCALE_KEYS, Distribution, Results
from learnloop.audits.views.programme import PROGRAMME

# Audit.progress_state: the programme's states, and "moderating" for an audit moderating on time.
STATE_CHOICES = [*STATES, ("moderating", "Moderating")]


class AuditSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    reference = serializers.CharField(help_text="AU-0001")
    title = serializers.CharField(help_text="The topic.")
    tool = serializers.CharField(source="tool.__str__", help_text="The audit tool and its version.")
    agencies = NamedSerializer(many=True, source="agencies.all", help_text="The agencies taking part.")
    lead = PersonSerializer(allow_null=True)
    sample_size = serializers.IntegerField()
    planned_start = serializers.DateField()
    due_date = serializers.DateField(help_text="Readings due.")
    report_due = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=Audit.Status.choices)
    state = serializers.SerializerMethodField(help_text="Where it stands, as the programme shows it.")
    cases = serializers.IntegerField(source="case_count")
    readings_assigned = serializers.IntegerField(source="reading_count")
    readings_submitted = serializers.IntegerField(source="submitted_count")
    reaudit_of = serializers.CharField(source="previous_audit.reference", allow_null=True, default=None)
    results_url = serializers.SerializerMethodField(help_text="This audit's results in the API.")

    @extend_schema_field(serializers.ChoiceField(choices=STATE_CHOICES))
    def get_state(self, audit: Audit) -> str:
        return audit.progress_state(self.context["today"])

    def get_results_url(self, audit: Audit) -> str:
        return page_url(self, "api:audit_results", audit.number)


class Audits(PageListView):
    """The audit programme: the audits of the programme page, with the same filters."""

    list_page = PROGRAMME
    serializer_class = AuditSerializer

    def context(self, m: Membership, rows: list[Audit]) -> dict[str, Any]:
        return {"today": timezone.localdate()}

    @extend_schema(
        summary="Audits",
        description="The partnership's audit programme, as on the programme page and with its filters.",
        parameters=filter_parameters(ProgrammeFilter),
        responses={200: AuditSerializer(many=True), **FILTER_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return super().get(request, slug)


# Results ----------------------------------------------------------------------------------------


class DistributionSerializer(serializers.Serializer):
    """The answers to a question (or a section's six-point questions) by one set of readers."""

    whose = serializers.CharField(
        help_text="'moderated' (one agreed answer a case) or 'agency' (its readers' answers)."
    )
    agency = NamedSerializer(allow_null=True)
    answers_counted = serializers.IntegerField(help_text="Not applicable is left out.")
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Six-point scale: '6' (excellent) to '1' (unsatisfactory); yes / partly / no: 'yes', 'partly', "
        "'no', 'na'. Empty for number questions.",
    )
    share = serializers.FloatField(allow_null=True, help_text="Share good or better (4 to 6), or share yes: 0 to 1.")
    mean = serializers.FloatField(allow_null=True)


class QuestionResultSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable across the tool's versions.")
    reference = serializers.CharField()
    text = serializers.CharField()
    answer_type = serializers.ChoiceField(choices=AnswerType.choices)
    figures = DistributionSerializer(many=True)


class SectionResultSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    figures = DistributionSerializer(many=True, help_text="The section's six-point questions pooled.")
    questions = QuestionResultSerializer(many=True)


class ComparisonSerializer(serializers.Serializer):
    key = serializers.CharField()
    reference = serializers.CharField()
    previous_share = serializers.FloatField(allow_null=True)
    current_share = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True, help_text="Percentage points; positive is better.")
    direction = serializers.ChoiceField(choices=["better", "worse", "same", "new"])


class CommentSerializer(serializers.Serializer):
    question = serializers.CharField(help_text="The question's key.")
    agency = serializers.CharField()
    text = serializers.CharField()


class AuditResultsSerializer(serializers.Serializer):
    audit = AuditSerializer()
    cases = serializers.IntegerField()
    moderated_cases = serializers.IntegerField()
    submitted_readings = serializers.IntegerField()
    sections = SectionResultSerializer(many=True)
    strengths = serializers.ListField(
        child=serializers.CharField(), help_text="Keys of the questions at least 75 % good or better (or yes)."
    )
    areas_for_improvement = serializers.ListField(
        child=serializers.CharField(), help_text="Keys of the questions under 50 % good or better (or yes)."
    )
    strengths_text = serializers.CharField(allow_blank=True, help_text="The audit lead's summary of its strengths.")
    areas_for_improvement_text = serializers.CharField(allow_blank=True)
    comparison = ComparisonSerializer(
        many=True, allow_null=True, help_text="For a re-audit: question by question against the audit it repeats."
    )
    comments = CommentSerializer(
        many=True,
        allow_null=True,
        help_text="Readers' comments: null unless the member runs the audit or read for it (as on the page).",
    )


def _figures(dist: Distribution, agency: Any = None) -> dict[str, Any]:
    keys = (
        SCALE_KEYS
        if dist.answer_type == AnswerType.SCALE
        else CHOICE_KEYS
        if dist.answer_type == AnswerType.YES_NO
        else []
    )
    return {
        "whose": "moderated" if agency is None else "agency",
        "agency": None if agency is None else {"id": agency.pk, "name": agency.name},
        "answers_counted": dist.n,
        "counts": {k: dist.counts.get(k, 0) for k in keys},
        "share": dist.share,
        "mean": dist.mean,
    }


def results_data(audit: Audit, results: Results, comparison: Any, with_comments: bool) -> dict[str, Any]:
    """The results page's figures as data. Rows by agency are in the results' agency order."""
    agencies = results.agencies

    def figures(overall: Distribution, by_agency: dict[int, Distribution]) -> list[dict[str, Any]]:
        return [_figures(overall)] + [_figures(by_agency[a.pk], a) for a in agencies if a.pk in by_agency]

    return {
        "cases": results.cases,
        "moderated_cases": results.moderated_cases,
        "submitted_readings": results.submitted_readings,
        "sections": [
            {
                "number": s.section.number,
                "title": s.section.title,
                "figures": figures(s.overall, s.by_agency) if s.overall.n else [],
                "questions": [
                    {
                        "key": q.question.key,
                        "reference": q.question.reference,
                        "text": q.question.text,
                        "answer_type": q.question.answer_type,
                        "figures": figures(q.overall, q.by_agency) if q.question.answer_type != AnswerType.TEXT else [],
                    }
                    for q in s.questions
                ],
            }
            for s in results.sections
        ],
        "strengths": [q.question.key for q in results.strengths],
        "areas_for_improvement": [q.question.key for q in results.areas_for_improvement],
        "strengths_text": audit.strengths,
        "areas_for_improvement_text": audit.areas_for_improvement,
        "comparison": None
        if comparison is None
        else [
            {
                "key": row.key,
                "reference": row.question.reference,
                "previous_share": row.previous.share if row.previous else None,
                "current_share": row.current.share,
                "change": row.change,
                "direction": row.direction,
            }
            for row in comparison
        ],
        "comments": None
        if not with_comments
        else [
            {"question": c.question.key, "agency": c.agency, "text": c.text}
            for q in results.questions()
            for c in q.comments
        ],
    }


class AuditResults(MemberAPIView):
    @extend_schema(
        summary="An audit's results",
        description=(
            "The figures of the audit's results page, from the same results: moderated answers overall, each "
            "agency's readers' answers, strengths and areas for improvement, and for a re-audit the comparison. "
            "Readers' comments only for those who run the audit or read for it. Not paginated: one audit's "
            "figures, bounded by its tool's questions."
        ),
        responses={200: AuditResultsSerializer, **ERRORS},
    )
    def get(self, request: Request, slug: str, number: int) -> Response:
        m = self.membership()
        audit = selectors.audit_get(m, number)
        with_comments = can_see_comments(m, audit, selectors.is_reader(m, audit))
        results = selectors.audit_results(m, audit, with_comments=with_comments)
        comparison = selectors.audit_comparison(m, audit, results)
        data = results_data(audit, results, comparison, with_comments)
        data["audit"] = selectors.audit_list(m).filter(pk=audit.pk).first()
        context = {"request": request, "slug": m.partnership.slug, "today": timezone.localdate()}
        body = AuditResultsSerializer(data, context=context).data
        if with_comments and data["comments"]:
            record_read(request, m, f"Read the readers' comments on {audit.reference} through the API")
        return Response(body)
