"""The page every printed record is laid out on (reportlab): A4 with even margins, titled and made by Hearth."""

from __future__ import annotations

from typing import IO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate


def a4_document(out: IO[bytes], title: str, *, margin_mm: int = 15) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin_mm * mm,
        rightMargin=margin_mm * mm,
        topMargin=margin_mm * mm,
        bottomMargin=margin_mm * mm,
        title=title,
        author="Hearth",
    )
