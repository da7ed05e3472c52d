from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from langso.access import SYSTEM
from langso.core.errors import code_label
from langso.trust import services
from langso.trust.models import BlockEntry, BlockSource, Report, ReportStatus
from tests.roles import World, verified_superuser_client
from tests.unchanged import unchanged

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def test_the_check_page_also_answers_with_a_slash() -> None:
    response = Client().get("/kiem-tra/?q=0912345678")
    assert response.status_code == 301
    assert response["Location"] == "/kiem-tra?q=0912345678"


def test_the_check_page_is_public_and_in_vietnamese() -> None:
    response = Client().get("/kiem-tra")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    assert b'name="q"' in response.content


def test_the_check_works_with_a_plain_form_post() -> None:
    client = Client(enforce_csrf_checks=False)
    response = client.post("/kiem-tra", {"q": "https://vietcombank.com.vn.xacthuc.top/"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "verdict-suspicious" in page
    # The reason's words first; its code only in small print after the sentence.
    assert "<strong>Gắn tên quen thuộc trước một trang khác.</strong>" in page
    assert '<small class="reason-code muted">BRAND_IN_SUBDOMAIN</small>' in page
    assert "vietcombank.com.vn" in page


def test_the_page_warns_of_a_brand_behind_a_backslash() -> None:
    page = Client().post("/kiem-tra", {"q": "https://evil.example\\.vietcombank.com.vn/"})
    text = page.content.decode()
    assert "verdict-suspicious" in text
    assert "LINK_TRICK" in text and "DISGUISED_LINK" in text
    assert "evil.example/.vietcombank.com.vn/" in text


def test_a_message_shows_each_item_with_its_colour() -> None:
    text = "Vao vietcombank.com.vn hoac vcb-uudai.top, goi +855 12 345 678"
    page = Client().post("/kiem-tra", {"q": text}).content.decode()
    assert "verdict-trusted" in page and "verdict-suspicious" in page
    assert "FOREIGN_PHONE" in page


def test_the_page_shows_decoded_punycode() -> None:
    page = Client().get("/kiem-tra", {"q": "xn--vietcombnk-lj3e.com.vn"}).content.decode()
    assert "vietcombạnk.com.vn" in page
    assert "HOMOGLYPH" in page


@pytest.mark.parametrize(
    ("text", "status", "code"),
    [
        ("", 422, "TRUST_EMPTY"),
        ("xn--zz.com", 422, "TRUST_LINK_INVALID"),
        ("abc\x00def", 422, "TRUST_NOT_TEXT"),
        ("a" * 6000, 413, "TRUST_ITEM_TOO_LONG"),
    ],
)
def test_bad_input_on_the_page_shows_the_error_and_its_code(
    text: str, status: int, code: str
) -> None:
    response = Client().post("/kiem-tra", {"q": text})
    assert response.status_code == status
    page = response.content.decode()
    assert f"Mã lỗi: <code>{code}</code>" in page
    with translation.override("vi"):
        assert f"<strong>{code_label(code)}.</strong>" in page


def test_ten_megabytes_posted_to_the_page_get_413_not_500() -> None:
    response = Client().post("/kiem-tra", {"q": "a" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert "TRUST_TOO_LARGE" in response.content.decode()


def test_anyone_can_report_from_the_page() -> None:
    response = Client().post("/kiem-tra/bao-cao", {"text": "0987654321", "story": "lua dao"})
    assert response.status_code == 302
    prefilled = Client().get("/kiem-tra/bao-cao", {"text": "evil.top"}).content.decode()
    assert 'value="evil.top"' in prefilled


def test_a_bad_report_on_the_page_shows_the_code() -> None:
    response = Client().post("/kiem-tra/bao-cao", {"text": "goi 0912345678 hoac vao vcb.top"})
    assert response.status_code == 400
    assert "TRUST_REPORT_INVALID" in response.content.decode()
    assert not Report.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_for_moderation() -> None:
    response = Client().get("/kiem-tra/kiem-duyet")
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


def test_members_get_404_on_the_moderation_page(world: World) -> None:
    report = services.report_create(actor=SYSTEM, text="evil.top")
    for user in [world.member, world.commune_officer, world.outsider]:
        client = world.client(user)
        assert client.get("/kiem-tra/kiem-duyet").status_code == 404
        with unchanged(Report, BlockSource, BlockEntry):
            response = client.post(f"/kiem-tra/kiem-duyet/{report.pk}", {"decision": "confirm"})
        assert response.status_code == 404


def test_province_officers_moderate_from_the_page(world: World) -> None:
    report = services.report_create(actor=SYSTEM, text="evil.top", story="tin nhan gia mao")
    client = world.client(world.province_officer)
    page = client.get("/kiem-tra/kiem-duyet").content.decode()
    assert "evil.top" in page and "tin nhan gia mao" in page
    response = client.post(f"/kiem-tra/kiem-duyet/{report.pk}", {"decision": "confirm"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CONFIRMED


def test_superusers_see_the_moderation_page(settings: Any) -> None:
    _user, client = verified_superuser_client()
    assert client.get("/kiem-tra/kiem-duyet?status=confirmed").status_code == 200


def test_a_refused_check_page_says_when_to_come_back(settings: Any) -> None:
    settings.LANGSO_TRUST_CHECKS_PER_MINUTE = 2
    # 10:07:30 UTC: the one-minute window ends in 30 seconds.
    with time_machine.travel(datetime(2026, 3, 2, 10, 7, 30, tzinfo=UTC), tick=False):
        client = Client()
        answers = [client.get("/kiem-tra", {"q": "x.vn"}) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[-1]["Retry-After"] == "30"
    assert "30 giây" in answers[-1].content.decode()
    assert "Retry-After" not in answers[0]
