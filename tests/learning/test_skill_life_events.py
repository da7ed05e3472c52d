"""A household "with someone proficient in the basic skills" follows its people: when the
proficient person dies, moves out, comes back, or turns out to be two records of one person."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from langso.core.dates import today
from langso.indicators.models import Status, VillageRollup
from langso.learning import skill_services
from langso.learning.models import SkillStatus
from langso.people import edit_services, merge_services, recount
from langso.people.models import LifeEventKind, Resident
from langso.units.models import Unit
from tests.learning.helpers import basic_codes, home, person
from tests.roles import World

pytestmark = pytest.mark.django_db


def household_value(household_id: int) -> bool | None:
    found = Status.objects.filter(
        household_id=household_id, indicator_id="household_basic_skills"
    ).first()
    return None if found is None else found.value


def numerator(world: World, village: Unit, code: str = "household_basic_skills") -> int:
    rollup = VillageRollup.objects.filter(village=village, indicator_id=code).first()
    return 0 if rollup is None else rollup.numerator


def seen(world: World, resident: Resident, codes: list[str], days_ago: int = 2) -> None:
    at = timezone.now() - timedelta(days=days_ago)
    skill_services.skill_observations_record(
        actor=world.member,
        resident=resident,
        observations=[(code, True, at, uuid.uuid4()) for code in codes],
        source="manual",
    )


def test_when_the_only_proficient_person_dies_the_household_no_longer_counts(
    world: World,
) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    person(household, "Lò Thị Xuân")
    seen(world, head, basic_codes())
    assert household_value(household.pk) is True
    assert numerator(world, world.village_a1) == 1
    edit_services.resident_depart(
        actor=world.commune_officer, resident=head, kind=LifeEventKind.DIED, on=today()
    )
    assert household_value(household.pk) is False
    assert numerator(world, world.village_a1) == 0
    assert recount.differences() == {}


def test_a_household_keeps_counting_while_someone_else_in_it_is_proficient(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    wife = person(household, "Lò Thị Xuân")
    seen(world, head, basic_codes())
    seen(world, wife, basic_codes(), days_ago=1)
    edit_services.resident_depart(
        actor=world.commune_officer, resident=head, kind=LifeEventKind.DIED, on=today()
    )
    assert household_value(household.pk) is True
    assert numerator(world, world.village_a1) == 1


def test_a_proficient_person_who_moves_takes_the_count_to_the_new_household(
    world: World,
) -> None:
    old, head = home(world.village_a1, "Lò Văn Pánh")
    person(old, "Lò Thị Xuân")
    new, _other = home(world.village_a2, "Cầm Văn Ơn")
    seen(world, head, basic_codes())
    edit_services.resident_relocate(
        actor=world.commune_officer, resident=head, household=new, on=today()
    )
    assert household_value(old.pk) is False
    assert household_value(new.pk) is True
    assert numerator(world, world.village_a1) == 0
    assert numerator(world, world.village_a2) == 1
    assert recount.differences() == {}


def test_a_death_recorded_in_error_undone_counts_the_household_again(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    seen(world, head, basic_codes())
    edit_services.resident_depart(
        actor=world.commune_officer, resident=head, kind=LifeEventKind.WITHDRAWN, on=today()
    )
    assert household_value(household.pk) is False
    edit_services.resident_reinstate(
        actor=world.commune_officer,
        resident=Resident.all_objects.get(pk=head.pk),
        reason="Ghi nhầm",
    )
    assert household_value(household.pk) is True
    assert numerator(world, world.village_a1) == 1
    assert recount.differences() == {}


def test_two_records_of_one_person_merged_bring_their_skills_together(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    twin = person(household, "Lò Văn Pánh", birth_year=1980)
    codes = basic_codes()
    seen(world, head, codes[:3])
    seen(world, twin, codes[3:], days_ago=1)
    assert household_value(household.pk) is None
    merge = merge_services.resident_merge(actor=world.commune_officer, first=head, second=twin)
    kept = merge.kept_resident
    assert kept is not None
    assert set(
        SkillStatus.objects.filter(resident=kept, value=True).values_list("skill_id", flat=True)
    ) == set(codes)
    assert not SkillStatus.objects.exclude(resident=kept).exists()
    assert Status.objects.get(resident=kept, indicator_id="basic_skills").value is True
    assert household_value(household.pk) is True
    assert numerator(world, world.village_a1) == 1
    assert numerator(world, world.village_a1, "basic_skills") == 1
    assert recount.differences() == {}
