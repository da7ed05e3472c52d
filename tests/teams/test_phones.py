"""Team members' own phone numbers: sealed, found by number, shown as far as the member allows,
revealed whole only with a reason (audited), to those who may have them."""

import pytest

from langso.access import SYSTEM, Actor
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.core.models import AuditAction, AuditEntry
from langso.teams import selectors, services
from langso.teams.errors import TeamError
from langso.teams.models import Person, PhoneVisibility
from tests.roles import World
from tests.teams.phones import DIGITS, E164, OWN_E164, Crew, choose

pytestmark = pytest.mark.django_db


def reveal(actor: Actor, world: World, person: Person, reason: str = "Gọi họp tổ") -> str:
    return services.member_phone_reveal(
        actor=actor, team=world.team_a1, person=person.pk, reason=reason
    )


# Storage


def test_a_members_number_is_stored_sealed_indexed_and_masked(crew: Crew) -> None:
    person = crew.mai
    assert person.phone_sealed is not None and person.phone_index
    assert person.phone_masked == "*******678"
    for digits in DIGITS:
        assert digits.encode() not in bytes(person.phone_sealed)
        assert digits not in person.phone_index
    assert not hasattr(person, "phone")
    # The blind index finds the person by the whole number, however it was written.
    assert Person.objects.get(phone_index=services.phone_index(E164)) == person


def test_someone_serving_on_two_teams_is_one_person_found_by_their_number(
    world: World, crew: Crew
) -> None:
    again = services.member_add(
        actor=SYSTEM, team=world.team_commune_a, full_name="HÀ THỊ MAI", phone="+84 912.345.678"
    )
    assert again.person_id == crew.mai.pk
    assert Person.objects.filter(phone_index=services.phone_index(E164)).count() == 1


# Who may reveal a number


@pytest.mark.parametrize("who", ["leader", "commune_officer", "province_officer"])
def test_those_who_manage_the_team_reveal_any_members_number_and_it_is_audited(
    world: World, crew: Crew, who: str
) -> None:
    choose(crew.mai, PhoneVisibility.HIDDEN)  # the member's choice binds the team, not them
    actor = getattr(world, who)
    assert reveal(actor, world, crew.mai, reason="  Gọi họp tổ\x00 ") == E164
    entry = AuditEntry.objects.get()
    assert (entry.actor_id, entry.action, entry.object_type, entry.object_id) == (
        actor.pk,
        AuditAction.REVEAL_MEMBER_PHONE,
        "person",
        str(crew.mai.pk),
    )
    assert entry.reason == "Gọi họp tổ"
    assert entry.detail == {"team": world.team_a1.pk}
    assert all(digits not in str(entry.detail) + entry.reason for digits in DIGITS)


def test_a_reveal_of_a_member_without_a_number_is_audited_and_empty(world: World) -> None:
    nobody = services.member_add(actor=SYSTEM, team=world.team_a1, full_name="Quàng Văn Inh")
    assert reveal(world.leader, world, nobody.person) == ""
    assert AuditEntry.objects.filter(object_id=str(nobody.person_id)).count() == 1


def test_a_fellow_member_reveals_a_number_only_when_its_owner_lets_the_team(
    world: World, crew: Crew
) -> None:
    for visibility in (PhoneVisibility.HIDDEN, PhoneVisibility.MASKED):
        choose(crew.mai, visibility)
        with pytest.raises(NotFound) as caught:
            reveal(world.member, world, crew.mai)
        assert caught.value.code == TeamError.MEMBER_NOT_FOUND
    assert not AuditEntry.objects.exists()
    choose(crew.mai, PhoneVisibility.TEAM)
    assert reveal(world.member, world, crew.mai) == E164
    assert AuditEntry.objects.get().actor_id == world.member.pk


def test_a_member_reveals_their_own_number(world: World, crew: Crew) -> None:
    choose(crew.own, PhoneVisibility.HIDDEN)
    assert reveal(world.member, world, crew.own) == OWN_E164


def test_seeing_the_team_is_not_serving_on_it(world: World, crew: Crew) -> None:
    """A member of the commune's team sees the village's team, but is not on it: "team" lets
    the village team's own members reveal the number, not her."""
    choose(crew.mai, PhoneVisibility.TEAM)
    assert selectors.team_get(actor=crew.commune_member, team_id=world.team_a1.pk)
    with pytest.raises(NotFound) as caught:
        reveal(crew.commune_member, world, crew.mai)
    assert caught.value.code == TeamError.MEMBER_NOT_FOUND


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_another_team_and_an_outsider_get_the_answer_for_a_team_that_does_not_exist(
    world: World, crew: Crew, who: str
) -> None:
    choose(crew.mai, PhoneVisibility.TEAM)
    with pytest.raises(NotFound) as refused:
        reveal(getattr(world, who), world, crew.mai)
    with pytest.raises(NotFound) as missing:
        services.member_phone_reveal(
            actor=getattr(world, who), team=999_999, person=crew.mai.pk, reason="Gọi"
        )
    assert (refused.value.code, refused.value.message) == (
        missing.value.code,
        missing.value.message,
    )
    assert not AuditEntry.objects.exists()


def test_someone_not_on_the_team_answers_like_a_person_that_does_not_exist(
    world: World, crew: Crew
) -> None:
    elsewhere = services.member_add(
        actor=SYSTEM, team=world.team_a2, full_name="Lường Văn Nam", phone="0912 000 111"
    )
    answers = []
    for person_id in (elsewhere.person_id, 999_999):
        with pytest.raises(NotFound) as caught:
            services.member_phone_reveal(
                actor=world.leader, team=world.team_a1, person=person_id, reason="Gọi"
            )
        answers.append((caught.value.code, str(caught.value.message)))
    assert answers[0] == answers[1]
    assert answers[0][0] == TeamError.MEMBER_NOT_FOUND


def test_a_former_member_is_out_of_reach(world: World, crew: Crew) -> None:
    membership = crew.mai.memberships.get()
    membership.joined_on = today().replace(year=today().year - 1)
    membership.save(update_fields=["joined_on"])
    services.member_end(actor=SYSTEM, membership=membership)
    with pytest.raises(NotFound):
        reveal(world.leader, world, crew.mai)


@pytest.mark.parametrize("reason", ["", "   ", "\x00\n"])
def test_a_reveal_needs_a_reason_and_leaves_no_entry_without_one(
    world: World, crew: Crew, reason: str
) -> None:
    with pytest.raises(DomainError) as caught:
        reveal(world.leader, world, crew.mai, reason=reason)
    assert (caught.value.code, caught.value.field) == (TeamError.REASON_REQUIRED, "reason")
    assert not AuditEntry.objects.exists()


# The member's choice


def test_members_show_the_last_three_digits_unless_they_choose_otherwise(crew: Crew) -> None:
    assert crew.mai.phone_visibility == PhoneVisibility.MASKED


def test_a_member_chooses_what_their_team_sees(world: World, crew: Crew) -> None:
    services.member_phone_visibility_set(
        actor=world.member, person=crew.own, visibility=PhoneVisibility.TEAM
    )
    crew.own.refresh_from_db()
    assert crew.own.phone_visibility == PhoneVisibility.TEAM


@pytest.mark.parametrize("who", ["leader", "commune_officer", "province_officer", "member_b"])
def test_nobody_chooses_for_another_member(world: World, crew: Crew, who: str) -> None:
    with pytest.raises(NotFound) as caught:
        services.member_phone_visibility_set(
            actor=getattr(world, who), person=crew.own, visibility=PhoneVisibility.HIDDEN
        )
    assert caught.value.code == TeamError.MEMBER_NOT_FOUND
    crew.own.refresh_from_db()
    assert crew.own.phone_visibility == PhoneVisibility.MASKED


def test_an_unknown_choice_is_refused_with_its_field(world: World, crew: Crew) -> None:
    with pytest.raises(DomainError) as caught:
        services.member_phone_visibility_set(
            actor=world.member, person=crew.own, visibility="everyone"
        )
    assert (caught.value.code, caught.value.field) == (
        TeamError.PHONE_VISIBILITY_UNKNOWN,
        "visibility",
    )


# What each reader sees of each member


def shown(actor: Actor, world: World) -> dict[str, tuple[str, bool]]:
    rows = selectors.member_rows(actor=actor, team=world.team_a1)
    return {r.membership.person.full_name: (r.phone_masked, r.may_reveal) for r in rows}


def test_what_each_reader_sees_follows_the_members_choice(world: World, crew: Crew) -> None:
    mask = "*******678"
    expected = {
        PhoneVisibility.HIDDEN: {
            "leader": (mask, True),
            "member": ("", False),
            "thoa": ("", False),
        },
        PhoneVisibility.MASKED: {
            "leader": (mask, True),
            "member": (mask, False),
            "thoa": (mask, False),
        },
        PhoneVisibility.TEAM: {
            "leader": (mask, True),
            "member": (mask, True),
            "thoa": (mask, False),
        },
    }
    readers = {"leader": world.leader, "member": world.member, "thoa": crew.commune_member}
    for visibility, sight in expected.items():
        choose(crew.mai, visibility)
        seen = {name: shown(reader, world)["Hà Thị Mai"] for name, reader in readers.items()}
        assert seen == sight, visibility
    # One's own number, whatever one chose.
    choose(crew.own, PhoneVisibility.HIDDEN)
    assert shown(world.member, world)["Lò Thị Xuân"] == ("*******321", True)
    assert shown(world.leader, world)["Lò Văn Xuân"] == ("", False)  # no number at all
