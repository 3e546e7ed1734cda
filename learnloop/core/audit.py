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


# While a page is drawn to be kept (`core.pagecache`), the entries it records. A page that
# changed something is never kept; a page whose reading is recorded (a confidential record read)
# is kept with those entries, which are written again, for the new reader, each time it is served.
_noticed: contextvars.ContextVar[list[dict[str, Any]] | None] = contextvars.ContextVar(
    "learnloop_audit_noticed", default=None
)


def current_context() -> AuditContext:
    return _context.get()


@contextmanager
def noticing() -> Iterator[list[dict[str, Any]]]:
    """Collect the entries recorded inside the block (their fields, less who and from where)."""
    found: list[dict[str, Any]] = []
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
    if event in CHANGES:
        # Pages and fragments cached under the partnership's records version are read again.
        records_changed(partnership_id)
    what = {
        "event": event,
        "partnership_id": partnership_id,
        "object_type": obj._meta.label if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None and obj.pk is not None else "",
        "object_repr": str(obj)[:300] if obj is not None else "",
        "changes": changes or {},
        "detail": detail[:500],
    }
    if (noticed := _noticed.get()) is not None:
        noticed.append(what)
    return AuditEntry.objects.create(
        user=user,
        actor=actor if actor is not None else _actor_name(user),
        ip_address=ip_address if ip_address is not None else context.ip_address,
        **what,
    )


def record_again(entries: list[dict[str, Any]]) -> None:
    """Write entries noticed while a page was drawn (`noticing`) again, for the reader now
    being served the kept page: the same reads, by this user from this address, now."""
    context = current_context()
    user = context.user if getattr(context.user, "is_authenticated", False) else None
    AuditEntry.objects.bulk_create(
        AuditEntry(user=user, actor=_actor_name(user), ip_address=context.ip_address, **what) for what in entries
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
