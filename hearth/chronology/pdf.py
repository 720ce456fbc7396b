"""The chronology as a printable PDF (reportlab): plain, dated, marked OFFICIAL-SENSITIVE."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from hearth.core import clock
from hearth.core.models import Event
from hearth.core.pdf import a4_document
from hearth.people.models import Person


def chronology_pdf(person: Person, events: list[Event], view_label: str, printed_by: str) -> bytes:
    buffer = BytesIO()
    document = a4_document(buffer, f"Chronology: {person.full_name}")
    styles = getSampleStyleSheet()
    born = person.date_of_birth.strftime("%-d %B %Y") if person.date_of_birth else "not known"
    story = [
        Paragraph("OFFICIAL-SENSITIVE", styles["Normal"]),
        Paragraph(escape(f"Chronology: {person.full_name}"), styles["Title"]),
        Paragraph(escape(f"ID {person.person_number}. Born {born}. {view_label}."), styles["Normal"]),
        Paragraph(escape(f"Printed by {printed_by} on {clock.now():%-d %B %Y at %H:%M}."), styles["Normal"]),
    ]
    rows = [["Date", "What happened", "Recorded by"]]
    for event in events:
        rows.append(
            [
                event.occurred_on.strftime("%-d %b %Y"),
                Paragraph(escape(event.summary), styles["BodyText"]),
                Paragraph(
                    escape(event.recorded_by.full_name if event.recorded_by else "System"), styles["BodyText"]
                ),
            ]
        )
    table = Table(rows, colWidths=[28 * mm, 110 * mm, 42 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    document.build(story)
    return buffer.getvalue()
