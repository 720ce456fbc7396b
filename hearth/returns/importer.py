"""Import an earlier CIN census as history (issue 6 item 4): the reverse of `cin_census.py`.

Two steps. `census_read` parses the file (defusedxml) into plain values and checks every element and field; any
problem there (malformed XML, another year, a child twice, a bad date or code, a plan ending before it starts)
refuses the whole file. `census_load` then writes it in one transaction, matching what is already held so that
importing the same file twice changes nothing: a child by LAchildID (person_number), an episode by (child,
referral date), an assessment by (episode, start date), a CIN plan by (episode, start date), a section 47 by
(episode, start date), a child protection plan by (child, start date), a review by (plan, date). Existing records
are only filled in where the file has a value and the record has none; a different value already held is kept
and reported as not loaded.

Each created record gets its audit row, and each child's history is written as the events the services would
have written (`event_record`, in date order), so the chronology shows the imported history and the timescale
engine holds the obligations it implies: the census's InitialCPCtarget is read back from the `cp.icpc` clock the
imported strategy discussion starts, as for work recorded in Hearth.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from hearth.organisation.models import StaffUser
from hearth.returns.census_in import CensusRefused, ChildIn, ImportReport
from hearth.returns.census_loader import CensusLoader
from hearth.returns.census_reader import census_read
from hearth.returns.exporter import system_user


def census_load(
    children: list[ChildIn], report: ImportReport, *, by: StaffUser | None = None
) -> ImportReport:
    """Write the checked children in one transaction (nothing when the report refused the file)."""
    if report.refused:
        raise CensusRefused(report)
    with transaction.atomic():
        loader = CensusLoader(report, by or system_user())
        for child in children:
            loader.child(child)
        report.children = len(children)
    return report


def cin_census_import(path: Path, year: int, *, by: StaffUser | None = None) -> ImportReport:
    """Read and load a CIN census file for the collection year ending 31 March `year`.

    Raises CensusRefused, having written nothing, when the file cannot be read.
    """
    children, report = census_read(path, year)
    return census_load(children, report, by=by)
