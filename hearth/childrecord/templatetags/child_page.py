"""The child's page's table of what is due, written in Python.

A row per open duty, each with up to a dozen template lookups through the signed-in user's lazy wrapper, was the
largest part of the page's template (issue 21: the page within 2x of its own SQL). The HTML is what the template
wrote; every value is escaped by `format_html`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from hearth.core.templatetags.navigation import href
from hearth.core.timescales.display import ObligationView

register = template.Library()

_ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell">{}{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--{}">{}{}</strong>{}</td>'
    "</tr>"
)
_RESUME = (
    '<br><form method="post" action="{}" class="hearth-inline-form">{}'
    '<button class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">'
    'Resume<span class="govuk-visually-hidden"> {}</span></button></form>'
)
_PAUSE = (
    '<br><a class="govuk-link govuk-body-s" href="{}">Pause<span class="govuk-visually-hidden"> {}</span></a>'
)


@register.simple_tag(takes_context=True)
def obligation_rows(context: template.Context, items: Sequence[ObligationView], child_id: int) -> SafeString:
    """The rows of the child's page's "Due and overdue" table; a partner sees no pause or resume."""
    partner = context["user"].is_partner
    csrf: str | None = None
    rows = []
    for item in items:
        action: Any = ""
        if partner:
            pass
        elif item.state == "paused":
            if csrf is None:
                csrf = CsrfTokenNode().render(context)  # Django's own tag: a SafeString
            action = format_html(
                _RESUME, href("worklists:resume", child_id, item.obligation.pk), csrf, item.title
            )
        elif item.pausable:
            action = format_html(_PAUSE, href("worklists:pause", child_id, item.obligation.pk), item.title)
        else:
            action = mark_safe("<br>")
        overdue = ""
        if item.days_overdue:
            overdue = f" by {item.days_overdue} day{'' if item.days_overdue == 1 else 's'}"
        note = format_html('<br><span class="govuk-body-s">Paused: {}</span>', item.note) if item.note else ""
        rows.append((item.title, note, item.due, item.colour, item.label, overdue, action))
    return format_html_join("", _ROW, rows)
