from django.contrib import admin

from learnloop.partnership.models import Agency, Partnership, Subgroup


class AgencyInline(admin.TabularInline):
    model = Agency
    extra = 0
    fields = ["name", "kind", "is_active"]


class SubgroupInline(admin.TabularInline):
    model = Subgroup
    extra = 0
    fields = ["name", "short_name", "is_active"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "rag_amber_days"]
    inlines = [AgencyInline, SubgroupInline]
