"""An announcement's deliveries as a spreadsheet: opened with openpyxl as an officer's office
software would, the counts and each row in words, numbers masked."""

import io
import re

import openpyxl
import pytest

from tests.outreach.test_views import RAW_CODE, other_commune_officer, sent_with_failures
from tests.outreach.town import Town

pytestmark = pytest.mark.usefixtures("fixture_day", "sms_connected")


def rows_of(content: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    return [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]


def test_the_spreadsheet_holds_the_counts_and_each_delivery(town: Town) -> None:
    world = town.world
    announcement = sent_with_failures(town)
    answer = world.client(world.commune_officer).get(
        f"/outreach/{announcement.pk}/deliveries.xlsx", {"status": ""}
    )
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"thong-bao-{announcement.pk}-" in answer["Content-Disposition"]
    rows = rows_of(answer.content)
    text = "\n".join(" ".join(str(cell) for cell in row) for row in rows)
    assert "XÃ THUẬN CHÂU" in text.upper()
    assert "Cảnh báo lừa đảo" in text
    assert "Bản Hua Nà" in text
    assert not RAW_CODE.search(text)
    assert "400 invalid number" not in text
    assert not re.search(r"\+849\d{8}", text)
    # The 7 deliveries (2 in the field app, 5 SMS refused), one row each after the heading.
    heading = max(
        i for i, row in enumerate(rows) if len(row) == 8 and all(isinstance(c, str) for c in row)
    )
    assert len(rows) - heading - 1 == 7
    # Masked numbers and logins are personal data all the same: the export is audited.
    from langso.core.models import AuditEntry

    entry = AuditEntry.objects.get(action="export", object_type="announcement")
    assert entry.object_id == str(announcement.pk)
    assert entry.actor_id == world.commune_officer.pk
    assert entry.detail["rows"] == 7


def test_the_spreadsheet_follows_the_status_asked(town: Town) -> None:
    world = town.world
    announcement = sent_with_failures(town)
    client = world.client(world.commune_officer)
    failed = rows_of(
        client.get(f"/outreach/{announcement.pk}/deliveries.xlsx", {"status": "failed"}).content
    )
    everything = rows_of(client.get(f"/outreach/{announcement.pk}/deliveries.xlsx").content)
    assert len(everything) - len(failed) == 2
    garbage = client.get(
        f"/outreach/{announcement.pk}/deliveries.xlsx", {"status": "x" * 300, "channel": "y"}
    )
    assert garbage.status_code == 200


def test_the_spreadsheet_of_another_commune_is_404(town: Town) -> None:
    announcement = sent_with_failures(town)
    answer = other_commune_officer().get(f"/outreach/{announcement.pk}/deliveries.xlsx")
    assert answer.status_code == 404
