"""Reviews: learning reviews, case reviews, external learning, inspections and internal reviews.

A review moves through explicit stages (stages.py says which, for each kind); every move is a
`StageEvent` on its timeline. Findings become learning points and recommendations become
actions in the learning loop, each keeping its link back to the review.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from learnloop.core.models import AuditedModel, TimeStampedModel
from learnloop.loop.models import AgeBand


class Kind(models.TextChoices):
    LEARNING = "learning", "Learning review"
    MULTI_AGENCY = "multi_agency", "Multi-agency case review"
    SINGLE_AGENCY = "single_agency", "Single-agency case review"
    EXTERNAL = "external", "External learning"
    INSPECTION = "inspection", "Inspection report"
    INTERNAL = "internal", "Internal review"


class Stage(models.TextChoices):
    NOTIFICATION = "notification", "Notification received"
    INFORMATION = "information", "Information gathering"
    RECOMMENDATION = "recommendation", "Recommendation to the CPC"
    DECISION = "decision", "CPC decision"
    CI_NOTIFICATION = "ci_notification", "Care Inspectorate notified of the decision"
    RELEVANCE = "relevance", "Decision on relevance"
    REVIEW = "review", "The review"
    REPORT = "report", "Report drafted, approved and ratified"
    FINAL_REPORT = "final_report", "Final report sent to the Care Inspectorate"
    PUBLICATION = "publication", "Publication decision"
    ACTION_PLAN = "action_plan", "Action plan"
    FOLLOW_UP = "follow_up", "Follow-up"
    CLOSED = "closed", "Closed"


class Criterion(models.TextChoices):
    DEATH = "death", "A child died"
    SIGNIFICANT_HARM = "significant_harm", "A child was significantly harmed"
    RISK = "risk", "A child was at risk of death or significant harm"
    EFFECTIVE_PRACTICE = "effective_practice", "Effective practice"
    CARM = "carm", "A child under Care and Risk Management harmed others or themselves"


class ReviewSettings(TimeStampedModel):
    """Stage deadlines for one partnership, in days from the day the stage began.

    The national guidance leaves these to local procedure (docs/domain.md), so each
    partnership sets its own; the defaults are a starting point, not a rule.
    """

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="review_settings"
    )
    notification_days = models.PositiveSmallIntegerField("Notification: days to start information gathering", default=7)
    information_days = models.PositiveSmallIntegerField("Information gathering: days", default=21)
    agency_return_days = models.PositiveSmallIntegerField("Agency returns: days from request to due date", default=14)
    recommendation_days = models.PositiveSmallIntegerField("Recommendation to the CPC: days", default=14)
    decision_days = models.PositiveSmallIntegerField("CPC decision: days", default=28)
    ci_notification_days = models.PositiveSmallIntegerField(
        "Care Inspectorate notification: days after the decision", default=7
    )
    relevance_days = models.PositiveSmallIntegerField("External learning: days to decide relevance", default=28)
    review_days = models.PositiveSmallIntegerField("The review: days", default=180)
    report_days = models.PositiveSmallIntegerField("Report drafted, approved and ratified: days", default=60)
    final_report_days = models.PositiveSmallIntegerField(
        "Final report to the Care Inspectorate: days after ratification", default=7
    )
    publication_days = models.PositiveSmallIntegerField("Publication decision: days", default=28)
    action_plan_days = models.PositiveSmallIntegerField("Action plan: days", default=28)
    publication_review_months = models.PositiveSmallIntegerField(
        "Published learning: months until it is reviewed for withdrawal or renewal", default=24
    )

    class Meta:
        verbose_name = "review settings"
        verbose_name_plural = "review settings"

    def __str__(self) -> str:
        return f"Review settings for {self.partnership}"

    def days_for(self, stage: str) -> int | None:
        """Days allowed in a stage, or None when the stage has no deadline."""
        field = f"{stage}_days"
        return getattr(self, field, None) if stage not in {Stage.FOLLOW_UP, Stage.CLOSED} else None


class Review(TimeStampedModel):
    loop_source_template = "reviews/_loop_source.html"

    class Decision(models.TextChoices):
        PROCEED = "proceed", "Proceed with a learning review"
        NOT_PROCEED = "not_proceed", "Do not proceed"

    class Relevance(models.TextChoices):
        AWAITING = "awaiting", "Awaiting a decision"
        RELEVANT = "relevant", "Relevant to the partnership"
        NOT_RELEVANT = "not_relevant", "Not relevant"

    class PublicationDecision(models.TextChoices):
        FULL_REPORT = "full_report", "Publish the full report"
        EXECUTIVE_SUMMARY = "executive_summary", "Publish an executive summary"
        LEARNING_BRIEFING = "learning_briefing", "Publish a learning briefing"
        NOT_PUBLISHED = "not_published", "Do not publish"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="reviews")
    number = models.PositiveIntegerField(editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200, help_text="A short name that does not identify the child or family.")
    agency = models.ForeignKey(
        "partnership.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="single_agency_reviews",
        verbose_name="owning agency",
        help_text="For a single-agency case review: the agency it belongs to. Only that agency and the lead officer see it.",
    )
    agencies = models.ManyToManyField(
        "partnership.Agency", blank=True, related_name="reviews", verbose_name="agencies involved"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="review lead",
    )
    subgroup = models.ForeignKey(
        "partnership.Subgroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name="subgroup responsible",
    )
    named_people = models.TextField(
        "People named in the review's records",
        blank=True,
        help_text="One name a line: practitioners, family members, anyone whose name must never be published. "
        "The redaction check looks for these.",
    )
    stage = models.CharField(max_length=20, choices=Stage.choices)
    stage_started_on = models.DateField()
    stage_exception = models.TextField(blank=True)

    # 1. Notification
    notified_on = models.DateField("Date the notification was received", null=True, blank=True)
    notified_by = models.CharField("Who sent the notification", max_length=200, blank=True)
    circumstances = models.TextField(blank=True)
    criteria = models.JSONField("Criteria it may meet", default=list, blank=True)
    # 3. Recommendation to the CPC
    recommendation_outline = models.TextField("Outline of the case", blank=True)
    recommendation_basis = models.TextField("Basis for referral", blank=True)
    recommendation_circumstances = models.TextField("Current circumstances", blank=True)
    recommendation = models.CharField("Recommendation", max_length=20, choices=Decision.choices, blank=True, default="")
    # 4. CPC decision
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True, default="")
    decision_reasons = models.TextField("Reasons for the decision", blank=True)
    decided_by = models.CharField("Who decided", max_length=200, blank=True)
    decided_on = models.DateField("Date of the decision", null=True, blank=True)
    # 5. Care Inspectorate notified
    ci_notified_on = models.DateField("Date the Care Inspectorate was notified", null=True, blank=True)
    ci_reference = models.CharField("Care Inspectorate e-form reference", max_length=100, blank=True)
    # 6. The review itself
    reviewers = models.TextField(blank=True, help_text="One reviewer a line, with their role.")
    methodology = models.TextField(blank=True)
    family_involvement = models.TextField("How the family took part", blank=True)
    practitioner_involvement = models.TextField("How practitioners took part", blank=True)
    # 7. Report
    report_approved_on = models.DateField("Date the CPC approved the report", null=True, blank=True)
    report_ratified_on = models.DateField("Date the Chief Officers Group ratified the report", null=True, blank=True)
    # 8. Final report to the Care Inspectorate
    final_report_sent_on = models.DateField("Date the final report was sent", null=True, blank=True)
    # 9. Publication decision
    publication_decision = models.CharField(max_length=20, choices=PublicationDecision.choices, blank=True, default="")
    publication_reasons = models.TextField("Reasons for the publication decision", blank=True)
    # 10. Action plan
    action_plan_agreed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # 11. Closing with actions still open: the decision to carry them in the improvement plan
    closure_forum = models.CharField(
        "Who decided to close with actions open",
        max_length=200,
        blank=True,
        help_text="The forum or person, for example the CPC meeting.",
    )
    closure_decided_on = models.DateField("Date of the decision to close", null=True, blank=True)
    closure_reason = models.TextField("Why the review could close with actions open", blank=True)
    closure_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="decision to close recorded by",
    )
    closure_carried_actions = models.TextField(
        "Actions carried in the partnership's improvement plan",
        blank=True,
        help_text="The references of the actions still open when the review closed, one a line.",
    )
    # External learning
    source_organisation = models.CharField(
        "Published by", max_length=200, blank=True, help_text="For example, the Care Inspectorate or another CPC."
    )
    source_url = models.URLField("Link to the source", max_length=500, blank=True)
    published_on = models.DateField("Date published", null=True, blank=True)
    relevance = models.CharField(max_length=20, choices=Relevance.choices, blank=True, default="")
    relevance_reasons = models.TextField("Reasons for the relevance decision", blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="review_unique_number"),
            models.CheckConstraint(
                condition=~models.Q(kind="single_agency") | models.Q(agency__isnull=False),
                name="review_single_agency_needs_agency",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "stage"], name="review_partnership_stage")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"R-{self.number:04d}"

    @property
    def is_confidential(self) -> bool:
        return self.kind == Kind.SINGLE_AGENCY

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    @property
    def closed_with_actions_carried(self) -> bool:
        return bool(self.closure_carried_actions)

    def carried_action_references(self) -> list[str]:
        return [line.strip() for line in self.closure_carried_actions.splitlines() if line.strip()]

    def criteria_labels(self) -> list[str]:
        labels = dict(Criterion.choices)
        return [labels.get(c, c) for c in self.criteria or []]

    def named_people_list(self) -> list[str]:
        return [line.strip() for line in self.named_people.splitlines() if line.strip()]

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", args=[self.partnership.slug, self.number])


class StageEvent(AuditedModel):
    """One line of a review's timeline: a stage completed, reopened or passed with an exception."""

    class Kind(models.TextChoices):
        STARTED = "started", "Started"
        COMPLETED = "completed", "Completed"
        EXCEPTION = "exception", "Completed with an exception"
        REOPENED = "reopened", "Went back"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    stage_from = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    stage_to = models.CharField(max_length=20, choices=Stage.choices)
    on = models.DateField()
    deadline = models.DateField(null=True, blank=True, help_text="The deadline of the stage that was completed.")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.review.reference} {self.get_kind_display()} {self.stage_from} -> {self.stage_to}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("The timeline is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ReviewChild(TimeStampedModel):
    """A child the review concerns: a local case reference and an age band. Never a name."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="children")
    label = models.CharField(max_length=40, help_text="How the review refers to the child, for example 'Child A'.")
    local_case_reference = models.CharField(max_length=60, help_text="The agency's own case reference. Never a name.")
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)

    class Meta:
        ordering = ["label"]
        verbose_name_plural = "children concerned"
        constraints = [models.UniqueConstraint(fields=["review", "label"], name="review_child_unique_label")]

    def __str__(self) -> str:
        return self.label


class AgencyRequest(TimeStampedModel):
    """Information gathering: the request to one agency, and that agency's return."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="agency_requests")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="review_requests")
    requested_on = models.DateField()
    due_on = models.DateField("Due date")
    involvement_summary = models.TextField("Summary of the agency's involvement", blank=True)
    chronology = models.TextField(blank=True, help_text="Key dates and events, one a line.")
    initial_reflection = models.TextField("Initial reflection", blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["review", "agency"], name="agency_request_one_per_agency")]

    def __str__(self) -> str:
        return f"{self.review.reference}: request to {self.agency}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_on is not None

    def is_overdue(self, today: dt.date) -> bool:
        return not self.is_submitted and self.due_on < today


class ParallelProcess(TimeStampedModel):
    class Kind(models.TextChoices):
        CRIMINAL = "criminal", "Criminal proceedings"
        FAI = "fai", "Fatal Accident Inquiry"
        SCRA = "scra", "Children's Reporter (SCRA)"
        NATIONAL_HUB = "national_hub", "National hub for reviewing and investigating child deaths"
        OTHER = "other", "Other"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="parallel_processes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField("How it shapes the review")
    pauses_review = models.BooleanField("It pauses the review", default=False)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_pausing(self) -> bool:
        return self.pauses_review and self.ended_on is None


def report_upload_to(instance: models.Model, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"reviews/{instance.partnership_id}/{uuid.uuid4().hex}.{suffix}"  # type: ignore[attr-defined]


class ReportVersion(TimeStampedModel):
    """One uploaded draft of the report. Versions are numbered and never replaced."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="report_versions")
    version = models.PositiveSmallIntegerField(editable=False)
    file = models.FileField(upload_to=report_upload_to)
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    note = models.CharField("What changed", max_length=300, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["review", "version"], name="report_version_unique")]

    def __str__(self) -> str:
        return f"Version {self.version}"


class Finding(TimeStampedModel):
    """What the review found. On the action plan it becomes a learning point with its themes."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    title = models.CharField(max_length=200)
    text = models.TextField("What was found")
    kind = models.CharField(
        max_length=20,
        choices=[("good_practice", "Good practice to keep and spread"), ("improvement", "Area for improvement")],
    )
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="review_findings")
    learning_point = models.OneToOneField(
        "loop.LearningPoint", null=True, blank=True, on_delete=models.SET_NULL, related_name="review_finding"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Recommendation(TimeStampedModel):
    """A suggested strategy. On the action plan it becomes an action: who, what, by when."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    finding = models.ForeignKey(
        Finding,
        on_delete=models.PROTECT,
        related_name="recommendations",
        help_text="The finding it answers; its action hangs from that finding's learning point.",
    )
    text = models.CharField("What will be done", max_length=300)
    owner_agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_subgroup = models.ForeignKey(
        "partnership.Subgroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField("By when")
    success_measure = models.TextField(help_text="How the partnership will know it worked.")
    action = models.OneToOneField(
        "loop.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="review_recommendation"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_agency__isnull=False) | models.Q(owner_subgroup__isnull=False),
                name="recommendation_has_an_owner",
            )
        ]

    def __str__(self) -> str:
        return self.text


class Publication(TimeStampedModel):
    """A public summary or learning briefing written in the app, redaction-checked before release."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", "Public summary"
        BRIEFING = "briefing", "Learning briefing"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        READY = "ready", "Ready to publish"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="publications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField("Text", help_text="Write for the public. Do not identify the child or family.")
    school_names = models.TextField(
        "School names to look for",
        blank=True,
        help_text="One a line. The redaction check flags any of these in the text.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    checked_digest = models.CharField(max_length=64, blank=True, editable=False)
    ready_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    review_by = models.DateField("Review by", null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def is_due_for_review(self, today: dt.date) -> bool:
        return self.status == self.Status.PUBLISHED and self.review_by is not None and self.review_by <= today

    def school_name_list(self) -> list[str]:
        return [line.strip() for line in self.school_names.splitlines() if line.strip()]


class RedactionResolution(AuditedModel):
    """A possible identifier the user accepted, with their reason. Edited-out findings need none."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="resolutions")
    kind = models.CharField(max_length=30)
    text = models.CharField(max_length=300)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "kind", "text"], name="redaction_resolution_unique")
        ]

    def __str__(self) -> str:
        return f"Accepted {self.kind}: {self.text}"
