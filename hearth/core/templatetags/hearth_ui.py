"""Template helpers that render Django form fields and pagination with GOV.UK Frontend markup.

Load with ``{% load hearth_ui %}``. The component templates in ``core/components/`` use these; views and
templates normally include those components rather than calling the filters directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django import forms, template
from django.core.paginator import Page
from django.forms.boundfield import BoundField
from django.http import QueryDict
from django.utils.safestring import SafeString

register = template.Library()

# The CSS class GOV.UK Frontend gives each kind of control, and the modifier it adds when in error.
_CONTROL_CLASSES: dict[str, tuple[str, str]] = {
    "input": ("govuk-input", "govuk-input--error"),
    "date": ("govuk-input govuk-input--width-10", "govuk-input--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
}
_DATE_PART_LABELS = ("Day", "Month", "Year")
_DATE_PART_WIDTHS = (2, 2, 4)


@register.filter
def widget_kind(field: BoundField) -> str:
    """Which GOV.UK pattern renders this field.

    One of: hidden, checkbox (a single yes/no box), checkboxes, radios, select, textarea, date_parts
    (a MultiWidget shown as GOV.UK's day/month/year date input), date (one text box for a date), file,
    input (every other <input>).
    """
    widget = field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.MultiWidget):
        return "date_parts"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.DateInput | forms.DateTimeInput) or getattr(widget, "input_type", "") in {
        "date",
        "datetime-local",
    }:
        return "date"
    return "input"


@register.filter
def hint_id(field: BoundField) -> str:
    return f"{field.auto_id or field.html_name}-hint"


@register.filter
def error_id(field: BoundField) -> str:
    return f"{field.auto_id or field.html_name}-error"


@register.filter
def described_by(field: BoundField, hint: Any = None) -> str:
    """The aria-describedby value linking a control to its hint and error message (may be empty)."""
    ids = []
    if hint or field.help_text:
        ids.append(hint_id(field))
    if field.errors:
        ids.append(error_id(field))
    return " ".join(ids)


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id of the first control of a field: where the error summary's link for this field points."""
    base = field.auto_id or field.html_name
    if widget_kind(field) in {"checkboxes", "radios", "date_parts"}:
        return f"{base}_0"
    return base


def _render_control(field: BoundField, extra_classes: str = "", hint: Any = None) -> SafeString:
    kind = widget_kind(field)
    if kind == "hidden":
        return field.as_widget()
    base, error = _CONTROL_CLASSES.get(kind, _CONTROL_CLASSES["input"])
    classes = [base]
    if field.errors and error:
        classes.append(error)
    for extra in (field.field.widget.attrs.get("class", ""), extra_classes or ""):
        if extra:
            classes.append(str(extra))
    attrs: dict[str, Any] = {"class": " ".join(classes)}
    if kind == "checkbox":
        # A single yes/no box: its hint sits under the label, inside the checkbox item.
        if hint or field.help_text:
            attrs["aria-describedby"] = hint_id(field)
    elif describedby := described_by(field, hint):
        attrs["aria-describedby"] = describedby
    return field.as_widget(attrs=attrs)


@register.filter
def govuk_widget(field: BoundField, extra_classes: str = "") -> SafeString:
    """Render a bound field's widget with GOV.UK classes and aria-describedby for its hint and error.

    ``{{ field|govuk_widget }}`` or ``{{ field|govuk_widget:"govuk-input--width-10" }}``. Radios, checkbox
    groups and day/month/year dates are laid out by ``core/components/field.html`` instead.
    """
    return _render_control(field, extra_classes)


@register.simple_tag
def govuk_control(field: BoundField, classes: str = "", hint: Any = None) -> SafeString:
    """As ``govuk_widget``, for when the hint shown is not the field's help_text:
    ``{% govuk_control field classes="govuk-input--width-20" hint=hint_text %}``."""
    return _render_control(field, classes, hint)


@register.filter
def choice_options(field: BoundField) -> list[dict[str, Any]]:
    """The options of a radio or checkbox group: id, value, label and whether each is chosen."""
    options = []
    for index, sub in enumerate(field.subwidgets):
        data = sub.data
        options.append(
            {
                "id": data["attrs"].get("id") or f"{field.auto_id}_{index}",
                "value": "" if data["value"] is None else str(data["value"]),
                "label": data["label"],
                "checked": bool(data.get("selected")),
            }
        )
    return options


@register.filter
def date_parts(field: BoundField) -> list[dict[str, Any]]:
    """The day, month and year boxes of a MultiWidget date field, for GOV.UK's date input pattern.

    A widget may name its parts with a ``part_labels`` attribute; otherwise three parts are Day, Month
    and Year.
    """
    widget = field.field.widget
    context = widget.get_context(field.html_name, field.value(), {"id": field.auto_id or field.html_name})
    subwidgets = context["widget"]["subwidgets"]
    labels = getattr(widget, "part_labels", None) or (
        _DATE_PART_LABELS if len(subwidgets) == 3 else [f"Part {i + 1}" for i in range(len(subwidgets))]
    )
    widths = _DATE_PART_WIDTHS if len(subwidgets) == 3 else [4] * len(subwidgets)
    parts = []
    for index, sub in enumerate(subwidgets):
        value = sub.get("value")
        parts.append(
            {
                "id": sub["attrs"].get("id") or f"{field.auto_id}_{index}",
                "name": sub["name"],
                "value": "" if value is None else str(value),
                "label": labels[index],
                "width": widths[index],
            }
        )
    return parts


@register.filter
def elided_pages(page_obj: Page[Any]) -> list[int | None]:
    """Page numbers to offer around the current page; None where GOV.UK shows an ellipsis."""
    pages = page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    return [number if isinstance(number, int) else None for number in pages]


@register.simple_tag(takes_context=True)
def page_href(context: template.Context, number: int) -> str:
    """``?<the current query string>&page=N``, keeping every parameter except ``page``.

    The query string comes from the ``querystring`` context variable (a string such as "q=smith&status=open",
    with or without a leading "?", or a QueryDict); when that is missing or empty, from the request's GET
    parameters.
    """
    source = context.get("querystring")
    if source is None or source == "":
        request = context.get("request")
        source = request.GET if request is not None else ""
    if isinstance(source, QueryDict | Mapping):
        pairs = list(source.lists()) if isinstance(source, QueryDict) else list(source.items())
        items = [(k, v) for k, values in pairs for v in (values if isinstance(values, list) else [values])]
    else:
        items = parse_qsl(str(source).lstrip("?"), keep_blank_values=True)
    items = [(key, value) for key, value in items if key != "page"]
    items.append(("page", str(number)))
    return "?" + urlencode(items)
