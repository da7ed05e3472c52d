"""The web import: upload, a background check (a dry run), the officer's confirmation, the
import itself in the background, and the rejected rows to fix and upload again.

Each step is a service; the tasks (``tasks.py``) only call them. A job belongs to the user who
uploaded it: nobody else sees it (404). The file is kept sealed and dropped when the job ends.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.errors import DomainError, NotFound
from langso.core.vault import vault
from langso.people.errors import FileError, PeopleError
from langso.people.importing import ImportReport, Problem, import_residents, rejected_workbook
from langso.people.models import ImportJob, ImportStatus
from langso.units.models import Level, Unit

FILE_PURPOSE = "import_file"
REJECTED_PURPOSE = "import_rejected"
MAX_UPLOAD = 20 * 1024 * 1024


def _open(job: ImportJob) -> bytes:
    if job.file_sealed is None:
        raise NotFound(FileError.UNREADABLE, _("This import has finished; its file is gone."))
    return vault().open_bytes(FILE_PURPOSE, bytes(job.file_sealed))


def _progress(job: ImportJob, low: int, high: int) -> Callable[[int], None]:
    """Save the job's progress (scaled into [low, high]) as the importer reports it."""

    def tell(percent: int) -> None:
        value = low + (high - low) * percent // 100
        if value != job.progress:
            job.progress = value
            ImportJob.objects.filter(pk=job.pk).update(progress=value)

    return tell


def import_job_create(
    *, actor: Actor, unit: Unit, filename: str, data: bytes, create_villages: bool
) -> ImportJob:
    """Keep the upload (sealed) and queue its check."""
    from langso.people.tasks import check_import

    access.access_import_target(actor, unit)
    uploader = access.actor_id(actor)
    if uploader is None:
        raise TypeError("an import job belongs to a user; the system calls import_residents")
    if unit.level not in (Level.VILLAGE, Level.COMMUNE):
        raise DomainError(
            FileError.UNIT_NOT_VILLAGE_OR_COMMUNE,
            _("Import into a village or a commune."),
            field="file",
        )
    if len(data) > MAX_UPLOAD:
        raise DomainError(
            FileError.TOO_LARGE,
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_UPLOAD // (1024 * 1024)},
            field="file",
        )
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by_id=uploader,
            unit=unit,
            filename=filename[:200],
            create_villages=create_villages,
            status=ImportStatus.QUEUED,
            file_sealed=vault().seal_bytes(FILE_PURPOSE, data),
        )
        transaction.on_commit(lambda: check_import.enqueue(str(job.pk)))
    return job


def import_job_get(*, actor: Actor, job_id: Any) -> ImportJob:
    return access.access_import_job(actor, job_id)


def _fail(job: ImportJob, error: DomainError) -> None:
    job.status = ImportStatus.FAILED
    job.error = error.as_dict()
    job.file_sealed = None
    job.save(update_fields=["status", "error", "file_sealed", "updated_at"])


def _keep_rejected(job: ImportJob, data: bytes, report: ImportReport) -> None:
    if report.errors:
        workbook = rejected_workbook(data, job.filename, report)
        job.rejected_sealed = vault().seal_bytes(REJECTED_PURPOSE, workbook)
    else:
        job.rejected_sealed = None


def import_job_check(job_id: str) -> None:
    """The dry run: every row checked, nothing written; the officer reads the result."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportStatus.QUEUED:
        return
    job.status = ImportStatus.CHECKING
    job.save(update_fields=["status", "updated_at"])
    data = _open(job)
    try:
        report = import_residents(
            actor=job.created_by,
            unit=job.unit,
            data=data,
            filename=job.filename,
            create_villages=job.create_villages,
            dry_run=True,
            progress=_progress(job, 0, 100),
        )
    except DomainError as error:
        # A file that cannot be read, or an uploader who lost the unit since: the job fails.
        _fail(job, error)
        return
    _keep_rejected(job, data, report)
    job.status = ImportStatus.CHECKED
    job.progress = 100
    job.check_report = report.as_dict()
    job.save(update_fields=["status", "progress", "check_report", "rejected_sealed", "updated_at"])


def import_job_confirm(*, actor: Actor, job: ImportJob) -> ImportJob:
    """The officer agrees (to the new villages too): queue the import."""
    from langso.people.tasks import commit_import

    if job.status != ImportStatus.CHECKED:
        raise DomainError(
            PeopleError.IMPORT_NOT_WAITING, _("This import is not waiting for a confirmation.")
        )
    with transaction.atomic():
        updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.IMPORTING, progress=0
        )
        if updated:
            transaction.on_commit(lambda: commit_import.enqueue(str(job.pk)))
    job.refresh_from_db()
    return job


def import_job_commit(job_id: str) -> None:
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportStatus.IMPORTING:
        return
    data = _open(job)
    try:
        report = import_residents(
            actor=job.created_by,
            unit=job.unit,
            data=data,
            filename=job.filename,
            create_villages=job.create_villages,
            progress=_progress(job, 0, 100),
        )
    except DomainError as error:
        _fail(job, error)
        return
    _keep_rejected(job, data, report)
    job.status = ImportStatus.DONE
    job.progress = 100
    job.final_report = report.as_dict()
    job.file_sealed = None
    job.save(
        update_fields=[
            "status",
            "progress",
            "final_report",
            "file_sealed",
            "rejected_sealed",
            "updated_at",
        ]
    )


def import_job_cancel(*, actor: Actor, job: ImportJob) -> None:
    if job.status in (ImportStatus.DONE, ImportStatus.IMPORTING):
        raise DomainError(FileError.UNREADABLE, _("This import can no longer be cancelled."))
    job.status = ImportStatus.CANCELLED
    job.file_sealed = None
    job.rejected_sealed = None
    job.save(update_fields=["status", "file_sealed", "rejected_sealed", "updated_at"])


def import_job_rejected(*, actor: Actor, job: ImportJob) -> bytes | None:
    if job.rejected_sealed is None:
        return None
    return vault().open_bytes(REJECTED_PURPOSE, bytes(job.rejected_sealed))


def report_errors(report: dict[str, Any] | None) -> list[Problem]:
    if not report:
        return []
    return [Problem(**problem) for problem in report.get("errors", [])]
