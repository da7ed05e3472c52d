"""Web pages of accounts: log in (password, then the code), log out, two-step settings, admin."""

from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from langso.accounts import services
from langso.accounts.admin_site import admin_site
from langso.accounts.models import User
from langso.accounts.views import MAX_CODE_ATTEMPTS, PENDING
from tests.accounts.totp import enrol, totp_code, wrong_code
from tests.roles import PASSWORD, World

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

LOGIN = reverse("accounts:login")
LOGIN_CODE = reverse("accounts:login_code")
LOGOUT = reverse("accounts:logout")
SECURITY = reverse("accounts:security")

pytestmark = pytest.mark.django_db


def browser() -> Client:
    """A client that reads the pages in English, so the tests can look for their words."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post_login(client: Client, username: str, password: str, **extra: str) -> "Response":
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def logged_in_as(client: Client) -> str | None:
    value = client.session.get("_auth_user_id")
    return None if value is None else str(value)


def superuser() -> User:
    root, _ = services.user_provision(username="root", password=PASSWORD, is_superuser=True)
    return root


# Password


def test_login_page_shows_the_form() -> None:
    response = browser().get(LOGIN)

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_login_page_sends_a_logged_in_user_on(world: World) -> None:
    response = world.client(world.member).get(LOGIN, {"next": SECURITY})

    assert response.status_code == 302
    assert response["Location"] == SECURITY


@pytest.mark.parametrize("target", ["0", "x", "accounts:login", "Thuận Châu", "javascript:1"])
def test_a_next_page_that_is_not_a_path_sends_a_logged_in_user_home(
    world: World, target: str
) -> None:
    """redirect() takes a bare word for the name of a view: "0" gave a server error."""
    response = world.client(world.member).get(LOGIN, {"next": target})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_is_refused_with_401_and_the_form(world: World) -> None:
    client = browser()

    response = post_login(client, "member", "not the password")

    assert response.status_code == 401
    assert b'name="password"' in response.content
    assert b'role="alert"' in response.content
    assert b"Wrong user name or password" in response.content
    assert logged_in_as(client) is None


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(world: World) -> None:
    response = post_login(browser(), "nobody_here", PASSWORD)

    assert response.status_code == 401
    assert b"Wrong user name or password" in response.content


def test_right_password_logs_in_and_redirects_home(world: World) -> None:
    client = browser()

    response = post_login(client, "member", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_as(client) == str(world.member.pk)


def test_login_goes_to_the_next_page_on_this_site(world: World) -> None:
    client = browser()

    response = post_login(client, "member", PASSWORD, next=SECURITY)

    assert response.status_code == 302
    assert response["Location"] == SECURITY
    assert logged_in_as(client) == str(world.member.pk)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "https:///evil.example/"]
)
def test_login_ignores_a_next_page_on_another_site(world: World, target: str) -> None:
    client = browser()

    response = post_login(client, "member", PASSWORD, next=target)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_as(client) == str(world.member.pk)


def test_sixth_attempt_after_five_wrong_passwords_is_locked_out(world: World) -> None:
    client = browser()
    for _ in range(4):
        assert post_login(client, "member", "not the password").status_code == 401
    post_login(client, "member", "not the password")

    response = post_login(client, "member", PASSWORD)

    assert response.status_code == 429
    assert b"locked" in response.content
    assert logged_in_as(client) is None


def test_successful_login_clears_earlier_wrong_passwords(world: World) -> None:
    for _ in range(4):
        post_login(browser(), "member", "not the password")
    assert post_login(browser(), "member", PASSWORD).status_code == 302

    response = post_login(browser(), "member", "not the password")

    assert response.status_code == 401


def test_lockout_of_one_user_name_does_not_lock_another(world: World) -> None:
    for _ in range(5):
        post_login(browser(), "member", "not the password")
    client = browser()

    response = post_login(client, "leader", PASSWORD)

    assert response.status_code == 302
    assert logged_in_as(client) == str(world.leader.pk)


# Second factor at login


def test_user_with_an_authenticator_is_asked_for_the_code_before_being_logged_in(
    world: World,
) -> None:
    enrol(world.member)
    client = browser()

    response = post_login(client, "member", PASSWORD, next=SECURITY)

    assert response.status_code == 302
    assert response["Location"] == LOGIN_CODE
    assert logged_in_as(client) is None
    assert client.get(LOGIN_CODE).status_code == 200
    assert logged_in_as(client) is None


def test_right_code_finishes_the_login_and_goes_to_the_next_page(world: World) -> None:
    device = enrol(world.member)
    client = browser()
    post_login(client, "member", PASSWORD, next=SECURITY)

    response = client.post(LOGIN_CODE, {"token": totp_code(device)})

    assert response.status_code == 302
    assert response["Location"] == SECURITY
    assert logged_in_as(client) == str(world.member.pk)
    assert PENDING not in client.session


def test_wrong_code_is_refused_and_the_user_stays_logged_out(world: World) -> None:
    device = enrol(world.member)
    client = browser()
    post_login(client, "member", PASSWORD)

    response = client.post(LOGIN_CODE, {"token": wrong_code(device)})

    assert response.status_code == 401
    assert b'role="alert"' in response.content
    assert logged_in_as(client) is None
    assert client.session[PENDING]["attempts"] == 1


def test_five_wrong_codes_drop_the_pending_login(world: World) -> None:
    device = enrol(world.member)
    client = browser()
    post_login(client, "member", PASSWORD)
    for _ in range(MAX_CODE_ATTEMPTS - 1):
        assert client.post(LOGIN_CODE, {"token": wrong_code(device)}).status_code == 401

    response = client.post(LOGIN_CODE, {"token": wrong_code(device)})

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert PENDING not in client.session
    assert logged_in_as(client) is None
    again = client.post(LOGIN_CODE, {"token": totp_code(device)})
    assert again.status_code == 302
    assert again["Location"] == LOGIN
    assert logged_in_as(client) is None


def test_code_page_without_a_pending_login_sends_back_to_login() -> None:
    response = browser().get(LOGIN_CODE)

    assert response.status_code == 302
    assert response["Location"] == LOGIN


# Superusers


def test_superuser_without_an_authenticator_is_sent_to_the_security_page() -> None:
    superuser()
    client = browser()

    response = post_login(client, "root", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == SECURITY
    assert client.get(SECURITY).status_code == 200


def test_unverified_superuser_is_kept_on_the_security_page() -> None:
    superuser()
    client = browser()
    post_login(client, "root", PASSWORD)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == SECURITY


def test_superuser_who_turns_on_the_authenticator_may_go_everywhere(world: World) -> None:
    superuser()
    client = browser()
    post_login(client, "root", PASSWORD)
    client.post(SECURITY, {"action": "start"})
    device = TOTPDevice.objects.get(user__username="root", confirmed=False)

    client.post(SECURITY, {"action": "confirm", "token": totp_code(device)})

    assert client.get("/").status_code == 200


def test_admin_refuses_anonymous_visitors() -> None:
    response = browser().get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_refuses_staff_who_are_not_superusers_even_with_the_second_factor(
    world: World,
) -> None:
    User.objects.filter(pk=world.commune_officer.pk).update(is_staff=True)
    device = enrol(world.commune_officer)
    client = browser()
    post_login(client, "commune_officer", PASSWORD)
    client.post(LOGIN_CODE, {"token": totp_code(device)})
    assert logged_in_as(client) == str(world.commune_officer.pk)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_refuses_a_superuser_who_has_not_passed_the_second_factor() -> None:
    superuser()
    client = browser()
    post_login(client, "root", PASSWORD)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == SECURITY


@pytest.mark.parametrize(
    ("is_superuser", "verified", "allowed"),
    [
        (True, True, True),
        (True, False, False),
        (False, True, False),
    ],
)
def test_admin_site_lets_in_only_verified_superusers(
    is_superuser: bool, verified: bool, allowed: bool
) -> None:
    user, _ = services.user_provision(
        username="someone", password=PASSWORD, is_superuser=is_superuser
    )
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    setattr(user, "is_verified", lambda: verified)  # noqa: B010 - what OTPMiddleware adds
    request = RequestFactory().get("/admin/")
    request.user = user

    assert admin_site.has_permission(request) is allowed


def test_admin_lets_in_a_superuser_verified_with_the_second_factor() -> None:
    root = superuser()
    device = enrol(root)
    client = browser()
    assert post_login(client, "root", PASSWORD)["Location"] == LOGIN_CODE
    client.post(LOGIN_CODE, {"token": totp_code(device)})

    response = client.get("/admin/")

    assert response.status_code == 200
    assert logged_in_as(client) == str(root.pk)


# Log out


def test_logout_by_get_is_not_allowed(world: World) -> None:
    client = world.client(world.member)

    response = client.get(LOGOUT)

    assert response.status_code == 405
    assert logged_in_as(client) == str(world.member.pk)


def test_logout_by_post_ends_the_session(world: World) -> None:
    client = world.client(world.member)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert logged_in_as(client) is None


# Two-step settings


def test_security_page_needs_a_login() -> None:
    response = browser().get(SECURITY)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_security_page_turns_on_the_authenticator_step_by_step(world: World) -> None:
    client = world.client(world.member)
    first = client.get(SECURITY)
    assert first.status_code == 200
    assert b'value="start"' in first.content

    started = client.post(SECURITY, {"action": "start"})
    assert started.status_code == 302
    assert started["Location"] == SECURITY
    pending = client.get(SECURITY)
    assert pending.status_code == 200
    assert b"<svg" in pending.content
    assert b'value="confirm"' in pending.content
    device = TOTPDevice.objects.get(user=world.member, confirmed=False)
    assert not services.totp_has_device(world.member)

    confirmed = client.post(SECURITY, {"action": "confirm", "token": totp_code(device)})

    assert confirmed.status_code == 302
    assert services.totp_has_device(world.member)
    enabled = client.get(SECURITY)
    assert b'value="disable"' in enabled.content
    assert b"<svg" not in enabled.content


def test_security_page_refuses_a_wrong_code_when_confirming(world: World) -> None:
    client = world.client(world.member)
    client.post(SECURITY, {"action": "start"})
    device = TOTPDevice.objects.get(user=world.member, confirmed=False)

    response = client.post(SECURITY, {"action": "confirm", "token": wrong_code(device)})

    assert response.status_code == 400
    assert b'role="alert"' in response.content
    assert not services.totp_has_device(world.member)


def test_security_page_turns_the_authenticator_off_with_a_code(world: World) -> None:
    device = enrol(world.member)
    client = world.client(world.member)

    response = client.post(SECURITY, {"action": "disable", "token": totp_code(device)})

    assert response.status_code == 302
    assert not services.totp_has_device(world.member)


def test_security_page_does_not_let_a_superuser_turn_the_authenticator_off() -> None:
    root = superuser()
    device = enrol(root)
    client = browser()
    post_login(client, "root", PASSWORD)
    client.post(LOGIN_CODE, {"token": totp_code(device)})

    response = client.post(SECURITY, {"action": "disable", "token": totp_code(device)})

    assert response.status_code == 400
    assert services.totp_has_device(root)
