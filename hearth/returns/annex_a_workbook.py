"""Annex A written as Ofsted receives it (ADR 32): an Excel workbook, one sheet per list with its headings in the
first row, frozen with the Child Unique ID so both stay in view, dates as Excel dates shown DD/MM/YYYY. openpyxl
writes it in write-only mode: each sheet's rows stream to a temporary file as they come, so memory does not grow
with the council."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

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


def _cells(sheet: Any, row: Row) -> list[Any]:
    cells: list[Any] = []
    for value in row:
        if isinstance(value, date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = DATE_FORMAT
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def annex_a_write(on: date, out: Path | IO[bytes], *, progress: Any = None) -> AnnexSummary:
    """Write lists 1 to 8 for the period ending `on` to `out`; `progress` as `annex_a.annex_a_rows` takes it."""
    period = annex_a_period(on)
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "Hearth"
    workbook.properties.title = f"Annex A: {period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}"
    sheets: dict[str, Any] = {}
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for item in LISTS:
        sheet = workbook.create_sheet(title=item.sheet)
        sheet.freeze_panes = "B2"
        for index, heading in enumerate(item.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = _width(heading)
        headings = []
        for heading in item.columns:
            cell = WriteOnlyCell(sheet, value=heading)
            cell.font, cell.alignment = bold, wrapped
            headings.append(cell)
        sheet.append(headings)
        sheets[item.sheet] = sheet
    summary = AnnexSummary(period, rows={item.sheet: 0 for item in LISTS})
    for child in annex_a_rows(period, progress=progress):
        summary.child_ids.append(child.child_id)
        for name, rows in child.rows.items():
            for row in rows:
                sheets[name].append(_cells(sheets[name], row))
            summary.rows[name] += len(rows)
    workbook.save(out)
    return summary
