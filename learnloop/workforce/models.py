"""Workforce learning and development: the training programme, its sessions, attendance,
evaluations, and feedback from the workforce (surveys, consultations, briefing events)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from learnloop.core.models import AuditedModel, TimeStampedModel


class Course(TimeStampedModel):
    """One course in the partnership's training programme."""

    class Delivery(models.TextChoices):
        MULTI_AGENCY = "multi_agency", "Multi-agency"
        SINGLE_AGENCY = "single_agency", "Single-agency"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="courses")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    audience = models.CharField(
        max_length=300, help_text="Who the course is for, for example 'Front-line staff in all agencies'."
    )
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.MULTI_AGENCY)
    agency = models.ForeignKey(
        "partnership.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="delivering agency",
        help_text="For a single-agency course: the agency that runs it.",
    )
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="courses")
    is_active = models.BooleanField("In the current programme", default=True)
    # A saved column mapping for evaluation exports whose columns cannot be guessed: one line a
    # column, "<column heading> = before 1 | after 1 | agency | comments".
    evaluation_columns = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="course_unique_title"),
            models.CheckConstraint(
                condition=models.Q(delivery="multi_agency") | models.Q(agency__isnull=False),
                name="course_single_agency_needs_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workforce:course", args=[self.partnership.slug, self.pk])


class LearningOutcome(AuditedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["course", "position"]
        constraints = [models.UniqueConstraint(fields=["course", "position"], name="outcome_unique_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class Session(TimeStampedModel):
    """One time a course was delivered."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField()
    trainer = models.CharField(max_length=200)
    mode = models.CharField("How it was delivered", max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(max_length=200, blank=True, help_text="Leave blank for an online session.")
    places = models.PositiveIntegerField(help_text="How many places were offered.")
    keeps_names = models.BooleanField(
        "Keep attendees' names",
        default=False,
        help_text="If the partnership keeps a register: attendance is then counted from the names.",
    )

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.course.title}, {self.date:%-d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("workforce:session", args=[self.partnership.slug, self.pk])

    @property
    def where(self) -> str:
        return "Online" if self.mode == self.Mode.ONLINE else (self.venue or "In person")


class Attendance(AuditedModel):
    """How many people from one agency attended a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["session", "agency"], name="attendance_one_row_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency}: {self.count}"


class Attendee(TimeStampedModel):
    """A named attendee, where the partnership keeps a register. Seen by the lead officer and JLD."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendees")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Evaluation(TimeStampedModel):
    """One attendee's evaluation of a session: confidence before and after, and comments."""

    class Origin(models.TextChoices):
        ENTERED = "entered", "Entered"
        KOBO = "kobo", "KoboToolbox"
        LIMESURVEY = "limesurvey", "LimeSurvey"
        MS_FORMS = "ms_forms", "Microsoft Forms"

    loop_source_template = "workforce/_loop_source_evaluation.html"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evaluations")
    agency = models.ForeignKey("partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    comments = models.TextField(blank=True)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.ENTERED)
    # The response's key in the survey tool (Kobo _uuid, LimeSurvey id, Forms ID): re-imports match on it.
    source_key = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "origin", "source_key"],
                condition=~models.Q(source_key=""),
                name="evaluation_unique_source_key",
            )
        ]

    def __str__(self) -> str:
        return f"Evaluation {self.pk} of {self.session}"

    def get_absolute_url(self) -> str:
        return reverse("workforce:session", args=[self.partnership.slug, self.session_id]) + f"#evaluation-{self.pk}"


class ConfidenceScore(AuditedModel):
    """Confidence on one learning outcome, 1 (not at all confident) to 5 (very confident)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    outcome = models.ForeignKey(LearningOutcome, on_delete=models.CASCADE, related_name="scores")
    before = models.PositiveSmallIntegerField()
    after = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["outcome__position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "outcome"], name="score_one_per_outcome"),
            models.CheckConstraint(
                condition=models.Q(before__gte=1, before__lte=5, after__gte=1, after__lte=5),
                name="score_between_1_and_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome}: {self.before} to {self.after}"


class FeedbackExercise(TimeStampedModel):
    """A survey, consultation or briefing event whose feedback from the workforce is recorded."""

    class Kind(models.TextChoices):
        SURVEY = "survey", "Workforce survey"
        CONSULTATION = "consultation", "Consultation"
        BRIEFING_EVENT = "briefing_event", "Briefing event feedback"

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="feedback_exercises"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    date = models.DateField(help_text="When it opened or took place.")
    description = models.TextField(blank=True)
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="feedback_exercises")

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workforce:feedback", args=[self.partnership.slug, self.pk])


class FeedbackResponse(TimeStampedModel):
    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    exercise = models.ForeignKey(FeedbackExercise, on_delete=models.CASCADE, related_name="responses")
    origin = models.CharField(max_length=20, choices=Evaluation.Origin.choices, default=Evaluation.Origin.ENTERED)
    source_key = models.CharField(max_length=100, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    agency = models.ForeignKey("partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "origin", "source_key"],
                condition=~models.Q(source_key=""),
                name="feedback_response_unique_source_key",
            )
        ]

    def __str__(self) -> str:
        return f"Response {self.source_key or self.pk} to {self.exercise}"


class FeedbackAnswer(AuditedModel):
    """One answer in a response: the thing a learning point can be raised from."""

    loop_source_template = "workforce/_loop_source_answer.html"

    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField(default=0)
    question = models.CharField(max_length=500)
    answer = models.TextField()

    class Meta:
        ordering = ["response", "position"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question")]

    def __str__(self) -> str:
        return f"{self.question}: {self.answer[:60]}"

    @property
    def partnership_id(self) -> int:
        return self.response.partnership_id

    def get_absolute_url(self) -> str:
        r = self.response
        return reverse("workforce:feedback", args=[r.exercise.partnership.slug, r.exercise_id]) + f"#answer-{self.pk}"
