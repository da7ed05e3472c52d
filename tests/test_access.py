"""The access module: who may act on what, decided in one place.

The generated access test (``tests/test_access_generated.py``) walks every endpoint; these tests
pin the rules themselves: the system actor, roles in time, units that end, and the codes each
refusal answers with (each object its own, never one borrowed from another domain).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from langso import access
from langso.access import ANONYMOUS, SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.people import import_jobs
from langso.people import services as people
from langso.people.errors import PeopleError
from langso.people.models import Household
from langso.teams import services as teams
from langso.teams.models import Team
from langso.units import services as units
from langso.units import tree
from langso.units.errors import UnitError
from langso.units.models import EventKind, Kind, Unit, UnitEvent, UnitVersion
from tests.people import files
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A fixed working day well after the 2025 reform; the tests travel there and onwards.
DAY = date(2026, 3, 2)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def snapshot() -> tuple[int, int, list[tuple[int, date, date]]]:
    versions = list(UnitVersion.objects.values_list("unit_id", "valid_from", "valid_until"))
    return Unit.objects.count(), Team.objects.count(), sorted(versions)


# The system actor ---------------------------------------------------------------------------


def test_none_is_not_an_actor(world: World) -> None:
    with pytest.raises(TypeError, match="SYSTEM"):
        access.scope(None, today())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        units.unit_create(actor=None, name="Bản Mới", kind=Kind.VILLAGE, parent=world.commune_a)  # type: ignore[arg-type]
    assert not UnitVersion.objects.filter(name="Bản Mới").exists()


def test_the_system_sees_everything_and_is_recorded_as_nobody(world: World) -> None:
    assert access.scope(SYSTEM, today()) is None
    assert access.may_manage_unit(SYSTEM, world.village_b1, today())
    assert access.actor_id(SYSTEM) is None
    assert access.actor_id(ANONYMOUS) is None
    assert access.actor_id(world.member) == world.member.pk
    assert not SYSTEM.is_superuser  # a person's powers are asked of people only


def test_a_visitor_without_an_account_sees_nothing(world: World) -> None:
    assert not access.may_see_unit(ANONYMOUS, world.village_a1, today())
    visible = UnitVersion.objects.filter(access.scope_filter(ANONYMOUS, today(), "unit_id"))
    assert not visible.exists()


# Roles in time ------------------------------------------------------------------------------


def test_a_role_that_ended_yesterday_opens_nothing(world: World) -> None:
    with time_machine.travel(at(DAY), tick=False):
        village = units.unit_create(
            actor=SYSTEM, name="Bản Phiêng", kind=Kind.VILLAGE, parent=world.commune_a
        )
        code = UnitVersion.objects.get(unit=village).code
        user, _ = accounts.user_provision(username="nguoi_cu", password=PASSWORD)
        assignment = accounts.role_grant(user=user, role=Role.TEAM_MEMBER, unit=village)
        household = people.household_create(actor=SYSTEM, village=village, number="7")
    with time_machine.travel(at(DAY + timedelta(days=1)), tick=False):
        assert access.may_see_unit(user, village, today())
        client = Client()
        client.force_login(user)
        assert client.get(f"/api/v1/units/{code}").status_code == 200
        accounts.role_revoke(assignment=assignment)  # ends today, kept as history
        assert not access.may_see_unit(user, village, today())
        assert not UnitVersion.objects.filter(
            access.scope_filter(user, today(), "unit_id")
        ).exists()
    with time_machine.travel(at(DAY + timedelta(days=2)), tick=False):
        day = today()
        assert not access.may_see_unit(user, village, day)
        assert not access.holds_role(user)
        assert not UnitVersion.objects.filter(access.scope_filter(user, day, "unit_id")).exists()
        with pytest.raises(NotFound) as caught:
            access.access_household(user, household.pk)
        assert caught.value.code == PeopleError.HOUSEHOLD_NOT_FOUND
        client.force_login(user)  # yesterday's session has expired
        assert client.get(f"/api/v1/units/{code}").status_code == 404


def test_a_role_granted_today_opens_its_subtree_today(world: World) -> None:
    user, _ = accounts.user_provision(username="nguoi_moi", password=PASSWORD)
    assert not access.may_see_unit(user, world.village_a2, today())
    accounts.role_grant(user=user, role=Role.COMMUNE_OFFICER, unit=world.commune_a)
    assert access.may_see_unit(user, world.village_a2, today())
    assert access.may_manage_unit(user, world.village_a2, today())
    assert not access.may_see_unit(user, world.village_b1, today())


def test_members_read_their_village_but_do_not_manage_it(world: World) -> None:
    assert access.may_see_unit(world.member, world.village_a1, today())
    assert not access.may_manage_unit(world.member, world.village_a1, today())
    assert not access.may_see_unit(world.member, world.village_a2, today())
    assert access.may_manage_team(world.leader, world.team_a1)
    assert not access.may_manage_team(world.leader, world.team_a2)
    assert not access.may_manage_team(world.member, world.team_a1)


# Units that end -----------------------------------------------------------------------------


def test_a_unit_that_ends_on_the_day_asked_is_not_under_its_parent_that_day(world: World) -> None:
    """Intervals are half-open: a village merged on day D belongs to its old commune until
    D - 1 and no longer on D (a ``>=`` for ``>`` in the tree queries would keep it)."""
    with time_machine.travel(at(DAY), tick=False):
        gone = units.unit_create(
            actor=SYSTEM, name="Bản Cũ", kind=Kind.VILLAGE, parent=world.commune_a
        )
    end = DAY + timedelta(days=10)
    merger = units.event_record(
        actor=SYSTEM, key="test/merge", kind=EventKind.MERGE, effective=end, legal_basis="NQ 1"
    )
    units.units_merge(
        actor=SYSTEM,
        event=merger,
        sources=[gone],
        name="Bản Mới Nhập",
        kind=Kind.VILLAGE,
        code="03721.901",
        parent=world.commune_a,
    )
    day_before = end - timedelta(days=1)
    assert gone.pk in tree.subtree_ids(world.commune_a, day_before)
    assert gone.pk not in tree.subtree_ids(world.commune_a, end)
    assert gone.pk in [b.unit_id for b in tree.branches(world.commune_a, day_before)]
    assert gone.pk not in [b.unit_id for b in tree.branches(world.commune_a, end)]
    officer = world.commune_officer
    assert UnitVersion.objects.filter(
        access.scope_filter(officer, day_before, "unit_id"), unit=gone
    ).exists()
    assert not UnitVersion.objects.filter(
        access.scope_filter(officer, end, "unit_id"), unit=gone
    ).exists()


# Services check what they are handed --------------------------------------------------------


def test_a_merger_checks_the_new_units_parent_against_the_officer(world: World) -> None:
    """The officer manages both villages, but not the commune the new one would sit under."""
    merger = units.event_record(
        actor=SYSTEM,
        key="test/merge-b",
        kind=EventKind.MERGE,
        effective=today() + timedelta(days=30),
        legal_basis="NQ 2",
    )
    before = snapshot()
    with pytest.raises(NotFound) as caught:
        units.units_merge(
            actor=world.commune_officer,
            event=merger,
            sources=[world.village_a1, world.village_a2],
            name="Bản Hợp Nhất",
            kind=Kind.VILLAGE,
            code="03727.901",
            parent=world.commune_b,
        )
    assert caught.value.code == UnitError.NOT_FOUND
    assert snapshot() == before


def test_officers_do_not_record_reform_events_or_apply_them_to_teams(world: World) -> None:
    with pytest.raises(NotFound) as recorded:
        units.event_record(
            actor=world.province_officer,
            key="test/officer",
            kind=EventKind.MERGE,
            effective=today(),
            legal_basis="NQ 3",
        )
    assert recorded.value.code == UnitError.EVENT_NOT_FOUND
    assert not UnitEvent.objects.filter(key="test/officer").exists()
    event = UnitEvent.objects.get(key="vn-2025-07-01/14")
    with pytest.raises(NotFound) as applied:
        teams.teams_follow_event(actor=world.province_officer, event=event)
    assert applied.value.code == UnitError.EVENT_NOT_FOUND


# Each refusal names its own object ----------------------------------------------------------


def test_a_team_outside_the_officers_units_answers_unit_not_found(world: World) -> None:
    before = snapshot()
    with pytest.raises(NotFound) as caught:
        teams.team_create(actor=world.commune_officer, unit=world.commune_b)
    assert caught.value.code == UnitError.NOT_FOUND
    assert snapshot() == before


def test_a_unit_without_a_code_is_refused_with_its_own_code(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        units.unit_create(actor=SYSTEM, name="Xã Mới", kind=Kind.COMMUNE, parent=world.province)
    assert caught.value.code == UnitError.CODE_REQUIRED


def test_a_merger_of_nothing_is_refused_with_its_own_code(world: World) -> None:
    merger = units.event_record(
        actor=SYSTEM, key="test/none", kind=EventKind.MERGE, effective=today(), legal_basis="NQ"
    )
    with pytest.raises(DomainError) as caught:
        units.units_merge(
            actor=SYSTEM,
            event=merger,
            sources=[],
            name="Không",
            kind=Kind.VILLAGE,
            code="03721.902",
            parent=world.commune_a,
        )
    assert caught.value.code == UnitError.SOURCES_REQUIRED


def test_households_and_residents_out_of_scope_answer_their_own_codes(world: World) -> None:
    household = people.household_create(actor=SYSTEM, village=world.village_b1, number="1")
    resident = people.resident_create(
        actor=SYSTEM, household=household, data=people.ResidentData(full_name="Lò Văn Pọm")
    )
    client = world.client(world.member)
    answer = client.post(
        f"/api/v1/households/{household.pk}/residents",
        {"full_name": "Lò Thị Xuân"},
        content_type="application/json",
    )
    assert (answer.status_code, answer.json()["code"]) == (404, "HOUSEHOLD_NOT_FOUND")
    missing = client.post(
        "/api/v1/households/987654321/residents",
        {"full_name": "Lò Thị Xuân"},
        content_type="application/json",
    )
    assert missing.json() == answer.json()
    detail = client.get(f"/api/v1/residents/{resident.pk}")
    assert (detail.status_code, detail.json()["code"]) == (404, "RESIDENT_NOT_FOUND")
    assert client.get("/api/v1/residents/987654321").json() == detail.json()
    assert Household.objects.get(pk=household.pk).residents.count() == 1


def test_another_teams_activity_answers_team_not_found(world: World) -> None:
    page = world.client(world.member_b).get(f"/teams/{world.team_a1.pk}/activity/")
    assert page.status_code == 404
    assert "TEAM_NOT_FOUND" in page.content.decode()
    assert world.client(world.leader).get(f"/teams/{world.team_a1.pk}/activity/").status_code == 200


def test_another_users_import_answers_import_not_found(world: World) -> None:
    job = import_jobs.import_job_create(
        actor=world.commune_officer,
        unit=world.village_a1,
        filename="ds.xlsx",
        data=files.xlsx(files.household_list()),
        create_villages=False,
    )
    with pytest.raises(NotFound) as caught:
        access.access_import_job(world.province_officer, job.pk)
    assert caught.value.code == PeopleError.IMPORT_NOT_FOUND
    with pytest.raises(NotFound):
        access.access_import_job(world.commune_officer, "not-a-uuid")
    assert access.access_import_job(world.commune_officer, job.pk) == job
