"""The virus scanner hook (issue 15): with HEARTH_CLAMD set, a new file is quarantined until clamd finds it clean.
The daemon here is a stand-in that speaks clamd's INSTREAM protocol over a real socket and finds the EICAR test
string, as ClamAV does; the check runs on the task queue's own worker."""

from __future__ import annotations

import socketserver
import struct
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hearth.core.models import Event
from hearth.core.tests.queue import run_queued
from hearth.documents.models import Document, ScanStatus
from hearth.documents.tests.test_documents import add_through_page, pdf_bytes

# The EICAR anti-virus test file: harmless, and recognised by every scanner as a virus, by design.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class StandInClamd(socketserver.BaseRequestHandler):
    """clamd's INSTREAM: the command, length-prefixed chunks, a zero-length end; one line of verdict back."""

    seen: list[bytes] = []

    def handle(self) -> None:
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0", command
        data = b""
        while True:
            (length,) = struct.unpack("!L", self._exactly(4))
            if length == 0:
                break
            data += self._exactly(length)
        StandInClamd.seen.append(data)
        found = EICAR in data
        self.request.sendall(b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0")

    def _exactly(self, count: int) -> bytes:
        read = b""
        while len(read) < count:
            part = self.request.recv(count - len(read))
            if not part:
                raise ConnectionError("closed")
            read += part
        return read


@pytest.fixture
def clamd(settings: Any) -> Iterator[str]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), StandInClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"tcp://127.0.0.1:{server.server_address[1]}"
    settings.HEARTH_CLAMD = address
    StandInClamd.seen = []
    yield address
    server.shutdown()
    server.server_close()


def _download(client: Client, document: Document) -> Any:
    return client.get(
        reverse("documents:download", kwargs={"pk": document.child_id, "document_pk": document.pk})
    )


def test_a_clean_file_is_quarantined_until_the_scanner_has_read_it(council: Any, clamd: str) -> None:
    client = Client()
    client.force_login(council.worker)
    report = pdf_bytes("school report")
    add_through_page(client, council.child.pk, SimpleUploadedFile("school.pdf", report))
    document = Document.objects.get()
    assert document.versions.get().scan == ScanStatus.PENDING
    waiting = _download(client, document)
    assert waiting.status_code == 302
    page = client.get(waiting["Location"]).content.decode()
    assert "This file cannot be opened: waiting for the virus check." in page
    run_queued()
    assert StandInClamd.seen == [report]
    assert document.versions.get().scan == ScanStatus.CLEAN
    assert b"".join(_download(client, document).streaming_content) == report


def test_a_file_with_a_virus_stays_quarantined_with_the_signature_named(council: Any, clamd: str) -> None:
    client = Client()
    client.force_login(council.worker)
    add_through_page(client, council.child.pk, SimpleUploadedFile("notes.txt", EICAR + b"\n"))
    document = Document.objects.get()
    run_queued()
    version = document.versions.get()
    assert version.scan == ScanStatus.INFECTED and version.scan_detail == "Eicar-Test-Signature"
    assert _download(client, document).status_code == 302
    page = client.get(
        reverse("documents:document", kwargs={"pk": council.child.pk, "document_pk": document.pk})
    )
    assert "Quarantined: a virus was found" in page.content.decode()
    assert Event.objects.filter(type="document.quarantined", child=council.child).exists()


def test_while_the_scanner_is_down_the_file_waits_and_the_check_is_tried_again(
    council: Any, settings: Any
) -> None:
    settings.HEARTH_CLAMD = "tcp://127.0.0.1:9"  # nothing listens on the discard port here
    client = Client()
    client.force_login(council.worker)
    add_through_page(client, council.child.pk, SimpleUploadedFile("letter.pdf", pdf_bytes("letter")))
    document = Document.objects.get()
    run_queued()
    from django_tasks_db.models import DBTaskResult

    tries = DBTaskResult.objects.filter(task_path__endswith="document_scan_task")
    assert tries.filter(status="FAILED").count() == 6  # the first try and five more
    assert "could not be reached" in tries.first().traceback
    assert document.versions.get().scan == ScanStatus.PENDING
    assert _download(client, document).status_code == 302
