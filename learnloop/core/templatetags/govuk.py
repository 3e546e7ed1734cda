"""Template helpers for GOV.UK Frontend components. Loaded as a builtin in every template."""

from __future__ import annotations

import html
import re
from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

RAG_TAG = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green"}
RAG_TEXT = {"red": "Overdue", "amber": "Due soon", "green": "On track"}
STATUS_TAG = {
    "not_started": "govuk-tag--grey",
    "in_progress": "govuk-tag--blue",
    "completed": "govuk-tag--turquoise",
    "embedded": "govuk-tag--purple",
    "impact_evaluated": "govuk-tag--green",
    "awaiting": "govuk-tag--yellow",
    "approved": "govuk-tag--green",
    "not_approved": "govuk-tag--red",
}


def widget_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    from learnloop.core.forms import GovUKDateInput

    if isinstance(widget, GovUKDateInput):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.simple_tag(takes_context=True)
def govuk_field(context: Any, field: forms.BoundField, **options: Any) -> SafeString:
    """Render a form field as the matching GOV.UK component, with its label, hint and error."""
    kind = widget_kind(field)
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "text")
    ctx = {
        "field": field,
        "kind": kind,
        "input_type": input_type,
        "label_size": options.get("label_size", ""),
        "width": options.get("width", ""),
        "hint": options.get("hint", field.help_text),
        "label": options.get("label", field.label),
        "rows": options.get("rows", 5),
        "value": field.value(),
        "selected": _selected_values(field),
        "csp_nonce": context.get("csp_nonce"),
        "options": _options(field) if kind in {"checkboxes", "radios", "select"} else None,
    }
    return render_to_string("components/field.html", ctx)


def _options(field: forms.BoundField) -> list[tuple[str, Any, bool]] | None:
    """(value, label, selected) for each choice, as Django's widgets would render them, read
    once: walking the bound field builds a widget context for every choice, and counting a
    model field's choices is another query. None for grouped choices (Django's own path)."""
    # iter() first: list() would ask a model field's choices for their length, a COUNT query.
    choices = list(iter(field.field.choices))
    if any(isinstance(label, list | tuple) for _, label in choices):
        return None
    widget = field.field.widget
    value = field.value()
    if value is None and getattr(widget, "allow_multiple_selected", False):
        values: list[Any] = []
    else:
        values = list(value) if isinstance(value, list | tuple | set) else [value]
    chosen = {"" if v is None else str(v) for v in values}
    options = []
    for option_value, label in choices:
        text = "" if option_value is None else str(option_value)
        options.append((text, label, text in chosen))
    return options


def _selected_values(field: forms.BoundField) -> set[str]:
    value = field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


@register.filter
def rag_class(rag: str) -> str:
    return RAG_TAG.get(rag, "govuk-tag--grey")


@register.filter
def rag_text(rag: str) -> str:
    return RAG_TEXT.get(rag, rag)


@register.filter
def status_class(status: str) -> str:
    return STATUS_TAG.get(status, "govuk-tag--grey")


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "No data"
    return f"{round(value * 100)}%"


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def widget_kind_of(field: forms.BoundField) -> str:
    return widget_kind(field)


@register.simple_tag
def nav_state(request: Any, href: str, text: str) -> str:
    """'page' when the link is this page, 'section' when the page is inside the link's section.

    Every source of learning (registered in core.registry, keyed by its URL namespace) sits
    under "Sources".
    """
    from learnloop.core.registry import SOURCES

    path = request.path
    if path == href:
        return "page"
    if text == "Sources" and request.resolver_match and request.resolver_match.namespace in SOURCES:
        return "section"
    # The home link is the partnership's root: it is only active on itself.
    if href.count("/") > 3 and path.startswith(href):
        return "section"
    return ""


@register.filter
def share_of(health: Any, count: int) -> float | None:
    return health.share(count)


@register.filter
def subtract(value: int, arg: int) -> int:
    return int(value) - int(arg)


@register.filter
def duration_words(value: Any) -> str:
    """A timedelta in words: '1 hour', '90 minutes'."""
    if not value:
        return ""
    minutes = int(value.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minutes"


@register.filter
def govuk_error(error: str, field: forms.BoundField) -> str:
    """Say which field an error is about, as GOV.UK error messages do, instead of Django's generic
    text ("Enter what was learned", "Title must be 200 characters or fewer"). See core.errors."""
    from learnloop.core.errors import govuk_message

    return govuk_message(error, field)


@register.filter(is_safe=True)
def mid_sentence(value: Any) -> str:
    """A label as it reads mid-sentence, keeping acronyms and proper names (see core.text)."""
    from learnloop.core.text import mid_sentence as words_mid_sentence

    return words_mid_sentence(value)


class ScrollRegionNode(template.Node):
    def __init__(self, nodelist: template.NodeList, label: template.base.FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> str:
        content = self.nodelist.render(context)
        label = str(self.label.resolve(context) or "") if self.label else ""
        if not label:
            found = re.search(r"<caption[^>]*>(.*?)</caption>", content, re.S)
            label = html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))) if found else ""
        label = " ".join(label.split()) or "Table"
        return format_html(
            '<div class="app-table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
            label,
            mark_safe(content),  # noqa: S308 - the rendered template, already escaped
        )


@register.tag
def scroll_region(parser: template.base.Parser, token: template.base.Token) -> ScrollRegionNode:
    """Wrap a table so it scrolls sideways on a narrow screen, in a region a keyboard can reach.

    `{% scroll_region %}<table>…</table>{% endscroll_region %}` names the region from the
    table's caption; `{% scroll_region "My actions" %}` names it when there is no caption.
    """
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("scroll_region takes at most one argument, the region's name")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, label)
