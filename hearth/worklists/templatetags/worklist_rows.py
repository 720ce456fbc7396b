"""The rows of a worklist's table of duties (my work, my team, oversight), written in Python.

Fifty rows of a dozen template lookups each (through a duty to its child, each step tried as a key, then an
attribute) and two `{% url %}` a row were four tenths of the worklist's CPU under load (ADR 42), as the child's
page's were (issue 21, `childrecord/templatetags/child_page.py`). The HTML is what `_obligation_table.html`
wrote; every value is escaped by `format_html`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from hearth.core.templatetags.navigation import href
from hearth.core.timescales.display import ObligationView
from hearth.organisation.models import StaffUser
from hearth.people.models import Person

register = template.Library()

SUPERVISION = "supervision.due"
_ROW = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>{}'
    '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">'
    '<strong class="govuk-tag govuk-tag--{}">{}{}</strong></td></tr>'
)
_LINK = '<a class="govuk-link" href="{}">{}</a>'
_LINK_FOR = '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> for {}</span></a>'
_SMALL = '{}<br><span class="govuk-body-s">{}</span>'


def _name(child: Person | None) -> str:
    return f"{child.forename} {child.surname}" if child is not None else ""


def _full_name(staff: StaffUser | None) -> str:
    return staff.full_name if staff is not None else ""


def _who(row: ObligationView) -> SafeString:
    duty = row.obligation
    if duty.child_id:
        person_number = duty.child.person_number if duty.child is not None else ""
        link = format_html(_LINK, href("childrecord:child_page", duty.child_id), _name(duty.child))
        return format_html(_SMALL, link, person_number)
    if duty.staff_id:
        staff = _full_name(duty.staff)
        if duty.rule_id == SUPERVISION:
            return format_html(
                _SMALL,
                format_html(_LINK, href("supervision:history", duty.staff_id), staff),
                "Member of staff",
            )
        return format_html(_SMALL, staff, "Member of staff")
    return format_html("{} {}", duty.record_type, duty.record_id)


def _what(row: ObligationView) -> SafeString:
    duty = row.obligation
    if duty.rule_id == SUPERVISION and duty.staff_id:
        url = f"{reverse('supervision:record')}?worker={duty.staff_id}"
        return format_html(_LINK_FOR, url, row.title, _full_name(duty.staff))
    if row.actionable:
        return format_html(
            _LINK_FOR, href("worklists:act", duty.child_id, duty.pk), row.title, _name(duty.child)
        )
    return format_html("{}", row.title)


def _owner(row: ObligationView) -> SafeString:
    duty = row.obligation
    if duty.owner_id:
        return format_html('<td class="govuk-table__cell">{}</td>', _full_name(duty.owner))
    if row.holder:
        return format_html(
            '<td class="govuk-table__cell">' + _SMALL + "</td>", row.holder, "the manager decides"
        )
    return format_html('<td class="govuk-table__cell">{}</td>', "The team")


@register.simple_tag
def worklist_rows(rows: Sequence[ObligationView], show_owner: bool, empty_text: str) -> SafeString:
    """The table's body rows: who, what is due (a link to the form that meets it), the worker, when, its state."""
    if not rows:
        return format_html(
            '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">{}</td></tr>', empty_text
        )
    return format_html_join(
        "",
        _ROW,
        (
            (
                _who(row),
                _what(row),
                _owner(row) if show_owner else "",
                row.due,
                row.colour,
                row.label,
                f" by {row.days_overdue} day{'' if row.days_overdue == 1 else 's'}"
                if row.days_overdue
                else "",
            )
            for row in rows
        ),
    )
