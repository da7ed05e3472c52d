"""Accounts services: users, roles on units, API tokens and the second factor."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from langso.accounts import services
from langso.accounts.errors import AccountError
from langso.accounts.models import ApiToken, Role, RoleAssignment, User
from langso.core.dates import FOREVER, today
from langso.core.errors import DomainError
from tests.accounts.totp import enrol, totp_code, wrong_code
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db


# Users


def test_user_provision_creates_a_user_who_can_log_in() -> None:
    user, created = services.user_provision(
        username="lo_van_a", password=PASSWORD, full_name="Lò Văn A"
    )

    assert created is True
    stored = User.objects.get(username="lo_van_a")
    assert stored.pk == user.pk
    assert stored.full_name == "Lò Văn A"
    assert stored.check_password(PASSWORD)
    assert not stored.is_superuser
    assert not stored.is_staff


def test_user_provision_updates_the_user_with_that_name_and_keeps_the_password() -> None:
    first, _ = services.user_provision(username="lo_van_a", password=PASSWORD, full_name="A")

    again, created = services.user_provision(
        username="lo_van_a", password=None, full_name="Lò Văn A"
    )

    assert created is False
    assert again.pk == first.pk
    assert User.objects.filter(username="lo_van_a").count() == 1
    stored = User.objects.get(pk=first.pk)
    assert stored.full_name == "Lò Văn A"
    assert stored.check_password(PASSWORD)


def test_user_provision_changes_the_password_of_an_existing_user_when_given() -> None:
    services.user_provision(username="lo_van_a", password=PASSWORD)

    services.user_provision(username="lo_van_a", password="Một-mật-khẩu-mới-2025")

    stored = User.objects.get(username="lo_van_a")
    assert stored.check_password("Một-mật-khẩu-mới-2025")
    assert not stored.check_password(PASSWORD)


def test_new_user_without_a_password_cannot_log_in_until_one_is_set() -> None:
    user, created = services.user_provision(username="cam_thi_b", password=None)

    assert created is True
    assert not User.objects.get(pk=user.pk).has_usable_password()


def test_user_provision_strips_spaces_around_the_name() -> None:
    first, _ = services.user_provision(username="  lo_van_a ", password=PASSWORD)
    again, created = services.user_provision(username="lo_van_a", password=None)

    assert first.username == "lo_van_a"
    assert created is False
    assert again.pk == first.pk


def test_user_provision_can_make_a_superuser_who_is_also_staff() -> None:
    user, _ = services.user_provision(username="root", password=PASSWORD, is_superuser=True)

    stored = User.objects.get(pk=user.pk)
    assert stored.is_superuser
    assert stored.is_staff


def test_weak_password_is_refused_and_no_user_is_created() -> None:
    with pytest.raises(DomainError) as caught:
        services.user_provision(username="lo_van_a", password="123456")

    assert caught.value.code == AccountError.PASSWORD_INVALID
    assert caught.value.field == "password"
    assert str(caught.value.message)
    assert not User.objects.filter(username="lo_van_a").exists()


def test_weak_password_for_an_existing_user_changes_nothing() -> None:
    services.user_provision(username="lo_van_a", password=PASSWORD, full_name="Lò Văn A")

    with pytest.raises(DomainError) as caught:
        services.user_provision(username="lo_van_a", password="password", full_name="Someone")

    assert caught.value.code == AccountError.PASSWORD_INVALID
    stored = User.objects.get(username="lo_van_a")
    assert stored.full_name == "Lò Văn A"
    assert stored.check_password(PASSWORD)


@pytest.mark.parametrize("username", ["lo van a", "lò/văn", "", "   ", "a;drop"])
def test_bad_username_is_refused(username: str) -> None:
    with pytest.raises(DomainError) as caught:
        services.user_provision(username=username, password=PASSWORD)

    assert caught.value.code == AccountError.USERNAME_INVALID
    assert caught.value.field == "username"
    assert User.objects.count() == 0


def test_username_longer_than_150_characters_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        services.user_provision(username="a" * 151, password=PASSWORD)

    assert caught.value.code == AccountError.USERNAME_INVALID
    assert User.objects.count() == 0


# Roles


def test_role_grant_gives_a_role_from_today_until_further_notice(world: World) -> None:
    user, _ = services.user_provision(username="lo_van_a", password=PASSWORD)

    assignment = services.role_grant(user=user, role=Role.COMMUNE_OFFICER, unit=world.commune_b)

    assert assignment.valid_from == today()
    assert assignment.valid_until == FOREVER
    assert [(a.role, a.unit_id) for a in services.roles_today(user)] == [
        (Role.COMMUNE_OFFICER, world.commune_b.pk)
    ]


def test_granting_an_open_role_again_returns_the_same_assignment(world: World) -> None:
    first = services.role_grant(
        user=world.commune_officer, role=Role.COMMUNE_OFFICER, unit=world.commune_b
    )

    again = services.role_grant(
        user=world.commune_officer, role=Role.COMMUNE_OFFICER, unit=world.commune_b
    )

    assert again.pk == first.pk
    assert (
        RoleAssignment.objects.filter(
            user=world.commune_officer, role=Role.COMMUNE_OFFICER, unit=world.commune_b
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    ("role", "unit_name"),
    [
        (Role.PROVINCE_OFFICER, "commune_a"),
        (Role.COMMUNE_OFFICER, "province"),
        (Role.COMMUNE_OFFICER, "village_a1"),
        (Role.TEAM_MEMBER, "province"),
        (Role.TEAM_LEADER, "province"),
    ],
)
def test_role_on_a_unit_of_the_wrong_level_is_refused(
    world: World, role: Role, unit_name: str
) -> None:
    unit = getattr(world, unit_name)
    before = RoleAssignment.objects.count()

    with pytest.raises(DomainError) as caught:
        services.role_grant(user=world.outsider, role=role, unit=unit)

    assert caught.value.code == AccountError.ROLE_UNIT_LEVEL
    assert caught.value.field == "unit"
    assert RoleAssignment.objects.count() == before
    assert services.roles_today(world.outsider) == []


def test_revoking_a_role_granted_earlier_keeps_it_as_history(world: World) -> None:
    assignment = services.role_grant(
        user=world.outsider, role=Role.COMMUNE_OFFICER, unit=world.commune_b
    )
    granted = today() - timedelta(days=30)
    RoleAssignment.objects.filter(pk=assignment.pk).update(valid_from=granted)
    assignment.refresh_from_db()

    services.role_revoke(assignment=assignment)

    kept = RoleAssignment.objects.get(pk=assignment.pk)
    assert kept.valid_from == granted
    assert kept.valid_until == today()
    assert services.roles_today(world.outsider) == []


def test_revoking_a_role_granted_today_deletes_it(world: World) -> None:
    assignment = services.role_grant(
        user=world.outsider, role=Role.COMMUNE_OFFICER, unit=world.commune_b
    )

    services.role_revoke(assignment=assignment)

    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert services.roles_today(world.outsider) == []


def test_a_revoked_role_can_be_granted_again(world: World) -> None:
    assignment = services.role_grant(
        user=world.outsider, role=Role.COMMUNE_OFFICER, unit=world.commune_b
    )
    RoleAssignment.objects.filter(pk=assignment.pk).update(valid_from=today() - timedelta(days=3))
    assignment.refresh_from_db()
    services.role_revoke(assignment=assignment)

    again = services.role_grant(
        user=world.outsider, role=Role.COMMUNE_OFFICER, unit=world.commune_b
    )

    assert again.pk != assignment.pk
    assert [a.pk for a in services.roles_today(world.outsider)] == [again.pk]


def test_revoking_a_role_that_already_ended_changes_nothing(world: World) -> None:
    assignment = services.role_grant(
        user=world.outsider, role=Role.COMMUNE_OFFICER, unit=world.commune_b
    )
    ended = today() - timedelta(days=10)
    RoleAssignment.objects.filter(pk=assignment.pk).update(
        valid_from=today() - timedelta(days=40), valid_until=ended
    )
    assignment.refresh_from_db()

    services.role_revoke(assignment=assignment)

    assert RoleAssignment.objects.get(pk=assignment.pk).valid_until == ended


def test_roles_today_lists_only_the_users_own_roles(world: World) -> None:
    roles = services.roles_today(world.leader)

    assert [(a.role, a.unit_id) for a in roles] == [(Role.TEAM_LEADER, world.village_a1.pk)]


# API tokens


def test_token_issue_stores_only_the_digest_of_the_token(world: World) -> None:
    token = services.token_issue(user=world.member)

    stored = ApiToken.objects.get(user=world.member)
    assert stored.digest == hashlib.sha256(token.encode("ascii")).hexdigest()
    assert stored.digest != token
    assert not ApiToken.objects.filter(digest=token).exists()
    lifetime = stored.expires_at - timezone.now()
    assert timedelta(days=29, hours=23) < lifetime <= services.TOKEN_LIFETIME


def test_each_token_issued_is_different(world: World) -> None:
    first = services.token_issue(user=world.member)
    second = services.token_issue(user=world.member)

    assert first != second
    assert services.token_user(first) == world.member
    assert services.token_user(second) == world.member


def test_token_user_finds_the_owner_and_marks_the_token_used(world: World) -> None:
    token = services.token_issue(user=world.member)

    assert services.token_user(token) == world.member
    assert ApiToken.objects.get(user=world.member).last_used_at is not None


def test_unknown_token_belongs_to_nobody(world: World) -> None:
    services.token_issue(user=world.member)

    assert services.token_user("not-a-token") is None
    assert services.token_user("") is None


def test_token_with_a_non_ascii_character_belongs_to_nobody(world: World) -> None:
    services.token_issue(user=world.member)

    assert services.token_user("t\u00f6ken") is None


def test_expired_token_belongs_to_nobody(world: World) -> None:
    token = services.token_issue(user=world.member)
    ApiToken.objects.filter(user=world.member).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert services.token_user(token) is None


def test_token_of_an_inactive_user_belongs_to_nobody(world: World) -> None:
    token = services.token_issue(user=world.member)
    User.objects.filter(pk=world.member.pk).update(is_active=False)

    assert services.token_user(token) is None


# Second factor (TOTP)


def test_totp_start_gives_an_unconfirmed_device_that_does_not_count_yet(world: World) -> None:
    device = services.totp_start(user=world.member)

    assert device.confirmed is False
    assert not services.totp_has_device(world.member)
    assert services.totp_devices(world.member, confirmed=False) == [device]


def test_totp_start_replaces_an_earlier_unconfirmed_device(world: World) -> None:
    first = services.totp_start(user=world.member)
    second = services.totp_start(user=world.member)

    assert first.pk != second.pk
    assert services.totp_devices(world.member, confirmed=False) == [second]


def test_totp_confirm_with_the_right_code_turns_the_device_on(world: World) -> None:
    device = services.totp_start(user=world.member)

    confirmed = services.totp_confirm(user=world.member, token=totp_code(device))

    assert confirmed.pk == device.pk
    assert services.totp_has_device(world.member)
    assert services.totp_devices(world.member) == [confirmed]


def test_totp_confirm_with_a_wrong_code_is_refused(world: World) -> None:
    device = services.totp_start(user=world.member)

    with pytest.raises(DomainError) as caught:
        services.totp_confirm(user=world.member, token=wrong_code(device))

    assert caught.value.code == AccountError.OTP_INVALID
    assert caught.value.field == "token"
    assert not services.totp_has_device(world.member)


def test_totp_match_accepts_a_code_typed_with_spaces(world: World) -> None:
    device = enrol(world.member)
    code = totp_code(device)

    assert services.totp_match(world.member, f"{code[:3]} {code[3:]}") == device


def test_a_code_cannot_be_used_twice(world: World) -> None:
    device = enrol(world.member)
    code = totp_code(device)
    assert services.totp_match(world.member, code) == device

    assert services.totp_match(world.member, code) is None


def test_a_code_of_another_users_device_is_refused(world: World) -> None:
    enrol(world.member)
    other = enrol(world.leader)

    assert services.totp_match(world.member, totp_code(other)) is None


def test_totp_disable_with_the_right_code_removes_the_device(world: World) -> None:
    device = enrol(world.member)

    services.totp_disable(user=world.member, token=totp_code(device))

    assert not services.totp_has_device(world.member)
    assert not TOTPDevice.objects.filter(user=world.member).exists()


def test_totp_disable_with_a_wrong_code_is_refused(world: World) -> None:
    device = enrol(world.member)

    with pytest.raises(DomainError) as caught:
        services.totp_disable(user=world.member, token=wrong_code(device))

    assert caught.value.code == AccountError.OTP_INVALID
    assert services.totp_has_device(world.member)


def test_superuser_cannot_turn_off_the_second_factor() -> None:
    root, _ = services.user_provision(username="root", password=PASSWORD, is_superuser=True)
    device = enrol(root)

    with pytest.raises(DomainError) as caught:
        services.totp_disable(user=root, token=totp_code(device))

    assert caught.value.code == AccountError.OTP_REQUIRED
    assert services.totp_has_device(root)
