"""The token endpoint and how the API knows who calls: bearer tokens and sessions."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from langso.accounts import services
from langso.accounts.errors import AccountError
from langso.accounts.models import ApiToken, User
from langso.core.errors import CoreError
from langso.units.errors import UnitError
from tests.accounts.totp import enrol, totp_code, wrong_code
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token"
PROVINCE = "/api/v1/units/14"
ERROR_KEYS = {"code", "message", "field", "details"}


def ask_token(**payload: Any) -> tuple[int, dict[str, Any]]:
    response = Client().post(TOKEN, payload, content_type="application/json")
    body: dict[str, Any] = response.json()
    return response.status_code, body


def get_with_token(path: str, token: str) -> tuple[int, dict[str, Any]]:
    response = Client().get(path, headers={"authorization": f"Bearer {token}"})
    body: dict[str, Any] = response.json()
    return response.status_code, body


def assert_error(body: dict[str, Any], code: str) -> None:
    assert set(body) == ERROR_KEYS
    assert body["code"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    assert isinstance(body["details"], dict)


# Getting a token


def test_right_password_gives_a_token_that_opens_the_api(world: World) -> None:
    status, body = ask_token(username="province_officer", password=PASSWORD)

    assert status == 200
    assert set(body) == {"token", "expires_in"}
    assert body["expires_in"] == int(services.TOKEN_LIFETIME.total_seconds())
    status, unit = get_with_token(PROVINCE, body["token"])
    assert status == 200
    assert unit["code"] == "14"


def test_token_of_an_outsider_does_not_reach_the_province(world: World) -> None:
    status, body = ask_token(username="outsider", password=PASSWORD)
    assert status == 200

    status, error = get_with_token(PROVINCE, body["token"])

    assert status == 404
    assert_error(error, UnitError.NOT_FOUND)


def test_token_of_a_commune_officer_reaches_only_their_commune(world: World) -> None:
    _, body = ask_token(username="commune_officer", password=PASSWORD)

    assert get_with_token("/api/v1/units/03721", body["token"])[0] == 200
    assert get_with_token("/api/v1/units/03727", body["token"])[0] == 404


def test_wrong_password_is_refused_with_the_error_shape(world: World) -> None:
    status, body = ask_token(username="province_officer", password="not the password")

    assert status == 400
    assert_error(body, AccountError.BAD_CREDENTIALS)
    assert body["field"] == "password"
    assert not ApiToken.objects.exists()


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(world: World) -> None:
    status, body = ask_token(username="nobody_here", password=PASSWORD)

    assert status == 400
    assert_error(body, AccountError.BAD_CREDENTIALS)
    assert not ApiToken.objects.exists()


def test_inactive_user_gets_no_token(world: World) -> None:
    User.objects.filter(pk=world.member.pk).update(is_active=False)

    status, body = ask_token(username="member", password=PASSWORD)

    assert status == 400
    assert_error(body, AccountError.BAD_CREDENTIALS)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"username": "member"}, "password"), ({"password": PASSWORD}, "username")],
)
def test_missing_field_is_refused_with_invalid_input(
    world: World, payload: dict[str, str], field: str
) -> None:
    status, body = ask_token(**payload)

    assert status == 422
    assert_error(body, CoreError.INVALID_INPUT)
    assert body["field"] == field
    assert not ApiToken.objects.exists()


def test_sixth_attempt_after_five_wrong_passwords_is_locked_out(world: World) -> None:
    for _ in range(4):
        assert ask_token(username="member", password="not the password")[0] == 400
    ask_token(username="member", password="not the password")

    status, body = ask_token(username="member", password=PASSWORD)

    assert status == 429
    assert_error(body, AccountError.LOCKED_OUT)
    assert not ApiToken.objects.exists()


def test_getting_a_token_clears_earlier_wrong_passwords(world: World) -> None:
    for _ in range(4):
        ask_token(username="member", password="not the password")
    assert ask_token(username="member", password=PASSWORD)[0] == 200

    status, body = ask_token(username="member", password="not the password")

    assert status == 400
    assert_error(body, AccountError.BAD_CREDENTIALS)


def test_wrong_passwords_on_the_web_also_lock_the_api(world: World) -> None:
    web = Client()
    for _ in range(5):
        web.post("/accounts/login/", {"username": "member", "password": "not the password"})

    status, body = ask_token(username="member", password=PASSWORD)

    assert status == 429
    assert_error(body, AccountError.LOCKED_OUT)
    assert not ApiToken.objects.exists()


# Second factor


def test_user_with_an_authenticator_must_send_the_code(world: World) -> None:
    enrol(world.member)

    status, body = ask_token(username="member", password=PASSWORD)

    assert status == 400
    assert_error(body, AccountError.OTP_REQUIRED)
    assert body["field"] == "otp"
    assert not ApiToken.objects.exists()


def test_wrong_code_gets_no_token(world: World) -> None:
    device = enrol(world.member)

    status, body = ask_token(username="member", password=PASSWORD, otp=wrong_code(device))

    assert status == 400
    assert_error(body, AccountError.OTP_INVALID)
    assert body["field"] == "otp"
    assert not ApiToken.objects.exists()


def test_right_code_gets_a_token(world: World) -> None:
    device = enrol(world.member)

    status, body = ask_token(username="member", password=PASSWORD, otp=totp_code(device))

    assert status == 200
    assert services.token_user(body["token"]) == world.member


def test_code_is_not_checked_before_the_password(world: World) -> None:
    device = enrol(world.member)

    status, body = ask_token(username="member", password="not the password", otp=totp_code(device))

    assert status == 400
    assert_error(body, AccountError.BAD_CREDENTIALS)
    assert not ApiToken.objects.exists()


def test_superuser_without_an_authenticator_must_enrol_first() -> None:
    services.user_provision(username="root", password=PASSWORD, is_superuser=True)

    status, body = ask_token(username="root", password=PASSWORD)

    assert status == 400
    assert_error(body, AccountError.OTP_ENROLMENT_REQUIRED)
    assert not ApiToken.objects.exists()


def test_superuser_with_an_authenticator_and_the_code_gets_a_token() -> None:
    root, _ = services.user_provision(username="root", password=PASSWORD, is_superuser=True)
    device = enrol(root)

    status, body = ask_token(username="root", password=PASSWORD, otp=totp_code(device))

    assert status == 200
    assert get_with_token(PROVINCE, body["token"])[0] == 200


# Calling the API


def test_request_without_credentials_is_refused_with_401(world: World) -> None:
    response = Client().get(PROVINCE)

    assert response.status_code == 401
    assert_error(response.json(), CoreError.NOT_AUTHENTICATED)


@pytest.mark.parametrize("token", ["garbage", "x" * 43, ""])
def test_unknown_bearer_token_is_refused_with_401(world: World, token: str) -> None:
    status, body = get_with_token(PROVINCE, token)

    assert status == 401
    assert_error(body, CoreError.NOT_AUTHENTICATED)


def test_bearer_token_with_a_non_ascii_character_is_refused_with_401(world: World) -> None:
    client = Client(raise_request_exception=False)

    response = client.get(PROVINCE, headers={"authorization": "Bearer t\u00f6ken"})

    assert response.status_code == 401
    assert_error(response.json(), CoreError.NOT_AUTHENTICATED)


def test_expired_token_is_refused_with_401(world: World) -> None:
    token = services.token_issue(user=world.province_officer)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    status, body = get_with_token(PROVINCE, token)

    assert status == 401
    assert_error(body, CoreError.NOT_AUTHENTICATED)


def test_token_of_a_deactivated_user_is_refused_with_401(world: World) -> None:
    token = services.token_issue(user=world.province_officer)
    User.objects.filter(pk=world.province_officer.pk).update(is_active=False)

    status, body = get_with_token(PROVINCE, token)

    assert status == 401
    assert_error(body, CoreError.NOT_AUTHENTICATED)


def test_browser_session_opens_the_api(world: World) -> None:
    response = world.client(world.province_officer).get(PROVINCE)

    assert response.status_code == 200
    assert response.json()["code"] == "14"


def test_session_of_a_superuser_without_the_second_factor_is_refused() -> None:
    root, _ = services.user_provision(username="root", password=PASSWORD, is_superuser=True)
    client = Client()
    client.force_login(root)

    response = client.get(PROVINCE)

    assert response.status_code == 401
    assert_error(response.json(), CoreError.NOT_AUTHENTICATED)


def test_a_body_that_is_not_json_gets_the_error_shape(world: World) -> None:
    response = Client().post(TOKEN, b"{username: member", content_type="application/json")

    assert response.status_code == 400
    assert_error(response.json(), CoreError.BODY_INVALID)
    assert response.json()["field"] == "body"
    assert not ApiToken.objects.exists()


def test_a_body_over_the_limit_is_refused_with_413_in_the_error_shape(
    world: World, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    payload = {"username": "member", "password": "x" * 3000}
    response = Client().post(TOKEN, payload, content_type="application/json")

    assert response.status_code == 413
    assert_error(response.json(), CoreError.BODY_TOO_LARGE)
    assert not ApiToken.objects.exists()
    assert "2,0\xa0KB" in response.json()["message"]  # Vietnamese by default: a decimal comma
