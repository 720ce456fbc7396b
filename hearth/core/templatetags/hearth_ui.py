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
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe

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


def _errors(field: BoundField) -> str:
    if not field.errors:
        return ""
    messages = "<br>".join(
        format_html('<span class="govuk-visually-hidden">Error:</span> {}', error) for error in field.errors
    )
    return f'<p id="{escape(error_id(field))}" class="govuk-error-message">{messages}</p>'


def _optional(field: BoundField, optional_suffix: Any) -> str:
    return " (optional)" if not field.field.required and optional_suffix is not False else ""


@register.simple_tag(takes_context=True)
def govuk_field(context: template.Context, field: BoundField) -> SafeString:
    """One bound form field in GOV.UK Frontend's markup: `core/components/field.html` (every form's include)
    calls this. Written in Python rather than as that template's branches: rendered for every field of every form,
    the template cost about 1 ms a field (ADR 42's load profile: a third of a form page's CPU).

    Read from the context as the include gives it: label_class, legend_class, hint (shown instead of the field's
    help_text), input_class (on the control, or on the radios' or checkboxes' container) and optional_suffix
    (False leaves "(optional)" off a field that is not required)."""
    kind = widget_kind(field)
    if kind == "hidden":
        return mark_safe(str(field))  # noqa: S308 - the widget's own rendering
    hint_text = context.get("hint") or field.help_text
    input_class = context.get("input_class") or ""
    optional_suffix = context.get("optional_suffix")
    group = "govuk-form-group govuk-form-group--error" if field.errors else "govuk-form-group"

    def hint_html(extra: str = "") -> str:
        if not hint_text:
            return ""
        return f'<div id="{escape(hint_id(field))}" class="govuk-hint{extra}">{conditional_escape(hint_text)}</div>'

    label = conditional_escape(field.label)
    if kind == "checkbox":
        parts = [
            _errors(field),
            '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">',
            '<div class="govuk-checkboxes__item">',
            _render_control(field, input_class, hint_text),
            f'<label class="govuk-label govuk-checkboxes__label" for="{escape(field.id_for_label)}">{label}</label>',
            hint_html(" govuk-checkboxes__hint"),
            "</div></div>",
        ]
    elif kind in ("radios", "checkboxes", "date_parts"):
        describedby = described_by(field, hint_text)
        legend_class = context.get("legend_class") or "govuk-fieldset__legend--s"
        disabled = " disabled" if field.field.disabled else ""
        parts = [
            '<fieldset class="govuk-fieldset"',
            ' role="group"' if kind == "date_parts" else "",
            f' aria-describedby="{escape(describedby)}"' if describedby else "",
            f'><legend class="govuk-fieldset__legend {conditional_escape(legend_class)}">{label}{_optional(field, optional_suffix)}'
            "</legend>",
            hint_html(),
            _errors(field),
        ]
        if kind == "date_parts":
            error = " govuk-input--error" if field.errors else ""
            parts.append(f'<div class="govuk-date-input" id="{escape(field.auto_id)}">')
            for part in date_parts(field):
                parts.append(
                    format_html(
                        '<div class="govuk-date-input__item"><div class="govuk-form-group">'
                        '<label class="govuk-label govuk-date-input__label" for="{}">{}</label>'
                        '<input class="govuk-input govuk-date-input__input govuk-input--width-{}{}" id="{}" name="{}"'
                        ' type="text" inputmode="numeric" value="{}"{}></div></div>',
                        part["id"],
                        part["label"],
                        part["width"],
                        error,
                        part["id"],
                        part["name"],
                        part["value"],
                        disabled,
                    )
                )
            parts.append("</div>")
        else:
            prefix = "govuk-radios" if kind == "radios" else "govuk-checkboxes"
            container = f"{prefix} {conditional_escape(input_class)}" if input_class else prefix
            parts.append(f'<div class="{container}" data-module="{prefix}">')
            kind_type = "radio" if kind == "radios" else "checkbox"
            for option in choice_options(field):
                parts.append(
                    format_html(
                        '<div class="{}__item"><input class="{}__input" id="{}" name="{}" type="{}" value="{}"{}{}>'
                        '<label class="govuk-label {}__label" for="{}">{}</label></div>',
                        prefix,
                        prefix,
                        option["id"],
                        field.html_name,
                        kind_type,
                        option["value"],
                        " checked" if option["checked"] else "",
                        disabled,
                        prefix,
                        option["id"],
                        option["label"],
                    )
                )
            parts.append("</div>")
        parts.append("</fieldset>")
    else:
        label_class = context.get("label_class")
        label_classes = f"govuk-label {conditional_escape(label_class)}" if label_class else "govuk-label"
        parts = [
            f'<label class="{label_classes}" for="{escape(field.id_for_label)}">{label}'
            f"{_optional(field, optional_suffix)}</label>",
            hint_html(),
            _errors(field),
            _render_control(field, input_class, hint_text),
        ]
    return mark_safe(f'<div class="{group}">{"".join(parts)}</div>')  # noqa: S308 - each part escaped above
