"""The add_user command: a user and a role on a unit as it is today, safe to rerun."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from langso.accounts import services
from langso.accounts.errors import AccountError
from langso.accounts.models import Role, RoleAssignment, User
from langso.core.dates import FOREVER, today
from langso.core.models import AuditAction, AuditEntry
from langso.units.errors import UnitError
from langso.units.models import UnitVersion
from tests.roles import PASSWORD, unit_today

pytestmark = pytest.mark.django_db

GETPASS = "langso.accounts.management.commands.add_user.getpass.getpass"


def add_user(*args: str) -> str:
    out = StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


def test_add_user_creates_the_user_with_the_role_on_todays_unit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANGSO_PASSWORD", PASSWORD)

    output = add_user(
        "lo_van_a", "--role", "commune_officer", "--unit", "03721", "--full-name", "Lò Văn A"
    )

    user = User.objects.get(username="lo_van_a")
    assert user.full_name == "Lò Văn A"
    assert user.check_password(PASSWORD)
    assignment = RoleAssignment.objects.get(user=user)
    assert assignment.role == Role.COMMUNE_OFFICER
    assert assignment.unit == unit_today("03721")
    assert assignment.valid_from == today()
    assert assignment.valid_until == FOREVER
    assert output.startswith("Created lo_van_a")
    assert "03721" in output


def test_running_add_user_again_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGSO_PASSWORD", PASSWORD)
    add_user("lo_van_a", "--role", "commune_officer", "--unit", "03721")
    first = RoleAssignment.objects.get(user__username="lo_van_a")

    output = add_user("lo_van_a", "--role", "commune_officer", "--unit", "03721")

    assert output.startswith("Updated lo_van_a")
    assert User.objects.filter(username="lo_van_a").count() == 1
    assert list(RoleAssignment.objects.filter(user__username="lo_van_a")) == [first]
    assert User.objects.get(username="lo_van_a").check_password(PASSWORD)


def test_add_user_gives_an_existing_user_a_second_role(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGSO_PASSWORD", PASSWORD)
    add_user("lo_van_a", "--role", "commune_officer", "--unit", "03721")

    add_user("lo_van_a", "--role", "province_officer", "--unit", "14")

    roles = {(a.role, a.unit_id) for a in RoleAssignment.objects.filter(user__username="lo_van_a")}
    assert roles == {
        (Role.COMMUNE_OFFICER, unit_today("03721").pk),
        (Role.PROVINCE_OFFICER, unit_today("14").pk),
    }


def test_existing_user_keeps_their_password_when_none_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LANGSO_PASSWORD", raising=False)
    services.user_provision(username="lo_van_a", password=PASSWORD)

    def no_prompt(prompt: str = "") -> str:
        raise AssertionError("an existing user must not be asked for a password")

    monkeypatch.setattr(GETPASS, no_prompt)

    add_user("lo_van_a", "--role", "commune_officer", "--unit", "03721")

    assert User.objects.get(username="lo_van_a").check_password(PASSWORD)


def test_unknown_unit_code_is_refused() -> None:
    with pytest.raises(CommandError, match=UnitError.NOT_FOUND):
        add_user("lo_van_a", "--role", "commune_officer", "--unit", "99999", "--no-input")

    assert not User.objects.filter(username="lo_van_a").exists()


def test_unit_code_valid_only_in_the_past_is_refused() -> None:
    assert UnitVersion.objects.filter(code="119", valid_until__lte=today()).exists()
    assert not UnitVersion.objects.filter(code="119", valid_until__gt=today()).exists()

    with pytest.raises(CommandError, match=UnitError.NOT_FOUND):
        add_user("lo_van_a", "--role", "commune_officer", "--unit", "119", "--no-input")

    assert not User.objects.filter(username="lo_van_a").exists()


def test_role_on_the_wrong_level_is_refused_and_creates_no_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANGSO_PASSWORD", PASSWORD)

    with pytest.raises(CommandError, match=AccountError.ROLE_UNIT_LEVEL):
        add_user("lo_van_a", "--role", "province_officer", "--unit", "03721")

    assert not User.objects.filter(username="lo_van_a").exists()


def test_role_on_the_wrong_level_is_refused_with_its_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANGSO_PASSWORD", PASSWORD)

    with pytest.raises(CommandError, match=AccountError.ROLE_UNIT_LEVEL):
        add_user("lo_van_a", "--role", "province_officer", "--unit", "03721")

    assert not RoleAssignment.objects.filter(user__username="lo_van_a").exists()


def test_weak_password_is_refused_and_creates_no_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGSO_PASSWORD", "12345678")

    with pytest.raises(CommandError, match=AccountError.PASSWORD_INVALID):
        add_user("lo_van_a", "--role", "commune_officer", "--unit", "03721")

    assert not User.objects.filter(username="lo_van_a").exists()


def test_no_input_without_a_password_creates_a_user_who_cannot_log_in_yet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LANGSO_PASSWORD", raising=False)

    add_user("lo_van_a", "--role", "team_leader", "--unit", "03721", "--no-input")

    user = User.objects.get(username="lo_van_a")
    assert not user.has_usable_password()
    assert RoleAssignment.objects.get(user=user).role == Role.TEAM_LEADER


def test_password_typed_twice_at_the_prompt_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANGSO_PASSWORD", raising=False)
    monkeypatch.setattr(GETPASS, lambda prompt="": PASSWORD)

    add_user("lo_van_a", "--role", "commune_officer", "--unit", "03721")

    assert User.objects.get(username="lo_van_a").check_password(PASSWORD)


def test_two_different_passwords_at_the_prompt_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LANGSO_PASSWORD", raising=False)
    typed = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(GETPASS, lambda prompt="": next(typed))

    with pytest.raises(CommandError, match="differ"):
        add_user("lo_van_a", "--role", "commune_officer", "--unit", "03721")

    assert not User.objects.filter(username="lo_van_a").exists()


def test_add_user_writes_the_new_account_to_the_audit_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGSO_PASSWORD", PASSWORD)

    add_user("lo_van_a", "--role", "commune_officer", "--unit", "03721")
    add_user("lo_van_a", "--role", "commune_officer", "--unit", "03721")

    user = User.objects.get(username="lo_van_a")
    entries = AuditEntry.objects.filter(object_type="user", object_id=str(user.pk)).order_by("pk")
    assert [entry.action for entry in entries] == [
        AuditAction.ACCOUNT_CREATE,
        AuditAction.PASSWORD_CHANGE,
    ]
    assert all(entry.actor_id is None and entry.reason == "add_user" for entry in entries)
