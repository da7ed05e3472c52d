"""A death or a withdrawal recorded in error is undone: a ``reinstated`` life event (nothing is
deleted), the resident counts again, takes their ID number back (or is refused it, as a
correction is), and the page offers it only to those who may correct."""

from datetime import timedelta

import pytest

from langso.core.dates import today
from langso.core.errors import Conflict, DomainError, NotFound
from langso.core.models import AuditAction, AuditEntry
from langso.people import edit_services as edits
from langso.people import merge_services as merges
from langso.people import recount
from langso.people import services as people
from langso.people.models import IdConflict, LifeEvent, Resident, ResidentChange
from langso.people.services import ResidentData, id_index
from tests.indicators.data import People, build_people
from tests.people.test_edit_services import XUAN_ID, data_of, figures, rows_everywhere
from tests.people.test_edit_views import other_commune_officer
from tests.roles import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def folk(world: World) -> People:
    return build_people(world)


def xuan_with_number_departed(world: World, folk: People, kind: str = "withdrawn") -> Resident:
    edits.resident_edit(
        actor=world.leader,
        resident=folk.xuan,
        data=data_of(folk.xuan, birth_year=1996, id_number=XUAN_ID),
    )
    edits.resident_depart(
        actor=world.leader, resident=folk.xuan, kind=kind, on=today() - timedelta(days=2)
    )
    return Resident.all_objects.get(pk=folk.xuan.pk)


# Services ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["died", "withdrawn"])
def test_a_departure_in_error_is_undone_and_the_figures_count_the_resident_again(
    world: World, folk: People, kind: str
) -> None:
    before = figures(world.village_a1.pk, "smartphone")
    gone = xuan_with_number_departed(world, folk, kind)
    assert figures(world.village_a1.pk, "smartphone") != before
    event = edits.resident_reinstate(
        actor=world.commune_officer, resident=gone, reason="Nhầm người, chị vẫn ở bản"
    )
    assert figures(world.village_a1.pk, "smartphone") == before
    assert recount.differences() == {}
    back = Resident.objects.get(pk=folk.xuan.pk)
    assert (back.departed, back.departed_on) == ("", None)
    assert back.id_index == id_index(XUAN_ID)
    assert (event.kind, event.happened_on, event.note) == (
        "reinstated",
        today(),
        "Nhầm người, chị vẫn ở bản",
    )
    # The departure's own event stays: the history tells both.
    kinds = list(LifeEvent.objects.filter(resident=back).order_by("pk").values_list("kind"))
    assert kinds == [(kind,), ("reinstated",)]


def test_a_reinstated_resident_can_be_corrected_and_depart_again(
    world: World, folk: People
) -> None:
    gone = xuan_with_number_departed(world, folk)
    edits.resident_reinstate(actor=world.leader, resident=gone, reason="Ghi nhầm")
    back = Resident.objects.get(pk=folk.xuan.pk)
    edits.resident_edit(actor=world.leader, resident=back, data=data_of(back, ethnicity="Kinh"))
    edits.resident_depart(actor=world.leader, resident=back, kind="died", on=today())
    assert recount.differences() == {}


def test_a_number_now_held_in_sight_refuses_the_reinstatement(world: World, folk: People) -> None:
    gone = xuan_with_number_departed(world, folk)
    people.resident_create(
        actor=world.leader,
        household=folk.household_a1,
        data=ResidentData(full_name="Lò Thị Én", birth_year=1996, sex="F", id_number=XUAN_ID),
    )
    before = rows_everywhere()
    with pytest.raises(Conflict) as refused:
        edits.resident_reinstate(actor=world.leader, resident=gone, reason="Ghi nhầm")
    assert refused.value.code == "ID_TAKEN"
    assert rows_everywhere() == before
    assert Resident.all_objects.get(pk=gone.pk).departed == "withdrawn"
    assert recount.differences() == {}


def test_a_number_now_held_out_of_sight_is_claimed_and_the_resident_comes_back(
    world: World, folk: People
) -> None:
    gone = xuan_with_number_departed(world, folk)
    holder = people.resident_create(
        actor=world.commune_officer,
        household=folk.household_a2,
        data=ResidentData(full_name="Lò Thị Én", birth_year=1996, sex="F", id_number=XUAN_ID),
    )
    # The leader of A1 does not see A2: the number waits for an officer, as in a correction.
    edits.resident_reinstate(actor=world.leader, resident=gone, reason="Ghi nhầm")
    back = Resident.objects.get(pk=gone.pk)
    assert back.id_index is None and back.id_masked == "**********34"
    claim = IdConflict.objects.get(claimant=back)
    assert claim.holder_id == holder.pk and claim.resolved_at is None
    assert AuditEntry.objects.filter(action=AuditAction.ID_CONFLICT).exists()
    assert recount.differences() == {}


def test_a_head_replaced_meanwhile_comes_back_as_a_member(world: World, folk: People) -> None:
    Resident.objects.filter(household=folk.household_a1).update(is_head=False)
    head = edits.resident_edit(
        actor=world.leader, resident=folk.xuan, data=data_of(folk.xuan, is_head=True)
    )
    edits.resident_depart(actor=world.leader, resident=head, kind="died", on=today())
    edits.resident_edit(actor=world.leader, resident=folk.an, data=data_of(folk.an, is_head=True))
    edits.resident_reinstate(
        actor=world.leader, resident=Resident.all_objects.get(pk=head.pk), reason="Nhầm"
    )
    heads = Resident.objects.filter(household=folk.household_a1, is_head=True)
    assert [r.pk for r in heads] == [folk.an.pk]
    assert ResidentChange.objects.filter(resident_id=head.pk, field="relationship").exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reinstatement_without_a_reason_is_refused(
    world: World, folk: People, reason: str
) -> None:
    gone = xuan_with_number_departed(world, folk)
    before = rows_everywhere()
    with pytest.raises(DomainError) as refused:
        edits.resident_reinstate(actor=world.leader, resident=gone, reason=reason)
    assert refused.value.code == "REASON_REQUIRED"
    assert rows_everywhere() == before


def test_a_reason_too_long_is_refused(world: World, folk: People) -> None:
    gone = xuan_with_number_departed(world, folk)
    with pytest.raises(DomainError) as refused:
        edits.resident_reinstate(actor=world.leader, resident=gone, reason="x" * 301)
    assert refused.value.code == "TEXT_TOO_LONG"


def test_someone_on_the_register_or_merged_away_is_not_reinstated(
    world: World, folk: People
) -> None:
    with pytest.raises(Conflict) as refused:
        edits.resident_reinstate(actor=world.leader, resident=folk.xuan, reason="Nhầm")
    assert refused.value.code == "REINSTATE_NOT_DEPARTED"
    merge = merges.resident_merge(actor=world.leader, first=folk.an, second=folk.binh)
    gone = merge.gone_resident
    assert gone is not None
    with pytest.raises(Conflict) as refused:
        edits.resident_reinstate(actor=world.leader, resident=gone, reason="Nhầm")
    assert refused.value.code == "REINSTATE_NOT_DEPARTED"


@pytest.mark.parametrize("who", ["member", "member_b", "outsider", "officer_b"])
def test_who_may_not_correct_cannot_reinstate(world: World, folk: People, who: str) -> None:
    gone = xuan_with_number_departed(world, folk)
    user = other_commune_officer(world) if who == "officer_b" else getattr(world, who)
    before = rows_everywhere()
    with pytest.raises(NotFound):
        edits.resident_reinstate(actor=user, resident=gone, reason="Nhầm")
    assert rows_everywhere() == before


# The page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["leader", "commune_officer", "province_officer"])
def test_the_departed_residents_page_offers_the_button_to_who_may_correct(
    world: World, folk: People, who: str
) -> None:
    gone = xuan_with_number_departed(world, folk)
    client = world.client(getattr(world, who))
    page = client.get(f"/residents/{gone.pk}/").content.decode()
    assert f"/residents/{gone.pk}/reinstate/" in page
    answer = client.post(f"/residents/{gone.pk}/reinstate/", {"reason": "Ghi nhầm người"})
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "Ghi nhầm người" in page  # the event and its reason, in the life events
    assert f"/residents/{gone.pk}/reinstate/" not in page
    assert Resident.objects.filter(pk=gone.pk).exists()


def test_a_member_sees_the_departed_page_without_the_button(world: World, folk: People) -> None:
    gone = xuan_with_number_departed(world, folk)
    page = world.client(world.member).get(f"/residents/{gone.pk}/")
    assert page.status_code == 200
    assert "/reinstate/" not in page.content.decode()


def test_a_merged_record_shows_no_button(world: World, folk: People) -> None:
    merge = merges.resident_merge(actor=world.leader, first=folk.an, second=folk.binh)
    page = world.client(world.leader).get(f"/residents/{merge.gone_resident_id or 0}/")
    assert "/reinstate/" not in page.content.decode()


@pytest.mark.parametrize("who", ["member", "member_b", "outsider", "officer_b"])
def test_who_may_not_correct_gets_404_on_the_reinstate_page(
    world: World, folk: People, who: str
) -> None:
    gone = xuan_with_number_departed(world, folk)
    user = other_commune_officer(world) if who == "officer_b" else getattr(world, who)
    before = rows_everywhere()
    answer = world.client(user).post(f"/residents/{gone.pk}/reinstate/", {"reason": "Nhầm"})
    assert answer.status_code == 404
    assert rows_everywhere() == before


def test_an_empty_reason_on_the_page_says_so_and_writes_nothing(world: World, folk: People) -> None:
    gone = xuan_with_number_departed(world, folk)
    before = rows_everywhere()
    client = world.client(world.leader)
    answer = client.post(f"/residents/{gone.pk}/reinstate/", {"reason": ""}, follow=True)
    assert answer.status_code == 200
    assert "Hãy cho biết vì sao ghi nhận trước bị sai" in answer.content.decode()
    assert rows_everywhere() == before


def test_a_number_taken_meanwhile_is_explained_on_the_page(world: World, folk: People) -> None:
    gone = xuan_with_number_departed(world, folk)
    people.resident_create(
        actor=world.leader,
        household=folk.household_a1,
        data=ResidentData(full_name="Lò Thị Én", birth_year=1996, sex="F", id_number=XUAN_ID),
    )
    client = world.client(world.leader)
    answer = client.post(f"/residents/{gone.pk}/reinstate/", {"reason": "Nhầm"}, follow=True)
    assert answer.status_code == 200
    assert "Đã có nhân khẩu mang số CCCD/CMND này" in answer.content.decode()
    assert not LifeEvent.objects.filter(kind="reinstated").exists()
