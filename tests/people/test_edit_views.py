"""The pages that correct households and residents, record life events, merge and list likely
duplicates: who may open them, what they show, and that the form refuses exactly what the
importer refuses, with the same message."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils.html import escape

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role
from langso.core.dates import format_date, today
from langso.core.models import AuditAction, AuditEntry
from langso.people import services as people
from langso.people.models import (
    Household,
    HouseholdChange,
    LifeEvent,
    Merge,
    Resident,
    ResidentChange,
)
from langso.people.services import ResidentData
from langso.units.models import Unit
from tests.indicators.data import YEAR, People, build_people
from tests.people import files
from tests.people.lists import BAD_ROW, around, person, run
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db

XUAN_ID = "014196001234"


@pytest.fixture
def folk(world: World) -> People:
    return build_people(world)


def form_of(resident: Resident, **changes: Any) -> dict[str, Any]:
    """What the correction form posts when nothing is touched, with ``changes``."""
    base = {
        "full_name": resident.full_name,
        "birth": str(resident.birth_year or ""),
        "sex": resident.sex,
        "ethnicity": resident.ethnicity,
        "relationship": resident.relationship,
        "id_number": "",
        "phone": "",
    }
    base.update(changes)
    return base


def other_commune_officer(world: World) -> Any:
    user, _ = accounts.user_provision(username="officer_b", password=PASSWORD, full_name="Cán bộ B")
    accounts.role_grant(user=user, role=Role.COMMUNE_OFFICER, unit=world.commune_b)
    return user


# Pages ---------------------------------------------------------------------------------------


def test_the_leader_corrects_a_resident_and_the_history_shows_numbers_masked(
    world: World, folk: People
) -> None:
    client = world.client(world.leader)
    page = client.get(f"/residents/{folk.xuan.pk}/edit/")
    assert page.status_code == 200
    answer = client.post(
        f"/residents/{folk.xuan.pk}/edit/",
        form_of(folk.xuan, birth="1996", id_number=XUAN_ID, phone="0912 345 678", sex="F"),
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    shown = client.get(f"/residents/{folk.xuan.pk}/").content.decode()
    assert "**********34" in shown
    assert XUAN_ID not in shown and "345 678" not in shown and "0912345678" not in shown
    assert "1996" in shown
    assert AuditEntry.objects.filter(action=AuditAction.EDIT_SEALED).count() == 2


def test_the_relationship_list_makes_the_head(world: World, folk: People) -> None:
    client = world.client(world.commune_officer)
    answer = client.post(f"/residents/{folk.ha.pk}/edit/", form_of(folk.ha, relationship="Chủ hộ"))
    assert answer.status_code == 302
    assert Resident.objects.get(pk=folk.ha.pk).is_head


def test_the_household_page_lists_its_people_and_corrects_it(world: World, folk: People) -> None:
    client = world.client(world.commune_officer)
    page = client.get(f"/households/{folk.household_a1.pk}/").content.decode()
    assert "Lò Thị Xuân" in page and f"/residents/{folk.xuan.pk}/edit/" in page
    answer = client.post(
        f"/households/{folk.household_a1.pk}/edit/",
        {"number": "7", "address": "Tổ 2", "village": world.village_a2.pk},
    )
    assert answer.status_code == 302
    assert Household.objects.get(pk=folk.household_a1.pk).village_id == world.village_a2.pk
    assert HouseholdChange.objects.filter(household=folk.household_a1, field="village").exists()


def test_a_household_cannot_be_moved_to_a_village_of_another_commune(
    world: World, folk: People
) -> None:
    client = world.client(world.province_officer)
    answer = client.post(
        f"/households/{folk.household_a1.pk}/edit/",
        {"number": "", "address": "", "village": world.village_b1.pk},
    )
    # Only the villages of the household's commune are offered.
    assert answer.status_code == 400
    assert Household.objects.get(pk=folk.household_a1.pk).village_id == world.village_a1.pk
    assert not HouseholdChange.objects.exists()


def test_a_death_recorded_on_the_page_leaves_the_village_figures(
    world: World, folk: People
) -> None:
    client = world.client(world.leader)
    answer = client.post(
        f"/residents/{folk.cuc.pk}/depart/",
        {"kind": "died", "happened_on": (today() - timedelta(days=2)).isoformat(), "note": ""},
    )
    assert answer.status_code == 302
    page = client.get(f"/residents/{folk.cuc.pk}/").content.decode()
    assert "Mất" in page or "mất" in page
    household = client.get(f"/households/{folk.household_a1.pk}/").content.decode()
    assert "Giàng Thị Cúc" in household  # among those no longer on the register
    # Nobody corrects a resident who is no longer on the register.
    assert client.get(f"/residents/{folk.cuc.pk}/edit/").status_code == 404


def test_a_life_event_in_the_future_is_refused_in_vietnamese(world: World, folk: People) -> None:
    client = world.client(world.leader)
    tomorrow = today() + timedelta(days=1)
    answer = client.post(
        f"/residents/{folk.cuc.pk}/depart/", {"kind": "died", "happened_on": tomorrow.isoformat()}
    )
    assert answer.status_code == 400
    assert f"{format_date(tomorrow)} là ngày trong tương lai" in answer.content.decode()
    assert not LifeEvent.objects.exists()


def test_a_move_to_another_village_is_recorded_from_the_page(world: World, folk: People) -> None:
    client = world.client(world.commune_officer)
    answer = client.post(
        f"/residents/{folk.xuan.pk}/move/",
        {"household": folk.household_a2.pk, "happened_on": today().isoformat()},
    )
    assert answer.status_code == 302
    assert Resident.objects.get(pk=folk.xuan.pk).village_id == world.village_a2.pk
    assert LifeEvent.objects.get(resident=folk.xuan).to_village_id == world.village_a2.pk


def test_the_duplicates_page_lists_same_name_and_year_and_merges_them(
    world: World, folk: People
) -> None:
    twin = people.resident_create(
        actor=SYSTEM,
        household=folk.household_a2,
        data=ResidentData(full_name="LO THI XUAN", birth_year=YEAR - 30),
    )
    client = world.client(world.commune_officer)
    code = world.code(world.commune_a)
    page = client.get(f"/units/{code}/duplicates/").content.decode()
    assert "LO THI XUAN" in page and "Lò Thị Xuân" in page
    assert "Sồng" not in page  # another commune
    answer = client.post(
        f"/units/{code}/duplicates/merge/", {"first": twin.pk, "second": folk.xuan.pk}
    )
    assert answer.status_code == 302 and answer["Location"] == f"/residents/{folk.xuan.pk}/"
    assert Merge.objects.get().gone_resident_id == twin.pk
    assert "LO THI XUAN" not in client.get(f"/units/{code}/duplicates/").content.decode()


def test_the_duplicates_page_lists_households_with_the_same_number(
    world: World, folk: People
) -> None:
    first = people.household_create(actor=SYSTEM, village=world.village_a1, number="9")
    second = people.household_create(actor=SYSTEM, village=world.village_a1, number="9")
    page = world.client(world.commune_officer).get(
        f"/units/{world.code(world.commune_a)}/duplicates/"
    )
    body = page.content.decode()
    assert f"/households/{first.pk}/" in body and f"/households/{second.pk}/" in body


def test_two_households_are_merged_from_the_household_page(world: World, folk: People) -> None:
    extra = people.household_create(actor=SYSTEM, village=world.village_a1, number="3")
    client = world.client(world.leader)
    answer = client.post(f"/households/{extra.pk}/merge/", {"other": folk.household_a1.pk})
    assert answer.status_code == 302
    assert answer["Location"] == f"/households/{folk.household_a1.pk}/"
    merged = client.get(f"/households/{extra.pk}/").content.decode()
    assert f"/households/{folk.household_a1.pk}/" in merged


# Access --------------------------------------------------------------------------------------

EDIT_PAGES = [
    ("get", "/residents/{resident}/edit/", {}),
    ("post", "/residents/{resident}/edit/", {"full_name": "Ai Đó"}),
    ("post", "/residents/{resident}/depart/", {"kind": "died", "happened_on": "2026-01-01"}),
    ("post", "/households/{household}/edit/", {"number": "5"}),
    ("post", "/households/{household}/merge/", {"other": "1"}),
]


@pytest.mark.parametrize(("method", "address", "body"), EDIT_PAGES)
@pytest.mark.parametrize("who", ["member", "member_b", "outsider", "officer_b"])
def test_who_may_not_correct_gets_404_and_nothing_changes(
    world: World, folk: People, method: str, address: str, body: dict[str, str], who: str
) -> None:
    user = other_commune_officer(world) if who == "officer_b" else getattr(world, who)
    url = address.format(resident=folk.xuan.pk, household=folk.household_a1.pk)
    answer = getattr(world.client(user), method)(url, body)
    assert answer.status_code == 404
    assert not ResidentChange.objects.exists() and not HouseholdChange.objects.exists()
    assert not LifeEvent.objects.exists() and not Merge.objects.exists()


def test_a_member_sees_the_household_page_without_the_correction_forms(
    world: World, folk: People
) -> None:
    page = world.client(world.member).get(f"/households/{folk.household_a1.pk}/")
    assert page.status_code == 200
    assert "/edit/" not in page.content.decode()


@pytest.mark.parametrize("who", ["leader", "member", "member_b", "officer_b"])
def test_only_officers_of_the_commune_open_its_duplicates(world: World, who: str) -> None:
    user = other_commune_officer(world) if who == "officer_b" else getattr(world, who)
    answer = world.client(user).get(f"/units/{world.code(world.commune_a)}/duplicates/")
    assert answer.status_code == 404


def test_the_leader_of_another_village_cannot_move_someone_into_it(
    world: World, folk: People
) -> None:
    answer = world.client(world.leader).post(
        f"/residents/{folk.xuan.pk}/move/",
        {"household": folk.household_a2.pk, "happened_on": today().isoformat()},
    )
    assert answer.status_code == 400  # not among the households offered
    assert not LifeEvent.objects.exists()


def test_a_duplicate_out_of_scope_cannot_be_merged(world: World, folk: People) -> None:
    answer = world.client(world.commune_officer).post(
        f"/units/{world.code(world.commune_a)}/duplicates/merge/",
        {"first": folk.xuan.pk, "second": folk.my.pk},
    )
    assert answer.status_code == 404
    assert not Merge.objects.exists()


# The form and the importer agree --------------------------------------------------------------

# (column of ``person()``, value) the importer refuses, and the form field that takes it.
REFUSED = [
    ("birth", "31/02/1990", "birth"),
    ("birth", "không rõ", "birth"),
    ("birth", "1899", "birth"),
    ("birth", "future", "birth"),
    ("sex", "Khác", "sex"),
    ("ethnicity", "Kinh Thái", "ethnicity"),
    ("phone", "0123", "phone"),
    ("id_number", "01407800123", "id_number"),
    ("id_number", "0140780012345", "id_number"),
    ("id_number", "099005001234", "id_number"),
    ("name", "Lò " * 51, "full_name"),
]


@pytest.mark.parametrize(("column", "value", "field"), REFUSED)
def test_the_form_refuses_what_the_importer_refuses_with_the_same_message(
    world: World, folk: People, na_lum: Unit, column: str, value: str, field: str
) -> None:
    if value == "future":
        value = format_date(today() + timedelta(days=30))
    report = run(files.csv_file(around(person(**{column: value}))), "ds.csv", dry_run=True)
    messages = [problem.message for problem in report.errors if problem.row == BAD_ROW]
    assert len(messages) == 1, report.errors
    sent = form_of(folk.an, **{field: value})
    if field == "id_number":
        sent["birth"] = "2005"  # the year the importer's row gives
        sent["sex"] = "M"
    answer = world.client(world.leader).post(f"/residents/{folk.an.pk}/edit/", sent)
    assert answer.status_code == 400
    assert escape(messages[0]) in answer.content.decode()
    assert not ResidentChange.objects.exists()


@pytest.mark.parametrize(("who", "shown"), [("commune_officer", True), ("leader", False)])
def test_the_commune_page_links_its_duplicates_for_officers_only(
    world: World, who: str, shown: bool
) -> None:
    code = world.code(world.commune_a)
    page = world.client(getattr(world, who)).get(f"/units/{code}/households/")
    assert (f"/units/{code}/duplicates/" in page.content.decode()) is shown


def test_the_village_list_links_each_household_page(world: World, folk: People) -> None:
    page = world.client(world.member).get(f"/units/{world.code(world.village_a1)}/households/")
    assert f"/households/{folk.household_a1.pk}/" in page.content.decode()
