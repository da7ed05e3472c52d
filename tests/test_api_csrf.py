"""Who the API says is calling when a write comes without a login or from a browser session
without its CSRF token."""

import json
from typing import Any

import pytest
from django.test import Client

from langso.people.models import Household
from tests.roles import World

pytestmark = pytest.mark.django_db


def post(client: Client, path: str) -> Any:
    return client.post(path, json.dumps({"number": "7"}), content_type="application/json")


def test_a_write_without_any_login_is_401_not_a_csrf_refusal(world: World) -> None:
    answer = post(
        Client(enforce_csrf_checks=True), f"/api/v1/units/{world.code(world.village_a1)}/households"
    )
    assert answer.status_code == 401
    assert answer.json()["code"] == "NOT_AUTHENTICATED"
    assert not Household.objects.exists()


def test_a_sessions_write_without_the_csrf_token_is_refused_in_the_api_shape(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    answer = post(client, f"/api/v1/units/{world.code(world.village_a1)}/households")
    assert answer.status_code == 403
    body = answer.json()
    assert body["code"] == "CSRF_FAILED"
    assert "Làng Số" in body["message"] and "CSRF" not in body["message"]
    assert not Household.objects.exists()
