"""When supervision is due: the local interval from the last supervision, shorter in a worker's first year."""

from __future__ import annotations

from datetime import date
from typing import Any

from hearth.core.council_settings import council_setting_set
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.supervision.selectors import supervision_due, supervision_due_lines
from hearth.supervision.services import supervision_record


def _held(worker: Any, manager: Any, on: date) -> None:
    supervision_record(
        manager=manager, worker=worker, held_on=on, reflective_discussion="r", wellbeing="w", children=[]
    )


def test_an_experienced_worker_is_due_four_weeks_after_their_last_supervision(council: Any) -> None:
    council.worker.qualification_date = date(2015, 7, 1)
    council.worker.save(update_fields=["qualification_date"])
    _held(council.worker, council.manager, date(2025, 1, 6))
    _held(council.worker, council.manager, date(2025, 2, 3))
    due = supervision_due(council.worker, date(2025, 2, 10))
    assert (due.last_held_on, due.due_on, due.newly_qualified, due.overdue) == (
        date(2025, 2, 3),
        date(2025, 3, 3),
        False,
        False,
    )
    assert supervision_due(council.worker, date(2025, 3, 4)).overdue


def test_a_newly_qualified_worker_is_due_every_two_weeks_in_their_first_year(council: Any) -> None:
    council.worker.qualification_date = date(2024, 9, 1)
    council.worker.save(update_fields=["qualification_date"])
    _held(council.worker, council.manager, date(2025, 2, 3))
    due = supervision_due(council.worker, date(2025, 2, 10))
    assert (due.due_on, due.newly_qualified, str(due.interval)) == (date(2025, 2, 17), True, "2 weeks")
    # A year after qualifying the usual interval applies again.
    _held(council.worker, council.manager, date(2025, 9, 1))
    assert supervision_due(council.worker, date(2025, 9, 2)).due_on == date(2025, 9, 29)


def test_the_interval_is_a_local_setting(council: Any) -> None:
    council_setting_set(
        key="supervision_interval", value={"amount": 6, "unit": "weeks"}, effective_from=date(2020, 1, 1)
    )
    _held(council.worker, council.manager, date(2025, 2, 3))
    assert supervision_due(council.worker, date(2025, 2, 4)).due_on == date(2025, 3, 17)


def test_the_managers_list_flags_overdue_and_never_supervised_workers_first(council: Any) -> None:
    recent = StaffUserFactory(full_name="Recent Worker", team=council.team)
    late = StaffUserFactory(full_name="Late Worker", team=council.other_team, line_manager=council.manager)
    StaffUserFactory(full_name="Not Managed", team=council.other_team)
    _held(recent, council.manager, date(2025, 3, 3))
    _held(late, council.manager, date(2025, 1, 6))
    lines = supervision_due_lines(council.manager, date(2025, 3, 10))
    by_name = {line.worker.full_name: line for line in lines}
    assert "Not Managed" not in by_name and council.manager.full_name not in by_name
    assert "Head of service Person" not in by_name  # in the team, but not supervised by its manager
    assert by_name["Late Worker"].overdue and by_name["Late Worker"].due_on == date(2025, 2, 3)
    assert not by_name["Recent Worker"].overdue
    assert by_name[council.worker.full_name].due_on is None and by_name[council.worker.full_name].overdue
    assert [line.overdue for line in lines] == sorted((line.overdue for line in lines), reverse=True)


def test_the_managers_list_is_a_fixed_number_of_queries(
    council: Any, django_assert_max_num_queries: Any
) -> None:
    for number in range(5):
        worker = StaffUserFactory(full_name=f"Worker {number}", team=council.team)
        _held(worker, council.manager, date(2025, 3, 3))
    with django_assert_max_num_queries(4):  # workers, last supervisions, settings, closure days
        names = {line.worker.full_name for line in supervision_due_lines(council.manager, date(2025, 3, 10))}
    assert {f"Worker {number}" for number in range(5)} | {council.worker.full_name} <= names
