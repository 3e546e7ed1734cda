"""Self-evaluation against a quality framework.

The framework (domains, quality indicators, key questions) is data each partnership holds and
edits. A self-evaluation is one partnership's judgement for one year: a grade on the six-point
scale, an evaluation and linked evidence per framework item. Issuing freezes what it said.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from learnloop.core.models import TimeStampedModel


class Grade(models.IntegerChoices):
    """The six-point scale used by the Care Inspectorate."""

    EXCELLENT = 6, "6 Excellent"
    VERY_GOOD = 5, "5 Very good"
    GOOD = 4, "4 Good"
    ADEQUATE = 3, "3 Adequate"
    WEAK = 2, "2 Weak"
    UNSATISFACTORY = 1, "1 Unsatisfactory"


class FrameworkItemQuerySet(models.QuerySet["FrameworkItem"]):
    def current(self) -> FrameworkItemQuerySet:
        return self.filter(retired_at__isnull=True)

    def gradable(self) -> FrameworkItemQuerySet:
        return self.exclude(kind=FrameworkItem.Kind.DOMAIN)


class FrameworkItem(TimeStampedModel):
    """One domain, quality indicator or key question of the partnership's quality framework."""

    class Kind(models.TextChoices):
        DOMAIN = "domain", "Domain"
        QUALITY_INDICATOR = "quality_indicator", "Quality indicator"
        KEY_QUESTION = "inspection_question", "Key question"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="framework_items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField(max_length=20, help_text="For example 2.1 or Q1.")
    name = models.CharField(max_length=300)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name="domain"
    )
    source = models.URLField("Where it comes from", max_length=500, blank=True)
    themes = models.ManyToManyField(
        "themes.Theme",
        blank=True,
        related_name="framework_items",
        help_text="Records carrying these themes are suggested as evidence.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    retired_at = models.DateTimeField(
        null=True, blank=True, help_text="A retired item is graded no more but stays on past self-evaluations."
    )

    objects = FrameworkItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="framework_item_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class SelfEvaluation(TimeStampedModel):
    """A partnership's self-evaluation for one year: drafted, then issued (and perhaps corrected)."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    drafters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="Besides the lead officer, the people who may see and write the draft.",
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="self_evaluation_unique_year"),
        ]

    def __str__(self) -> str:
        return f"Self-evaluation {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:detail", args=[self.partnership.slug, self.year])


class Judgement(TimeStampedModel):
    """The grade and evaluation for one framework item in one self-evaluation."""

    self_evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="judgements")
    item = models.ForeignKey(FrameworkItem, on_delete=models.PROTECT, related_name="judgements")
    grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    evaluation = models.TextField("How good are we, and how do we know?", blank=True)

    class Meta:
        ordering = ["item__position", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["self_evaluation", "item"], name="judgement_unique_item"),
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=6),
                name="judgement_grade_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.self_evaluation}: {self.item.code}"


class EvidenceLink(TimeStampedModel):
    """A LearnLoop record that backs a judgement: any kind in learnloop.evaluation.evidence.KINDS."""

    class Origin(models.TextChoices):
        CHOSEN = "chosen", "Chosen"
        THEME = "theme", "Suggested from a theme"
        LINK = "link", "Suggested from a linked record"

    judgement = models.ForeignKey(Judgement, on_delete=models.CASCADE, related_name="evidence")
    record_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    record_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("record_type", "record_id")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.CHOSEN)
    note = models.CharField("What it shows", max_length=500, blank=True)

    class Meta:
        ordering = ["record_type_id", "record_id"]
        constraints = [
            models.UniqueConstraint(fields=["judgement", "record_type", "record_id"], name="evidence_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.judgement}: {self.record_type.model} {self.record_id}"


class IssuedSelfEvaluation(models.Model):
    """A self-evaluation as issued: its content frozen, whatever the data does later.

    `content` is everything the page and the documents show, as it was when issued; the Word and
    PDF documents of an issued version are built from it and nothing else. A correction is a new
    version with a reason; every version stays readable.
    """

    self_evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="issues")
    version = models.PositiveSmallIntegerField()
    issued_at = models.DateTimeField(default=timezone.now, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_by_name = models.CharField(max_length=200)
    reason = models.TextField("Reason for the correction", blank=True)
    content = models.JSONField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["self_evaluation", "version"], name="issued_self_evaluation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.self_evaluation}, version {self.version}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("An issued self-evaluation is never changed; issue a correction instead.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
