"""Logins on devices (API tokens): what is kept of the device, revoking one or all (the owner,
an officer who manages the account, nobody else), and the API operations that do it."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from langso.accounts import selectors, services
from langso.accounts.errors import AccountError, TokenProblem
from langso.accounts.models import ApiToken, User
from langso.core.errors import CoreError, NotFound
from langso.core.models import AuditAction, AuditEntry
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token"
TOKENS = "/api/v1/auth/tokens"
PROVINCE = "/api/v1/units/14"
ERROR_KEYS = {"code", "message", "field", "details"}
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def row(token: str) -> ApiToken:
    return ApiToken.objects.get(digest=services._digest(token))


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    body: dict[str, Any] = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == code
    assert body["message"]
    return body


# What is kept of the device


def test_a_token_asked_from_a_phone_keeps_the_browser_system_and_model_not_the_user_agent(
    world: World,
) -> None:
    response = Client().post(
        TOKEN,
        {"username": "member", "password": PASSWORD, "device": "SM-A125F"},
        content_type="application/json",
        headers={"user-agent": ANDROID_CHROME},
    )

    assert response.status_code == 200
    stored = row(response.json()["token"])
    assert (stored.browser, stored.system, stored.device_name) == ("Chrome", "Android", "SM-A125F")
    kept = " ".join(str(value) for value in ApiToken.objects.values_list().get(pk=stored.pk))
    assert "Mozilla" not in kept
    assert "AppleWebKit" not in kept


def test_a_device_name_longer_than_60_characters_is_refused_naming_the_field(
    world: World,
) -> None:
    response = Client().post(
        TOKEN,
        {"username": "member", "password": PASSWORD, "device": "x" * 61},
        content_type="application/json",
    )

    body = assert_error(response, 422, CoreError.INVALID_INPUT)
    assert body["field"] == "device"
    assert not ApiToken.objects.exists()


# Services


def test_owner_revokes_a_token_which_then_opens_nothing_and_is_kept(world: World) -> None:
    token = services.token_issue(user=world.member)

    assert services.token_revoke(actor=world.member, token=row(token)) is True

    assert services.token_user(token) is None
    assert services.token_authenticate(token) == TokenProblem.REVOKED
    kept = row(token)
    assert kept.revoked_at is not None
    assert kept.revoked_by == world.member


def test_revoking_is_written_to_the_audit_log_once(world: World) -> None:
    token = services.token_issue(user=world.member)
    services.token_revoke(actor=world.member, token=row(token))

    assert services.token_revoke(actor=world.member, token=row(token)) is False

    entry = AuditEntry.objects.get(action=AuditAction.REVOKE_TOKEN)
    assert entry.actor_id == world.member.pk
    assert entry.object_type == "api_token"
    assert entry.object_id == str(row(token).pk)
    assert entry.detail == {"user": world.member.pk}


def test_revoking_one_token_leaves_the_others_working(world: World) -> None:
    first = services.token_issue(user=world.member)
    second = services.token_issue(user=world.member)

    services.token_revoke(actor=world.member, token=row(first))

    assert services.token_user(first) is None
    assert services.token_user(second) == world.member


def test_an_expired_token_is_refused_as_expired_and_a_revoked_one_as_revoked(
    world: World,
) -> None:
    expired = services.token_issue(user=world.member)
    row(expired).__class__.objects.filter(digest=services._digest(expired)).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    revoked = services.token_issue(user=world.member)
    services.token_revoke(actor=world.member, token=row(revoked))

    assert services.token_authenticate(expired) == TokenProblem.EXPIRED
    assert services.token_authenticate(revoked) == TokenProblem.REVOKED
    assert services.token_authenticate("never issued") == TokenProblem.UNKNOWN


@pytest.mark.parametrize("officer", ["commune_officer", "province_officer"])
def test_an_officer_revokes_the_tokens_of_a_member_in_their_area(
    world: World, officer: str
) -> None:
    token = services.token_issue(user=world.member)
    actor = getattr(world, officer)

    assert services.token_revoke(actor=actor, token=row(token)) is True

    assert row(token).revoked_by == actor
    entry = AuditEntry.objects.get(action=AuditAction.REVOKE_TOKEN)
    assert entry.actor_id == actor.pk
    assert entry.reason == "revoked by an officer managing the account"


@pytest.mark.parametrize(
    ("actor", "owner"),
    [
        ("commune_officer", "member_b"),  # another commune
        ("leader", "member"),  # a team leader manages the team, not its members' accounts
        ("member_b", "member"),
        ("outsider", "member"),
        ("commune_officer", "province_officer"),  # above the officer
    ],
)
def test_anyone_else_finds_no_such_token(world: World, actor: str, owner: str) -> None:
    token = services.token_issue(user=getattr(world, owner))

    with pytest.raises(NotFound) as refused:
        services.token_revoke(actor=getattr(world, actor), token=row(token))

    assert refused.value.code == AccountError.TOKEN_NOT_FOUND
    assert row(token).revoked_at is None
    assert not AuditEntry.objects.exists()


def test_revoke_all_ends_only_the_accounts_tokens_that_still_work(world: World) -> None:
    working = [services.token_issue(user=world.member) for _ in range(2)]
    expired = services.token_issue(user=world.member)
    ApiToken.objects.filter(digest=services._digest(expired)).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    other = services.token_issue(user=world.leader)

    count = services.tokens_revoke_all(actor=world.commune_officer, user=world.member)

    assert count == 2
    assert all(services.token_user(token) is None for token in working)
    assert row(expired).revoked_at is None
    assert services.token_user(other) == world.leader
    assert AuditEntry.objects.filter(action=AuditAction.REVOKE_TOKEN).count() == 2


def test_revoke_all_of_an_account_in_another_commune_is_refused_as_not_found(
    world: World,
) -> None:
    token = services.token_issue(user=world.member_b)

    with pytest.raises(NotFound) as refused:
        services.tokens_revoke_all(actor=world.commune_officer, user=world.member_b)

    assert refused.value.code == AccountError.ACCOUNT_NOT_FOUND
    assert services.token_user(token) == world.member_b


def test_the_list_keeps_ended_logins_for_30_days(world: World) -> None:
    recent = services.token_issue(user=world.member)
    services.token_revoke(actor=world.member, token=row(recent))
    old = services.token_issue(user=world.member)
    services.token_revoke(actor=world.member, token=row(old))
    ApiToken.objects.filter(digest=services._digest(old)).update(
        revoked_at=timezone.now() - timedelta(days=31)
    )
    working = services.token_issue(user=world.member)

    logins = selectors.logins_of(actor=world.member, user=world.member)

    assert [login.token.pk for login in logins] == [row(working).pk, row(recent).pk]
    assert [login.state for login in logins] == ["active", "revoked"]


# API


def test_delete_token_revokes_the_token_it_is_called_with(world: World) -> None:
    token = services.token_issue(user=world.member)
    other = services.token_issue(user=world.member)

    response = Client().delete(TOKEN, headers=bearer(token))

    assert response.status_code == 204
    assert row(token).revoked_by == world.member
    assert services.token_user(other) == world.member
    entry = AuditEntry.objects.get(action=AuditAction.REVOKE_TOKEN)
    assert entry.reason == "logout"


def test_a_revoked_token_gets_401_afterwards_with_the_reason(world: World) -> None:
    token = services.token_issue(user=world.member)
    Client().delete(TOKEN, headers=bearer(token))

    for response in (
        Client().get(PROVINCE, headers=bearer(token)),
        Client().delete(TOKEN, headers=bearer(token)),
        Client().get(TOKENS, headers=bearer(token)),
    ):
        body = assert_error(response, 401, CoreError.NOT_AUTHENTICATED)
        assert body["details"] == {"reason": "revoked"}


def test_an_expired_token_gets_401_with_the_reason_expired(world: World) -> None:
    token = services.token_issue(user=world.member)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = Client().get(TOKENS, headers=bearer(token))

    body = assert_error(response, 401, CoreError.NOT_AUTHENTICATED)
    assert body["details"] == {"reason": "expired"}


def test_delete_token_needs_a_bearer_token_not_a_session(world: World) -> None:
    services.token_issue(user=world.member)

    response = world.client(world.member).delete(TOKEN)

    assert_error(response, 401, CoreError.NOT_AUTHENTICATED)
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


def test_a_revoked_token_is_refused_even_with_a_session_in_the_same_browser(
    world: World,
) -> None:
    """The field app runs in the browser of the web pages: its revoked token must answer 401,
    not let the session cookie through."""
    token = services.token_issue(user=world.member)
    services.token_revoke(actor=world.member, token=row(token))
    browser = world.client(world.member)

    response = browser.get(f"{TOKENS}", headers=bearer(token))

    body = assert_error(response, 401, CoreError.NOT_AUTHENTICATED)
    assert body["details"] == {"reason": "revoked"}
    assert browser.get(TOKENS).status_code == 200


def test_list_shows_the_callers_tokens_with_their_devices_and_marks_the_current_one(
    world: World,
) -> None:
    phone = (
        Client()
        .post(
            TOKEN,
            {"username": "member", "password": PASSWORD, "device": "SM-A125F"},
            content_type="application/json",
            headers={"user-agent": ANDROID_CHROME},
        )
        .json()["token"]
    )
    program = services.token_issue(user=world.member, user_agent="python-requests/2.32.3")
    revoked = services.token_issue(user=world.member)
    services.token_revoke(actor=world.commune_officer, token=row(revoked))
    services.token_issue(user=world.member_b)

    response = Client().get(TOKENS, headers=bearer(phone))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    listed = {item["id"]: item for item in response.json()}
    assert set(listed) == {row(phone).pk, row(program).pk, row(revoked).pk}
    mine = listed[row(phone).pk]
    assert mine["current"] is True
    assert mine["device"] == "Chrome trên Android · SM-A125F"
    assert mine["status"] == "active"
    assert mine["last_used_at"] is not None
    assert listed[row(program).pk]["current"] is False
    assert listed[row(program).pk]["device"] == "Python Requests"
    assert listed[row(revoked).pk]["status"] == "revoked"
    assert listed[row(revoked).pk]["revoked_by"] == "commune_officer"
    assert set(mine) == {
        "id",
        "device",
        "browser",
        "system",
        "device_name",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
        "revoked_by",
        "status",
        "current",
    }
    text = response.content.decode()
    assert phone not in text
    assert row(phone).digest not in text


def test_list_through_the_session_marks_no_token_current(world: World) -> None:
    services.token_issue(user=world.member)

    response = world.client(world.member).get(TOKENS)

    assert [item["current"] for item in response.json()] == [False]


def test_delete_one_of_my_tokens_by_id(world: World) -> None:
    mine = services.token_issue(user=world.member)
    lost_phone = services.token_issue(user=world.member)

    response = Client().delete(f"{TOKENS}/{row(lost_phone).pk}", headers=bearer(mine))

    assert response.status_code == 204
    assert services.token_user(lost_phone) is None
    assert services.token_user(mine) == world.member


def test_delete_another_users_token_by_id_answers_404_and_changes_nothing(
    world: World,
) -> None:
    mine = services.token_issue(user=world.member)
    theirs = services.token_issue(user=world.member_b)

    response = Client().delete(f"{TOKENS}/{row(theirs).pk}", headers=bearer(mine))

    body = assert_error(response, 404, AccountError.TOKEN_NOT_FOUND)
    assert body["field"] == "token"
    assert services.token_user(theirs) == world.member_b
    missing = Client().delete(f"{TOKENS}/{row(theirs).pk + 1000}", headers=bearer(mine))
    assert assert_error(missing, 404, AccountError.TOKEN_NOT_FOUND)["message"] == body["message"]


def test_an_officer_revokes_every_token_of_a_member_they_manage(world: World) -> None:
    tokens = [services.token_issue(user=world.member) for _ in range(3)]
    officer = services.token_issue(user=world.commune_officer)

    response = Client().delete(
        f"/api/v1/auth/users/{world.member.pk}/tokens", headers=bearer(officer)
    )

    assert response.status_code == 200
    assert response.json() == {"revoked": 3}
    assert all(services.token_user(token) is None for token in tokens)
    assert services.token_user(officer) == world.commune_officer


@pytest.mark.parametrize(
    ("actor", "owner"),
    [("commune_officer", "member_b"), ("leader", "member"), ("member", "member_b")],
)
def test_revoking_every_token_of_an_account_not_managed_answers_404(
    world: World, actor: str, owner: str
) -> None:
    token = services.token_issue(user=getattr(world, owner))

    response = world.client(getattr(world, actor)).delete(
        f"/api/v1/auth/users/{getattr(world, owner).pk}/tokens"
    )

    assert_error(response, 404, AccountError.ACCOUNT_NOT_FOUND)
    assert services.token_user(token) == getattr(world, owner)


def test_every_new_operation_needs_a_login(world: World) -> None:
    token = services.token_issue(user=world.member)
    for method, path in [
        ("delete", TOKEN),
        ("get", TOKENS),
        ("delete", f"{TOKENS}/{row(token).pk}"),
        ("delete", f"/api/v1/auth/users/{world.member.pk}/tokens"),
    ]:
        assert_error(getattr(Client(), method)(path), 401, CoreError.NOT_AUTHENTICATED)
    assert services.token_user(token) == world.member


def test_a_deactivated_users_token_is_refused_as_unknown(world: World) -> None:
    token = services.token_issue(user=world.member)
    User.objects.filter(pk=world.member.pk).update(is_active=False)

    body = assert_error(
        Client().get(TOKENS, headers=bearer(token)), 401, CoreError.NOT_AUTHENTICATED
    )
    assert body["details"] == {"reason": "unknown"}
