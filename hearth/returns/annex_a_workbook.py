"""Annex A written as Ofsted receives it (ADR 32, ADR 35): an Excel workbook, one sheet per list with its headings in
the first row, frozen with the Child Unique ID so both stay in view, dates as Excel dates shown DD/MM/YYYY.
XlsxWriter writes it in constant-memory mode: each sheet's rows stream to a temporary file as they come, so memory
does not grow with the council, and a cell costs a third of what it costs openpyxl (ADR 35: Annex A for 300,000
children in under a minute)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from django.conf import settings

from hearth.returns.annex_a import Row, annex_a_period, annex_a_rows
from hearth.returns.annex_a_columns import LISTS
from hearth.returns.annex_a_reads import AnnexPeriod

DATE_FORMAT = "dd/mm/yyyy"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class AnnexSummary:
    period: AnnexPeriod
    child_ids: list[int] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def children(self) -> int:
        return len(self.child_ids)


def annex_a_file_name(on: date) -> str:
    return f"{settings.HEARTH_LA_NUMBER:03d}_annex_a_{on:%Y-%m-%d}.xlsx"


def _width(heading: str) -> float:
    return float(min(max(12, len(heading) * 0.5), 40))


class _Sheet:
    """One list's sheet and the next row to write; each cell written by its type, a blank left empty."""

    def __init__(self, sheet: Any, dates: Any) -> None:
        self.sheet, self.dates, self.next_row = sheet, dates, 1
        self.text, self.number, self.date = sheet.write_string, sheet.write_number, sheet.write_datetime

    def append(self, row: Row) -> None:
        at = self.next_row
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                self.text(at, column, value)
            elif isinstance(value, date):
                self.date(at, column, value, self.dates)
            else:
                self.number(at, column, value)
        self.next_row = at + 1


def annex_a_write(on: date, out: Path | IO[bytes], *, progress: Any = None) -> AnnexSummary:
    """Write lists 1 to 8 for the period ending `on` to `out`; `progress` as `annex_a.annex_a_rows` takes it."""
    period = annex_a_period(on)
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})
    workbook.set_properties(
        {"author": "Hearth", "title": f"Annex A: {period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}"}
    )
    dates = workbook.add_format({"num_format": DATE_FORMAT})
    heading_format = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    sheets: dict[str, _Sheet] = {}
    for item in LISTS:
        sheet = workbook.add_worksheet(item.sheet)
        sheet.freeze_panes(1, 1)
        for index, heading in enumerate(item.columns):
            sheet.set_column(index, index, _width(heading))
            sheet.write_string(0, index, heading, heading_format)
        sheets[item.sheet] = _Sheet(sheet, dates)
    summary = AnnexSummary(period, rows={item.sheet: 0 for item in LISTS})
    for child in annex_a_rows(period, progress=progress):
        summary.child_ids.append(child.child_id)
        for name, rows in child.rows.items():
            sheet = sheets[name]
            for row in rows:
                sheet.append(row)
            summary.rows[name] += len(rows)
    workbook.close()
    return summary
