"""ID numbers given for someone while another resident, out of the giver's sight, holds them.

The giver is told nothing (an existence oracle otherwise: anyone with an account could test
whether a number is registered anywhere); an officer who sees both residents decides.
"""

import pytest

from langso.access import SYSTEM
from langso.core.errors import Conflict, DomainError, NotFound
from langso.core.models import AuditAction, AuditEntry
from langso.people import selectors, services
from langso.people.errors import PeopleError
from langso.people.models import IdConflict, IdConflictResolution, Resident
from langso.people.services import ResidentData
from tests.roles import World
from tests.unchanged import PEOPLE, unchanged

pytestmark = pytest.mark.django_db

NUMBER = "014090001234"


def conflict_of(world: World) -> tuple[Resident, Resident, IdConflict]:
    """Inh of Bản Búng holds NUMBER; the member of Bản Hua Nà gives it for someone."""
    elsewhere = services.household_create(actor=SYSTEM, village=world.village_b1)
    holder = services.resident_create(
        actor=SYSTEM,
        household=elsewhere,
        data=ResidentData(full_name="Quàng Văn Inh", birth_year=1990, sex="M", id_number=NUMBER),
    )
    here = services.household_create(actor=world.member, village=world.village_a1)
    claimant = services.resident_create(
        actor=world.member,
        household=here,
        data=ResidentData(full_name="Quàng Văn In", birth_year=1990, sex="M", id_number=NUMBER),
    )
    return holder, claimant, IdConflict.objects.get(claimant=claimant)


def test_the_holder_keeps_the_number_and_the_claimant_loses_its_copy(world: World) -> None:
    holder, claimant, conflict = conflict_of(world)
    services.id_conflict_resolve(
        actor=world.province_officer,
        conflict=conflict,
        resolution=IdConflictResolution.HOLDER_KEEPS,
    )
    holder.refresh_from_db()
    claimant.refresh_from_db()
    assert holder.id_index == services.id_index(NUMBER)
    assert (claimant.id_sealed, claimant.id_index, claimant.id_masked) == (None, None, "")
    conflict.refresh_from_db()
    assert conflict.resolution == IdConflictResolution.HOLDER_KEEPS
    assert conflict.resolved_by == world.province_officer
    entry = AuditEntry.objects.get(action=AuditAction.ID_CONFLICT_RESOLVE)
    assert (entry.actor_id, entry.object_id) == (world.province_officer.pk, str(holder.pk))


def test_the_claimant_gets_the_number_and_the_holder_loses_it(world: World) -> None:
    holder, claimant, conflict = conflict_of(world)
    services.id_conflict_resolve(
        actor=world.province_officer,
        conflict=conflict,
        resolution=IdConflictResolution.CLAIMANT_GETS,
    )
    holder.refresh_from_db()
    claimant.refresh_from_db()
    assert claimant.id_index == services.id_index(NUMBER)
    assert claimant.id_masked == "**********34"
    assert (holder.id_sealed, holder.id_index, holder.id_masked) == (None, None, "")
    revealed = services.resident_reveal(
        actor=world.member, resident=claimant, what="id", reason="Kiểm tra sau khi sửa"
    )
    assert revealed == NUMBER


def test_a_decision_is_made_once(world: World) -> None:
    _holder, _claimant, conflict = conflict_of(world)
    services.id_conflict_resolve(
        actor=world.province_officer, conflict=conflict, resolution="holder_keeps"
    )
    _h, _c, other = conflict_of_second(world)
    with unchanged(*PEOPLE):
        with pytest.raises(Conflict) as again:
            services.id_conflict_resolve(
                actor=world.province_officer, conflict=conflict, resolution="claimant_gets"
            )
        assert again.value.code == PeopleError.ID_CONFLICT_CLOSED
        with pytest.raises(DomainError) as wrong:
            services.id_conflict_resolve(
                actor=world.province_officer, conflict=other, resolution="x"
            )
        assert wrong.value.code == PeopleError.ID_CONFLICT_DECISION


def conflict_of_second(world: World) -> tuple[Resident, Resident, IdConflict]:
    household = services.household_create(actor=world.member, village=world.village_a1)
    claimant = services.resident_create(
        actor=world.member,
        household=household,
        data=ResidentData(full_name="Quàng Văn Ính", birth_year=1990, sex="M", id_number=NUMBER),
    )
    conflict = IdConflict.objects.get(claimant=claimant, resolved_at__isnull=True)
    return conflict.holder, claimant, conflict


@pytest.mark.parametrize("who", ["commune_officer", "leader", "member", "member_b", "outsider"])
def test_only_officers_who_see_both_residents_decide(world: World, who: str) -> None:
    _holder, claimant, conflict = conflict_of(world)
    actor = getattr(world, who)
    assert selectors.id_conflicts(actor=actor) == []
    with unchanged(*PEOPLE), pytest.raises(NotFound) as caught:
        services.id_conflict_resolve(actor=actor, conflict=conflict, resolution="claimant_gets")
    assert caught.value.code == PeopleError.ID_CONFLICT_NOT_FOUND
    claimant.refresh_from_db()
    assert claimant.id_index is None
    assert IdConflict.objects.get().resolved_at is None


def test_the_officer_sees_the_conflict_on_the_home_and_decides_on_its_page(world: World) -> None:
    holder, claimant, conflict = conflict_of(world)
    officer = world.client(world.province_officer)
    home = officer.get("/").content.decode()
    assert "/id-conflicts/" in home
    page = officer.get("/id-conflicts/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Quàng Văn Inh" in text and "Quàng Văn In" in text and NUMBER not in text
    assert page["Cache-Control"].startswith("max-age=0")
    answer = officer.post(f"/id-conflicts/{conflict.pk}/", {"decision": "claimant_gets"})
    assert answer.status_code == 302 and answer["Location"] == "/id-conflicts/"
    claimant.refresh_from_db()
    assert claimant.id_index == services.id_index(NUMBER)
    assert "/id-conflicts/" not in officer.get("/").content.decode()
    assert world.client(world.commune_officer).get("/id-conflicts/").status_code == 200
    assert world.client(world.member).get("/id-conflicts/").status_code == 404
    refused = world.client(world.commune_officer).post(
        f"/id-conflicts/{conflict.pk}/", {"decision": "holder_keeps"}
    )
    assert refused.status_code == 404
    holder.refresh_from_db()
    assert holder.id_index is None
