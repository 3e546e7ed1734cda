"""The admin shows loop records for operators; people use the pages, which apply the rules."""

from django.contrib import admin

from learnloop.loop import models


@admin.register(models.LearningPoint)
class LearningPointAdmin(admin.ModelAdmin):
    list_display = ["__str__", "partnership", "kind", "source_type", "date_identified", "is_confidential"]
    list_filter = ["partnership", "kind", "source_type", "is_confidential"]
    search_fields = ["title", "description"]
    readonly_fields = ["number"]


@admin.register(models.Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "partnership", "owner_agency", "due_date", "status"]
    list_filter = ["partnership", "status"]
    search_fields = ["title"]
    readonly_fields = ["number", "status", "status_changed_at", "completed_on"]


for model in (models.Dissemination, models.Embedding, models.Impact, models.TrackedChild):
    admin.site.register(model)
