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
    annex_a_export_request,
    download_name,
    download_type,
    export_path,
    return_export_request,
    stalled_exports_fail,
)
from hearth.returns.forms import AnnexAExportForm, CensusExportForm
from hearth.returns.models import ExportStatus, ReturnExport

RECENT = 20


@guard("returns.export", every_method=True)
def exports(request: AuthenticatedRequest) -> HttpResponse:
    """Recent exports, and the forms to export the CIN census for a collection year or Annex A made on a day (the
    Annex A form's button is named `annex_a`; a post without it is the census's)."""
    today = clock.today()
    posted = request.POST if request.method == "POST" else None
    annex_posted = posted is not None and "annex_a" in posted
    form = CensusExportForm(
        None if annex_posted else posted, initial={"year": clock.latest_complete_collection_year(today)}
    )
    annex_form = AnnexAExportForm(posted if annex_posted else None, initial={"on": today})
    chosen = annex_form if annex_posted else form
    if posted is not None and chosen.is_valid():
        try:
            if annex_posted:
                export = annex_a_export_request(
                    on=annex_form.cleaned_data["on"], by=request.user, today=today
                )
            else:
                export = return_export_request(year=form.cleaned_data["year"], by=request.user, today=today)
        except ValidationError as error:
            apply_errors(chosen, error)
        else:
            return redirect("returns:export", export_pk=export.pk)
    stalled_exports_fail(clock.now())
    recent = ReturnExport.objects.select_related("requested_by")[:RECENT]
    return render(
        request, "returns/exports.html", {"form": form, "annex_form": annex_form, "exports": recent}
    )


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
        file.open("rb"), as_attachment=True, filename=download_name(item), content_type=download_type(item)
    )


def _may_download(request: AuthenticatedRequest, item: ReturnExport) -> bool:
    return item.status == ExportStatus.DONE and policy.allowed(request.user, "returns.download", item)
