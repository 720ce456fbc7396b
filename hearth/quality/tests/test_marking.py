"""Marking children for the data quality check as their records change: once a transaction for each child, with
one check enqueued for the transaction, and marked again after a check that ran in the same transaction."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from hearth.people.tests.factories import make_child
from hearth.quality import checks
from hearth.quality.checks import quality_check_pending_now, quality_mark
from hearth.quality.models import QualityPending

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def _check_all() -> None:
    """Nothing pending and nothing marked in the test's transaction: as after a check (the validator left out)."""
    with mock.patch.object(checks, "quality_check", lambda ids: None):
        quality_check_pending_now()


@pytest.fixture
def checked(council: Any) -> Any:
    _check_all()
    return council


def test_a_child_changed_twice_in_a_transaction_is_marked_once_with_one_check(
    checked: Any, django_assert_num_queries: Any
) -> None:
    sister = make_child(by=checked.worker, forename="Amber", surname="Smith")
    _check_all()
    tasks = DBTaskResult.objects.count()
    with transaction.atomic():
        quality_mark(checked.child.pk)
        with django_assert_num_queries(0):
            quality_mark(checked.child.pk)
        quality_mark(sister.pk)  # marked, in the check already enqueued
    assert set(QualityPending.objects.values_list("child_id", flat=True)) == {checked.child.pk, sister.pk}
    assert DBTaskResult.objects.count() == tasks + 1


def test_a_mark_rolled_back_with_its_savepoint_is_made_again(checked: Any) -> None:
    with transaction.atomic():
        with pytest.raises(Boom), transaction.atomic():
            quality_mark(checked.child.pk)
            raise Boom
        assert not QualityPending.objects.exists()
        tasks = DBTaskResult.objects.count()
        quality_mark(checked.child.pk)
    assert QualityPending.objects.filter(child=checked.child).exists()
    assert DBTaskResult.objects.count() == tasks + 1


def test_a_child_changed_after_a_check_in_the_same_transaction_is_marked_and_enqueued_again(
    checked: Any,
) -> None:
    with transaction.atomic():
        quality_mark(checked.child.pk)
        tasks = DBTaskResult.objects.count()
        _check_all()  # a worker run in this transaction (as a test's) took the mark up
        assert not QualityPending.objects.exists()
        quality_mark(checked.child.pk)
    assert QualityPending.objects.filter(child=checked.child).exists()
    assert DBTaskResult.objects.count() == tasks + 1
