"""The learning loop: learning point -> action -> dissemination -> embedding -> impact."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from learnloop.core.models import AuditedModel, TimeStampedModel


class SourceType(models.TextChoices):
    REVIEW = "review", "Review"
    AUDIT = "audit", "Audit"
    DATASET = "dataset", "Minimum dataset"
    VOICE = "voice", "Voice of children and families"
    WORKFORCE = "workforce", "Workforce"
    EXTERNAL = "external", "External learning"
    INSPECTION = "inspection", "Inspection"
    WEBSITE = "website", "Website"
    INSIGHT = "insight", "Insight across sources"
    OTHER = "other", "Other"


class AgeBand(models.TextChoices):
    UNBORN = "unborn", "Unborn"
    UNDER_1 = "0", "Under 1"
    AGE_1_4 = "1-4", "1 to 4"
    AGE_5_10 = "5-10", "5 to 10"
    AGE_11_15 = "11-15", "11 to 15"
    AGE_16_17 = "16-17", "16 to 17"
    AGE_18_PLUS = "18+", "18 or over"


class LearningPoint(TimeStampedModel):
    class Kind(models.TextChoices):
        GOOD_PRACTICE = "good_practice", "Good practice to keep and spread"
        IMPROVEMENT = "improvement", "Area for improvement"

    class Approval(models.TextChoices):
        AWAITING = "awaiting", "Awaiting approval"
        APPROVED = "approved", "Approved"
        NOT_APPROVED = "not_approved", "Not approved"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="learning_points")
    number = models.PositiveIntegerField(editable=False)
    title = models.CharField(max_length=200, help_text="A short name for the learning.")
    description = models.TextField("What was learned", help_text="In plain words.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_type = models.CharField("Source", max_length=20, choices=SourceType.choices)
    source_title = models.CharField(max_length=300, blank=True)
    source_date = models.DateField(null=True, blank=True)
    source_url = models.URLField("Source link", max_length=500, blank=True)
    # Later sources (reviews, audits, the dataset, voice, workforce) attach their own record here.
    source_record_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_record_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_record = GenericForeignKey("source_record_type", "source_record_id")
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="learning_points")
    agencies = models.ManyToManyField(
        "partnership.Agency", blank=True, related_name="learning_points", verbose_name="agencies concerned"
    )
    date_identified = models.DateField()
    subgroup = models.ForeignKey(
        "partnership.Subgroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learning_points",
        verbose_name="subgroup responsible",
    )
    agency = models.ForeignKey(
        "partnership.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_learning_points",
        verbose_name="owning agency",
        help_text="The agency a confidential learning point belongs to.",
    )
    is_confidential = models.BooleanField(
        "Confidential", default=False, help_text="Seen only by the owning agency and the lead officer."
    )
    approval = models.CharField(max_length=20, choices=Approval.choices, default=Approval.AWAITING)
    approval_decided_at = models.DateTimeField(null=True, blank=True)
    approval_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approval_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-date_identified", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="learning_point_unique_number"),
            models.CheckConstraint(
                condition=models.Q(is_confidential=False) | models.Q(agency__isnull=False),
                name="learning_point_confidential_needs_agency",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "date_identified"], name="lp_partnership_identified")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"LP-{self.number:04d}"

    def get_absolute_url(self) -> str:
        return reverse("loop:learning_point", args=[self.partnership.slug, self.number])


class Action(TimeStampedModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        EMBEDDED = "embedded", "Embedded"
        IMPACT_EVALUATED = "impact_evaluated", "Impact evaluated"

    ORDER = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.COMPLETED, Status.EMBEDDED, Status.IMPACT_EVALUATED]
    DONE = {Status.COMPLETED, Status.EMBEDDED, Status.IMPACT_EVALUATED}

    class Rag(models.TextChoices):
        RED = "red", "Red: overdue"
        AMBER = "amber", "Amber: due soon"
        GREEN = "green", "Green: on track or done"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="actions")
    learning_point = models.ForeignKey(LearningPoint, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveIntegerField(editable=False)
    title = models.CharField("What will be done", max_length=300)
    description = models.TextField("More detail", blank=True)
    owner_agency = models.ForeignKey(
        "partnership.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name="owning agency",
    )
    owner_subgroup = models.ForeignKey(
        "partnership.Subgroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name="owning subgroup",
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_actions",
        verbose_name="named person",
    )
    due_date = models.DateField()
    success_measure = models.TextField(help_text="How the partnership will know this action worked.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="action_unique_number"),
            models.CheckConstraint(
                condition=models.Q(owner_agency__isnull=False) | models.Q(owner_subgroup__isnull=False),
                name="action_has_an_owner",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "status", "due_date"], name="action_status_due")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"A-{self.number:04d}"

    def get_absolute_url(self) -> str:
        return reverse("loop:action", args=[self.partnership.slug, self.number])

    def rag(self, today: dt.date, amber_days: int) -> str:
        """Computed, never typed: overdue is red; due within amber_days and not completed is amber."""
        if self.status in self.DONE:
            return self.Rag.GREEN
        if self.due_date < today:
            return self.Rag.RED
        if self.due_date <= today + dt.timedelta(days=amber_days):
            return self.Rag.AMBER
        return self.Rag.GREEN

    @property
    def is_done(self) -> bool:
        return self.status in self.DONE


class ActionUpdate(AuditedModel):
    """A dated progress note. Append-only: never edited, never deleted."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    status_from = models.CharField(max_length=20, choices=Action.Status.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=Action.Status.choices, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Update on {self.action.reference} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Progress updates are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def evidence_upload_to(instance: models.Model, filename: str) -> str:
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.partnership_id}/{uuid.uuid4().hex}.{suffix}"  # type: ignore[attr-defined]


class Evidence(TimeStampedModel):
    """An uploaded file or a link that shows an action was done."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    description = models.CharField(max_length=500)
    file = models.FileField(upload_to=evidence_upload_to, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    url = models.URLField("Link", max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="evidence_is_a_file_or_a_link"
            )
        ]

    def __str__(self) -> str:
        return self.description


def labelled(label: str, title: str) -> str:
    """The title after its label, unless the title already says what it is: never
    "7-minute briefing: 7-minute briefing on chronologies"."""
    return title if label.lower() in title.lower() else f"{label}: {title}"


class Dissemination(TimeStampedModel):
    class Kind(models.TextChoices):
        BRIEFING_EVENT = "briefing_event", "Multi-agency briefing event"
        SEVEN_MINUTE = "seven_minute", "7-minute briefing"
        TRAINING = "training", "Training"
        CAMPAIGN = "campaign", "Campaign"
        SOCIAL_MEDIA = "social_media", "Social media"
        PUBLICATION = "publication", "Publication"
        ANNUAL_REPORT = "annual_report", "Annual report"
        OTHER = "other", "Other"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="disseminations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    date = models.DateField()
    description = models.TextField(blank=True)
    audience_agencies = models.ManyToManyField("partnership.Agency", blank=True, related_name="disseminations")
    people_reached = models.PositiveIntegerField(null=True, blank=True, help_text="In all, where known.")
    learning_points = models.ManyToManyField(LearningPoint, blank=True, related_name="disseminations")

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return labelled(self.get_kind_display(), self.title)

    def get_absolute_url(self) -> str:
        return reverse("loop:dissemination", args=[self.partnership.slug, self.pk])


class DisseminationReach(AuditedModel):
    dissemination = models.ForeignKey(Dissemination, on_delete=models.CASCADE, related_name="reach")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.CASCADE, related_name="+")
    people_reached = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dissemination", "agency"], name="reach_one_row_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency}: {self.people_reached}"


class SevenMinuteBriefing(TimeStampedModel):
    """A briefing written in the usual seven parts (docs/domain.md, "7-minute briefings")."""

    PARTS = [
        ("background", "1. Background"),
        ("why_it_matters", "2. Why it matters"),
        ("information_1", "3. Information"),
        ("information_2", "4. Information"),
        ("information_3", "5. Information"),
        ("things_to_remember", "6. Things to remember"),
        ("what_to_do", "7. What to do"),
    ]

    dissemination = models.OneToOneField(Dissemination, on_delete=models.CASCADE, related_name="briefing")
    background = models.TextField("1. Background")
    why_it_matters = models.TextField("2. Why it matters")
    information_1 = models.TextField("3. Information")
    information_2 = models.TextField("4. Information", blank=True)
    information_3 = models.TextField("5. Information", blank=True)
    things_to_remember = models.TextField("6. Things to remember")
    what_to_do = models.TextField("7. What to do")
    # Set by the lead officer on the public page's settings, and only for a briefing whose learning
    # is not confidential (learnloop/published/services.py).
    is_public = models.BooleanField(
        "Show on the public page", default=False, help_text="Published on the partnership's public learning page."
    )

    def __str__(self) -> str:
        return labelled(Dissemination.Kind.SEVEN_MINUTE.label, self.dissemination.title)

    def parts(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in self.PARTS]


class Embedding(TimeStampedModel):
    class Kind(models.TextChoices):
        POLICY = "policy", "Policy or protocol"
        SUPERVISION = "supervision", "Reflective practice and supervision"
        JOINT_WORKING = "joint_working", "Collaborative joint working"
        TEAM_MEETING = "team_meeting", "Service team meeting"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="embeddings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="embeddings")
    date = models.DateField()
    description = models.TextField()
    file = models.FileField(upload_to=evidence_upload_to, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    url = models.URLField("Link", max_length=500, blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="embeddings")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "embedding record"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.agency}, {self.date:%d %b %Y})"

    def get_absolute_url(self) -> str:
        return reverse("loop:embedding", args=[self.partnership.slug, self.pk])


class TrackedChild(TimeStampedModel):
    """A child whose journey is followed to judge the difference learning made. No name, ever."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="tracked_children"
    )
    agency = models.ForeignKey(
        "partnership.Agency",
        on_delete=models.PROTECT,
        related_name="tracked_children",
        help_text="The agency whose records the case reference points to.",
    )
    local_case_reference = models.CharField(max_length=60, help_text="The agency's own case reference. Never a name.")
    label = models.CharField(
        max_length=60, help_text="How the partnership refers to this child, for example 'Child A'."
    )
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    why_tracked = models.TextField()
    difference_learning_would_have_made = models.TextField(
        "The difference the learning would have made, had it been applied at the time", blank=True
    )
    learning_points = models.ManyToManyField(LearningPoint, blank=True, related_name="tracked_children")

    class Meta:
        ordering = ["label"]
        verbose_name_plural = "tracked children"
        constraints = [models.UniqueConstraint(fields=["partnership", "label"], name="tracked_child_unique_label")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("loop:tracked_child", args=[self.partnership.slug, self.pk])


class TrackedChildEntry(AuditedModel):
    tracked_child = models.ForeignKey(TrackedChild, on_delete=models.CASCADE, related_name="entries")
    date = models.DateField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "tracked child entries"

    def __str__(self) -> str:
        return f"{self.tracked_child} {self.date}"


class Impact(TimeStampedModel):
    class Method(models.TextChoices):
        REAUDIT = "reaudit", "Re-audit"
        INDICATOR = "indicator", "Indicator change"
        TRACKED_CHILD = "tracked_child", "Tracked child"
        FEEDBACK = "feedback", "Feedback"
        OTHER = "other", "Other"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="impacts")
    title = models.CharField(max_length=300)
    method = models.CharField(max_length=20, choices=Method.choices)
    date = models.DateField("Date evaluated")
    before = models.TextField("Before", help_text="Figures or narrative.")
    after = models.TextField("After", help_text="Figures or narrative.")
    conclusion = models.TextField()
    tracked_child = models.ForeignKey(
        TrackedChild, null=True, blank=True, on_delete=models.PROTECT, related_name="impacts"
    )
    learning_points = models.ManyToManyField(LearningPoint, blank=True, related_name="impacts")
    actions = models.ManyToManyField(Action, blank=True, related_name="impacts")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "impact evaluation"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("loop:impact", args=[self.partnership.slug, self.pk])
