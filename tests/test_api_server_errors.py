"""An error nobody foresaw never answers an API caller with the site's HTML page: inside an
operation or outside it (a middleware), an address under /api/ gets the API's JSON shape, and
the error is logged with its traceback but never shown (issue 11)."""

import json
import logging
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client

from langso.core.web import RefuseNulMiddleware
from langso.trust import selectors as trust_selectors

pytestmark = pytest.mark.django_db

SECRET = "no such table: trust_secret_column"


def explode(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError(SECRET)


def assert_api_server_error(response: Any) -> None:
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "field", "details"}
    assert body["code"] == "SERVER_ERROR"
    assert body["message"].startswith("Máy chủ gặp lỗi")
    assert SECRET not in response.content.decode()


def test_an_uncaught_error_in_an_operation_answers_json_and_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(trust_selectors, "check_items", explode)
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR):
        response = client.post(
            "/api/v1/trust/check", json.dumps({"items": ["abc.vn"]}), "application/json"
        )
    assert_api_server_error(response)
    (record,) = [r for r in caplog.records if r.name == "langso.api"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[1] is not None
    assert str(record.exc_info[1]) == SECRET
    assert "/api/v1/trust/check" in record.getMessage()


def test_an_error_outside_the_operations_answers_json_under_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: RefuseNulMiddleware, request: HttpRequest) -> HttpResponse:
        raise RuntimeError(SECRET)

    monkeypatch.setattr(RefuseNulMiddleware, "__call__", broken)
    client = Client(raise_request_exception=False)
    assert_api_server_error(client.get("/api/v1/units/14"))
    assert_api_server_error(client.get("/api/no-such-address"))
    page = client.get("/kiem-tra")
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")
    assert "Có lỗi ở máy chủ" in page.content.decode()


def test_a_page_still_gets_the_sites_html_error_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trust_selectors, "check_items", explode)
    page = Client(raise_request_exception=False).post("/kiem-tra", {"q": "abc.vn"})
    assert page.status_code == 500
    assert "Có lỗi ở máy chủ" in page.content.decode()
    assert SECRET not in page.content.decode()
