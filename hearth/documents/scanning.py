"""The council's virus scanner (issue 15): when HEARTH_CLAMD names a ClamAV daemon, each new file is quarantined (not
opened by anyone) until the daemon has read it and found it clean; a file it finds a virus in stays quarantined,
with the signature's name. The check runs on the task queue, tried again while the daemon cannot be reached.

clamd's INSTREAM command (clamd(8)): "zINSTREAM\\0", then the file in chunks, each prefixed by its length as four
bytes in network order, then a zero-length chunk; the reply is "stream: OK", "stream: <signature> FOUND" or
"... ERROR". A few lines of our own rather than the `clamd` package, unmaintained since 2016 (ADR 22).
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from typing import IO
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction

from hearth.core import clock
from hearth.core.audit import audit_change, snapshot
from hearth.core.events import event_record
from hearth.core.tasks import background
from hearth.documents import files
from hearth.documents.models import DocumentVersion, ScanStatus

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 60


class ScannerUnavailable(Exception):
    """The daemon could not be reached or did not answer: the file stays quarantined and the check is tried again."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    detail: str  # the signature found, or "" when clean


def scanner_address() -> str:
    return str(getattr(settings, "HEARTH_CLAMD", "") or "")


def scanning_on() -> bool:
    return bool(scanner_address())


def _connect(address: str) -> socket.socket:
    where = urlparse(address)
    try:
        if where.scheme == "unix":
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(TIMEOUT_SECONDS)
            connection.connect(where.path)
        elif where.scheme == "tcp" and where.hostname and where.port:
            connection = socket.create_connection((where.hostname, where.port), timeout=TIMEOUT_SECONDS)
        else:
            raise ScannerUnavailable(f"HEARTH_CLAMD must be tcp://host:port or unix:///path, not {address!r}")
    except OSError as error:
        raise ScannerUnavailable(f"The virus scanner at {address} could not be reached: {error}") from error
    return connection


def scan(content: IO[bytes], address: str | None = None) -> Verdict:
    """Send the file to clamd and read its verdict."""
    address = address or scanner_address()
    with _connect(address) as connection:
        try:
            connection.sendall(b"zINSTREAM\0")
            content.seek(0)
            for chunk in iter(lambda: content.read(CHUNK), b""):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = connection.recv(4096)
                if not part:
                    break
                reply += part
        except OSError as error:
            raise ScannerUnavailable(f"The virus scanner stopped answering: {error}") from error
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith("OK"):
        return Verdict(True, "")
    if answer.endswith("FOUND"):
        return Verdict(False, answer.removeprefix("stream:").removesuffix("FOUND").strip())
    raise ScannerUnavailable(f"The virus scanner could not check the file: {answer or 'no answer'}")


def scan_queue(version: DocumentVersion) -> None:
    """Queue the check of a new version, in the transaction that saves it (the queue is a table of the same
    database: the check is queued if and only if the version is saved)."""
    document_scan_task.enqueue(version_pk=version.pk)


@background("Virus check of a document", retries=5)
def document_scan_task(version_pk: int) -> str:
    version = DocumentVersion.objects.select_related("document").get(pk=version_pk)
    if version.scan != ScanStatus.PENDING:
        return version.scan
    with files.storage().open(version.file, "rb") as handle:
        verdict = scan(handle)
    with transaction.atomic():
        locked = DocumentVersion.objects.select_for_update().get(pk=version_pk)
        before = snapshot(locked)
        locked.scan = ScanStatus.CLEAN if verdict.clean else ScanStatus.INFECTED
        locked.scan_detail = verdict.detail[:200]
        locked.save(update_fields=["scan", "scan_detail"])
        audit_change(
            user=None, instance=locked, action="update", before=before, child_id=version.document.child_id
        )
        if not verdict.clean:
            event_record(
                child_id=version.document.child_id,
                type="document.quarantined",
                occurred_on=clock.today(),
                recorded_by=None,
                record=version.document,
                payload={"signature": locked.scan_detail},
            )
    return locked.scan
