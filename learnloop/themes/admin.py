from django.contrib import admin

from learnloop.themes.models import Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "partnership", "retired_at"]
    list_filter = ["partnership"]
    search_fields = ["name", "code"]
