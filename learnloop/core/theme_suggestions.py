"""“Suggest themes” on any form with a themes field, without JavaScript.

The form's own “Suggest themes” button posts the form as typed. The view re-shows it, unbound
(no errors for half-filled fields), with every value as typed, and the themes suggested from
its words by the registered theme suggester (core.registry). Suggestions are offered, never
applied: nothing is ticked for the user, and nothing is saved. The template shows them with
`{% include "components/theme_suggestions.html" with field=form.themes %}`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from learnloop.core import registry

SUGGEST = "suggest_themes"  # the name of the button


class SuggestThemesMixin:
    """For a Django form taking `membership=`: suggest_from names the fields whose words count."""

    suggest_from: tuple[str, ...] = ("title", "description")
    offers_theme_suggestions = True  # form_page.html shows the button by the themes field

    @staticmethod
    def wants_suggestions(request: HttpRequest) -> bool:
        return request.method == "POST" and SUGGEST in request.POST

    @classmethod
    def with_suggestions(cls, request: HttpRequest, membership: Any, **kwargs: Any) -> tuple[Any, list]:
        """The form as typed (unbound, so no errors) and the suggestions for its words."""
        kwargs.pop("initial", None)
        form = cls(membership=membership, **kwargs)  # type: ignore[call-arg]
        typed = {
            name: field.widget.value_from_datadict(request.POST, request.FILES, form.add_prefix(name))
            for name, field in form.fields.items()
        }
        form.initial = {**form.initial, **{name: value for name, value in typed.items() if value is not None}}
        text = ". ".join(str(request.POST.get(form.add_prefix(name), "")).strip() for name in cls.suggest_from)
        return form, registry.suggest_themes(membership, text)
