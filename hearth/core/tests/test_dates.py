from datetime import date

import pytest
from django.template.defaultfilters import date as date_filter

from hearth.core.dates import long_date


@pytest.mark.parametrize("day", [date(2025, 3, 7), date(2024, 12, 31), date(2016, 2, 29), date(2010, 1, 1)])
def test_long_date_reads_as_the_template_filter_does(day: date) -> None:
    assert long_date(day) == date_filter(day, "j M Y")
