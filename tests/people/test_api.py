"""The households and residents API: masked lists and details, reveal with a reason, access."""

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from langso.access import SYSTEM
from langso.core.models import AuditAction, AuditEntry
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_record
from langso.people import services
from langso.people.models import Household, IdConflict, Resident
from langso.people.services import ResidentData
from tests.roles import World

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "field", "details"}
CCCD = "014185000189"  # a woman born in 1985 whose birth was registered in Sơn La
PHONE = "0912876678"
CCCD_B = "014090001234"
PHONE_B = "0987654321"
PLAIN = (CCCD, PHONE, "912876678", CCCD_B, PHONE_B, "987654321")
RESIDENT_KEYS = {
    "id",
    "household",
    "full_name",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity",
    "relationship",
    "is_head",
    "id_kind",
    "id_masked",
    "phone_masked",
    "indicators",
}


@dataclass
class People:
    household_a: Household
    xuan: Resident
    household_b: Household
    inh: Resident


@pytest.fixture
def people(world: World) -> People:
    household_a = services.household_create(actor=SYSTEM, village=world.village_a1, number="1")
    xuan = services.resident_create(
        actor=SYSTEM,
        household=household_a,
        data=ResidentData(
            full_name="Lò Thị Xuân",
            birth_year=1985,
            sex="F",
            ethnicity="Thái",
            relationship="Chủ hộ",
            is_head=True,
            id_number=CCCD,
            phone=PHONE,
        ),
    )
    services.resident_create(
        actor=SYSTEM,
        household=household_a,
        data=ResidentData(full_name="Lò Văn Tùng", birth_year=2010, sex="M", relationship="Con"),
    )
    household_b = services.household_create(actor=SYSTEM, village=world.village_b1, number="7")
    inh = services.resident_create(
        actor=SYSTEM,
        household=household_b,
        data=ResidentData(
            full_name="Quàng Văn Inh", birth_year=1990, sex="M", id_number=CCCD_B, phone=PHONE_B
        ),
    )
    return People(household_a, xuan, household_b, inh)


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def households_path(world: World, village: str = "village_a1") -> str:
    return f"/api/v1/units/{world.code(getattr(world, village))}/households"


def assert_no_full_number(response: Any) -> None:
    text = response.content.decode()
    for plain in PLAIN:
        assert plain not in text


def new_resident(**changes: Any) -> dict[str, Any]:
    return {
        "full_name": "Lò Thị Hoa",
        "birth_year": 1987,
        "sex": "F",
        "ethnicity": "Thái",
        "relationship": "Em gái",
        **changes,
    }


# Access: every endpoint, every role


def _call(
    client: Client, world: World, people: People, endpoint: str, target: str
) -> tuple[Any, int]:
    village = "village_a1" if target == "a" else "village_b1"
    resident = people.xuan if target == "a" else people.inh
    household = people.household_a if target == "a" else people.household_b
    if endpoint == "households":
        return client.get(households_path(world, village)), 200
    if endpoint == "resident":
        return client.get(f"/api/v1/residents/{resident.pk}"), 200
    if endpoint == "reveal":
        body = {"what": "phone", "reason": "Gọi hẹn lịch hướng dẫn"}
        return post(client, f"/api/v1/residents/{resident.pk}/reveal", body), 200
    if endpoint == "household_create":
        return post(client, households_path(world, village), {"number": "99"}), 201
    assert endpoint == "resident_create"
    return post(client, f"/api/v1/households/{household.pk}/residents", new_resident()), 201


ENDPOINTS = ["households", "resident", "reveal", "household_create", "resident_create"]
ACCESS = [
    ("member", "a", True),
    ("member", "b", False),
    ("leader", "a", True),
    ("leader", "b", False),
    ("member_b", "a", False),
    ("member_b", "b", True),
    ("commune_officer", "a", True),
    ("commune_officer", "b", False),
    ("province_officer", "a", True),
    ("province_officer", "b", True),
    ("outsider", "a", False),
    ("outsider", "b", False),
]


def _written() -> tuple[int, int, int]:
    return Household.objects.count(), Resident.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(("who", "target", "allowed"), ACCESS)
def test_each_endpoint_answers_only_who_may_see_the_village(
    world: World, people: People, endpoint: str, who: str, target: str, allowed: bool
) -> None:
    before = _written()
    response, ok = _call(world.client(getattr(world, who)), world, people, endpoint, target)
    if allowed:
        assert response.status_code == ok, response.content
    else:
        assert response.status_code == 404
        assert set(response.json()) == ERROR_KEYS
        assert _written() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_wants_a_login(world: World, people: People, endpoint: str) -> None:
    before = _written()
    response, _ok = _call(world.client(None), world, people, endpoint, "a")
    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"
    assert _written() == before


def test_households_of_a_commune_are_asked_per_village(world: World) -> None:
    response = world.client(world.commune_officer).get("/api/v1/units/03721/households")
    assert response.status_code == 404
    assert response.json()["code"] == "VILLAGE_UNKNOWN"


# Lists and details


def test_households_come_with_their_residents_masked(world: World, people: People) -> None:
    response = world.client(world.member).get(households_path(world))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert [h["number"] for h in body] == ["1"]
    household = body[0]
    assert household["village"] == world.code(world.village_a1)
    assert household["head_name"] == "Lò Thị Xuân"
    head, child = household["residents"]
    assert set(head) == RESIDENT_KEYS
    assert head["full_name"] == "Lò Thị Xuân"
    assert (head["id_masked"], head["phone_masked"], head["id_kind"]) == (
        "**********89",
        "*******678",
        "cccd",
    )
    assert child["full_name"] == "Lò Văn Tùng"
    assert (child["id_masked"], child["phone_masked"]) == ("", "")
    assert_no_full_number(response)


def test_households_can_be_searched_by_name_without_diacritics(
    world: World, people: People
) -> None:
    other = services.household_create(actor=SYSTEM, village=world.village_a1, number="2")
    services.resident_create(
        actor=SYSTEM, household=other, data=ResidentData(full_name="Cầm Văn Ơn")
    )
    client = world.client(world.member)
    assert [h["number"] for h in client.get(households_path(world)).json()] == ["1", "2"]
    found = client.get(households_path(world) + "?q=cam van on").json()
    assert [h["number"] for h in found] == ["2"]


def test_a_resident_comes_with_statuses_and_consent(world: World, people: People) -> None:
    observed = timezone.now() - timedelta(days=1)
    observation_record(
        actor=SYSTEM,
        indicator=Indicator.objects.get(code="vneid_l2"),
        subject=services.resident_subject(people.xuan),
        value=True,
        observed_at=observed,
        source=Source.VISIT,
    )
    services.consent_record(actor=SYSTEM, resident=people.xuan, given=True, purpose="Hướng dẫn")
    response = world.client(world.leader).get(f"/api/v1/residents/{people.xuan.pk}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["id_masked"] == "**********89"
    assert body["phone_masked"] == "*******678"
    assert body["village"] == world.code(world.village_a1)
    assert body["village_name"] == "Bản Hua Nà"
    assert body["indicators"] == ["vneid_l2"]
    [status] = body["statuses"]
    assert (status["indicator"], status["value"], status["source"]) == ("vneid_l2", True, "visit")
    assert status["observed_at"].startswith(observed.isoformat()[:19])
    assert [(c["given"], c["purpose"]) for c in body["consents"]] == [(True, "Hướng dẫn")]
    assert_no_full_number(response)


def test_an_unknown_resident_is_404_like_one_out_of_scope(world: World) -> None:
    response = world.client(world.province_officer).get("/api/v1/residents/987654")
    assert response.status_code == 404
    assert set(response.json()) == ERROR_KEYS


# Reveal


def test_reveal_answers_the_full_id_and_writes_one_audit_entry(
    world: World, people: People
) -> None:
    path = f"/api/v1/residents/{people.xuan.pk}/reveal"
    response = post(world.client(world.member), path, {"what": "id", "reason": "Cài VNeID"})
    assert response.status_code == 200
    assert response.json() == {"value": CCCD}
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get()
    assert entry.actor_id == world.member.pk
    assert entry.action == AuditAction.REVEAL_ID
    assert (entry.object_type, entry.object_id, entry.reason) == (
        "resident",
        str(people.xuan.pk),
        "Cài VNeID",
    )


def test_reveal_answers_the_phone_in_e164(world: World, people: People) -> None:
    path = f"/api/v1/residents/{people.xuan.pk}/reveal"
    response = post(world.client(world.member), path, {"what": "phone", "reason": "Gọi"})
    assert response.json() == {"value": "+84912876678"}
    assert AuditEntry.objects.get().action == AuditAction.REVEAL_PHONE


def test_reveal_of_a_number_never_recorded_answers_null(world: World, people: People) -> None:
    child = Resident.objects.get(full_name="Lò Văn Tùng")
    path = f"/api/v1/residents/{child.pk}/reveal"
    response = post(world.client(world.member), path, {"what": "id", "reason": "Kiểm tra"})
    assert response.json() == {"value": None}


@pytest.mark.parametrize(
    "body",
    [
        {"what": "id"},
        {"what": "id", "reason": ""},
        {"what": "id", "reason": "   "},
        {"what": "passport", "reason": "Kiểm tra"},
        {"reason": "Kiểm tra"},
    ],
)
def test_reveal_without_a_reason_or_with_an_unknown_number_is_refused_and_writes_nothing(
    world: World, people: People, body: dict[str, str]
) -> None:
    path = f"/api/v1/residents/{people.xuan.pk}/reveal"
    response = post(world.client(world.member), path, body)
    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "INVALID_INPUT"
    assert answer["field"] in {"reason", "what"}
    assert not AuditEntry.objects.exists()
    assert_no_full_number(response)


# Creating


def test_a_member_adds_a_household(world: World) -> None:
    response = post(
        world.client(world.member), households_path(world), {"number": "5", "is_business": True}
    )
    assert response.status_code == 201
    body = response.json()
    household = Household.objects.get(pk=body["id"])
    assert household.village_id == world.village_a1.pk
    assert body == {
        "id": household.pk,
        "village": world.code(world.village_a1),
        "number": "5",
        "head_name": "",
        "is_business": True,
        "indicators": [],
        "residents": [],
    }


def test_a_household_cannot_be_added_to_a_commune(world: World) -> None:
    response = post(world.client(world.commune_officer), "/api/v1/units/03721/households", {})
    assert response.status_code == 404
    assert not Household.objects.exists()


def test_a_member_adds_a_resident_and_gets_it_back_masked(world: World, people: People) -> None:
    path = f"/api/v1/households/{people.household_a.pk}/residents"
    body = new_resident(id_number="014187000123", phone="0912 000 111", ethnicity="thai")
    response = post(world.client(world.member), path, body)
    assert response.status_code == 201
    answer = response.json()
    assert set(answer) == RESIDENT_KEYS
    assert (answer["id_masked"], answer["phone_masked"]) == ("**********23", "*******111")
    assert answer["ethnicity"] == "Thái"
    assert "014187000123" not in response.content.decode()
    assert Resident.objects.get(pk=answer["id"]).household_id == people.household_a.pk


def test_a_number_held_out_of_sight_cannot_be_told_from_a_new_one(
    world: World, people: People
) -> None:
    """Inh (Bản Búng) holds CCCD_B; the member of Bản Hua Nà cannot see him. Giving his number
    for someone answers exactly as a new number does, and the province officer is asked."""
    path = f"/api/v1/households/{people.household_a.pk}/residents"
    member = world.client(world.member)
    held = post(
        member,
        path,
        new_resident(full_name="Quàng Văn Inh", birth_year=1990, sex="M", id_number=CCCD_B),
    )
    fresh = post(
        member,
        path,
        new_resident(full_name="Quàng Văn Ánh", birth_year=1990, sex="M", id_number="014090001334"),
    )
    assert held.status_code == fresh.status_code == 201

    def shape(answer: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in answer.items() if k not in ("id", "full_name", "id_masked")}

    assert shape(held.json()) == shape(fresh.json())
    assert held.json()["id_masked"] == "**********34"
    again = post(
        member,
        path,
        new_resident(full_name="Quàng Văn Inh", birth_year=1990, sex="M", id_number=CCCD_B),
    )
    taken = post(
        member,
        path,
        new_resident(full_name="Quàng Văn Ánh", birth_year=1990, sex="M", id_number="014090001334"),
    )
    assert (
        (again.status_code, again.json()["code"])
        == (taken.status_code, taken.json()["code"])
        == (409, "ID_TAKEN")
    )
    claimant = Resident.objects.get(pk=held.json()["id"])
    conflict = IdConflict.objects.get()
    assert (conflict.claimant, conflict.holder) == (claimant, people.inh)
    assert claimant.id_index is None
    audited = AuditEntry.objects.filter(action=AuditAction.ID_CONFLICT)
    assert [(e.actor_id, e.object_id) for e in audited] == [(world.member.pk, str(people.inh.pk))]


@pytest.mark.parametrize(
    ("changes", "status", "code", "field"),
    [
        ({"id_number": "014190000123"}, 400, "ID_YEAR_MISMATCH", "id_number"),
        ({"id_number": "014087000123"}, 400, "ID_SEX_MISMATCH", "id_number"),
        ({"id_number": "099187000123"}, 400, "ID_PROVINCE_UNKNOWN", "id_number"),
        ({"id_number": "12345"}, 400, "ID_INVALID", "id_number"),
        ({"phone": "0123"}, 400, "PHONE_INVALID", "phone"),
        ({"ethnicity": "Người sao Hỏa"}, 400, "ETHNICITY_UNKNOWN", "ethnicity"),
        ({"sex": "X"}, 400, "SEX_INVALID", "sex"),
        ({"full_name": "  "}, 400, "NAME_REQUIRED", "full_name"),
        ({"birth_year": 1985, "id_number": CCCD}, 409, "ID_TAKEN", "id_number"),
        ({"full_name": "x" * 151}, 422, "INVALID_INPUT", "full_name"),
        ({"birth_year": "năm ngoái"}, 422, "INVALID_INPUT", "birth_year"),
    ],
)
def test_a_wrong_resident_is_refused_with_its_code_and_field(
    world: World,
    people: People,
    changes: dict[str, Any],
    status: int,
    code: str,
    field: str,
) -> None:
    before = Resident.objects.count()
    path = f"/api/v1/households/{people.household_a.pk}/residents"
    response = post(world.client(world.member), path, new_resident(**changes))
    assert response.status_code == status
    answer = response.json()
    assert set(answer) == ERROR_KEYS
    assert (answer["code"], answer["field"]) == (code, field)
    assert Resident.objects.count() == before
    assert_no_full_number(response)


def test_a_resident_cannot_be_added_to_a_household_out_of_scope(
    world: World, people: People
) -> None:
    path = f"/api/v1/households/{people.household_b.pk}/residents"
    response = post(world.client(world.member), path, new_resident())
    assert response.status_code == 404
    assert not Resident.objects.filter(full_name="Lò Thị Hoa").exists()
