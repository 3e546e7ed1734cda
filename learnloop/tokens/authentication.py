"""`Authorization: Bearer <token>` for the API: read-only, one partnership or the national view,
every use audited."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission

from learnloop.core import audit
from learnloop.core.models import AuditEntry
from learnloop.tokens import services
from learnloop.tokens.models import AccessToken


class TokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, AccessToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Give one token after Bearer.")
        token = services.token_for_secret(parts[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown token.")
        refusal = self._refusal(token)
        if refusal:
            # A known token refused is recorded too: someone still holds a token that should be dead.
            self._record(
                request, token, AuditEntry.Event.SIGN_IN_FAILED, f"API token {token.prefix} refused ({refusal})"
            )
            raise exceptions.AuthenticationFailed(f"This token {refusal}.")
        self._record(request, token, AuditEntry.Event.EXPORT, f"API token {token.prefix} used")
        services.token_touch(token)
        if request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied("Personal access tokens are read-only.")
        return token.user, token

    @staticmethod
    def _refusal(token: AccessToken) -> str:
        if token.revoked_at is not None:
            return "has been revoked"
        if token.expires_on < timezone.localdate():
            return "has expired"
        if token.is_national:
            from learnloop.national.access import may_read_national

            if not may_read_national(token.user):
                return "belongs to someone who may no longer read the national view"
        elif not (token.user.is_active and token.membership.is_active):
            return "belongs to a member who is no longer active"
        return ""

    @staticmethod
    def _record(request: Any, token: AccessToken, event: str, what: str) -> None:
        query = request.META.get("QUERY_STRING", "")
        audit.record(
            event=event,
            obj=token,
            partnership=token.partnership,
            user=token.user,
            detail=f"{what}: {request.method} {request.path}" + (f"?{query}" if query else ""),
            ip_address=audit.client_ip(request),
        )

    def authenticate_header(self, request: Any) -> str:
        return f'{self.keyword} realm="api"'


class TokenScope(BasePermission):
    """A partnership token reads its own partnership only: any other partnership's URL, and the
    national view's, answers 404, as for a non-member. A national token reads only the national
    view's endpoints (views marked `national_scope = True`): every partnership's URL answers 404."""

    def has_permission(self, request: Any, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, AccessToken):
            return True
        if request.method not in SAFE_METHODS:
            return False
        if token.is_national:
            if not getattr(view, "national_scope", False):
                raise exceptions.NotFound()
            return True
        slug = getattr(view, "kwargs", {}).get("slug")
        if getattr(view, "national_scope", False) or slug is None or slug != token.partnership.slug:
            raise exceptions.NotFound()
        return True


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "learnloop.tokens.authentication.TokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal access token, made under API tokens for one partnership or for the national view. "
                "Read-only (GET only), expiring, revocable; each use is recorded in the audit log. "
                "A partnership token reads what its member may read in that partnership, with the same "
                "disclosure control; a national token reads only /api/national/, which shows only what "
                "partnerships share. Any other address answers 404."
            ),
        }
