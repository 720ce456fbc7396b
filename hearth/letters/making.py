"""Making a letter: the kind's Word template (the council's latest upload, or the one Hearth starts with), merged with
the record's fields by docxtpl, then turned into a PDF by LibreOffice running headless (ADR 24).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import docx
from django.conf import settings
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from hearth.documents import files
from hearth.letters.kinds import COMMON_FIELDS, SAMPLE_CONTEXT, LetterKind
from hearth.letters.models import LetterTemplate

CONVERT_SECONDS = 120


class ConverterMissing(Exception):
    pass


def sandboxed() -> SandboxedEnvironment:
    """Templates are written by council staff, not by Hearth: Jinja's sandbox keeps a field to the values given
    (no attribute of Python's own, no code), with HTML-safe escaping for the document's XML."""
    return SandboxedEnvironment(autoescape=True)


def default_template(kind: LetterKind) -> bytes:
    """The template a council starts with: its name and the date, the address block, the kind's paragraphs."""
    document = docx.Document()
    document.add_paragraph("{{ council }}")
    document.add_paragraph("{{ today }}")
    document.add_paragraph("{{ recipient_name }}")
    document.add_paragraph("{% for line in recipient_address %}{{ line }}\n{% endfor %}")
    document.add_heading(kind.title, level=1)
    for paragraph in kind.body:
        document.add_paragraph(paragraph)
    document.add_paragraph("Yours sincerely,")
    document.add_paragraph("{{ worker }}")
    document.add_paragraph("{{ team }}, {{ council }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return _dated_once(buffer.getvalue())


# ZIP's earliest date: every part of Hearth's own templates carries it, rather than the moment it was made.
_PARTS_DATED = (1980, 1, 1, 0, 0, 0)


def _dated_once(package: bytes) -> bytes:
    """The same Word package with each part dated _PARTS_DATED: the template is then the same bytes however often
    and whenever it is made (python-docx dates each part to the second it saves it, so that two makings a second
    apart differed, and a download could not be told from Hearth's own)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            dated = zipfile.ZipInfo(part.filename, date_time=_PARTS_DATED)
            dated.compress_type = zipfile.ZIP_DEFLATED
            dated.external_attr = part.external_attr
            target.writestr(dated, source.read(part.filename))
    return out.getvalue()


def current_template(kind: LetterKind) -> tuple[bytes, int | None]:
    """The latest template the council uploaded for this kind and its version, or Hearth's own (version None)."""
    latest = LetterTemplate.objects.filter(kind=kind.code).order_by("-version").first()
    if latest is None:
        return default_template(kind), None
    with files.storage().open(latest.file, "rb") as handle:
        return handle.read(), latest.version


def merge(template: bytes, context: dict[str, Any]) -> bytes:
    """The template with the record's fields put in; a mistake in the template is a TemplateError."""
    document = DocxTemplate(io.BytesIO(template))
    document.render(context, jinja_env=sandboxed())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def template_problem(kind: LetterKind, content: bytes) -> str | None:
    """Why an uploaded template cannot be used (not a Word document, a broken field, a field the kind does not
    have), or None; tried with sample values for every field."""
    try:
        fields = DocxTemplate(io.BytesIO(content)).get_undeclared_template_variables(jinja_env=sandboxed())
    except TemplateError as error:
        return f"A merge field in the template is written wrongly: {error}."
    except Exception:
        return "The file is not a Word document (.docx): save it from Word as a .docx and upload it again."
    known = set(COMMON_FIELDS) | set(kind.fields)
    unknown = sorted(set(fields) - known)
    if unknown:
        return f"The template uses fields this letter does not have: {', '.join(unknown)}."
    try:
        merge(content, {**SAMPLE_CONTEXT, **dict.fromkeys(kind.fields, "Sample")})
    except SecurityError:
        return "The template asks for something a letter may not read: use only the merge fields listed."
    except TemplateError as error:
        return f"A merge field in the template is written wrongly: {error}."
    return None


def converter() -> str:
    found = shutil.which(getattr(settings, "HEARTH_SOFFICE", "soffice") or "soffice")
    if found is None:
        raise ConverterMissing(
            "LibreOffice is not installed, so letters cannot be made into PDFs: run `make letters-converter`."
        )
    return found


def to_pdf(document: bytes) -> bytes:
    """The Word document as a PDF, by LibreOffice headless, in a folder and profile of its own."""
    program = converter()
    with tempfile.TemporaryDirectory(prefix="hearth-letter-") as folder:
        source = Path(folder) / "letter.docx"
        source.write_bytes(document)
        profile = Path(folder) / "profile"
        subprocess.run(  # noqa: S603 (a fixed program and arguments; the file is ours)
            [
                program,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=CONVERT_SECONDS,
        )
        return (Path(folder) / "letter.pdf").read_bytes()
