"""Browser sessions that know their user: each user sees the browsers logged in with their
account and logs one out; deactivation, a reset and a password change end them."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from langso.accounts import selectors, services
from langso.accounts.models import BrowserSession
from langso.accounts.sessions import session_ref
from langso.core.models import AuditAction, AuditEntry
from tests.accounts.helpers import speak_vietnamese_again
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese_after() -> Iterator[None]:
    yield
    speak_vietnamese_again()


DEVICES = reverse("accounts:devices")
LOGIN = reverse("accounts:login")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
ANDROID = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
NEW_PASSWORD = "Mật-khẩu-bản-Hua-Nà-7"


def logged_in(username: str, user_agent: str) -> Client:
    """A browser that logged in through the login page (as people do)."""
    client = Client(HTTP_USER_AGENT=user_agent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert answer.status_code == 302
    return client


def test_a_login_records_whose_session_it_is_and_in_which_browser(world: World) -> None:
    logged_in("member", FIREFOX)

    session = BrowserSession.objects.get(user=world.member)

    assert (session.browser, session.system) == ("Firefox", "Linux")
    assert session.logged_in_at is not None


def test_a_user_sees_their_browsers_and_logs_another_one_out(world: World) -> None:
    laptop = logged_in("member", FIREFOX)
    phone = logged_in("member", ANDROID)
    logged_in("leader", FIREFOX)

    page = laptop.get(DEVICES).content.decode()
    other = next(
        login
        for login in selectors.browser_logins(user=world.member, current_key=None)
        if "Android" in login.device
    )
    ended = laptop.post(reverse("accounts:session_end"), {"session": other.ref})

    assert "Firefox on Linux" in page and "Chrome on Android" in page
    assert "this browser" in page
    assert page.count('name="session"') == 1  # not this browser's own
    assert str(laptop.session.session_key) not in page
    assert str(phone.session.session_key) not in page
    assert ended.status_code == 302
    assert phone.get(DEVICES).status_code == 302
    assert laptop.get(DEVICES).status_code == 200
    assert BrowserSession.objects.filter(user=world.leader).count() == 1
    assert AuditEntry.objects.get(action=AuditAction.REVOKE_TOKEN).object_id == other.ref


def test_nobody_logs_out_anothers_browser(world: World) -> None:
    logged_in("leader", FIREFOX)
    leaders = BrowserSession.objects.get(user=world.leader)
    intruder = logged_in("member", FIREFOX)

    intruder.post(reverse("accounts:session_end"), {"session": session_ref(leaders.session_key)})

    assert BrowserSession.objects.filter(user=world.leader).exists()
    assert not AuditEntry.objects.exists()


def test_deactivation_and_reset_end_every_browser_session(world: World) -> None:
    logged_in("member", FIREFOX)
    logged_in("leader", FIREFOX)

    services.account_deactivate(actor=world.commune_officer, user=world.member)
    services.account_reset(actor=world.commune_officer, user=world.leader)

    assert not BrowserSession.objects.filter(user__in=[world.member, world.leader]).exists()


def test_a_password_change_ends_the_other_browsers_and_keeps_this_one(world: World) -> None:
    laptop = logged_in("member", FIREFOX)
    phone = logged_in("member", ANDROID)

    laptop.post(
        reverse("accounts:password"),
        {"current": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )

    assert laptop.get(DEVICES).status_code == 200
    assert phone.get(DEVICES).status_code == 302
    assert BrowserSession.objects.filter(user=world.member).count() == 1
