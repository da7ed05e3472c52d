"""A right-to-left override makes "invoice\u202egpj.exe" read "invoiceexe.jpg". Citizen text loses
such controls when it comes in, and pages, the API and Open311 never show them, even from rows
stored before (issue 11)."""

import json

import pytest

from langso.access import ANONYMOUS, SYSTEM
from langso.core.text import BIDI_CONTROLS
from langso.feedback.models import Report
from langso.people import services as people
from langso.people.services import ResidentData
from langso.trust import services as trust
from tests.feedback.helpers import file_report
from tests.roles import World

pytestmark = pytest.mark.django_db

DISGUISED = "Hóa đơn invoice\u202egpj.exe"
SHOWN = "Hóa đơn invoicegpj.exe"


def test_a_report_filed_with_an_override_is_stored_and_shown_without_it(world: World) -> None:
    report = file_report(
        world, description=DISGUISED, address_string="Bản\u2066 Hua\u2069 Nà\u200f"
    )
    assert report.description == SHOWN
    assert report.address_string == "Bản Hua Nà"
    page = world.client(world.commune_officer).get(f"/feedback/reports/{report.code}/")
    assert page.status_code == 200
    assert SHOWN in page.content.decode()
    assert "\u202e" not in page.content.decode()


def test_a_row_stored_with_an_override_is_shown_neutralised(world: World) -> None:
    report = file_report(world, description_public=True)
    Report.objects.filter(pk=report.pk).update(description=DISGUISED)
    client = world.client(world.commune_officer)
    page = client.get(f"/feedback/reports/{report.code}/")
    assert SHOWN in page.content.decode()
    assert int(page["Content-Length"]) == len(page.content)
    queue = client.get("/feedback/reports/").content.decode()
    assert not set(BIDI_CONTROLS) & set(queue)
    for fmt in ("json", "xml"):
        answer = client.get(f"/open311/v2/requests/{report.code}.{fmt}").content.decode()
        assert "invoicegpj.exe" in answer
        assert "\u202e" not in answer


def test_the_api_never_hands_an_override_to_the_field_app(world: World) -> None:
    household = people.household_create(actor=SYSTEM, village=world.village_a1, number="9")
    resident = people.resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(full_name="Lò\u202e Văn Pánh", birth_year=1980, is_head=True),
    )
    assert resident.full_name == "Lò Văn Pánh"
    # A row stored before names were cleaned, with a backslash next to the override.
    type(resident).objects.filter(pk=resident.pk).update(full_name="Lò \\\u202eVăn Pánh")
    response = world.client(world.commune_officer).get(f"/api/v1/residents/{resident.pk}")
    assert response.status_code == 200
    assert "\u202e" not in response.content.decode()
    assert json.loads(response.content)["full_name"] == "Lò \\Văn Pánh"


def test_a_scam_report_story_loses_its_overrides(world: World) -> None:
    report = trust.report_create(actor=ANONYMOUS, text="0987 654 321", story="Tin\u202e nhắn\u200e")
    assert report.story == "Tin nhắn"
