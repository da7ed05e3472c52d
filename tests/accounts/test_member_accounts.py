"""The accounts officers make for team members: creation with the role of the member's place,
the activation link's life (7 days, once, stored hashed), a reset ending the old link and
password, deactivation ending every login, changing one's own password, and the audit log."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.utils import timezone

from langso import access
from langso.access import SYSTEM
from langso.accounts import selectors, services
from langso.accounts.errors import AccountError, LinkProblem, TokenProblem
from langso.accounts.models import ActivationLink, ApiToken, Role, RoleAssignment, User
from langso.core.errors import Conflict, DomainError, NotFound
from langso.core.models import AuditAction, AuditEntry
from langso.core.ratelimit import RateLimited
from langso.teams import services as teams
from langso.teams.models import Person, TeamRole
from tests.accounts.helpers import leader_person, officer_b
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mật-khẩu-bản-Hua-Nà-7"


def member_person(world: World, name: str = "Lường Thị Mai") -> Person:
    membership = teams.member_add(actor=SYSTEM, team=world.team_a1, full_name=name)
    return membership.person


def audited(action: AuditAction, user: User) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, object_id=str(user.pk)))


# Creating


def test_officer_creates_an_account_that_waits_for_its_owner_to_set_a_password(
    world: World,
) -> None:
    person = leader_person(world)

    activation = services.account_create(actor=world.commune_officer, person_id=person.pk)

    user = activation.user
    person.refresh_from_db()
    assert person.user_id == user.pk
    assert user.username == "lo.van.xuan"
    assert user.full_name == "Lò Văn Xuân"
    assert not user.has_usable_password()
    assert selectors.account_status(user) == selectors.AccountStatus.WAITING
    assert authenticate(username=user.username, password="") is None
    link = ActivationLink.objects.get(user=user)
    assert link.digest == services._digest(activation.token)
    assert activation.token not in link.digest
    assert link.expires_at == activation.expires_at
    assert link.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert link.created_by_id == world.commune_officer.pk
    [entry] = audited(AuditAction.ACCOUNT_CREATE, user)
    assert entry.actor_id == world.commune_officer.pk
    assert entry.detail["person"] == person.pk


def test_the_account_gets_the_role_of_the_members_place_on_the_teams_unit(world: World) -> None:
    leader = services.account_create(actor=world.commune_officer, person_id=leader_person(world).pk)
    member = services.account_create(actor=world.commune_officer, person_id=member_person(world).pk)
    deputy = teams.member_add(
        actor=SYSTEM, team=world.team_a1, full_name="Cầm Văn Hùng", role=TeamRole.DEPUTY
    ).person
    deputy_account = services.account_create(actor=world.province_officer, person_id=deputy.pk)

    def roles(user: User) -> set[tuple[str, int]]:
        return set(RoleAssignment.objects.filter(user=user).values_list("role", "unit_id"))

    assert roles(leader.user) == {(Role.TEAM_LEADER, world.village_a1.pk)}
    assert roles(member.user) == {(Role.TEAM_MEMBER, world.village_a1.pk)}
    assert roles(deputy_account.user) == {(Role.TEAM_MEMBER, world.village_a1.pk)}
    # So the officer manages it from now on.
    assert access.accounts_managed(world.commune_officer, [member.user.pk])


def test_a_member_on_two_teams_gets_a_role_on_each(world: World) -> None:
    person = member_person(world)
    teams.member_add(actor=SYSTEM, team=world.team_commune_a, full_name="", person=person)

    activation = services.account_create(actor=world.commune_officer, person_id=person.pk)

    assert set(
        RoleAssignment.objects.filter(user=activation.user).values_list("unit_id", flat=True)
    ) == {world.village_a1.pk, world.commune_a.pk}


def test_a_taken_user_name_gets_a_number(world: World) -> None:
    services.user_provision(username="lo.van.xuan", password=PASSWORD)

    activation = services.account_create(
        actor=world.commune_officer, person_id=leader_person(world).pk
    )

    assert activation.user.username == "lo.van.xuan2"


def test_a_member_with_an_account_gets_no_second_one(world: World) -> None:
    person = leader_person(world)
    services.account_create(actor=world.commune_officer, person_id=person.pk)

    with pytest.raises(Conflict) as refused:
        services.account_create(actor=world.commune_officer, person_id=person.pk)

    assert refused.value.code == AccountError.ACCOUNT_EXISTS
    assert User.objects.filter(full_name="Lò Văn Xuân").count() == 1


@pytest.mark.parametrize("who", ["officer_b", "leader", "member", "member_b", "outsider"])
def test_only_an_officer_above_the_team_creates_accounts(world: World, who: str) -> None:
    actor = officer_b(world) if who == "officer_b" else getattr(world, who)
    person = leader_person(world)

    with pytest.raises(NotFound):
        services.account_create(actor=actor, person_id=person.pk)

    person.refresh_from_db()
    assert person.user_id is None
    assert not ActivationLink.objects.exists()


def test_a_member_who_left_gets_no_account(world: World) -> None:
    person = teams.member_add(
        actor=SYSTEM,
        team=world.team_a1,
        full_name="Lường Thị Mai",
        joined_on=world.team_a1.valid_from,
    ).person
    membership = person.memberships.get()
    later = world.team_a1.valid_from + timedelta(days=1)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        teams.member_end(actor=SYSTEM, membership=membership, left_on=later)
        assert person.memberships.get().left_on == later

        with pytest.raises(NotFound):
            services.account_create(actor=world.commune_officer, person_id=person.pk)


# The activation link


def test_the_link_opens_until_seven_days_minus_a_minute_and_not_after(world: World) -> None:
    activation = services.account_create(
        actor=world.commune_officer, person_id=leader_person(world).pk
    )
    made = timezone.now()

    with time_machine.travel(made + timedelta(days=7) - timedelta(minutes=1)):
        assert isinstance(services.activation_find(activation.token), ActivationLink)
    with time_machine.travel(made + timedelta(days=7) + timedelta(minutes=1)):
        assert services.activation_find(activation.token) == LinkProblem.EXPIRED
        with pytest.raises(DomainError) as refused:
            services.activation_complete(token=activation.token, password=NEW_PASSWORD)
        assert refused.value.code == AccountError.ACTIVATION_LINK_EXPIRED
    assert not User.objects.get(pk=activation.user.pk).has_usable_password()


def test_the_link_sets_the_password_once(world: World) -> None:
    activation = services.account_create(
        actor=world.commune_officer, person_id=leader_person(world).pk
    )

    user = services.activation_complete(token=activation.token, password=NEW_PASSWORD)

    assert authenticate(username=user.username, password=NEW_PASSWORD) == user
    assert selectors.account_status(user) == selectors.AccountStatus.ACTIVE
    assert services.activation_find(activation.token) == LinkProblem.UNKNOWN
    with pytest.raises(DomainError) as refused:
        services.activation_complete(token=activation.token, password="Một-mật-khẩu-khác-9")
    assert refused.value.code == AccountError.ACTIVATION_LINK_INVALID
    assert authenticate(username=user.username, password=NEW_PASSWORD) == user
    [entry] = audited(AuditAction.ACCOUNT_ACTIVATE, user)
    assert entry.actor_id == user.pk


def test_an_unknown_link_is_refused_like_a_used_one(world: World) -> None:
    assert services.activation_find("không-có-liên-kết-này") == LinkProblem.UNKNOWN
    assert services.activation_find("") == LinkProblem.UNKNOWN


@pytest.mark.parametrize("password", ["ngan", "1234567890123", "password123", "lo.van.xuan1"])
def test_a_weak_password_is_refused_and_the_link_still_opens(world: World, password: str) -> None:
    activation = services.account_create(
        actor=world.commune_officer, person_id=leader_person(world).pk
    )

    with pytest.raises(DomainError) as refused:
        services.activation_complete(token=activation.token, password=password)

    assert refused.value.code == AccountError.PASSWORD_INVALID
    assert refused.value.field == "password"
    assert isinstance(services.activation_find(activation.token), ActivationLink)
    assert not User.objects.get(pk=activation.user.pk).has_usable_password()


# Reset


def test_a_reset_ends_the_old_password_and_the_old_link(world: World) -> None:
    first = services.account_create(actor=world.commune_officer, person_id=leader_person(world).pk)
    user = services.activation_complete(token=first.token, password=NEW_PASSWORD)
    unused = services.account_reset(actor=world.commune_officer, user=user)

    second = services.account_reset(actor=world.commune_officer, user=user)

    assert authenticate(username=user.username, password=NEW_PASSWORD) is None
    assert services.activation_find(unused.token) == LinkProblem.UNKNOWN
    assert isinstance(services.activation_find(second.token), ActivationLink)
    assert selectors.account_status(User.objects.get(pk=user.pk)) == selectors.AccountStatus.WAITING
    services.activation_complete(token=second.token, password="Mật-khẩu-mới-tinh-8")
    assert authenticate(username=user.username, password="Mật-khẩu-mới-tinh-8") == user
    assert len(audited(AuditAction.PASSWORD_RESET, user)) == 2


@pytest.mark.parametrize("who", ["officer_b", "leader", "member", "outsider"])
def test_only_an_officer_who_manages_the_account_resets_or_deactivates_it(
    world: World, who: str
) -> None:
    actor = officer_b(world) if who == "officer_b" else getattr(world, who)
    target = world.member

    with pytest.raises(NotFound):
        services.account_reset(actor=actor, user=target)
    with pytest.raises(NotFound):
        services.account_deactivate(actor=actor, user=target)

    target.refresh_from_db()
    assert target.is_active and target.has_usable_password()


def test_an_officer_does_not_reset_their_own_account_this_way(world: World) -> None:
    with pytest.raises(NotFound):
        services.account_reset(actor=world.commune_officer, user=world.commune_officer)


# Deactivation


def test_deactivation_ends_tokens_links_and_logins_and_keeps_the_history(world: World) -> None:
    token = services.token_issue(user=world.member, device_name="Điện thoại")
    waiting = services.account_create(
        actor=world.commune_officer, person_id=leader_person(world).pk
    )

    assert services.account_deactivate(actor=world.commune_officer, user=world.member)
    assert services.account_deactivate(actor=world.commune_officer, user=waiting.user)

    member = User.objects.get(pk=world.member.pk)
    assert not member.is_active
    assert selectors.account_status(member) == selectors.AccountStatus.DEACTIVATED
    assert services.token_authenticate(token) == TokenProblem.UNKNOWN
    assert ApiToken.objects.get(user=member).revoked_by_id == world.commune_officer.pk
    assert authenticate(username="member", password=PASSWORD) is None
    assert services.activation_find(waiting.token) == LinkProblem.UNKNOWN
    # Its roles and its person stay, as history.
    assert RoleAssignment.objects.filter(user=member).exists()
    assert Person.objects.filter(user=waiting.user).exists()
    [entry] = audited(AuditAction.ACCOUNT_DEACTIVATE, member)
    assert entry.detail["tokens"] == 1
    # Again: nothing more happens.
    assert not services.account_deactivate(actor=world.commune_officer, user=world.member)
    assert len(audited(AuditAction.ACCOUNT_DEACTIVATE, member)) == 1


def test_a_deactivated_account_gets_no_new_link(world: World) -> None:
    services.account_deactivate(actor=world.commune_officer, user=world.member)

    with pytest.raises(Conflict) as refused:
        services.account_reset(actor=world.commune_officer, user=world.member)

    assert refused.value.code == AccountError.ACCOUNT_DEACTIVATED


# One's own password


def test_a_user_changes_their_password_with_the_current_one(world: World) -> None:
    services.password_change(
        user=world.member, current=PASSWORD, new=NEW_PASSWORD, keep_session=None
    )

    assert authenticate(username="member", password=NEW_PASSWORD) == world.member
    assert authenticate(username="member", password=PASSWORD) is None
    assert len(audited(AuditAction.PASSWORD_CHANGE, world.member)) == 1


def test_a_wrong_current_password_changes_nothing(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        services.password_change(
            user=world.member, current="sai-mật-khẩu", new=NEW_PASSWORD, keep_session=None
        )

    assert refused.value.code == AccountError.PASSWORD_WRONG
    assert authenticate(username="member", password=PASSWORD) == world.member
    assert not audited(AuditAction.PASSWORD_CHANGE, world.member)


def test_a_weak_new_password_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        services.password_change(
            user=world.member, current=PASSWORD, new="12345678901", keep_session=None
        )

    assert refused.value.code == AccountError.PASSWORD_INVALID
    assert authenticate(username="member", password=PASSWORD) == world.member


def test_wrong_current_passwords_are_limited(world: World) -> None:
    for _attempt in range(services.PASSWORD_CHANGE_TRIES.count):
        with pytest.raises(DomainError):
            services.password_change(
                user=world.member, current="sai", new=NEW_PASSWORD, keep_session=None
            )

    with pytest.raises(RateLimited):
        services.password_change(
            user=world.member, current=PASSWORD, new=NEW_PASSWORD, keep_session=None
        )
    assert authenticate(username="member", password=PASSWORD) == world.member


# The list of accounts


def test_the_list_holds_the_accounts_under_the_officers_units(world: World) -> None:
    waiting = services.account_create(
        actor=world.commune_officer, person_id=leader_person(world).pk
    )
    services.account_deactivate(actor=world.commune_officer, user=world.member)

    _page, rows = selectors.accounts_page(actor=world.commune_officer)

    statuses = {row.user.username: row.status for row in rows}
    assert statuses == {
        "leader": selectors.AccountStatus.ACTIVE,
        "member": selectors.AccountStatus.DEACTIVATED,
        "lo.van.xuan": selectors.AccountStatus.WAITING,
    }
    row = next(row for row in rows if row.user == waiting.user)
    assert row.link_expires_at == waiting.expires_at
    province = {
        row.user.username for row in selectors.accounts_page(actor=world.province_officer)[1]
    }
    assert {"commune_officer", "member_b", "leader"} <= province
    assert "province_officer" not in province


def test_the_list_searches_by_name_and_pages_by_fifty(world: World) -> None:
    for number in range(55):
        user, _ = services.user_provision(
            username=f"tv{number}", password=None, full_name=f"Thành viên {number}"
        )
        services.role_grant(user=user, role=Role.TEAM_MEMBER, unit=world.village_a2)

    first, rows = selectors.accounts_page(actor=world.commune_officer, query="thành")
    second, more = selectors.accounts_page(actor=world.commune_officer, query="thành", page=2)
    assert second.number == 2
    found = selectors.accounts_page(actor=world.commune_officer, query="tv7")[1]

    assert first.paginator.count == 55
    assert len(rows) == 50 and len(more) == 5
    assert {row.user.username for row in found} == {"tv7"}


@pytest.mark.parametrize("who", ["leader", "member", "outsider"])
def test_only_officers_have_a_list_of_accounts(world: World, who: str) -> None:
    with pytest.raises(NotFound):
        selectors.accounts_page(actor=getattr(world, who))
