"""Correcting households and residents, life events and merges, through the services.

The people are those of ``tests/indicators/data.py`` (village A1: Xuân, Ân, Bình, Cúc, Dung;
A2: Hà, Hải; B1 in another commune: Mỷ, Páo). After every write the roll-ups must equal a
recount from scratch (``recount.differences()``).
"""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from langso.access import SYSTEM
from langso.core.dates import today
from langso.core.errors import Conflict, DomainError, NotFound
from langso.core.models import AuditAction, AuditEntry
from langso.indicators.models import Observation, Status, VillageRollup
from langso.people import edit_services as edits
from langso.people import merge_services as merges
from langso.people import recount
from langso.people import services as people
from langso.people.models import (
    Household,
    HouseholdChange,
    LifeEvent,
    Merge,
    Resident,
    ResidentChange,
)
from langso.people.services import ResidentData, id_index
from langso.visits import services as visits
from tests.indicators.data import YEAR, People, build_people, observe
from tests.roles import World

pytestmark = pytest.mark.django_db

# A CCCD of Sơn La (014) for a woman born in 1996 (century digit 1), and another one.
XUAN_ID = "014196001234"
XUAN_OTHER_ID = "014196009876"


@pytest.fixture
def folk(world: World) -> People:
    return build_people(world)


def data_of(resident: Resident, **changes: Any) -> ResidentData:
    """The resident's data as the edit form sends it back (numbers left empty: kept)."""
    base: dict[str, Any] = {
        "full_name": resident.full_name,
        "birth_date": resident.birth_date,
        "birth_year": resident.birth_year,
        "sex": resident.sex,
        "ethnicity": resident.ethnicity,
        "relationship": resident.relationship,
        "is_head": resident.is_head,
    }
    base.update(changes)
    return ResidentData(**base)


def figures(village_id: int, code: str) -> tuple[int, int]:
    row = VillageRollup.objects.filter(village_id=village_id, indicator_id=code).first()
    return (row.numerator, row.denominator) if row is not None else (0, 0)


def rows_everywhere() -> dict[str, int]:
    return {
        "residents": Resident.all_objects.count(),
        "changes": ResidentChange.objects.count(),
        "household_changes": HouseholdChange.objects.count(),
        "events": LifeEvent.objects.count(),
        "merges": Merge.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


# Corrections --------------------------------------------------------------------------------


def test_a_corrected_resident_keeps_who_changed_what_and_when(world: World, folk: People) -> None:
    edits.resident_edit(
        actor=world.leader,
        resident=folk.xuan,
        data=data_of(folk.xuan, full_name="Lò Thị Xuân Mai", ethnicity="Tày"),
    )
    changes = {c.field: c for c in ResidentChange.objects.filter(resident=folk.xuan)}
    assert set(changes) == {"full_name", "ethnicity"}
    assert (changes["full_name"].old, changes["full_name"].new) == (
        "Lò Thị Xuân",
        "Lò Thị Xuân Mai",
    )
    assert (changes["ethnicity"].old, changes["ethnicity"].new) == ("Thái", "Tày")
    assert changes["full_name"].changed_by == world.leader
    fresh = Resident.objects.get(pk=folk.xuan.pk)
    assert fresh.full_name_folded == "lo thi xuan mai"


def test_an_edit_that_changes_nothing_writes_no_history(world: World, folk: People) -> None:
    edits.resident_edit(actor=world.leader, resident=folk.xuan, data=data_of(folk.xuan))
    assert not ResidentChange.objects.exists()


def test_a_new_id_number_is_sealed_indexed_masked_and_audited(world: World, folk: People) -> None:
    edits.resident_edit(
        actor=world.commune_officer,
        resident=folk.xuan,
        data=data_of(folk.xuan, birth_year=1996, id_number=XUAN_ID, phone="0912345678"),
    )
    fresh = Resident.objects.get(pk=folk.xuan.pk)
    assert fresh.id_index == id_index(XUAN_ID)
    assert fresh.id_masked == "**********34"
    history = {c.field: c for c in ResidentChange.objects.filter(resident=fresh)}
    assert (history["id_number"].old, history["id_number"].new) == ("", "**********34")
    assert history["phone"].new == fresh.phone_masked
    written = " ".join(f"{c.old} {c.new}" for c in history.values())
    assert XUAN_ID not in written and "912345678" not in written
    audited = AuditEntry.objects.filter(action=AuditAction.EDIT_SEALED, object_id=str(fresh.pk))
    assert sorted(a.detail["field"] for a in audited) == ["id_number", "phone"]
    assert all(XUAN_ID not in str(a.detail) for a in audited)


def test_a_changed_id_number_moves_the_blind_index(world: World, folk: People) -> None:
    edits.resident_edit(
        actor=world.leader,
        resident=folk.xuan,
        data=data_of(folk.xuan, birth_year=1996, id_number=XUAN_ID),
    )
    edits.resident_edit(
        actor=world.leader,
        resident=Resident.objects.get(pk=folk.xuan.pk),
        data=data_of(folk.xuan, birth_year=1996, id_number=XUAN_OTHER_ID),
    )
    assert not Resident.objects.filter(id_index=id_index(XUAN_ID)).exists()
    assert Resident.objects.get(id_index=id_index(XUAN_OTHER_ID)).pk == folk.xuan.pk
    # Someone else may now be given the first number.
    people.resident_create(
        actor=SYSTEM,
        household=folk.household_a1,
        data=ResidentData(full_name="Lò Thị Én", birth_year=1996, sex="F", id_number=XUAN_ID),
    )


def test_a_number_held_by_another_resident_in_sight_is_refused(world: World, folk: People) -> None:
    edits.resident_edit(
        actor=world.leader,
        resident=folk.xuan,
        data=data_of(folk.xuan, birth_year=1996, id_number=XUAN_ID),
    )
    before = rows_everywhere()
    with pytest.raises(Conflict) as refused:
        edits.resident_edit(
            actor=world.commune_officer,
            resident=folk.ha,
            data=data_of(folk.ha, birth_year=1996, id_number=XUAN_ID),
        )
    assert refused.value.code == "ID_TAKEN"
    assert rows_everywhere() == before


def test_a_kept_number_must_still_agree_with_a_corrected_birth_year(
    world: World, folk: People
) -> None:
    edits.resident_edit(
        actor=world.leader,
        resident=folk.xuan,
        data=data_of(folk.xuan, birth_year=1996, id_number=XUAN_ID),
    )
    fresh = Resident.objects.get(pk=folk.xuan.pk)
    with pytest.raises(DomainError) as refused:
        edits.resident_edit(
            actor=world.leader, resident=fresh, data=data_of(fresh, birth_year=1997)
        )
    assert refused.value.code == "ID_YEAR_MISMATCH"
    assert Resident.objects.get(pk=fresh.pk).birth_year == 1996


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"birth_date": "future"}, "BIRTH_FUTURE"),
        ({"id_number": "01419600123"}, "ID_INVALID"),
        ({"id_number": "0141960012345"}, "ID_INVALID"),
        ({"full_name": "  "}, "NAME_REQUIRED"),
        ({"ethnicity": "Klingon"}, "ETHNICITY_UNKNOWN"),
        ({"phone": "12"}, "PHONE_INVALID"),
    ],
)
def test_bad_input_is_refused_with_its_code_and_nothing_is_written(
    world: World, folk: People, changes: dict[str, Any], code: str
) -> None:
    if changes.get("birth_date") == "future":
        changes = {"birth_date": today() + timedelta(days=1)}
    before = rows_everywhere()
    with pytest.raises(DomainError) as refused:
        edits.resident_edit(
            actor=world.leader, resident=folk.xuan, data=data_of(folk.xuan, **changes)
        )
    assert refused.value.code == code
    assert refused.value.message
    assert rows_everywhere() == before
    assert Resident.objects.get(pk=folk.xuan.pk).full_name == "Lò Thị Xuân"


def test_a_second_head_is_refused(world: World, folk: People) -> None:
    people.resident_create(
        actor=SYSTEM,
        household=folk.household_a2,
        data=ResidentData(full_name="Trần Văn Chủ", birth_year=1960, is_head=True),
    )
    with pytest.raises(Conflict) as refused:
        edits.resident_edit(
            actor=world.commune_officer,
            resident=folk.ha,
            data=data_of(folk.ha, relationship="Chủ hộ", is_head=True),
        )
    assert refused.value.code == "HOUSEHOLD_TWO_HEADS"


def test_a_corrected_birth_year_moves_the_resident_between_populations(
    world: World, folk: People
) -> None:
    # Bình is 16 with a smartphone: not an adult. Born two years earlier, he is one.
    before = figures(world.village_a1.pk, "smartphone")
    edits.resident_edit(
        actor=world.leader, resident=folk.binh, data=data_of(folk.binh, birth_year=YEAR - 18)
    )
    assert figures(world.village_a1.pk, "smartphone") == (before[0] + 1, before[1] + 1)
    assert recount.differences() == {}


def test_a_household_moved_to_another_village_takes_its_people_and_figures(
    world: World, folk: People
) -> None:
    a1_before, a2_before = (
        figures(world.village_a1.pk, "smartphone"),
        figures(world.village_a2.pk, "smartphone"),
    )
    edits.household_edit(
        actor=world.commune_officer,
        household=folk.household_a1,
        number="12",
        address="Tổ 3, Bản Hua Nà",
        village=world.village_a2,
    )
    assert figures(world.village_a1.pk, "smartphone") == (0, 0)
    assert figures(world.village_a2.pk, "smartphone") == (
        a2_before[0] + a1_before[0],
        a2_before[1] + a1_before[1],
    )
    assert set(
        Resident.objects.filter(household=folk.household_a1).values_list("village_id", flat=True)
    ) == {world.village_a2.pk}
    fields = set(
        HouseholdChange.objects.filter(household=folk.household_a1).values_list("field", flat=True)
    )
    assert fields == {"number", "address", "village"}
    assert ResidentChange.objects.filter(resident=folk.xuan, field="village").exists()
    assert recount.differences() == {}


def test_a_household_cannot_move_to_a_village_out_of_scope(world: World, folk: People) -> None:
    before = rows_everywhere()
    with pytest.raises(NotFound) as refused:
        edits.household_edit(
            actor=world.commune_officer,
            household=folk.household_a1,
            number="",
            address="",
            village=world.village_b1,
        )
    assert refused.value.code == "VILLAGE_UNKNOWN"
    assert rows_everywhere() == before
    assert Household.objects.get(pk=folk.household_a1.pk).village_id == world.village_a1.pk


def test_a_leader_cannot_move_a_household_to_a_village_they_do_not_lead(
    world: World, folk: People
) -> None:
    with pytest.raises(NotFound) as refused:
        edits.household_edit(
            actor=world.leader,
            household=folk.household_a1,
            number="",
            address="",
            village=world.village_a2,
        )
    assert refused.value.code == "VILLAGE_UNKNOWN"


# Life events ---------------------------------------------------------------------------------


def test_a_resident_who_dies_leaves_every_count_and_stays_on_file(
    world: World, folk: People
) -> None:
    before = figures(world.village_a1.pk, "smartphone")
    event = edits.resident_depart(
        actor=world.leader,
        resident=folk.xuan,
        kind="died",
        on=today() - timedelta(days=3),
        note="Mất tại nhà",
    )
    assert figures(world.village_a1.pk, "smartphone") == (before[0] - 1, before[1] - 1)
    assert recount.differences() == {}
    assert not Resident.objects.filter(pk=folk.xuan.pk).exists()
    kept = Resident.all_objects.get(pk=folk.xuan.pk)
    assert (kept.departed, kept.departed_on) == ("died", today() - timedelta(days=3))
    assert (event.kind, event.from_village_id) == ("died", world.village_a1.pk)
    assert folk.xuan.pk not in [r.pk for r in folk.household_a1.residents.all()]


def test_a_withdrawn_resident_frees_their_number_and_counts_nowhere(
    world: World, folk: People
) -> None:
    edits.resident_edit(
        actor=world.leader,
        resident=folk.xuan,
        data=data_of(folk.xuan, birth_year=1996, id_number=XUAN_ID),
    )
    edits.resident_depart(actor=world.leader, resident=folk.xuan, kind="withdrawn", on=today())
    kept = Resident.all_objects.get(pk=folk.xuan.pk)
    assert kept.id_index is None and kept.id_masked == "**********34"
    assert recount.differences() == {}
    with pytest.raises(Conflict) as refused:
        edits.resident_edit(actor=world.leader, resident=kept, data=data_of(kept))
    assert refused.value.code == "RESIDENT_NOT_ON_REGISTER"


@pytest.mark.parametrize(
    ("days", "code"), [(1, "EVENT_DATE_FUTURE"), (-365 * 40, "EVENT_BEFORE_BIRTH")]
)
def test_a_life_event_on_an_impossible_day_is_refused(
    world: World, folk: People, days: int, code: str
) -> None:
    before = rows_everywhere()
    with pytest.raises(DomainError) as refused:
        edits.resident_depart(
            actor=world.leader, resident=folk.xuan, kind="died", on=today() + timedelta(days=days)
        )
    assert refused.value.code == code
    assert rows_everywhere() == before
    assert recount.differences() == {}


def test_a_resident_moved_to_another_village_is_counted_there(world: World, folk: People) -> None:
    a2_before = figures(world.village_a2.pk, "smartphone")
    event = edits.resident_relocate(
        actor=world.commune_officer,
        resident=folk.xuan,
        household=folk.household_a2,
        on=today(),
    )
    assert figures(world.village_a2.pk, "smartphone") == (a2_before[0] + 1, a2_before[1] + 1)
    assert (event.from_village_id, event.to_village_id) == (
        world.village_a1.pk,
        world.village_a2.pk,
    )
    assert Status.objects.filter(resident=folk.xuan).values_list("village_id", flat=True)[0] == (
        world.village_a2.pk
    )
    assert recount.differences() == {}


def test_a_move_into_the_same_household_is_refused(world: World, folk: People) -> None:
    with pytest.raises(DomainError) as refused:
        edits.resident_relocate(
            actor=world.leader, resident=folk.xuan, household=folk.household_a1, on=today()
        )
    assert refused.value.code == "MOVE_SAME_HOUSEHOLD"


# Merges --------------------------------------------------------------------------------------


def test_two_records_of_one_person_keep_the_older_id_and_every_observation(
    world: World, folk: People
) -> None:
    twin = people.resident_create(
        actor=SYSTEM,
        household=folk.household_a1,
        data=ResidentData(
            full_name="Lò Thị Xuân", birth_year=YEAR - 30, sex="F", phone="0912345678"
        ),
    )
    observe(twin, "vneid_l2")
    observations = set(
        Observation.objects.filter(resident__in=[folk.xuan, twin]).values_list("pk", flat=True)
    )
    merge = merges.resident_merge(actor=world.commune_officer, first=twin, second=folk.xuan)
    assert (merge.kept_resident_id, merge.gone_resident_id) == (folk.xuan.pk, twin.pk)
    assert set(Observation.objects.filter(resident=folk.xuan).values_list("pk", flat=True)) == (
        observations
    )
    assert sorted(merge.moved["observations"]) == sorted(
        str(pk)
        for pk in Observation.objects.filter(resident=folk.xuan, indicator="vneid_l2").values_list(
            "pk", flat=True
        )
    )
    kept = Resident.objects.get(pk=folk.xuan.pk)
    assert kept.phone_masked  # filled from the other record
    assert Status.objects.get(resident=kept, indicator="vneid_l2").value is True
    gone = Resident.all_objects.get(pk=twin.pk)
    assert (gone.departed, gone.merged_into_id) == ("merged", folk.xuan.pk)
    assert recount.differences() == {}


def test_two_residents_with_different_id_numbers_are_not_merged(world: World, folk: People) -> None:
    edits.resident_edit(
        actor=world.leader,
        resident=folk.xuan,
        data=data_of(folk.xuan, birth_year=1996, id_number=XUAN_ID),
    )
    twin = people.resident_create(
        actor=SYSTEM,
        household=folk.household_a1,
        data=ResidentData(
            full_name="Lò Thị Xuân", birth_year=1996, sex="F", id_number=XUAN_OTHER_ID
        ),
    )
    with pytest.raises(Conflict) as refused:
        merges.resident_merge(actor=world.leader, first=folk.xuan, second=twin)
    assert refused.value.code == "MERGE_ID_DIFFERENT"
    assert not Merge.objects.exists()


def test_two_households_merge_into_the_older_with_people_visits_and_figures(
    world: World, folk: People
) -> None:
    [answer] = visits.sync_push(
        actor=world.commune_officer,
        device_id="p",
        events=[
            {
                "id": str(uuid.uuid4()),
                "kind": "visit",
                "household_id": folk.household_a2.pk,
                "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
                "topics": ["vneid"],
                "observations": [],
                "residents_present": [folk.ha.pk],
            }
        ],
    )
    assert answer["status"] == "created", answer
    merge = merges.household_merge(
        actor=world.commune_officer, first=folk.household_a2, second=folk.household_a1
    )
    assert (merge.kept_household_id, merge.gone_household_id) == (
        folk.household_a1.pk,
        folk.household_a2.pk,
    )
    assert set(folk.household_a1.residents.values_list("pk", flat=True)) == {
        folk.xuan.pk,
        folk.an.pk,
        folk.binh.pk,
        folk.cuc.pk,
        folk.dung.pk,
        folk.ha.pk,
        folk.hai.pk,
    }
    assert folk.household_a1.visits.count() == 1
    assert Observation.objects.filter(household=folk.household_a1).count() == 2
    assert not Household.objects.filter(pk=folk.household_a2.pk).exists()
    assert Household.all_objects.get(pk=folk.household_a2.pk).merged_into_id == folk.household_a1.pk
    assert figures(world.village_a2.pk, "smartphone") == (0, 0)
    assert recount.differences() == {}


def test_a_record_cannot_be_merged_with_itself(world: World, folk: People) -> None:
    with pytest.raises(DomainError) as refused:
        merges.household_merge(
            actor=world.leader, first=folk.household_a1, second=folk.household_a1
        )
    assert refused.value.code == "MERGE_SAME"


def test_nobody_is_added_to_a_household_merged_into_another(world: World, folk: People) -> None:
    extra = people.household_create(actor=SYSTEM, village=world.village_a1)
    merges.household_merge(actor=world.leader, first=extra, second=folk.household_a1)
    merged = Household.all_objects.get(pk=extra.pk)
    with pytest.raises(Conflict) as refused:
        people.resident_create(
            actor=world.leader, household=merged, data=ResidentData(full_name="Lò Văn Mới")
        )
    assert refused.value.code == "HOUSEHOLD_MERGED"
