"""Corrections sent from the field app: waiting until an officer in scope accepts or refuses."""

import uuid

import pytest

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role
from langso.indicators.models import VillageRollup
from langso.people import recount
from langso.people.models import Resident
from langso.people.services import ResidentData, household_create, resident_create
from langso.visits import services
from langso.visits.models import Correction, CorrectionStatus
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db


def corrected(world: World, **change: object) -> tuple[Resident, Correction]:
    household = household_create(actor=SYSTEM, village=world.village_a1, head_name="Lò Văn Pánh")
    person = resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(full_name="Lò Văn Pánh", birth_year=2012, is_head=True),
    )
    event = {"kind": "correction", "id": str(uuid.uuid4()), "resident_id": person.pk, **change}
    [result] = services.sync_push(actor=world.member, device_id="p", events=[event])
    assert result["status"] == "created"
    return person, Correction.objects.get(pk=str(event["id"]))


def test_a_correction_waits_and_changes_nothing_until_it_is_accepted(world: World) -> None:
    person, correction = corrected(world, full_name="Lò Văn Pảnh", birth_year=1980)
    person.refresh_from_db()
    assert (person.full_name, person.birth_year) == ("Lò Văn Pánh", 2012)
    assert (correction.old_full_name, correction.old_birth_year) == ("Lò Văn Pánh", 2012)
    page = world.client(world.commune_officer).get("/corrections/")
    assert page.status_code == 200
    assert "Lò Văn Pảnh" in page.text and "1980" in page.text

    answer = world.client(world.commune_officer).post(
        f"/corrections/{correction.pk}/", {"decision": "accept"}
    )
    assert answer.status_code == 302 and answer["Location"] == "/corrections/"
    person.refresh_from_db()
    assert (person.full_name, person.birth_year) == ("Lò Văn Pảnh", 1980)
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.ACCEPTED
    assert correction.decided_by == world.commune_officer
    # The year moved the resident into the adults' indicators: the roll-ups follow.
    assert recount.differences() == {}
    assert VillageRollup.objects.filter(village=world.village_a1).exists()
    assert "Lò Văn Pảnh" not in world.client(world.commune_officer).get("/corrections/").text


def test_a_refused_correction_leaves_the_resident_and_cannot_be_decided_again(
    world: World,
) -> None:
    person, correction = corrected(world, birth_year=1979)
    client = world.client(world.province_officer)
    assert client.post(f"/corrections/{correction.pk}/", {"decision": "refuse"}).status_code == 302
    person.refresh_from_db()
    assert person.birth_year == 2012
    again = client.post(f"/corrections/{correction.pk}/", {"decision": "accept"})
    assert again.status_code == 409
    person.refresh_from_db()
    assert person.birth_year == 2012
    assert Correction.objects.get().status == CorrectionStatus.REFUSED


def test_a_decision_other_than_accept_or_refuse_is_refused(world: World) -> None:
    _person, correction = corrected(world, birth_year=1979)
    answer = world.client(world.commune_officer).post(
        f"/corrections/{correction.pk}/", {"decision": "maybe"}
    )
    assert answer.status_code == 400
    assert Correction.objects.get().status == CorrectionStatus.PENDING


def test_an_officer_of_another_commune_gets_404_and_changes_nothing(world: World) -> None:
    other, _ = accounts.user_provision(username="officer_b", password=PASSWORD, full_name="B")
    accounts.role_grant(user=other, role=Role.COMMUNE_OFFICER, unit=world.commune_b)
    person, correction = corrected(world, full_name="Lò Văn Khác")
    client = world.client(other)
    assert client.post(f"/corrections/{correction.pk}/", {"decision": "accept"}).status_code == 404
    assert "Lò Văn Khác" not in client.get("/corrections/").text
    person.refresh_from_db()
    assert person.full_name == "Lò Văn Pánh"
    assert Correction.objects.get().status == CorrectionStatus.PENDING


@pytest.mark.parametrize("who", ["member", "leader", "member_b", "outsider"])
def test_only_officers_open_the_corrections_page(world: World, who: str) -> None:
    _person, correction = corrected(world, full_name="Lò Văn Khác")
    client = world.client(getattr(world, who))
    assert client.get("/corrections/").status_code == 404
    assert client.post(f"/corrections/{correction.pk}/", {"decision": "accept"}).status_code == 404
    assert Correction.objects.get().status == CorrectionStatus.PENDING
