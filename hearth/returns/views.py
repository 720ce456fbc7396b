"""Statutory returns pages: the exports list with the form to start one, an export's progress, its file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.core.posting import apply_errors
from hearth.returns.export_runs import (
    download_name,
    export_path,
    return_export_request,
    stalled_exports_fail,
)
from hearth.returns.forms import CensusExportForm
from hearth.returns.models import ExportStatus, ReturnExport

RECENT = 20


@guard("returns.export", every_method=True)
def exports(request: AuthenticatedRequest) -> HttpResponse:
    """Recent exports, and the form to export the CIN census for a collection year."""
    today = clock.today()
    form = CensusExportForm(
        request.POST if request.method == "POST" else None,
        initial={"year": clock.latest_complete_collection_year(today)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            export = return_export_request(year=form.cleaned_data["year"], by=request.user, today=today)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("returns:export", export_pk=export.pk)
    stalled_exports_fail(clock.now())
    recent = ReturnExport.objects.select_related("requested_by")[:RECENT]
    return render(request, "returns/exports.html", {"form": form, "exports": recent})


@guard("returns.export", every_method=True)
def export(request: AuthenticatedRequest, export_pk: int) -> HttpResponse:
    """One export: its progress while it runs (the page refreshes itself), then its counts and file, or error."""
    stalled_exports_fail(clock.now())
    item = get_object_or_404(ReturnExport.objects.select_related("requested_by"), pk=export_pk)
    return render(
        request,
        "returns/export.html",
        {"export": item, "may_download": _may_download(request, item), "file_name": download_name(item)},
    )


@guard("returns.download", every_method=True)
def download(request: AuthenticatedRequest, export_pk: int) -> FileResponse:
    """The export's file, for the person whose read of every child in it was logged."""
    item = get_object_or_404(ReturnExport, pk=export_pk, status=ExportStatus.DONE)
    file = export_path(item)
    if not file.is_file():
        raise Http404("The export's file is no longer there: export the return again.")
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=download_name(item), content_type="application/xml"
    )


def _may_download(request: AuthenticatedRequest, item: ReturnExport) -> bool:
    return item.status == ExportStatus.DONE and policy.allowed(request.user, "returns.download", item)
