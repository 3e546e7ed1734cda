"""National tokens in the admin site, for the staff who manage national readers: they see every
national token and may revoke one (a partnership's tokens are its lead officer's business)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages

from learnloop.tokens import services
from learnloop.tokens.models import AccessToken, NationalToken


@admin.register(NationalToken)
class NationalTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_on", "status"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email", "name", "prefix"]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "expires_on", "revoked_at", "revoked_by"]
    readonly_fields = fields
    actions = ["revoke"]

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).filter(scope=AccessToken.Scope.NATIONAL).select_related("user")

    def has_add_permission(self, request: Any) -> bool:
        return False  # a token is made by its owner, who alone sees the secret

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # revoked, never deleted, so the audit log's entries still name it

    def has_module_permission(self, request: Any) -> bool:
        return request.user.has_perm("national.change_nationalmembership")

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return request.user.has_perm("national.change_nationalmembership")

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return request.user.has_perm("national.change_nationalmembership")

    @admin.action(description="Revoke the chosen national tokens")
    def revoke(self, request: Any, queryset: Any) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.token_revoke(token, by=request.user)
            count += 1
        self.message_user(request, f"{count} token(s) revoked.", messages.SUCCESS)
