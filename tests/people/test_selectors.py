"""Reads of households and residents: list order, name search, statuses, consent, and scope."""

from datetime import timedelta

import pytest
from django.utils import timezone

from langso.access import SYSTEM
from langso.accounts.models import User
from langso.core.dates import today
from langso.core.errors import NotFound
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_record
from langso.people import selectors, services
from langso.people.models import Household, Resident
from langso.people.services import ResidentData
from langso.units import selectors as units
from langso.units.models import Unit
from tests.roles import World, unit_today

pytestmark = pytest.mark.django_db


def household(village: Unit, number: str = "", head_name: str = "") -> Household:
    return services.household_create(
        actor=SYSTEM, village=village, number=number, head_name=head_name
    )


def resident(home: Household, name: str, *, is_head: bool = False) -> Resident:
    return services.resident_create(
        actor=SYSTEM, household=home, data=ResidentData(full_name=name, is_head=is_head)
    )


def observe(person: Resident, code: str, value: bool, days_ago: int) -> None:
    observation_record(
        actor=SYSTEM,
        indicator=Indicator.objects.get(code=code),
        subject=services.resident_subject(person),
        value=value,
        observed_at=timezone.now() - timedelta(days=days_ago),
        source=Source.VISIT if days_ago < 10 else Source.IMPORT,
    )


# Households of a village


def test_households_come_by_number_then_head_with_unnumbered_ones_last(world: World) -> None:
    for number, head in [("10", "B"), ("", "A"), ("2", "C"), ("2", "A")]:
        household(world.village_a1, number, head)
    found = selectors.households(actor=world.member, village=world.village_a1)
    assert [(h.number, h.head_name) for h in found] == [
        ("2", "A"),
        ("2", "C"),
        ("10", "B"),
        ("", "A"),
    ]


def test_residents_come_head_first(world: World) -> None:
    home = household(world.village_a1, "1")
    resident(home, "Lò Văn Tùng")
    resident(home, "Lò Thị Xuân", is_head=True)
    resident(home, "Lò Văn An")
    [found] = selectors.households(actor=world.member, village=world.village_a1)
    assert [r.full_name for r in found.residents.all()] == [
        "Lò Thị Xuân",
        "Lò Văn Tùng",
        "Lò Văn An",
    ]


def test_a_name_search_keeps_the_households_of_whoever_matches(world: World) -> None:
    first, second = household(world.village_a1, "1"), household(world.village_a1, "2")
    resident(first, "Lò Thị Xuân", is_head=True)
    resident(second, "Cầm Văn Ơn", is_head=True)
    resident(second, "Cầm Thị Đào")
    for query in ("đào", "DAO", "cam thi dao", "  Cầm  Thị "):
        found = selectors.households(actor=world.member, village=world.village_a1, q=query)
        assert [h.pk for h in found] == [second.pk], query
        assert len(found[0].residents.all()) == 2


def test_households_of_a_village_out_of_scope_are_not_found(world: World) -> None:
    household(world.village_b1, "1")
    for who in (world.member, world.commune_officer, world.outsider):
        with pytest.raises(NotFound):
            selectors.households(actor=who, village=world.village_b1)
    assert len(selectors.households(actor=world.province_officer, village=world.village_b1)) == 1


def test_a_commune_is_not_a_village(world: World) -> None:
    with pytest.raises(NotFound) as refusal:
        selectors.village_get(actor=world.commune_officer, code="03721")
    assert refusal.value.code == "VILLAGE_UNKNOWN"
    code = world.code(world.village_a1)
    assert selectors.village_get(actor=world.member, code=code).unit_id == world.village_a1.pk


def test_the_villages_of_a_commune_come_with_their_counts(world: World) -> None:
    home = household(world.village_a1, "1")
    resident(home, "Lò Thị Xuân", is_head=True)
    resident(home, "Lò Văn Tùng")
    household(world.village_b1, "1")
    commune = units.unit_get(actor=world.commune_officer, code="03721")
    found = {
        c.version.unit_id: (c.households, c.residents)
        for c in selectors.child_units(actor=world.commune_officer, version=commune)
    }
    assert found == {world.village_a1.pk: (1, 2), world.village_a2.pk: (0, 0)}


def test_the_communes_of_a_province_come_without_counts(world: World) -> None:
    province = units.unit_get(actor=world.province_officer, code="14")
    children = selectors.child_units(actor=world.province_officer, version=province)
    assert unit_today("03721").pk in {c.version.unit_id for c in children}
    assert all(c.households is None for c in children)


# Residents


def test_a_resident_out_of_scope_is_not_found_like_one_that_does_not_exist(world: World) -> None:
    person = resident(household(world.village_b1, "1"), "Quàng Văn Inh", is_head=True)
    assert selectors.resident_get(actor=world.member_b, resident_id=person.pk) == person
    assert selectors.resident_get(actor=world.province_officer, resident_id=person.pk) == person
    for who in (world.member, world.leader, world.commune_officer, world.outsider):
        with pytest.raises(NotFound):
            selectors.resident_get(actor=who, resident_id=person.pk)
    with pytest.raises(NotFound):
        selectors.resident_get(actor=world.province_officer, resident_id=person.pk + 1000)


def test_a_household_out_of_scope_is_not_found(world: World) -> None:
    home = household(world.village_b1, "1")
    assert selectors.household_get(actor=world.member_b, household_id=home.pk) == home
    with pytest.raises(NotFound):
        selectors.household_get(actor=world.member, household_id=home.pk)


def test_the_name_search_ignores_diacritics_and_case_and_stays_in_scope(world: World) -> None:
    for village in (world.village_a1, world.village_a2, world.village_b1):
        resident(household(village), "Lò Thị Xuân", is_head=True)
    resident(household(world.village_a1), "Lò Văn Pánh", is_head=True)

    def found(who: User, query: str) -> int:
        return len(selectors.resident_search(actor=who, q=query))

    assert found(world.member, "LO THI XUAN") == 1
    assert found(world.member, "lò") == 2
    assert found(world.commune_officer, "xuân") == 2
    assert found(world.province_officer, "xuan") == 3
    assert found(world.member_b, "xuan") == 1
    assert found(world.outsider, "xuan") == 0
    assert found(world.province_officer, "   ") == 0
    in_a1 = selectors.resident_search(
        actor=world.province_officer, q="xuan", village=world.village_a1
    )
    assert [r.village_id for r in in_a1] == [world.village_a1.pk]
    with pytest.raises(NotFound):
        selectors.resident_search(actor=world.member, q="xuan", village=world.village_b1)


# Statuses and consent


def test_statuses_are_the_latest_observation_with_when_and_where_from(world: World) -> None:
    person = resident(household(world.village_a1), "Lò Thị Xuân", is_head=True)
    observe(person, "smartphone", True, days_ago=3)
    observe(person, "epayment", True, days_ago=40)
    observe(person, "epayment", False, days_ago=60)  # arrives late, older: changes nothing
    statuses = selectors.resident_statuses(actor=world.member, resident=person)
    assert [(s.indicator, s.value, s.source) for s in statuses] == [
        ("smartphone", True, "visit"),
        ("epayment", True, "import"),
    ]
    assert statuses[0].name == Indicator.objects.get(code="smartphone").name_vi


def test_statuses_of_residents_out_of_scope_are_not_read(world: World) -> None:
    mine = resident(household(world.village_a1), "Lò Thị Xuân", is_head=True)
    theirs = resident(household(world.village_b1), "Quàng Văn Inh", is_head=True)
    observe(mine, "smartphone", True, days_ago=1)
    observe(theirs, "smartphone", True, days_ago=1)
    found = selectors.statuses_of_residents(actor=world.member, resident_ids=[mine.pk, theirs.pk])
    assert dict(found) == {mine.pk: {"smartphone": True}}
    assert selectors.resident_statuses(actor=world.member, resident=theirs) == []


def test_each_row_of_a_page_carries_a_mark_per_indicator_of_the_legend(world: World) -> None:
    home = household(world.village_a1, "1")
    person = resident(home, "Lò Thị Xuân", is_head=True)
    observe(person, "vneid_l2", True, days_ago=1)
    legend = selectors.legend()
    assert "smartphone" in [i.code for i in legend.residents]
    assert "household_broadband" in [i.code for i in legend.households]
    page = list(selectors.households(actor=world.member, village=world.village_a1))
    [row] = selectors.household_rows(actor=world.member, households=page, legend=legend)
    [person_row] = row.residents
    marked = [m.indicator.code for m in person_row.marks if m.value]
    assert marked == ["vneid_l2"]
    assert len(person_row.marks) == len(legend.residents)
    assert len(row.marks) == len(legend.households)


def test_consent_history_comes_newest_first_and_only_in_scope(world: World) -> None:
    person = resident(household(world.village_a1), "Lò Thị Xuân", is_head=True)
    services.consent_record(actor=SYSTEM, resident=person, given=True, purpose="Hướng dẫn")
    services.consent_record(actor=world.member, resident=person, given=False, purpose="Rút lại")
    history = selectors.consent_history(actor=world.leader, resident=person)
    assert [(c.given, c.purpose) for c in history] == [(False, "Rút lại"), (True, "Hướng dẫn")]
    assert history[0].recorded_by == world.member
    assert selectors.consent_history(actor=world.member_b, resident=person) == []


def test_a_mark_says_whether_the_subject_counts_for_the_indicator(world: World) -> None:
    home = household(world.village_a1, "1")
    child = services.resident_create(
        actor=SYSTEM,
        household=home,
        data=ResidentData(full_name="Lò Văn Tùng", birth_year=today().year - 10),
    )
    adult = services.resident_create(
        actor=SYSTEM, household=home, data=ResidentData(full_name="Lò Thị Xuân", birth_year=1985)
    )
    page = list(selectors.households(actor=world.member, village=world.village_a1))
    [row] = selectors.household_rows(actor=world.member, households=page, legend=selectors.legend())
    counts = {r.resident.pk: {m.indicator.code: m.counts for m in r.marks} for r in row.residents}
    assert counts[child.pk]["smartphone"] is False
    assert counts[adult.pk]["smartphone"] is True
    household_counts = {m.indicator.code: m.counts for m in row.marks}
    assert household_counts["household_broadband"] is True
    assert household_counts["business_qr_payment"] is False
