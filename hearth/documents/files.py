"""What may be kept and how: the kinds of file a council allows, checked from the content (libmagic, through
python-magic: ADR 22), the size limit, clean names, and the documents storage.

A file is refused with a sentence that names it and says what is wrong: too big, empty, a program, content that is
not what its name says, a kind the council does not keep, a name with a folder path in it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import magic
from django.core.files.base import File
from django.core.files.storage import Storage, storages

from hearth.core import clock
from hearth.core.council_settings import declare, setting_value


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    content_types: frozenset[str]
    extensions: frozenset[str]


def _kind(code: str, label: str, types: set[str], extensions: set[str]) -> FileKind:
    return FileKind(code, label, frozenset(types), frozenset(extensions))


OOXML = "application/vnd.openxmlformats-officedocument"
FILE_KINDS: dict[str, FileKind] = {
    kind.code: kind
    for kind in (
        _kind("pdf", "PDF", {"application/pdf"}, {".pdf"}),
        _kind(
            "word",
            "Word document",
            {"application/msword", f"{OOXML}.wordprocessingml.document", "text/rtf"},
            {".doc", ".docx", ".rtf"},
        ),
        _kind(
            "excel",
            "Excel spreadsheet",
            {"application/vnd.ms-excel", f"{OOXML}.spreadsheetml.sheet", "text/csv"},
            {".xls", ".xlsx", ".csv"},
        ),
        _kind("text", "plain text", {"text/plain"}, {".txt"}),
        _kind("jpeg", "JPEG image", {"image/jpeg"}, {".jpg", ".jpeg"}),
        _kind("png", "PNG image", {"image/png"}, {".png"}),
        _kind("heic", "HEIC image", {"image/heic", "image/heif", "image/heic-sequence"}, {".heic", ".heif"}),
        _kind(
            "email",
            "saved email",
            {"message/rfc822", "application/vnd.ms-outlook"},
            {".eml", ".msg"},
        ),
    )
}
# A CSV file is plain text to libmagic unless its first lines look like a table.
_ALSO_READ_AS = {".csv": {"text/plain"}}
PROGRAMS = frozenset(
    {
        "application/x-dosexec",
        "application/x-executable",
        "application/x-sharedlib",
        "application/x-pie-executable",
        "application/x-mach-binary",
        "application/x-msi",
        "application/java-archive",
        "application/x-java-applet",
        "text/x-shellscript",
        "text/x-msdos-batch",
        "text/x-python",
        "text/x-perl",
    }
)
PROGRAM_EXTENSIONS = frozenset(
    {".exe", ".dll", ".com", ".bat", ".cmd", ".msi", ".ps1", ".sh", ".js", ".vbs", ".jar", ".scr", ".py"}
)
SNIFF_BYTES = 2 * 1024 * 1024  # enough of the file for libmagic to see inside an Office file's zip

FILE_TYPES = declare(
    "document_file_types",
    "The kinds of file that may be kept on a record",
    ["pdf", "word", "excel", "text", "jpeg", "png", "heic", "email"],
    "Local information governance policy (issue 15)",
    choices=tuple(FILE_KINDS),
)
MAX_MEGABYTES = declare(
    "document_max_megabytes",
    "The largest file that may be kept on a record, in megabytes",
    25,
    "Local information governance policy (issue 15)",
)


def allowed_kinds() -> list[FileKind]:
    return [FILE_KINDS[code] for code in setting_value(FILE_TYPES.key, clock.today())]


def max_bytes() -> int:
    return int(setting_value(MAX_MEGABYTES.key, clock.today())) * 1024 * 1024


def allowed_summary() -> str:
    """For the form's hint: "PDF, Word document, ... up to 25 MB"."""
    labels = [kind.label for kind in allowed_kinds()]
    return f"{', '.join(labels)}; up to {setting_value(MAX_MEGABYTES.key, clock.today())} MB each"


def accept_attribute() -> str:
    """The file input's `accept`: the extensions allowed (a hint to the browser; the server checks the content)."""
    return ",".join(sorted(ext for kind in allowed_kinds() for ext in kind.extensions))


def clean_name(name: str) -> str:
    """The name kept for a download: letters, digits and a few marks, no folder, no control characters, at most
    150 characters with the extension kept."""
    name = unicodedata.normalize("NFKC", name).strip()
    name = re.sub(r"[^\w .()\-]+", "_", name, flags=re.UNICODE).strip(" .")
    name = re.sub(r"_+", "_", name)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = stem[: 150 - len(extension) - 1] or "document"
    return f"{stem}.{extension.lower()}" if extension else stem


@dataclass(frozen=True)
class Checked:
    """A file that may be kept: its cleaned name and the content type read from it."""

    name: str
    content_type: str
    size: int


def file_problem(name: str, content: IO[bytes], size: int) -> str | Checked:
    """What is wrong with this file (a sentence naming it), or what it is when it may be kept."""
    shown = name or "The file"
    if "/" in name or "\\" in name or name in (".", "..") or "\x00" in name:
        return (
            f"{shown}: the file's name must not include a folder path. Rename the file and choose it again."
        )
    if not name.strip():
        return "A file has no name: rename it and choose it again."
    if size == 0:
        return f"{shown} is empty: choose the file again, or a copy that opens."
    limit = max_bytes()
    if size > limit:
        return f"{shown} is {size / 1024 / 1024:.1f} MB: files may be at most {limit // 1024 // 1024} MB."
    content.seek(0)
    head = content.read(SNIFF_BYTES)
    content.seek(0)
    detected = magic.from_buffer(head, mime=True)
    extension = PurePath(name.lower()).suffix
    if detected in PROGRAMS or extension in PROGRAM_EXTENSIONS:
        return f"{shown} is a program or script: programs cannot be kept on a record."
    kinds = allowed_kinds()
    by_extension = next((kind for kind in kinds if extension in kind.extensions), None)
    if by_extension is None:
        return (
            f"{shown}: files ending {extension or 'with no extension'} cannot be kept. "
            f"Allowed: {', '.join(kind.label for kind in kinds)}."
        )
    if detected not in by_extension.content_types | _ALSO_READ_AS.get(extension, set()):
        return (
            f"{shown}: its name says {by_extension.label}, but its content is not ({detected}). "
            "Save it again in the right format, or rename it if the name is wrong."
        )
    return Checked(clean_name(name), detected, size)


def storage() -> Storage:
    return storages["documents"]


def store(content: IO[bytes]) -> tuple[str, str]:
    """Write the file to the documents storage under a name Hearth makes; its stored name and SHA-256."""
    digest = hashlib.sha256()
    content.seek(0)
    for chunk in iter(lambda: content.read(1024 * 1024), b""):
        digest.update(chunk)
    content.seek(0)
    today = clock.today()
    stored = storage().save(f"{today:%Y/%m}/{uuid.uuid4().hex}", File(content))
    return stored, digest.hexdigest()


def discard(stored: str) -> None:
    storage().delete(stored)
