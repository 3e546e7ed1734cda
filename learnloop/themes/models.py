"""The practice-theme taxonomy: each partnership has its own copy, seeded from themes.csv."""

from __future__ import annotations

from django.db import models

from learnloop.core.models import TimeStampedModel


class ThemeQuerySet(models.QuerySet["Theme"]):
    def current(self) -> ThemeQuerySet:
        return self.filter(retired_at__isnull=True)


class Theme(TimeStampedModel):
    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="themes")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    retired_at = models.DateTimeField(
        null=True, blank=True, help_text="A retired theme is offered no more but stays on the records that carry it."
    )

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="theme_unique_code_per_partnership"),
            models.UniqueConstraint(fields=["partnership", "name"], name="theme_unique_name_per_partnership"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (retired)" if self.retired_at else self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None
