"""Pages of the web import: upload, progress, the checked result, confirmation, rejected rows."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.people import import_jobs
from langso.people.errors import FileError
from langso.people.import_forms import UploadForm
from langso.people.models import ImportStatus
from langso.units import selectors as units

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUNNING = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.IMPORTING)


@login_required
def upload(request: HttpRequest, code: str) -> HttpResponse:
    version = units.unit_get(actor=request.user, code=code, on=today())
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            job = import_jobs.import_job_create(
                actor=request.user,
                unit=version.unit,
                filename=uploaded.name,
                data=uploaded.read(import_jobs.MAX_UPLOAD + 1),
                create_villages=form.cleaned_data["create_villages"],
            )
        except NotFound:
            raise
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            return redirect("imports:job", job_id=job.pk)
    return render(
        request,
        "people/import_upload.html",
        {"form": form, "version": version},
        status=400 if form.errors else 200,
    )


def _job_context(request: HttpRequest, job_id: str) -> dict[str, object]:
    job = import_jobs.import_job_get(actor=request.user, job_id=job_id)
    report = job.final_report or job.check_report
    return {
        "job": job,
        "version": units.version_on(job.unit, today()),
        "running": job.status in RUNNING,
        "report": report,
        "errors": import_jobs.report_errors(report),
        "has_rejected": job.rejected_sealed is not None,
    }


@login_required
def job(request: HttpRequest, job_id: str) -> HttpResponse:
    context = _job_context(request, job_id)
    if request.headers.get("HX-Request"):
        response = render(request, "people/_import_progress.html", context)
        if not context["running"]:
            # The work is over: show the whole page with the result.
            response["HX-Refresh"] = "true"
        return response
    return render(request, "people/import_job.html", context)


@login_required
@require_POST
def confirm(request: HttpRequest, job_id: str) -> HttpResponse:
    found = import_jobs.import_job_get(actor=request.user, job_id=job_id)
    import_jobs.import_job_confirm(actor=request.user, job=found)
    return redirect("imports:job", job_id=found.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, job_id: str) -> HttpResponse:
    found = import_jobs.import_job_get(actor=request.user, job_id=job_id)
    import_jobs.import_job_cancel(actor=request.user, job=found)
    return redirect("imports:job", job_id=found.pk)


@login_required
def rejected(request: HttpRequest, job_id: str) -> HttpResponse:
    found = import_jobs.import_job_get(actor=request.user, job_id=job_id)
    content = import_jobs.import_job_rejected(actor=request.user, job=found)
    if content is None:
        raise NotFound(FileError.UNREADABLE, _("This import has no rejected rows."))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="dong-bi-loai.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def template(request: HttpRequest) -> HttpResponse:
    from langso.people.template import template_workbook

    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-ho.xlsx"'
    return response
