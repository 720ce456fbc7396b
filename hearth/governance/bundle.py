"""The subject access bundle as a PDF (reportlab, as the chronology's print): the record's sections with the
redactions the reviewer signed off applied, marked OFFICIAL-SENSITIVE."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from hearth.core.pdf import a4_document
from hearth.governance.models import SubjectAccessRequest
from hearth.governance.subject_access import REDACTED, record_sections, redact, request_pattern
from hearth.organisation.models import StaffUser


def bundle_pdf(request: SubjectAccessRequest, *, reviewer: StaffUser, released_at: datetime) -> bytes:
    subject = request.subject
    pattern = request_pattern(request)
    buffer = BytesIO()
    document = a4_document(buffer, f"Subject access request {request.pk}")
    styles = getSampleStyleSheet()
    story = [
        Paragraph("OFFICIAL-SENSITIVE", styles["Normal"]),
        Paragraph(escape(f"Your record: {subject.full_name}"), styles["Title"]),
        Paragraph(
            escape(
                f"In answer to your subject access request received on {request.received_on:%-d %B %Y}. "
                f"Details of other people have been replaced by {REDACTED}. Checked and released by "
                f"{reviewer.full_name} on {released_at:%-d %B %Y}."
            ),
            styles["Normal"],
        ),
    ]
    for section in record_sections(subject):
        story += [Spacer(1, 6 * mm), Paragraph(escape(section.heading), styles["Heading2"])]
        if not section.rows:
            story.append(Paragraph("Nothing recorded.", styles["BodyText"]))
            continue
        rows = [
            [
                Paragraph(escape(redact(label, pattern)), styles["BodyText"]),
                Paragraph(escape(redact(text, pattern)), styles["BodyText"]),
            ]
            for label, text in section.rows
        ]
        table = Table(rows, colWidths=[35 * mm, 145 * mm])
        table.setStyle(
            TableStyle(
                [("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            )
        )
        story.append(table)
    document.build(story)
    return buffer.getvalue()
