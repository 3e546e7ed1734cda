"""The minimum dataset: the indicator catalogue, the facts (child-journey events, aggregate
returns, population) and the trend signals raised from them.

Facts are stored; indicators are computed when asked (see `computation.py`), so a corrected
extract or definition never leaves stale figures behind.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from learnloop.core.models import TimeStampedModel


class Improvement(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    NONE = "none", "No direction"


class Indicator(TimeStampedModel):
    """One indicator of the catalogue. Indicators are data: seeded from data/indicators.csv."""

    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENT = "percent", "Percentage"
        RATE = "rate", "Rate per 1,000 children"
        DAYS = "days", "Days"

    class Section(models.TextChoices):
        JOURNEY = "journey", "The child's journey"
        REGISTER = "register", "The child protection register"
        CONCERNS = "concerns", "Concerns at registration"
        AGE = "age", "Age and circumstances at registration"

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    improvement = models.CharField(max_length=10, choices=Improvement.choices, default=Improvement.NONE)
    scrutiny_question = models.CharField(max_length=300, blank=True)
    definition = models.TextField(blank=True)
    section = models.CharField(max_length=20, choices=Section.choices, default=Section.JOURNEY)
    position = models.PositiveSmallIntegerField(default=0)
    in_dataset = models.BooleanField(
        "Part of the partnership's dataset", default=True, help_text="Shown on the dashboard and in exports."
    )

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class NationalBenchmark(TimeStampedModel):
    """A published national figure (Scotland) to compare a partnership with."""

    measure = models.CharField(max_length=60)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="benchmarks"
    )
    reference_date = models.DateField()
    year = models.CharField(max_length=10, help_text="The statistics year, for example 2022-23.")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["measure", "-reference_date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "reference_date"], name="benchmark_unique_measure_date")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}: {self.value}"


class JourneyImport(TimeStampedModel):
    """One upload of a child-journey extract and what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        CHECKING = "checking", "Checking rows"
        LOADING = "loading", "Loading"
        REJECTED = "rejected", "Not loaded: the file has problems"
        LOADED = "loaded", "Loaded"

    FINISHED = {Status.REJECTED, Status.LOADED}

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="journey_imports")
    filename = models.CharField(max_length=255)
    # A pseudonymised, normalised CSV copy kept only until the import finishes: the raw file
    # (with source-system child ids) is never stored.
    work_file = models.FileField(upload_to="dataset/imports/", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    accept_good_rows = models.BooleanField(default=False)
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_bad = models.PositiveIntegerField(default=0)
    rows_loaded = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_replaced = models.PositiveIntegerField(default=0)
    # Every problem found: [{"row": n, "column": "...", "reason": "..."}] (capped, see services).
    problems = models.JSONField(default=list, blank=True)
    problems_truncated = models.BooleanField(default=False)
    warnings = models.JSONField(default=list, blank=True)
    first_event = models.DateField(null=True, blank=True)
    last_event = models.DateField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    audit_exclude = ("updated_at", "rows_checked", "problems")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("dataset:import_detail", args=[self.partnership.slug, self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def can_accept_good_rows(self) -> bool:
        return self.status == self.Status.REJECTED and self.rows_bad and self.rows_total > self.rows_bad

    @property
    def percent_checked(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_checked / self.rows_total))


class JourneyEvent(models.Model):
    """One key point of a child's journey, from an extract. The child is a keyed hash only.

    A fact table that can hold millions of rows: rows are written in bulk by the importer and
    audited as one import (JourneyImport), not one entry a row.
    """

    class EventType(models.TextChoices):
        CONCERN = "concern", "Concern"
        IRD = "ird", "Inter-agency referral discussion"
        INVESTIGATION = "investigation", "Investigation"
        CPPM_PRE_BIRTH = "cppm_pre_birth", "Pre-birth CPPM"
        CPPM_INITIAL = "cppm_initial", "Initial CPPM"
        CPPM_REVIEW = "cppm_review", "Review CPPM"
        REGISTRATION = "registration", "Registration"
        DEREGISTRATION = "deregistration", "Deregistration"
        CORE_GROUP = "core_group", "Core group"

    # The natural key is the primary key: a partnership's record ids are unique, and a table of
    # millions of rows loads fastest with one index. The foreign keys are kept by Django, not by
    # database constraints (the importer is the only writer; see docs/adr/0006).
    pk = models.CompositePrimaryKey("partnership", "record_id")
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    journey_import = models.ForeignKey(
        JourneyImport, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False, db_index=False
    )
    record_id = models.CharField(max_length=100)
    child_key = models.CharField(max_length=64, help_text="HMAC-SHA256 of the source system's child id.")
    event_type = models.CharField(max_length=20, choices=EventType.choices)
    event_date = models.DateField()
    birth_month = models.DateField(null=True, blank=True, help_text="The first day of the month of birth.")
    age_band = models.CharField(max_length=10, default="not_known")
    sex = models.CharField(max_length=10, default="not_known")
    disability = models.CharField(max_length=10, default="not_known")
    ethnicity = models.CharField(max_length=100, default="not_known")
    looked_after = models.CharField(max_length=10, default="not_known")
    outcome = models.CharField(max_length=20, blank=True)
    # Registration concerns as ";code;code;" so a LIKE '%;code;%' finds one in any database.
    concerns = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["event_date", "record_id"]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} on {self.event_date:%d/%m/%Y}"


class Population(TimeStampedModel):
    """Children aged 0-15 in the partnership's area in a calendar year (for rates)."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    children_0_15 = models.PositiveIntegerField("Children aged 0 to 15")
    source = models.CharField(max_length=200, blank=True, help_text="For example, NRS mid-year estimates 2023.")

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="population_unique_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.children_0_15:,} children aged 0 to 15"


class AggregateValue(TimeStampedModel):
    """An aggregate return: a value for an indicator, quarter and breakdown, entered by hand.

    For partnerships without record-level data. Where a partnership has events for a quarter,
    the figures computed from the events are used and these are ignored.
    """

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7, help_text="A quarter, YYYY-Qn.")
    breakdown = models.CharField(max_length=120, blank=True, help_text="Blank for the whole partnership.")
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["indicator__position", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "indicator", "period", "breakdown"], name="aggregate_unique_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"


class PeriodLock(TimeStampedModel):
    """A quarter whose aggregate returns were reviewed and locked (who, when).

    After locking, a value of the quarter changes only with a recorded exception (who, when, why).
    """

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    locked_at = models.DateTimeField()

    class Meta:
        ordering = ["-period"]
        constraints = [models.UniqueConstraint(fields=["partnership", "period"], name="period_lock_unique")]

    def __str__(self) -> str:
        return f"{self.period} locked"


class PeriodLockException(TimeStampedModel):
    """A change to a locked quarter's aggregate return: who (created_by), when (created_at) and why."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    lock = models.ForeignKey(PeriodLock, on_delete=models.PROTECT, related_name="exceptions")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    breakdown = models.CharField(max_length=120, blank=True)
    before = models.CharField("Value before", max_length=60, blank=True)
    after = models.CharField("Value after", max_length=60, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Exception to {self.lock.period}: {self.indicator.code}"


class TrendSignal(TimeStampedModel):
    """A special-cause signal on an indicator that MISE acted on: turned into learning or dismissed.

    Signals are computed when asked; a record exists only once someone decides about one, and
    it keeps the chart as it was when they did.
    """

    class Status(models.TextChoices):
        LEARNING = "learning", "Turned into a learning point"
        DISMISSED = "dismissed", "Dismissed"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=9)
    label = models.CharField(max_length=40)
    rules = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField()
    reason = models.TextField(blank=True)
    chart_svg = models.TextField(blank=True)
    chart_rows = models.JSONField(default=list, blank=True)

    loop_source_template = "dataset/_loop_source.html"
    audit_exclude = ("updated_at", "chart_svg", "chart_rows")

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "indicator", "period"], name="trend_signal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}, {self.period}: {self.get_label_display_text()}"

    def get_label_display_text(self) -> str:
        from learnloop.dataset.spc import LABEL_TEXT

        return LABEL_TEXT.get(self.label, self.label)

    def get_absolute_url(self) -> str:
        return reverse("dataset:indicator", args=[self.partnership.slug, self.indicator.code])


class BreakdownValue(TimeStampedModel):
    """A value a breakdown (sex, disability, ethnicity, looked-after status) may take in a
    partnership: extracts and aggregate returns are matched to these ignoring case, spaces and
    punctuation (extract.Vocabulary). Seeded for every partnership (extract.DEFAULT_BREAKDOWN_VALUES)."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=100, help_text="What is stored for an event.")
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dimension", "order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "dimension", "value"], name="breakdown_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.label}"


class BreakdownMapping(TimeStampedModel):
    """A text an extract uses for a listed breakdown value, mapped once by an analyst. The text is
    kept only as its matching key (extract.vocabulary_key)."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20)
    key = models.CharField(max_length=200)
    value = models.ForeignKey(BreakdownValue, on_delete=models.CASCADE, related_name="mappings")

    class Meta:
        ordering = ["dimension", "key"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "dimension", "key"], name="breakdown_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.key} -> {self.value.label}"


class UnlistedValue(TimeStampedModel):
    """A breakdown text an import found that is not listed, waiting to be mapped. Only a text that
    cannot be a child's identifier is kept (vocabulary.unlisted_values_record)."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20)
    key = models.CharField(max_length=200)
    text = models.CharField(max_length=100)
    journey_import = models.ForeignKey(JourneyImport, null=True, on_delete=models.SET_NULL, related_name="+")

    audit_exclude = ("updated_at", "text", "key")

    class Meta:
        ordering = ["dimension", "text"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "dimension", "key"], name="unlisted_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.text}"
