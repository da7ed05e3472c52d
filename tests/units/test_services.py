"""Creating units and recording change events: history kept, bad changes refused whole."""

from datetime import date

import pytest

from langso.access import SYSTEM
from langso.core.dates import BEGINNING, FOREVER, today, valid_on
from langso.core.errors import DomainError, NotFound
from langso.units import services
from langso.units.errors import UnitError
from langso.units.models import EventKind, Kind, Level, Unit, UnitEvent, UnitVersion
from tests.roles import World, unit_today
from tests.unchanged import UNITS, unchanged

# Changes here are dated 1 January 2027 and later while the world's villages are made today:
# the module runs on the fixture day (September 2026), so that those dates stay ahead of it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixture_day")]

REFORM = date(2025, 7, 1)


def unit_on(code: str, day: date) -> Unit:
    return UnitVersion.objects.get(valid_on(day), code=code).unit


def chain(unit: Unit) -> list[tuple[date, date, str | None]]:
    rows = UnitVersion.objects.filter(unit=unit).order_by("valid_from")
    return [
        (
            v.valid_from,
            v.valid_until,
            UnitVersion.objects.get(valid_on(v.valid_from), unit_id=v.parent_id).code
            if v.parent_id
            else None,
        )
        for v in rows
    ]


def event(key: str, effective: date, kind: EventKind = EventKind.SPLIT) -> UnitEvent:
    return services.event_record(
        actor=SYSTEM, key=key, kind=kind, effective=effective, legal_basis=f"Quyết định {key}"
    )


def snapshot() -> tuple[int, int, list[tuple[int, date, date]]]:
    versions = list(UnitVersion.objects.values_list("unit_id", "valid_from", "valid_until"))
    return Unit.objects.count(), UnitEvent.objects.count(), sorted(versions)


def test_a_new_village_gets_a_local_code_after_its_commune() -> None:
    commune = unit_today("03760")
    first = services.unit_create(
        actor=SYSTEM, name="Bản Nà Sành", kind=Kind.VILLAGE, parent=commune
    )
    second = services.unit_create(
        actor=SYSTEM, name=" Bản  Lọng ", kind=Kind.VILLAGE, parent=commune
    )
    assert UnitVersion.objects.get(unit=first).code == "03760.001"
    version = UnitVersion.objects.get(unit=second)
    assert version.code == "03760.002"
    assert version.name == "Bản Lọng"
    assert (version.valid_from, version.valid_until) == (today(), FOREVER)


def test_villages_made_together_get_the_next_codes_in_the_order_named() -> None:
    commune = unit_today("03760")
    services.unit_create(actor=SYSTEM, name="Bản Nà Sành", kind=Kind.VILLAGE, parent=commune)
    made = services.villages_create(actor=SYSTEM, names=["Bản  Lọng", "Bản Hua Nà"], parent=commune)
    versions = [UnitVersion.objects.get(unit=unit) for unit in made]
    assert [(v.code, v.name, v.name_folded) for v in versions] == [
        ("03760.002", "Bản Lọng", "ban long"),
        ("03760.003", "Bản Hua Nà", "ban hua na"),
    ]
    assert all(unit.level == Level.VILLAGE for unit in made)
    assert all((v.valid_from, v.valid_until) == (today(), FOREVER) for v in versions)
    assert services.villages_create(actor=SYSTEM, names=[], parent=commune) == []


@pytest.mark.parametrize(
    ("names", "parent_code", "error"),
    [
        (["Bản A", "  "], "03760", UnitError.NAME_REQUIRED),
        (["Bản A"], "14", UnitError.PARENT_LEVEL),
    ],
)
def test_villages_made_together_are_refused_whole(
    names: list[str], parent_code: str, error: UnitError
) -> None:
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        services.villages_create(actor=SYSTEM, names=names, parent=unit_today(parent_code))
    assert caught.value.code == error
    assert snapshot() == before


def test_villages_under_a_commune_outside_the_officers_units_answer_not_found(
    world: World,
) -> None:
    before = snapshot()
    with pytest.raises(NotFound):
        services.villages_create(
            actor=world.commune_officer, names=["Bản Mới"], parent=world.commune_b
        )
    assert snapshot() == before
    made = services.villages_create(
        actor=world.commune_officer, names=["Bản Mới"], parent=world.commune_a
    )
    assert UnitVersion.objects.get(unit=made[0]).parent_id == world.commune_a.pk


def test_a_village_placed_in_2023_follows_its_commune_through_the_merger() -> None:
    nong_lay = unit_on("03754", date(2023, 1, 1))
    village = services.unit_create(
        actor=SYSTEM, name="Bản 1", kind=Kind.VILLAGE, parent=nong_lay, valid_from=BEGINNING
    )
    assert chain(village) == [(BEGINNING, REFORM, "03754"), (REFORM, FOREVER, "03754")]
    versions = list(UnitVersion.objects.filter(unit=village).order_by("valid_from"))
    assert versions[0].parent_id == nong_lay.pk
    assert versions[1].parent_id == unit_on("03754", REFORM).pk != nong_lay.pk
    assert versions[1].opened_by is not None and versions[1].opened_by.key == "vn-2025-07-01/14"


def test_a_village_of_a_divided_commune_goes_to_the_main_successor_unless_told() -> None:
    chieng_ly = unit_on("L-119-01", date(2023, 1, 1))
    split = UnitEvent.objects.get(key="vn-14-119/1280-NQ-UBTVQH15")
    town = unit_on("03721", date(2024, 1, 1))
    default = services.unit_create(
        actor=SYSTEM, name="Bản A", kind=Kind.VILLAGE, parent=chieng_ly, valid_from=BEGINNING
    )
    chosen = services.unit_create(
        actor=SYSTEM,
        name="Bản B",
        kind=Kind.VILLAGE,
        parent=chieng_ly,
        valid_from=BEGINNING,
        follow={split.key: town},
    )
    assert [row[2] for row in chain(default)] == ["L-119-01", "03748", "03721"]
    assert [row[2] for row in chain(chosen)] == ["L-119-01", "03721", "03721"]
    assert chain(chosen)[1][0] == date(2025, 1, 1)


def test_a_move_places_a_village_under_another_commune_from_the_events_day() -> None:
    chieng_bom = unit_on("03766", date(2023, 1, 1))
    phong_ly = unit_on("03748", date(2025, 1, 1))
    split = UnitEvent.objects.get(key="vn-14-119/1280-NQ-UBTVQH15")
    village = services.unit_create(
        actor=SYSTEM,
        name="Bản C",
        kind=Kind.VILLAGE,
        parent=chieng_bom,
        valid_from=BEGINNING,
        moves=[services.Move(event=split, target=phong_ly)],
    )
    # Chiềng Bôm went into Nậm Lầu (03784) in 2025, but this village had left for Phổng Ly,
    # which went into Xã Thuận Châu.
    assert [row[2] for row in chain(village)] == ["03766", "03748", "03721"]


def test_a_village_cannot_sit_under_a_province() -> None:
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        services.unit_create(actor=SYSTEM, name="Bản X", kind=Kind.VILLAGE, parent=unit_today("14"))
    assert caught.value.code == UnitError.PARENT_LEVEL
    assert snapshot() == before


def test_a_unit_needs_a_name() -> None:
    with unchanged(*UNITS), pytest.raises(DomainError) as caught:
        services.unit_create(
            actor=SYSTEM, name="   ", kind=Kind.VILLAGE, parent=unit_today("03760")
        )
    assert caught.value.code == UnitError.NAME_REQUIRED
    assert caught.value.field == "name"


def test_a_unit_cannot_be_placed_under_a_parent_that_did_not_exist_then() -> None:
    with unchanged(*UNITS), pytest.raises(DomainError) as caught:
        services.unit_create(
            actor=SYSTEM,
            name="Bản Y",
            kind=Kind.VILLAGE,
            parent=unit_today("03754"),
            valid_from=date(2024, 1, 1),
        )
    assert caught.value.code == UnitError.NOT_VALID_ON


def test_a_code_in_use_on_overlapping_days_is_refused() -> None:
    province = unit_today("14")
    with unchanged(*UNITS), pytest.raises(DomainError) as caught:
        services.unit_create(
            actor=SYSTEM, name="Xã Trùng Mã", kind=Kind.COMMUNE, parent=province, code="03760"
        )
    assert caught.value.code == UnitError.CODE_TAKEN
    # The code of a unit that ended may be used again after its end.
    services.unit_create(
        actor=SYSTEM, name="Xã Mới", kind=Kind.COMMUNE, parent=province, code="03733"
    )
    assert UnitVersion.objects.filter(code="03733").count() == 2


def test_a_merge_ends_the_sources_and_moves_their_villages(world: World) -> None:
    merge = event("QĐ-2026/merge", date(2027, 1, 1), EventKind.MERGE)
    target = services.units_merge(
        actor=world.province_officer,
        event=merge,
        sources=[world.commune_a, world.commune_b],
        name="Xã Thuận Châu Mới",
        kind=Kind.COMMUNE,
        code="03999",
        parent=world.province,
    )
    assert chain(world.village_a1)[-1] == (date(2027, 1, 1), FOREVER, "03999")
    assert chain(world.village_b1)[-1] == (date(2027, 1, 1), FOREVER, "03999")
    # Today nothing has changed yet: the change is dated.
    assert UnitVersion.objects.get(valid_on(today()), unit=world.village_a1).parent == (
        world.commune_a
    )
    assert UnitVersion.objects.get(unit=target).valid_from == date(2027, 1, 1)
    assert not UnitVersion.objects.filter(valid_on(date(2027, 1, 1)), unit=world.commune_a).exists()


def test_a_merge_by_an_officer_outside_the_units_answers_not_found(world: World) -> None:
    merge = event("QĐ-2026/merge-2", date(2027, 1, 1), EventKind.MERGE)
    before = snapshot()
    with pytest.raises(NotFound):
        services.units_merge(
            actor=world.commune_officer,
            event=merge,
            sources=[world.commune_a, world.commune_b],
            name="Xã Không Được",
            kind=Kind.COMMUNE,
            code="03998",
            parent=world.province,
        )
    assert snapshot() == before


def test_ending_a_commune_that_still_has_villages_is_refused_and_changes_nothing(
    world: World,
) -> None:
    split = event("QĐ-2026/split", date(2027, 1, 1))
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        services.unit_split(
            actor=world.province_officer,
            event=split,
            source=world.commune_a,
            assignments={world.village_a1: world.commune_b},
            end_source=True,
        )
    assert caught.value.code == UnitError.WOULD_ORPHAN
    assert caught.value.details["orphans"] == ["Tiểu khu 3"]
    assert snapshot() == before


def test_a_split_moves_the_villages_it_names_and_keeps_the_source(world: World) -> None:
    split = event("QĐ-2026/split-2", date(2027, 1, 1))
    services.unit_split(
        actor=world.province_officer,
        event=split,
        source=world.commune_a,
        assignments={world.village_a2: world.commune_b},
        end_source=False,
    )
    assert chain(world.village_a2)[-1] == (date(2027, 1, 1), FOREVER, "03727")
    assert chain(world.village_a1)[-1] == (today(), FOREVER, "03721")
    assert UnitVersion.objects.get(valid_on(date(2027, 1, 1)), unit=world.commune_a)


def test_a_split_may_not_move_a_village_that_is_not_under_the_source(world: World) -> None:
    split = event("QĐ-2026/split-3", date(2027, 1, 1))
    with unchanged(*UNITS), pytest.raises(DomainError) as caught:
        services.unit_split(
            actor=SYSTEM,
            event=split,
            source=world.commune_a,
            assignments={world.village_b1: world.commune_a},
            end_source=False,
        )
    assert caught.value.code == UnitError.NOT_VALID_ON


def test_reparenting_a_unit_under_its_own_village_is_a_cycle(world: World) -> None:
    change = event("QĐ-2026/cycle", date(2027, 1, 1), EventKind.REPARENT)
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        services.unit_change(
            actor=SYSTEM, event=change, unit=world.commune_a, parent=world.village_a1
        )
    assert caught.value.code == UnitError.CYCLE
    assert snapshot() == before


def test_a_rename_opens_a_new_version_and_keeps_the_old_name(world: World) -> None:
    rename = event("QĐ-2026/rename", date(2027, 1, 1), EventKind.RENAME)
    services.unit_change(
        actor=world.commune_officer, event=rename, unit=world.village_a1, name="Bản Hua Nà Mới"
    )
    names = list(
        UnitVersion.objects.filter(unit=world.village_a1)
        .order_by("valid_from")
        .values_list("name", "valid_until")
    )
    assert names == [("Bản Hua Nà", date(2027, 1, 1)), ("Bản Hua Nà Mới", FOREVER)]


def test_a_second_change_before_a_recorded_later_one_is_refused(world: World) -> None:
    later = event("QĐ-2026/later", date(2028, 1, 1), EventKind.RENAME)
    services.unit_change(actor=SYSTEM, event=later, unit=world.village_a1, name="Bản Sau")
    earlier = event("QĐ-2026/earlier", date(2027, 1, 1), EventKind.RENAME)
    with unchanged(*UNITS), pytest.raises(DomainError) as caught:
        services.unit_change(actor=SYSTEM, event=earlier, unit=world.village_a1, name="Bản Trước")
    assert caught.value.code == UnitError.LATER_CHANGES


def test_two_events_cannot_change_a_unit_on_the_same_day(world: World) -> None:
    first = event("QĐ-2026/a", date(2027, 1, 1), EventKind.RENAME)
    second = event("QĐ-2026/b", date(2027, 1, 1), EventKind.RENAME)
    services.unit_change(actor=SYSTEM, event=first, unit=world.village_a1, name="Bản Một")
    with unchanged(*UNITS), pytest.raises(DomainError) as caught:
        services.unit_change(actor=SYSTEM, event=second, unit=world.village_a1, name="Bản Hai")
    assert caught.value.code == UnitError.OVERLAP


def test_an_event_key_is_recorded_once() -> None:
    event("QĐ-2026/once", date(2027, 1, 1))
    with unchanged(*UNITS), pytest.raises(DomainError) as caught:
        event("QĐ-2026/once", date(2027, 1, 1))
    assert caught.value.code == UnitError.EVENT_EXISTS


def test_abolishing_a_level_moves_communes_up_to_the_province() -> None:
    start = date(2020, 1, 1)
    province = services.unit_create(
        actor=SYSTEM, name="Tỉnh Thử", kind=Kind.PROVINCE, parent=None, code="T1", valid_from=start
    )
    district = services.unit_create(
        actor=SYSTEM,
        name="Huyện Thử",
        kind=Kind.DISTRICT,
        parent=province,
        code="T1-1",
        valid_from=start,
    )
    commune = services.unit_create(
        actor=SYSTEM,
        name="Xã Thử",
        kind=Kind.COMMUNE,
        parent=district,
        code="T1-1-1",
        valid_from=start,
    )
    abolish = event("Luật thử/bỏ cấp huyện", date(2027, 1, 1), EventKind.ABOLISH_LEVEL)
    ended = services.level_abolish(
        actor=SYSTEM, event=abolish, province=province, level=Level.DISTRICT
    )
    assert ended == 1
    assert chain(commune) == [(start, date(2027, 1, 1), "T1-1"), (date(2027, 1, 1), FOREVER, "T1")]
    assert chain(district) == [(start, date(2027, 1, 1), "T1")]


def test_only_an_officer_above_the_commune_may_add_a_village(world: World) -> None:
    for user in (world.leader, world.member, world.member_b, world.outsider):
        with unchanged(*UNITS), pytest.raises(NotFound):
            services.unit_create(
                actor=user, name="Bản Lạ", kind=Kind.VILLAGE, parent=world.commune_a
            )
    made = services.unit_create(
        actor=world.commune_officer, name="Bản Mới", kind=Kind.VILLAGE, parent=world.commune_a
    )
    assert UnitVersion.objects.get(unit=made).parent == world.commune_a
    with unchanged(*UNITS), pytest.raises(NotFound):
        services.unit_create(
            actor=world.commune_officer, name="Bản Khác", kind=Kind.VILLAGE, parent=world.commune_b
        )
