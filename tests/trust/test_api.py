import json
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from langso.access import SYSTEM
from langso.trust import services
from langso.trust.models import BlockEntry, BlockSource, Report, ReportStatus
from tests.roles import World, verified_superuser_client
from tests.unchanged import unchanged

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

CHECK = "/api/v1/trust/check"
REPORTS = "/api/v1/trust/reports"


def post(client: Client, url: str, body: Any) -> Any:
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(url, data, content_type="application/json")


def test_anyone_can_check_without_logging_in() -> None:
    response = post(Client(), CHECK, {"items": ["vietcombank-xacthuc.top", "vietcombank.com.vn"]})
    assert response.status_code == 200
    first, second = response.json()
    assert first["input"] == "vietcombank-xacthuc.top"
    assert first["kind"] == "link"
    assert first["verdict"] == "suspicious"
    assert first["reasons"][0]["code"] == "BRAND_IMPERSONATION"
    # Vietnamese by default, in the words the issue asks for.
    assert first["reasons"][0]["message"] == (
        "Tên miền này giả mạo Vietcombank: tên miền chính thức là vietcombank.com.vn."
    )
    assert first["reasons"][0]["label"] == "Giả mạo tên tuổi quen thuộc"
    assert second["verdict"] == "trusted"
    assert second["reasons"][0]["label"] == "Trang web chính thức"


def test_a_message_answers_with_its_parts() -> None:
    text = "Nhan qua tai shopee.tuanlevang.vn, goi 0912 345 678"
    (answer,) = post(Client(), CHECK, {"items": [text]}).json()
    assert answer["kind"] == "message"
    assert [p["kind"] for p in answer["parts"]] == ["link", "phone"]
    assert answer["parts"][0]["reasons"][0]["code"] == "BRAND_IN_SUBDOMAIN"


def test_english_callers_get_english_sentences() -> None:
    response = Client().post(
        CHECK,
        json.dumps({"items": ["evil-unknown-site.com"]}),
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    reason = response.json()[0]["reasons"][0]
    assert reason["code"] == "UNKNOWN_LINK"
    assert reason["message"].startswith("We have no information about this website.")


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"code", "message", "field", "details"}
    return dict(body)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"items": []}, 422, "TRUST_EMPTY"),
        ({"items": ["   "]}, 422, "TRUST_EMPTY"),
        ({"items": ["x.vn"] * 51}, 413, "TRUST_TOO_MANY_ITEMS"),
        ({"items": ["a" * 6000]}, 413, "TRUST_ITEM_TOO_LONG"),
        ({"items": ["abc\x00\x01\x02.vn"]}, 422, "TRUST_NOT_TEXT"),
        ({"items": ["xn--zz.com"]}, 422, "TRUST_LINK_INVALID"),
        ({"items": ["http://a..b.vn/"]}, 422, "TRUST_LINK_INVALID"),
        ({"items": ["http://" + "abc." * 80 + "vn"]}, 422, "TRUST_LINK_INVALID"),
        ({"items": ["https://vietcombank.com.vn:70000/"]}, 422, "TRUST_LINK_INVALID"),
        ({"items": [42]}, 422, "INVALID_INPUT"),
        ({"things": ["x.vn"]}, 422, "INVALID_INPUT"),
        ("{not json", 422, "TRUST_BAD_JSON"),
        (b"\xff\xfe\x00\x01binary", 422, "TRUST_NOT_TEXT"),
    ],
)
def test_bad_input_gets_a_clear_error_with_a_code(body: Any, status: int, code: str) -> None:
    response = post(Client(), CHECK, body)
    assert response.status_code == status
    assert error_of(response)["code"] == code


def test_ten_megabytes_of_text_get_413_with_a_code() -> None:
    body = json.dumps({"items": ["a" * (10 * 1024 * 1024)]})
    response = post(Client(), CHECK, body)
    assert response.status_code == 413
    assert error_of(response)["code"] == "TRUST_TOO_LARGE"


def test_an_invalid_link_error_says_which_item(engine: Any) -> None:
    response = post(Client(), CHECK, {"items": ["vietcombank.com.vn", "xn--zz.com"]})
    assert error_of(response)["details"]["index"] == 1


def test_the_check_is_rate_limited_per_address(settings: Any) -> None:
    settings.LANGSO_TRUST_CHECKS_PER_MINUTE = 3
    # 10:07:30 UTC: the one-minute window ends in 30 seconds.
    with time_machine.travel(datetime(2026, 3, 2, 10, 7, 30, tzinfo=UTC), tick=False):
        client = Client()
        answers = [post(client, CHECK, {"items": ["x.vn"]}) for _ in range(4)]
        other = post(Client(REMOTE_ADDR="10.0.0.7"), CHECK, {"items": ["x.vn"]})

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused["Retry-After"] == "30"
    assert error_of(refused)["code"] == "RATE_LIMITED"
    assert error_of(refused)["details"] == {"retry_after_seconds": 30}
    assert other.status_code == 200


def test_anyone_can_report_and_it_waits_for_moderation() -> None:
    response = post(Client(), REPORTS, {"text": "0987 654 321", "story": "Goi mao danh cong an"})
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "phone"
    assert body["status"] == "pending"
    assert Report.objects.get(pk=body["id"]).value == "+84987654321"


def test_links_that_hide_a_brand_outside_their_host_are_suspicious() -> None:
    links = [
        "https://evil.example\\.vietcombank.com.vn/",
        "https://evil.example#.vietcombank.com.vn",
    ]
    for answer in post(Client(), CHECK, {"items": links}).json():
        assert answer["verdict"] == "suspicious"
        disguise = next(r for r in answer["reasons"] if r["code"] == "DISGUISED_LINK")
        assert disguise["message"] == (
            "Đường link có chữ “vietcombank.com.vn” trông giống địa chỉ của Vietcombank, "
            "nhưng thực ra nó mở một trang web khác: evil.example."
        )


def test_a_link_no_browser_can_open_cannot_be_reported() -> None:
    response = post(Client(), REPORTS, {"text": "https://evil.example%2F.vietcombank.com.vn"})
    assert response.status_code == 422
    assert error_of(response)["code"] == "TRUST_LINK_INVALID"
    assert not Report.objects.exists()


def test_a_bad_report_gets_a_clear_error() -> None:
    response = post(Client(), REPORTS, {"text": ""})
    assert response.status_code == 422
    assert error_of(response)["code"] == "TRUST_EMPTY"
    assert not Report.objects.exists()


def test_reports_are_rate_limited_per_address(settings: Any) -> None:
    settings.LANGSO_TRUST_REPORTS_PER_HOUR = 1
    client = Client()
    assert post(client, REPORTS, {"text": "evil.top"}).status_code == 201
    assert post(client, REPORTS, {"text": "evil.top"}).status_code == 429
    assert Report.objects.count() == 1


# Moderation access ---------------------------------------------------------------------------


def test_anonymous_callers_cannot_list_or_moderate_reports() -> None:
    report = services.report_create(actor=SYSTEM, text="evil.top")
    assert Client().get(REPORTS).status_code == 401
    with unchanged(Report, BlockSource, BlockEntry):
        response = post(Client(), f"{REPORTS}/{report.pk}/moderate", {"decision": "confirm"})
    assert response.status_code == 401


def test_members_and_commune_officers_get_404(world: World) -> None:
    report = services.report_create(actor=SYSTEM, text="evil.top")
    for user in [world.member, world.leader, world.commune_officer, world.outsider]:
        client = world.client(user)
        assert client.get(REPORTS).status_code == 404
        with unchanged(Report, BlockSource, BlockEntry):
            response = post(client, f"{REPORTS}/{report.pk}/moderate", {"decision": "confirm"})
        assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING


def test_province_officers_list_and_moderate_reports(world: World) -> None:
    report = services.report_create(actor=SYSTEM, text="evil.top", story="lua dao")
    client = world.client(world.province_officer)
    listed = client.get(REPORTS).json()
    assert [r["id"] for r in listed] == [report.pk]
    response = post(client, f"{REPORTS}/{report.pk}/moderate", {"decision": "confirm"})
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    (answer,) = post(Client(), CHECK, {"items": ["evil.top"]}).json()
    assert answer["verdict"] == "scam"


def test_superusers_moderate_reports() -> None:
    report = services.report_create(actor=SYSTEM, text="evil.top")
    _user, client = verified_superuser_client()
    response = post(client, f"{REPORTS}/{report.pk}/moderate", {"decision": "reject"})
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"


def test_moderating_a_missing_report_is_404(world: World) -> None:
    client = world.client(world.province_officer)
    with unchanged(Report, BlockSource, BlockEntry):
        response = post(client, f"{REPORTS}/999999/moderate", {"decision": "confirm"})
    assert response.status_code == 404
    assert error_of(response)["code"] == "TRUST_REPORT_NOT_FOUND"
