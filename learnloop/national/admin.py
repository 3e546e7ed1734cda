from django.contrib import admin

from learnloop.national.models import NationalMembership


@admin.register(NationalMembership)
class NationalMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["user__email", "body"]
    raw_id_fields = ["user"]
