"""Writing to the audit log. Every write path ends here, through signals or explicitly."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import models

from learnloop.core.models import AuditEntry
from learnloop.core.versions import records_changed

# The events that change records (the others say who read, exported or signed in).
CHANGES = {AuditEntry.Event.CREATE, AuditEntry.Event.UPDATE, AuditEntry.Event.DELETE, AuditEntry.Event.RETENTION}


@dataclass(frozen=True)
class AuditContext:
    user: Any = None
    ip_address: str | None = None


_context: contextvars.ContextVar[AuditContext] = contextvars.ContextVar(
    "learnloop_audit_context",
    default=AuditContext(),  # noqa: B039 (frozen, so immutable)
)


# While a page is drawn to be kept (`core.pagecache`), the events it records: a page whose
# reading is itself recorded (a confidential record read) is never kept, so every read is logged.
_noticed: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("learnloop_audit_noticed", default=None)


def current_context() -> AuditContext:
    return _context.get()


@contextmanager
def noticing() -> Iterator[list[str]]:
    """Collect the events recorded inside the block."""
    found: list[str] = []
    token = _noticed.set(found)
    try:
        yield found
    finally:
        _noticed.reset(token)


@contextmanager
def acting_as(user: Any, ip_address: str | None = None) -> Iterator[None]:
    """Attribute the writes inside the block to this user (for commands and tasks)."""
    token = _context.set(AuditContext(user=user, ip_address=ip_address))
    try:
        yield
    finally:
        _context.reset(token)


def set_context(user: Any, ip_address: str | None) -> contextvars.Token[AuditContext]:
    return _context.set(AuditContext(user=user, ip_address=ip_address))


def reset_context(token: contextvars.Token[AuditContext]) -> None:
    _context.reset(token)


def _actor_name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return getattr(user, "email", "") or str(user)


def record(
    *,
    event: str,
    obj: models.Model | None = None,
    partnership: Any = None,
    user: Any = None,
    changes: dict[str, Any] | None = None,
    detail: str = "",
    actor: str | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    context = current_context()
    user = user if user is not None else context.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    partnership_id = None
    if partnership is not None:
        partnership_id = partnership.pk
    elif obj is not None:
        partnership_id = partnership_id_of(obj)
    if (noticed := _noticed.get()) is not None:
        noticed.append(event)
    if event in CHANGES:
        # Pages and fragments cached under the partnership's records version are read again.
        records_changed(partnership_id)
    return AuditEntry.objects.create(
        event=event,
        user=user,
        actor=actor if actor is not None else _actor_name(user),
        partnership_id=partnership_id,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        ip_address=ip_address if ip_address is not None else context.ip_address,
        detail=detail[:500],
    )


def partnership_id_of(obj: models.Model, depth: int = 2) -> int | None:
    """The partnership a record belongs to: its own, or its parent's (an update's action's...)."""
    from learnloop.partnership.models import Partnership

    if isinstance(obj, Partnership):
        return obj.pk
    own = getattr(obj, "partnership_id", None)
    if own is not None or depth == 0:
        return own
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.many_to_one and field.name not in {"created_by", "user"}:
            if getattr(obj, field.attname, None) is None:
                continue
            parent = getattr(obj, field.name, None)
            if parent is not None:
                found = partnership_id_of(parent, depth - 1)
                if found is not None:
                    return found
    return None


def client_ip(request: Any) -> str | None:
    from django.conf import settings

    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
