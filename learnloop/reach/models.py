"""Website statistics: visitors and page views by month, page by page, and the pages each
campaign or dissemination promoted, so that reach can be read against the loop's timeline."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from learnloop.core.models import TimeStampedModel


class Tool(models.TextChoices):
    PLAUSIBLE = "plausible", "Plausible"
    MATOMO = "matomo", "Matomo"
    GA4 = "ga4", "Google Analytics 4"


class StatisticsImport(TimeStampedModel):
    """One file imported: what it held and what it changed."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    tool = models.CharField(max_length=20, choices=Tool.choices)
    filename = models.CharField(max_length=255)
    first_month = models.DateField()
    last_month = models.DateField()
    rows_read = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_tool_display()} export {self.filename}"


class MonthlyTraffic(TimeStampedModel):
    """The whole site in one month. Visitors may be unknown where only page reports were imported."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    visitors = models.PositiveIntegerField(null=True, blank=True)
    pageviews = models.PositiveIntegerField(null=True, blank=True)
    tool = models.CharField(max_length=20, choices=Tool.choices)

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "month"], name="traffic_one_row_per_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="traffic_month_is_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}"


class PageTraffic(TimeStampedModel):
    """One page in one month."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    path = models.CharField(max_length=500)
    pageviews = models.PositiveIntegerField()
    visitors = models.PositiveIntegerField(null=True, blank=True)
    tool = models.CharField(max_length=20, choices=Tool.choices)

    class Meta:
        ordering = ["month", "-pageviews"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "month", "path"], name="page_traffic_one_row"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="page_traffic_month_is_first_day"),
        ]
        indexes = [models.Index(fields=["partnership", "path", "month"], name="page_traffic_path")]

    def __str__(self) -> str:
        return f"{self.path} in {self.month:%B %Y}"


class PromotedPages(TimeStampedModel):
    """The website pages a campaign or other dissemination from the loop promoted."""

    loop_source_template = "reach/_loop_source.html"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    dissemination = models.OneToOneField("loop.Dissemination", on_delete=models.CASCADE, related_name="promoted_pages")
    paths = models.TextField(help_text="One page path a line, for example /safe-sleep")

    class Meta:
        verbose_name_plural = "promoted pages"

    def __str__(self) -> str:
        return f"Pages promoted by {self.dissemination.title}"

    def path_list(self) -> list[str]:
        return [p.strip() for p in self.paths.splitlines() if p.strip()]

    def get_absolute_url(self) -> str:
        return reverse("reach:campaign", args=[self.partnership.slug, self.dissemination_id])
