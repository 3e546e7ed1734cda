"""The audit programme: versioned audit tools, planned audits, case samples, readings, moderation.

A tool is a versioned set of sections and questions. An audit uses one version of a tool; its
sample of cases is read by readers from several agencies (one reading per agency per case), and
moderation then agrees one answer per question per case. Results are computed, never typed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse

from learnloop.core.models import TimeStampedModel
from learnloop.core.text import mid_sentence
from learnloop.loop.models import AgeBand

GOOD_OR_BETTER = 4  # Care Inspectorate six-point scale: 4 good, 5 very good, 6 excellent

SCALE = {
    6: ("Excellent", "Outstanding or sector leading"),
    5: ("Very good", "Major strengths"),
    4: ("Good", "Important strengths, with some areas for improvement"),
    3: ("Adequate", "Strengths just outweigh weaknesses"),
    2: ("Weak", "Important weaknesses – priority action required"),
    1: ("Unsatisfactory", "Major weaknesses – urgent remedial action required"),
}


class AnswerType(models.TextChoices):
    SCALE = "scale", "Six-point scale (6 excellent to 1 unsatisfactory)"
    YES_NO = "yes_no", "Yes, partly, no or not applicable"
    NUMBER = "number", "A number"
    TEXT = "text", "Text"


class Choice(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Not applicable"


GRADED = {AnswerType.SCALE, AnswerType.YES_NO}


class AuditTool(TimeStampedModel):
    """One version of an audit tool. Versions of the same tool share a key."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="audit_tools")
    key = models.SlugField(max_length=60, help_text="Shared by every version of the tool.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_version"
    )

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key", "version"], name="audit_tool_unique_version"),
            models.UniqueConstraint(
                fields=["partnership", "key"],
                condition=models.Q(is_current=True),
                name="audit_tool_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("audits:tool", args=[self.partnership.slug, self.pk])


class ToolSection(TimeStampedModel):
    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["tool", "number"]
        constraints = [models.UniqueConstraint(fields=["tool", "number"], name="tool_section_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ToolQuestion(TimeStampedModel):
    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(ToolSection, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(help_text="The order of the question within its section.")
    key = models.SlugField(
        max_length=80, help_text="Stays the same across versions, so a re-audit can compare question by question."
    )
    text = models.CharField("Question", max_length=400)
    guidance = models.TextField("Guidance for the reader", blank=True)
    answer_type = models.CharField(max_length=10, choices=AnswerType.choices, default=AnswerType.SCALE)
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="audit_questions")

    class Meta:
        ordering = ["section__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "key"], name="tool_question_unique_key"),
            models.UniqueConstraint(fields=["section", "number"], name="tool_question_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.text}"

    @property
    def reference(self) -> str:
        return f"{self.section.number}.{self.number}"

    @property
    def is_graded(self) -> bool:
        return self.answer_type in GRADED


class Audit(TimeStampedModel):
    """One planned audit in the partnership's programme."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RUNNING = "running", "Running"
        MODERATING = "moderating", "Moderating"
        COMPLETE = "complete", "Complete"
        CANCELLED = "cancelled", "Cancelled"

    # The states each status may move to: explicit transitions, checked by the services.
    TRANSITIONS: dict[str, set[str]] = {
        Status.PLANNED: {Status.RUNNING, Status.CANCELLED},
        Status.RUNNING: {Status.MODERATING, Status.CANCELLED},
        Status.MODERATING: {Status.RUNNING, Status.COMPLETE},
        Status.COMPLETE: {Status.MODERATING},
        Status.CANCELLED: {Status.PLANNED},
    }
    STARTED = {Status.RUNNING, Status.MODERATING, Status.COMPLETE}

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="audits")
    number = models.PositiveIntegerField(editable=False)
    title = models.CharField("Topic", max_length=200)
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="audits")
    agencies = models.ManyToManyField("partnership.Agency", related_name="audits", verbose_name="agencies taking part")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_audits",
        verbose_name="audit lead",
    )
    sample_size = models.PositiveSmallIntegerField(help_text="How many cases will be read.")
    selection_criteria = models.TextField(help_text="Which cases are chosen, and how.")
    planned_start = models.DateField()
    due_date = models.DateField("Readings due", help_text="The date readers must finish by.")
    report_due = models.DateField("Report due", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    previous_audit = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reaudits",
        help_text="For a re-audit: the earlier run it is compared with.",
    )
    strengths = models.TextField(blank=True, help_text="What the audit found working well.")
    areas_for_improvement = models.TextField(blank=True)

    loop_source_template = "audits/_loop_source.html"

    class Meta:
        ordering = ["-planned_start", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="audit_unique_number"),
            models.CheckConstraint(
                condition=models.Q(due_date__gte=models.F("planned_start")), name="audit_due_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"AUD-{self.number:03d}"

    def get_absolute_url(self) -> str:
        return reverse("audits:audit", args=[self.partnership.slug, self.number])

    @property
    def programme_year(self) -> str:
        """The financial year (April to March) the audit is planned in, as partnerships report."""
        start = self.planned_start.year if self.planned_start.month >= 4 else self.planned_start.year - 1
        return f"{start}/{str(start + 1)[2:]}"

    def progress_state(self, today: dt.date) -> str:
        """Due, running, late or done, for the programme view."""
        if self.status == self.Status.COMPLETE:
            return "done"
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.status == self.Status.PLANNED:
            if self.due_date < today:
                return "late"
            return "due" if self.planned_start <= today else "planned"
        if self.status == self.Status.RUNNING and self.due_date < today:
            return "late"
        if self.status == self.Status.MODERATING and self.report_due and self.report_due < today:
            return "late"
        return str(self.status)

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())


class AuditCase(TimeStampedModel):
    """One case in an audit's sample. Never a child's name: a local case reference and an age band."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="cases")
    number = models.PositiveSmallIntegerField(editable=False)
    local_case_reference = models.CharField(
        max_length=60, help_text="The case reference readers use to find the file. Never a name."
    )
    reference_hash = models.CharField(max_length=64, editable=False, help_text="Keyed hash, to match without reading.")
    agency = models.ForeignKey(
        "partnership.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency whose system the reference comes from.",
    )
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    why_selected = models.TextField()
    # When the case was picked from a case source (for example the minimum dataset's timeliness
    # list): which source, which period, and the child's pseudonymised key in that source, so the
    # list can show which of its rows are already in the sample. Never shown on a page.
    source_key = models.CharField(max_length=60, blank=True, editable=False)
    source_title = models.CharField("Picked from", max_length=200, blank=True, editable=False)
    source_period = models.CharField(max_length=20, blank=True, editable=False)
    source_case_key = models.CharField(max_length=64, blank=True, editable=False)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderation_note = models.TextField(blank=True)

    class Meta:
        ordering = ["audit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "number"], name="audit_case_unique_number"),
            models.UniqueConstraint(fields=["audit", "reference_hash"], name="audit_case_unique_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.audit.reference} case {self.number}"

    @property
    def label(self) -> str:
        return f"Case {self.number}"

    @property
    def is_moderated(self) -> bool:
        return self.moderated_at is not None


class CaseReading(TimeStampedModel):
    """A reader's completion of the tool for their agency's part in one case."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        DRAFT = "draft", "Draft saved"
        SUBMITTED = "submitted", "Submitted"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="readings")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_readings")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case__number", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "agency"], name="case_reading_one_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.agency} reading"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class _AnswerFields(TimeStampedModel):
    grade = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=10, choices=Choice.choices, blank=True)
    number = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def value_display(self) -> str:
        if self.grade is not None:
            return f"{self.grade} {mid_sentence(SCALE[self.grade][0])}"
        if self.choice:
            return dict(Choice.choices)[self.choice]
        if self.number is not None:
            return f"{self.number.normalize():f}"
        return ""

    @property
    def is_blank(self) -> bool:
        return self.grade is None and not self.choice and self.number is None and not self.comment.strip()


class ReadingAnswer(_AnswerFields):
    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    reading = models.ForeignKey(CaseReading, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ToolQuestion, on_delete=models.PROTECT, related_name="reading_answers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reading", "question"], name="reading_answer_one_per_question"),
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=6),
                name="reading_answer_grade_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reading}: {self.question.key}"


class ModeratedAnswer(_AnswerFields):
    """The one answer moderation agreed for a question in a case, and any disagreement behind it."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="moderated_answers")
    question = models.ForeignKey(ToolQuestion, on_delete=models.PROTECT, related_name="moderated_answers")
    readers_disagreed = models.BooleanField(default=False)
    readers_answers = models.CharField(
        max_length=500, blank=True, help_text="What each agency's reader answered, as recorded at moderation."
    )
    disagreement_note = models.TextField(blank=True, help_text="How the difference was resolved.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "question"], name="moderated_answer_one_per_question"),
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=6),
                name="moderated_answer_grade_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.question.key} (moderated)"
