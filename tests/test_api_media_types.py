"""Operations that take JSON take nothing else: a body sent as text/plain, a form or multipart
(what any web page can make a visitor's browser send without asking) is refused with 415
before anything is done (issue 11)."""

import json
from typing import Any

import pytest
from django.test import Client

from langso.accounts.models import ApiToken
from langso.trust.models import Report
from langso.units.models import Unit
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db

VILLAGES = "/api/v1/units/03721/villages"
REFUSED_TYPES = [
    "text/plain",
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/jsonx",
    "",
]


def assert_refused(response: Any) -> None:
    assert response.status_code == 415
    body = response.json()
    assert set(body) == {"code", "message", "field", "details"}
    assert body["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert body["field"] == "Content-Type"
    assert body["message"].startswith("Hãy gửi nội dung dạng JSON")


@pytest.mark.parametrize("content_type", REFUSED_TYPES)
def test_a_public_operation_refuses_a_body_not_sent_as_json(
    content_type: str, settings: Any
) -> None:
    settings.LANGSO_TRUST_REPORTS_PER_HOUR = 1
    client = Client()
    body = json.dumps({"text": "evil-vcb.top", "story": "Tin nhắn giả ngân hàng"})
    assert_refused(client.post("/api/v1/trust/reports", body, content_type=content_type))
    assert_refused(client.post("/api/v1/trust/check", '{"items": ["x.vn"]}', content_type))
    assert not Report.objects.exists()
    # Refused before anything was done: not even counted against the address's limit.
    answer = client.post("/api/v1/trust/reports", body, content_type="application/json")
    assert answer.status_code == 201


@pytest.mark.parametrize("content_type", REFUSED_TYPES)
def test_the_token_operation_refuses_a_body_not_sent_as_json(
    world: World, content_type: str
) -> None:
    body = json.dumps({"username": world.member.username, "password": PASSWORD})
    assert_refused(Client().post("/api/v1/auth/token", body, content_type=content_type))
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("content_type", REFUSED_TYPES)
def test_an_authenticated_operation_refuses_a_body_not_sent_as_json(
    world: World, content_type: str
) -> None:
    client = world.client(world.commune_officer)
    before = Unit.objects.count()
    assert_refused(client.post(VILLAGES, json.dumps({"name": "Bản Mòng"}), content_type))
    assert Unit.objects.count() == before


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/x+json",
    ],
)
def test_json_in_any_spelling_is_taken(world: World, content_type: str) -> None:
    client = world.client(world.commune_officer)
    response = client.post(VILLAGES, json.dumps({"name": "Bản Mòng"}), content_type)
    assert response.status_code == 201


def test_the_public_check_takes_json_with_a_charset() -> None:
    response = Client().post(
        "/api/v1/trust/check", '{"items": ["x.vn"]}', "application/json; charset=utf-8"
    )
    assert response.status_code == 200


def test_the_openapi_document_declares_the_415_of_operations_taking_json() -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    for path, method in [
        ("/api/v1/trust/check", "post"),
        ("/api/v1/trust/reports", "post"),
        ("/api/v1/auth/token", "post"),
        ("/api/v1/units/{code}/villages", "post"),
    ]:
        assert "415" in paths[path][method]["responses"], path
    assert "415" not in paths["/api/v1/trust/reports"]["get"]["responses"]
