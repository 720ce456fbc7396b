"""No lost update (issue 13 part 7, ADR 19): every form that changes a record two people can edit is opened in two
sessions, the first saves, and the second's save from the page as it was opened is refused, with the first's change
shown beside the second's own text, and nothing of the second's saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hearth.casenotes.services import note_draft_save
from hearth.children_in_need.assessments import assessment_authorise, assessment_return, assessment_start
from hearth.children_in_need.services import referral_receive
from hearth.children_in_need.tests.fixtures import completed_assessment
from hearth.organisation.roles import Role
from hearth.protection.tests.plan_fixtures import start_plan

STALE = "Someone else changed this"


class _Forms(HTMLParser):
    """Every form on a page, as the browser would post it: its fields' names and values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._text: tuple[str, list[str]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append({"buttons": set()})
        elif tag == "option" and self.forms and self._select and "selected" in a:
            self.forms[-1][self._select] = a.get("value", "")
        elif not self.forms or "name" not in a:
            return
        elif tag == "button":
            self.forms[-1]["buttons"].add(a["name"])
        elif tag == "input" and a.get("type") not in ("submit", "button"):
            choice = a.get("type") in ("checkbox", "radio")
            if choice and "checked" not in a:
                return
            self.forms[-1].setdefault(a["name"], a.get("value", "on" if choice else ""))
        elif tag == "textarea":
            self._text = (a["name"], [])
        elif tag == "select":
            self._select = a["name"]

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._text is not None:
            self.forms[-1][self._text[0]] = "".join(self._text[1])
            self._text = None
        elif tag == "select":
            self._select = None


def _form(client: Client, url: str, button: str) -> dict[str, Any]:
    """The form with this button on the page (or, with none named, the one form carrying a version), as it was
    opened: its version among its fields."""
    parser = _Forms()
    parser.feed(client.get(url).content.decode())
    found = [form for form in parser.forms if (button in form["buttons"] if button else "version" in form)]
    assert len(found) == 1, (url, button)
    values = {key: value for key, value in found[0].items() if key != "buttons"}
    assert "version" in values, (url, "the form does not carry the version it was opened at")
    return values | ({button: "1"} if button else {})


@dataclass
class EditForm:
    name: str
    url: Callable[[Any], str]
    first: Callable[[Any], Any]
    second: Callable[[Any], Any]
    button: str
    field: str
    values: tuple[str, str]
    saved: Callable[[Any], str]


def _person(council: Any) -> Any:
    return council.child


def _draft(council: Any) -> Any:
    return note_draft_save(
        child=council.child,
        note=None,
        values={"note_type": "visit", "occurred_on": date(2025, 3, 3), "text": "A visit"},
        version=None,
        by=council.worker,
    )


def _assessment(council: Any) -> Any:
    episode = referral_receive(
        child=council.child, referral_date=date(2025, 2, 3), source="2A", by=council.users[Role.FRONT_DOOR]
    )
    return assessment_start(episode=episode, start_date=date(2025, 2, 3), by=council.worker)


def _plan(council: Any) -> Any:
    return start_plan(council, date(2025, 3, 3))


EDIT_FORMS = [
    EditForm(
        "a person's details",
        lambda c: reverse("people:edit_details", kwargs={"pk": c.child.pk}),
        lambda c: c.worker,
        lambda c: c.manager,
        "",
        "forename",
        ("Jaiden", "Jaydon"),
        lambda c: type(c.child).objects.get(pk=c.child.pk).forename,
    ),
    EditForm(
        "a draft case note (the author in two tabs)",
        lambda c: reverse("casenotes:edit", kwargs={"pk": c.child.pk, "note_pk": c.record.pk}),
        lambda c: c.worker,
        lambda c: c.worker,
        "save_draft",
        "text",
        ("Seen at home with mother", "Seen at school"),
        lambda c: type(c.record).objects.get(pk=c.record.pk).text,
    ),
    EditForm(
        "an assessment (the worker in two tabs)",
        lambda c: reverse(
            "children_in_need:assessment", kwargs={"pk": c.child.pk, "assessment_pk": c.record.pk}
        ),
        lambda c: c.worker,
        lambda c: c.worker,
        "save",
        "analysis",
        ("Needs support with routines", "Risk is reducing"),
        lambda c: type(c.record).objects.get(pk=c.record.pk).analysis,
    ),
    EditForm(
        "a member of staff's workforce details",
        lambda c: reverse("organisation:staff_edit", kwargs={"staff_pk": c.worker.pk}),
        lambda c: c.users[Role.ADMINISTRATOR],
        lambda c: c.users[Role.HEAD_OF_SERVICE],
        "",
        "social_work_england_number",
        ("SW111111", "SW222222"),
        lambda c: type(c.worker).objects.get(pk=c.worker.pk).social_work_england_number,
    ),
    EditForm(
        "a protection plan's risks",
        lambda c: reverse("protection:plan", kwargs={"pk": c.child.pk, "plan_pk": c.record.pk}),
        lambda c: c.worker,
        lambda c: c.manager,
        "update_risks",
        "risks",
        ("Partner's violence", "Neglect of the baby's needs"),
        lambda c: type(c.record).objects.get(pk=c.record.pk).risks,
    ),
]
RECORDS: dict[str, Callable[[Any], Any]] = {
    "a draft case note (the author in two tabs)": _draft,
    "an assessment (the worker in two tabs)": _assessment,
    "a protection plan's risks": _plan,
}


@pytest.mark.parametrize("edit", EDIT_FORMS, ids=[edit.name for edit in EDIT_FORMS])
def test_two_sessions_editing_the_same_record_the_second_is_refused_and_shown_the_first(
    council: Any, edit: EditForm
) -> None:
    council.record = RECORDS.get(edit.name, _person)(council)
    url = edit.url(council)
    first, second = Client(), Client()
    first.force_login(edit.first(council))
    second.force_login(edit.second(council))
    opened = [_form(client, url, edit.button) for client in (first, second)]
    mine, theirs = edit.values
    saved = first.post(url, opened[0] | {edit.field: mine})
    assert saved.status_code == 302, (edit.name, saved.content.decode()[:2000])
    assert edit.saved(council) == mine
    refused = second.post(url, opened[1] | {edit.field: theirs})
    page = refused.content.decode().replace("&#x27;", "'")
    assert refused.status_code == 200 and STALE in page, edit.name
    assert mine in page and theirs in page, edit.name  # what is saved now, beside the person's own text
    assert edit.saved(council) == mine, edit.name


def test_a_manager_decides_on_the_assessment_they_read(council: Any) -> None:
    """The authorise and return forms carry the version the manager read: a decision on a page opened before the
    worker changed the assessment is refused, and decided again once read."""
    assessment = completed_assessment(council, date(2025, 2, 3))
    url = reverse(
        "children_in_need:assessment", kwargs={"pk": council.child.pk, "assessment_pk": assessment.pk}
    )
    manager = Client()
    manager.force_login(council.manager)
    opened = _form(manager, url, "authorise")
    assert opened["version"] == str(assessment.version)
    # Meanwhile another manager returns it and the worker changes and completes it again.
    assessment_return(
        assessment=assessment, reason="Say more about the father", by=council.users[Role.HEAD_OF_SERVICE]
    )
    from hearth.children_in_need.assessments import assessment_complete, assessment_record

    assessment.refresh_from_db()
    assessment_record(
        assessment=assessment,
        version=assessment.version,
        values={"analysis": "Father now involved"},
        findings={},
        by=council.worker,
    )
    assessment_complete(assessment=assessment, completed_on=date(2025, 2, 12), by=council.worker)
    stale = manager.post(url, opened | {"authorised_on": "12/02/2025", "rationale": "Good analysis"})
    assert STALE in stale.content.decode().replace("&#x27;", "'")
    assessment.refresh_from_db()
    assert assessment.authorisation_date is None
    again = manager.post(
        url, _form(manager, url, "authorise") | {"authorised_on": "12/02/2025", "rationale": "Read"}
    )
    assert again.status_code == 302
    assessment.refresh_from_db()
    assert assessment.authorisation_date == date(2025, 2, 12)
    with pytest.raises(Exception, match="already been authorised"):
        assessment_authorise(
            assessment=assessment,
            authorised_on=date(2025, 2, 12),
            rationale="x",
            by=council.manager,
            version=None,
        )
