from django.contrib import admin

from learnloop.notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read only: what was e-mailed, to whom, and any failure waiting to be retried."""

    list_display = ["claimed_at", "kind", "sent_to", "subject", "status", "attempts"]
    list_filter = ["status", "kind", "partnership"]
    search_fields = ["sent_to", "subject", "subject_key"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digest_only", "updated_at"]
    list_select_related = ["user"]
