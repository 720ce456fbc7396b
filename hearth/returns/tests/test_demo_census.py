"""Issue 6's acceptance: on the demo council, the census for the latest complete year passes the standard
validator councils use with zero failures (errors and queries); and issue 19's: the failures data quality shows are
the validator's own."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from hearth.core import clock
from hearth.demo.generation.plan import DEFAULT_CHILDREN
from hearth.quality.checks import checked_years
from hearth.quality.tests.parity import hearth_shows, validator_says
from hearth.returns.tests.test_validator import needs_validator
from hearth.returns.validator import validate_cin_census

pytestmark = pytest.mark.dates  # reads Hearth's today: run again on each date by `make test-dates`


@needs_validator
@pytest.mark.year_edges
@pytest.mark.django_db
def test_the_demo_councils_latest_census_passes_the_standard_validator(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    call_command("seed", children=DEFAULT_CHILDREN, stdout=io.StringIO())
    year = clock.latest_complete_collection_year(clock.today())
    call_command("export", "cin-census", "--year", str(year), "--out", str(tmp_path), stdout=io.StringIO())
    report = validate_cin_census(next(tmp_path.glob(f"*_cin_{year}.xml")), year)
    assert len(report.rules_run) > 100 and not report.crashed_rules
    assert report.failures == (), report.summary()
    # Data quality as the work is done shows what the validator says of the whole census, for the year in
    # progress and the one before (the seed checked every child in them, in batches, as the queue would).
    for checked in checked_years():
        shown = hearth_shows(checked)
        assert shown == validator_says(checked, tmp_path), f"census {checked}"
    assert hearth_shows(checked_years()[0]), "the year in progress has work to put right"
