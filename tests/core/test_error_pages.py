"""The pages people meet when something is wrong speak Vietnamese and say what to do."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from langso.feedback.models import Report
from tests.roles import World

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_sites_own_404_page(world: World) -> None:
    for who in (None, world.member):
        response = world.client(who).get("/khong-co-trang-nay/")
        assert response.status_code == 404
        page = response.content.decode()
        assert "Không tìm thấy trang" in page
        assert "Làng Số" in page


def test_a_form_sent_without_its_token_says_it_expired_in_vietnamese(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.commune_officer)
    response = client.post("/feedback/reports/new/", {"description": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in page
    assert "CSRF" not in page
    assert not Report.objects.exists()


def test_the_server_error_page_needs_neither_the_request_nor_the_database() -> None:
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Có lỗi ở máy chủ" in page
    assert "Something went wrong on the server" in page


def test_a_nul_in_an_address_or_query_is_refused_before_any_view(world: World) -> None:
    client = world.client(world.province_officer)
    api = client.get("/api/v1/units/14%00/indicators")
    assert api.status_code == 400
    assert api.json()["code"] == "NUL_CHARACTER"
    page = client.get("/units/14/dashboard/", {"on": "2025-01-01\x00"})
    assert page.status_code == 400
    text = page.content.decode()
    # The problem's words head the page; the code follows in small print.
    assert "<h1>Địa chỉ chứa ký tự không được phép</h1>" in text
    assert '<p class="small muted">Mã lỗi: <code>NUL_CHARACTER</code></p>' in text
    assert client.get("/units/14/dashboard/", {"on": "2025-01-01"}).status_code == 200
