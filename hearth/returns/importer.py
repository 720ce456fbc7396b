"""Import an earlier CIN census as history (issue 6 item 4; migration-grade, issue 19): the reverse of
`cin_census.py`.

Two steps. `census_read` parses the file (defusedxml) into plain values and checks every element and field. A file
that is unreadable or structurally wrong (not XML, not a census, another year or another council) is refused
whole, in either mode. Then, by mode:

- strict: any problem in any child refuses the whole file, as does a UPN held by two children;
- migration: a child whose values Hearth cannot hold as given (a date that is not a date, a code not of the list,
  a plan ending before it starts, the same LAchildID twice) is refused on its own, with the reason; every other
  child loads, and those breaking census rules (the pinned CIN validator run over the file, the reader's own
  checks, a UPN shared with another child) load with their failures listed. Their data quality items follow
  from Hearth's own check of each record changed (`hearth.core.changes`), as for work recorded in Hearth.

The report lists every record loaded, loaded with failures and refused; a dry run does all of it in a transaction
that is rolled back, so it writes only the report. Each child's XML as read is kept with the import
(`CensusImportChild`).

`CensusLoader` writes the records in one transaction, matching what is already held so that importing the same
file twice changes nothing: a child by LAchildID (person_number), an episode by (child, referral date), an
assessment by (episode, start date), a CIN plan by (episode, start date), a section 47 by (episode, start date), a
child protection plan by (child, start date), a review by (plan, date). Existing records are only filled in where
the file has a value and the record has none; a different value already held is kept and reported as not loaded.
Each child's history is written as the events the services would have written, so the chronology shows it and the
timescale engine holds the obligations it implies; an episode whose referral needed no further action but has no
closure date is closed as Hearth closes one (`episode_close`).
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from hearth.core import clock
from hearth.organisation.models import StaffUser
from hearth.people.models import Person
from hearth.returns.census_in import (
    CensusFile,
    CensusRefused,
    ChildRead,
    ImportReport,
    Problem,
    RecordOutcome,
)
from hearth.returns.census_loader import CensusLoader
from hearth.returns.census_reader import census_read
from hearth.returns.exporter import system_user
from hearth.returns.models import CensusImport, CensusImportChild, ImportMode, ImportOutcome
from hearth.returns.validator import (
    FALSE_ALARM_RULES,
    CinValidatorError,
    validate_cin_census,
    validator_available,
)


def cin_census_import(
    path: Path,
    year: int,
    *,
    by: StaffUser | None = None,
    mode: str = ImportMode.STRICT,
    dry_run: bool = False,
) -> ImportReport:
    """Read and load a CIN census file for the collection year ending 31 March `year`.

    Raises CensusRefused, having written nothing, when the file is refused.
    """
    path = Path(path)
    read = census_read(path, year)
    report = ImportReport(year, mode=str(mode), dry_run=dry_run)
    report.refused = list(read.problems)
    shared = _shared_upns(read)
    if mode == ImportMode.STRICT and not report.refused:
        for child in read.children:
            report.refused += child.problems + child.failures + shared.get(child.index, [])
    if report.refused:
        raise CensusRefused(report)
    rule_failures = _rule_failures(path, year, report) if mode == ImportMode.MIGRATION else {}
    by = by or system_user()
    loaded: list[int] = []
    with transaction.atomic():
        loader = CensusLoader(report, by)
        kept: list[CensusImportChild] = []
        for child in read.children:
            outcome, person = _load(loader, child, mode, shared, rule_failures, report)
            if person is not None:
                loaded.append(person.pk)
            kept.append(
                CensusImportChild(
                    position=child.index,
                    la_child_id=child.number[:40],
                    person=person,
                    outcome=outcome.outcome,
                    reasons=outcome.reasons,
                    xml=child.xml,
                )
            )
        report.children = len(loaded)
        if dry_run:
            transaction.set_rollback(True)
        else:
            _keep(path, year, mode, by, report, kept)
    return report


def _load(
    loader: CensusLoader,
    child: ChildRead,
    mode: str,
    shared: dict[int, list[Problem]],
    rule_failures: dict[str, list[str]],
    report: ImportReport,
) -> tuple[RecordOutcome, Person | None]:
    outcome = RecordOutcome(child.number, child.where, ImportOutcome.REFUSED)
    report.records.append(outcome)
    if not child.loadable:
        outcome.reasons = [str(problem) for problem in child.problems] or [f"{child.where}: cannot be read"]
        return outcome, None
    assert child.child is not None
    try:
        with transaction.atomic():
            person = loader.child(child.child)
    except (ValidationError, DatabaseError) as error:
        reason = Problem(child.where, f"Hearth cannot hold it as given ({_said(error)})")
        if mode == ImportMode.STRICT:  # the whole file or nothing: refused, naming the child
            report.refused = [reason]
            raise CensusRefused(report) from None
        outcome.reasons = [str(reason)]
        return outcome, None
    if person is None:  # the number is an adult's: reported as not loaded
        problems = [problem for problem in report.not_loaded if problem.where.startswith(child.where)]
        if mode == ImportMode.STRICT:
            report.refused = problems
            raise CensusRefused(report)
        outcome.reasons = [str(problem) for problem in problems]
        return outcome, None
    outcome.reasons = [
        *(str(problem) for problem in child.failures + shared.get(child.index, [])),
        *rule_failures.get(child.number, []),
    ]
    outcome.outcome = ImportOutcome.WITH_FAILURES if outcome.reasons else ImportOutcome.LOADED
    return outcome, person


def _said(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _shared_upns(read: CensusFile) -> dict[int, list[Problem]]:
    """A UPN given to two children of the file, or to a child Hearth already holds under another number (the
    validator's rule 1520): never loaded without a word."""
    by_upn: dict[str, list[ChildRead]] = defaultdict(list)
    for child in read.children:
        upn = child.child.values.get("upn") if child.child is not None else ""
        if upn:
            by_upn[upn].append(child)
    held = defaultdict(list)
    for upn, number in Person.objects.filter(upn__in=list(by_upn)).values_list("upn", "person_number"):
        held[upn].append(number)
    found: dict[int, list[Problem]] = defaultdict(list)
    for upn, children in by_upn.items():
        for child in children:
            others = [other.number or other.where for other in children if other is not child]
            others += [number for number in held.get(upn, []) if number != child.number]
            if others:
                found[child.index].append(
                    Problem(
                        f"{child.where} / UPN",
                        f"{upn} is also the UPN of {', '.join(sorted(set(others)))} (rule 1520: a UPN is one "
                        "child's)",
                    )
                )
    return found


def _rule_failures(path: Path, year: int, report: ImportReport) -> dict[str, list[str]]:
    """The pinned CIN validator's failures of the file, by LAchildID (rules known to fire on good data left out)."""
    if not validator_available():
        report.rules_note = (
            "The census rules were not checked: the CIN validator is not installed (make cin-validator)."
        )
        return {}
    try:
        validation = validate_cin_census(path, year)
    except CinValidatorError as error:
        report.rules_note = f"The census rules were not checked: the validator failed ({error})."
        return {}
    found: dict[str, list[str]] = defaultdict(list)
    for failure in validation.failures_that_count(FALSE_ALARM_RULES):
        line = (
            f"rule {failure.rule_code} ({failure.rule_type}): {failure.message} "
            f"[{failure.table or 'return'}.{failure.field or '-'}"
            f"{'=' + repr(failure.value) if failure.value is not None else ''}]"
        )
        if failure.child_id:
            if line not in found[failure.child_id]:
                found[failure.child_id].append(line)
        elif line not in report.return_failures:
            report.return_failures.append(line)
    for crash in validation.crashed_rules:
        report.return_failures.append(
            f"rule {crash.rule_code} could not be checked: it crashed ({crash.exception})"
        )
    report.rules_note = (
        f"Checked against the CIN validator {validation.validator_version} ({validation.ruleset})."
    )
    return found


def _keep(
    path: Path, year: int, mode: str, by: StaffUser, report: ImportReport, kept: list[CensusImportChild]
) -> None:
    record = CensusImport.objects.create(
        collection_year=year,
        file_name=path.name[:255],
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        mode=mode,
        imported_by=by,
        imported_at=clock.now(),
        loaded=report.count(ImportOutcome.LOADED),
        loaded_with_failures=report.count(ImportOutcome.WITH_FAILURES),
        refused=report.count(ImportOutcome.REFUSED),
        report="\n".join(report.lines()),
    )
    for child in kept:
        child.census_import = record
    CensusImportChild.objects.bulk_create(kept, batch_size=500)


def import_report_write(report: ImportReport, out: Path) -> None:
    """The report as CSV: one row per child of the file, with its outcome and every reason."""
    labels = dict(ImportOutcome.choices)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["LAchildID", "Child", "Outcome", "Reasons"])
        for record in report.records:
            writer.writerow([record.number, record.where, labels[record.outcome], "\n".join(record.reasons)])


__all__ = ["CensusRefused", "cin_census_import", "import_report_write"]
