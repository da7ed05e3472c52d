"""The web import: upload, background check, confirmation, result, rejected rows."""

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from langso.core.models import AuditEntry
from langso.people.models import Household, ImportJob, ImportStatus, Resident
from tests.people import files
from tests.roles import World

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def bad_list() -> bytes:
    grid = files.household_list()
    grid[8] = [2, "Lò Thị Xuân", "31/02/1982", "Nữ", "Thái", None, None, "Bản Nà Lừm", "Vợ"]
    return files.xlsx(grid)


def upload(world: World, data: bytes, capture: Any, user: str = "commune_officer") -> Any:
    client = world.client(getattr(world, user))
    with capture(execute=True):
        response = client.post(
            "/units/03721/import/",
            {"file": SimpleUploadedFile("ds.xlsx", data, XLSX), "create_villages": "on"},
        )
    return client, response


def test_an_upload_is_checked_in_the_background_and_nothing_is_written(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client, response = upload(world, bad_list(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKED
    assert job.check_report is not None
    assert (job.check_report["rejected"], job.check_report["created"]) == (1, 3)
    assert not Resident.objects.exists()
    page = client.get(response["Location"])
    assert "31/02/1982" in page.content.decode()
    assert "BIRTH_INVALID" in page.content.decode()


def test_confirming_imports_the_good_rows_and_keeps_the_rejected_ones_to_fix(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client, _response = upload(world, bad_list(), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.file_sealed is None
    assert Resident.objects.count() == 3
    assert AuditEntry.objects.filter(action="import").count() == 1
    download = client.get(f"/imports/{job.pk}/rejected.xlsx")
    assert download["Content-Type"] == XLSX
    rows = CalamineWorkbook.from_filelike(io.BytesIO(download.content)).get_sheet_by_index(0)
    grid = rows.to_python()
    # The rejected row, between the good rows of its household (which has no number), so that
    # the corrected row finds its household again.
    assert [row[1] for row in grid[1:]] == ["Lò Văn Pánh", "Lò Thị Xuân", "Lò Văn Tùng"]
    assert "31/02/1982" in str(grid[2][-1])
    assert "31/02/1982" not in str(grid[1][-1]) + str(grid[3][-1])


def test_a_file_that_is_not_a_spreadsheet_fails_with_its_reason(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client, response = upload(world, files.PDF, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.error is not None and job.error["code"] == "FILE_TYPE_UNSUPPORTED"
    assert job.file_sealed is None
    assert "FILE_TYPE_UNSUPPORTED" in client.get(response["Location"]).content.decode()


def test_the_uploaded_file_is_kept_sealed(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    data = files.xlsx(files.household_list())
    upload(world, data, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.file_sealed is not None
    assert bytes(job.file_sealed) != data
    assert data[:4] not in bytes(job.file_sealed)[:64]


def test_someone_elses_import_answers_not_found(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    upload(world, bad_list(), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    for who in ("province_officer", "member", "outsider"):
        client = world.client(getattr(world, who))
        assert client.get(f"/imports/{job.pk}/").status_code == 404
        assert client.post(f"/imports/{job.pk}/confirm/").status_code == 404
        assert client.get(f"/imports/{job.pk}/rejected.xlsx").status_code == 404
    assert ImportJob.objects.get().status == ImportStatus.CHECKED


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_the_upload_page_of_a_unit_outside_ones_scope_is_404(world: World, who: str) -> None:
    assert world.client(getattr(world, who)).get("/units/03721/import/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world: World) -> None:
    response = world.client(None).get("/units/03721/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_progress_partial_answers_htmx_and_asks_for_a_refresh_when_done(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client, response = upload(world, bad_list(), django_capture_on_commit_callbacks)
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true"
    assert "<html" not in partial.content.decode()


def test_cancelling_drops_the_file(world: World, django_capture_on_commit_callbacks: Any) -> None:
    client, _response = upload(world, bad_list(), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    client.post(f"/imports/{job.pk}/cancel/")
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    assert job.file_sealed is None and job.rejected_sealed is None
    assert client.post(f"/imports/{job.pk}/confirm/").status_code == 400


def test_the_rejected_rows_fixed_and_uploaded_again_join_their_household(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """What the page tells the officer to do: download the rejected rows, fix, upload again."""
    grid: files.Grid = [
        ["Số hộ", "Họ và tên", "Năm sinh", "Giới tính", "SĐT", "Thôn", "Quan hệ"],
        [2, "Lò Văn Pánh", 1978, "Nam", 912345678, "Bản Nà Lừm", "Chủ hộ"],
        [2, "Lò Thị Xuân", 1982, "Nữ", 98765, "Bản Nà Lừm", "Vợ"],
        [2, "Lò Văn Tùng", 2005, "X", None, "Bản Nà Lừm", "Con"],
    ]
    client, _response = upload(world, files.xlsx(grid), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{job.pk}/confirm/")
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/imports/{job.pk}/rejected.xlsx").content)
    )
    sheet = book.active
    assert [[cell.value for cell in row[:5]] for row in sheet.iter_rows(min_row=2)] == [
        ["2", "Lò Thị Xuân", 1982, "Nữ", "98765"],
        ["2", "Lò Văn Tùng", 2005, "X", None],
    ]
    sheet["E2"] = "0987654321"
    sheet["D3"] = "Nam"
    fixed = io.BytesIO()
    book.save(fixed)
    upload(world, fixed.getvalue(), django_capture_on_commit_callbacks)
    again = ImportJob.objects.exclude(pk=job.pk).get()
    assert again.check_report is not None
    assert (again.check_report["created"], again.check_report["rejected"]) == (2, 0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{again.pk}/confirm/")
    household = Household.objects.get()
    assert (household.number, household.head_name) == ("2", "Lò Văn Pánh")
    assert household.residents.count() == 3
