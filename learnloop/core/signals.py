"""Audit every write to an AuditedModel, and every sign-in, sign-out and failed sign-in.

The save and delete receivers are connected to each audited model only (see `connect`), so a
model that is not audited (a fact table of millions of rows) keeps Django's fast bulk delete.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from learnloop.core import audit
from learnloop.core.models import AuditedModel, AuditEntry


def audit_save(sender: type, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not isinstance(instance, AuditedModel):
        return
    changes = instance.audit_changes()
    if not created and not changes:
        return
    audit.record(event=AuditEntry.Event.CREATE if created else AuditEntry.Event.UPDATE, obj=instance, changes=changes)
    instance._loaded_values = instance.audit_snapshot()


def audit_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, AuditedModel):
        audit.record(event=AuditEntry.Event.DELETE, obj=instance)


def connect() -> None:
    """Connect the save and delete receivers to every concrete audited model (called once models are loaded)."""
    for model in apps.get_models():
        if issubclass(model, AuditedModel):
            post_save.connect(audit_save, sender=model, dispatch_uid=f"audit_save:{model._meta.label}")
            post_delete.connect(audit_delete, sender=model, dispatch_uid=f"audit_delete:{model._meta.label}")


@receiver(m2m_changed)
def audit_m2m(sender: type, instance: Any, action: str, pk_set: Any, model: type, **kwargs: Any) -> None:
    if not isinstance(instance, AuditedModel) or action not in {"post_add", "post_remove", "post_clear"}:
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender),
        sender._meta.model_name,
    )
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    audit.record(
        event=AuditEntry.Event.UPDATE,
        obj=instance,
        changes={field: {verb: sorted(pk_set or [])}},
    )


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(
        event=AuditEntry.Event.SIGN_IN,
        user=user,
        ip_address=audit.client_ip(request) if request is not None else None,
    )


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(
            event=AuditEntry.Event.SIGN_OUT,
            user=user,
            ip_address=audit.client_ip(request) if request is not None else None,
        )


@receiver(user_login_failed)
def audit_sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    if credentials.get("second_factor"):
        return  # a wrong code: learnloop.accounts.two_factor writes its own entry
    attempted = str(credentials.get("username") or credentials.get("email") or "")[:254]
    audit.record(
        event=AuditEntry.Event.SIGN_IN_FAILED,
        actor=attempted,
        detail=f"Failed sign-in for {attempted}",
        ip_address=audit.client_ip(request) if request is not None else None,
    )
