"""The service navigation: the menu each page shows, built in Python once per request.

Fifteen included templates with a `{% url %}` each cost more on every page than the page's own content (issue 21);
the menu is declared here, its addresses are reversed once per process, and the items the user may use are
written with `format_html`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

Shown = Callable[[Any, Mapping[str, bool]], bool]


def _always(user: Any, may: Mapping[str, bool]) -> bool:
    return True


def _may(action: str) -> Shown:
    return lambda user, may: bool(may.get(action, False))


# (URL name, label, who sees it): `may` is the council actions the policy allows (context_processors.navigation).
MENU: tuple[tuple[str, str, Shown], ...] = (
    ("worklists:my_work", "My work", _always),
    ("worklists:my_team", "My team", _may("oversight_view")),
    ("worklists:oversight", "Oversight", _may("oversight_view")),
    ("signoff:waiting", "Decisions", _may("oversight_view")),
    ("supervision:due", "Supervision", lambda user, may: user.is_manager or user.role == "social_worker"),
    ("frontdoor:queue", "Front door", _may("front_door_queue")),
    ("earlyhelp:waiting", "Handovers", lambda user, may: bool(user.team_id) and not user.is_partner),
    ("protection:chairs", "Chairs and reviewing officers", _may("conference_chairs")),
    ("indicators:dashboard", "Performance", _may("indicators_read")),
    ("quality:council", "Data quality", _may("quality_council")),
    ("returns:exports", "Returns", _may("returns_export")),
    ("organisation:staff_list", "Staff", _may("workforce_list")),
    (
        "care:register",
        "Carers and homes",
        lambda user, may: bool(may.get("care_register", False)) and not user.is_partner,
    ),
    ("documents:types", "Document types", _may("document_types")),
    ("tasks:failed", "Background work", _may("tasks_failed")),
    ("governance:retention", "Retention", _may("governance_retention")),
    ("people:search", "Search", _always),
    ("notifications:notifications", "Notifications", _always),
)


_MARK = 987654320  # a number no record's id is near, reversed in its place and then replaced


@functools.cache
def _shape(name: str, arity: int, prefix: str) -> tuple[str, ...]:
    """A URL pattern's text around its whole-number arguments: reversed once, with marks where they go."""
    url = reverse(name, args=[_MARK + index for index in range(arity)])
    parts: list[str] = []
    for index in range(arity):
        before, _, url = url.partition(str(_MARK + index))
        parts.append(before)
    parts.append(url)
    return tuple(parts)


@register.simple_tag
def href(name: str, *args: Any) -> str:
    """`{% url %}` for a page whose arguments are record ids, without resolving the pattern each time: a record's
    page has a link per row (pause, resume, open), and reversing each was a tenth of the child's page."""
    if not all(type(arg) is int and arg >= 0 for arg in args):
        return reverse(name, args=args)
    parts = _shape(name, len(args), get_script_prefix())
    return "".join(part + str(arg) for part, arg in zip(parts, args, strict=False)) + parts[-1]


def _item(href: str, label: str, current: bool) -> SafeString:
    if current:
        return format_html(
            '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">'
            '<a class="govuk-service-navigation__link" href="{}" aria-current="page">'
            '<strong class="govuk-service-navigation__active-fallback">{}</strong></a></li>',
            href,
            label,
        )
    return format_html(
        '<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{}">{}</a></li>',
        href,
        label,
    )


@register.simple_tag(takes_context=True)
def service_navigation(context: template.Context) -> SafeString:
    """The menu's items for the signed-in user, the current page's marked as such."""
    user, may = context["user"], context.get("may") or {}
    match = getattr(context.get("request"), "resolver_match", None)
    current = match.view_name if match is not None else ""
    shown = tuple(index for index, (_, _, show) in enumerate(MENU) if show(user, may))
    return _menu(shown, current, get_script_prefix())


@functools.lru_cache(maxsize=512)
def _menu(shown: tuple[int, ...], current: str, prefix: str) -> SafeString:
    """The menu's HTML for these items with this page current: made once per combination (a handful per role),
    not on every page."""
    return format_html_join(
        "\n",
        "{}",
        (
            (_item(_shape(MENU[index][0], 0, prefix)[0], MENU[index][1], MENU[index][0] == current),)
            for index in shown
        ),
    )
