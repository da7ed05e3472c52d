"""Vietnamese first: the language switch decides, not the phone's system language."""

import pytest
from django.conf import settings
from django.test import Client

from tests.roles import World

pytestmark = pytest.mark.django_db


def test_pages_are_vietnamese_even_for_a_browser_that_asks_for_english() -> None:
    page = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "vi"
    assert "Đăng nhập" in page.content.decode()


def test_the_language_switch_turns_pages_into_english() -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/")
    assert page["Content-Language"] == "en"
    assert "Log in" in page.content.decode()


def test_the_api_follows_accept_language_for_programs(world: World) -> None:
    english = world.client(None).get("/api/v1/units/14", HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = world.client(None).get("/api/v1/units/14")
    assert english.json()["message"] != vietnamese.json()["message"]
    assert vietnamese["Content-Language"] == "vi"


def test_an_unknown_language_cookie_falls_back_to_vietnamese() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/accounts/login/")["Content-Language"] == "vi"
