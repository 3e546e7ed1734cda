"""Reference numbers (LP-0001, A-0001, R-0001, V-0001, AUD-001) that count up per partnership."""

from __future__ import annotations

from django.db import models
from django.db.models import Max


def next_number(model: type[models.Model], partnership_id: int) -> int:
    """The next free `number` of `model` in the partnership. Call inside a transaction.

    The partnership's row is locked first so two writers (on any machine) cannot take the same
    number; each model's unique constraint on (partnership, number) is the last line of defence.
    """
    from learnloop.partnership.models import Partnership

    Partnership.objects.select_for_update().filter(pk=partnership_id).first()
    current = model._default_manager.filter(partnership_id=partnership_id).aggregate(n=Max("number"))["n"]
    return (current or 0) + 1
