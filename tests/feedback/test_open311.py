"""Open311 GeoReport v2: every endpoint in XML and JSON, their errors, and the rule that both
formats say the same thing (the XML read back by the Spark convention equals the JSON)."""

import io
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from defusedxml import ElementTree
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from langso.feedback import services
from langso.feedback.models import Category, Channel, Report, Status
from tests.feedback.helpers import LAT, LON, aware, file_report
from tests.roles import World

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
FORMATS = ("xml", "json")
CONTAINERS = {"services", "service_requests", "endpoints", "formats", "attributes", "values"}
CONTAINERS |= {"errors"}
W3 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


def spark(element: Any) -> Any:
    """XML → the JSON shape by the Spark convention (containers become lists)."""
    children = list(element)
    if element.tag in CONTAINERS:
        return [spark(child) for child in children]
    if not children:
        return element.text
    return {child.tag: spark(child) for child in children}


def as_text(value: Any) -> Any:
    """JSON values as XML carries them: every scalar a string, booleans spelled true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return {key: as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_text(item) for item in value]
    return None if value is None else str(value)


def call(
    client: Client, method: str, path: str, fmt: str, data: dict[str, Any] | None = None
) -> tuple[int, Any, Any]:
    url = f"{BASE}/{path}.{fmt}"
    response = client.post(url, data or {}) if method == "POST" else client.get(url, data or {})
    body = response.content
    if fmt == "xml":
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        root = ElementTree.fromstring(body)
        return response.status_code, spark(root), root
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.status_code, json.loads(body.decode("utf-8")), None


def both(client: Client, method: str, path: str, data: dict[str, Any] | None = None) -> Any:
    """Ask in both formats; they must agree. Returns the JSON and the status."""
    status_xml, from_xml, _root = call(client, method, path, "xml", data)
    status_json, from_json, _ = call(client, method, path, "json", data)
    assert status_xml == status_json
    assert from_xml == as_text(from_json)
    return status_json, from_json


def assert_error(client: Client, method: str, path: str, status: int, data: Any = None) -> str:
    for fmt in FORMATS:
        code, body, root = call(client, method, path, fmt, data)
        assert code == status, (fmt, body)
        if fmt == "xml":
            assert root.tag == "errors"
            assert [child.tag for child in root] == ["error"]
        assert body[0]["code"] in (status, str(status))
        assert body[0]["description"]
    return str(body[0]["description"])


@pytest.fixture
def key(db: None) -> str:
    _key, raw = services.open311_key_create(name="Ứng dụng thử nghiệm")
    return raw


# Discovery and services


def test_discovery_lists_the_v2_endpoint_in_both_formats(world: World) -> None:
    status, body = both(Client(), "GET", "discovery")
    assert status == 200
    assert set(body) == {"changeset", "contact", "key_service", "endpoints"}
    (endpoint,) = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert W3.match(body["changeset"])
    assert Client().get(f"{BASE}/").status_code == 302


def test_the_service_list_holds_every_active_category(world: World) -> None:
    status, body = both(Client(), "GET", "services", {"jurisdiction_id": "14"})
    assert status == 200
    codes = [service["service_code"] for service in body]
    assert codes == list(Category.objects.filter(is_active=True).values_list("code", flat=True))
    road = body[0]
    assert set(road) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    assert road["metadata"] is False
    assert road["type"] == "realtime"
    assert road["service_name"] == "Đường sá, cầu, cống hư hỏng"


def test_the_service_list_speaks_english_when_asked(world: World) -> None:
    response = Client().get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="en")
    assert json.loads(response.content)[0]["service_name"] == "Damaged roads, bridges and culverts"


def test_an_unknown_jurisdiction_is_404(world: World) -> None:
    description = assert_error(Client(), "GET", "services", 404, {"jurisdiction_id": "99"})
    assert "jurisdiction_id" in description
    assert_error(Client(), "GET", "requests", 404, {"jurisdiction_id": "99"})
    assert_error(Client(), "GET", "services/duong-sa", 404, {"jurisdiction_id": "99"})


def test_a_service_definition_has_no_attributes(world: World) -> None:
    status, body = both(Client(), "GET", "services/lua-dao")
    assert status == 200
    assert body == {"service_code": "lua-dao", "attributes": []}
    assert_error(Client(), "GET", "services/no-such-service", 404)


# Creating requests


def test_creating_a_request_needs_a_valid_api_key(world: World, key: str) -> None:
    data = {"service_code": "duong-sa", "address_id": "03721", "description": "Ổ gà"}
    assert "api_key" in assert_error(Client(), "POST", "requests", 403, data)
    assert_error(Client(), "POST", "requests", 403, {**data, "api_key": key + "x"})
    assert not Report.objects.exists()


def test_a_request_created_by_address_id_goes_to_that_village(world: World, key: str) -> None:
    for fmt in FORMATS:
        data = {
            "api_key": key,
            "jurisdiction_id": "14",
            "service_code": "duong-sa",
            "address_id": world.code(world.village_a1),
            "description": "Cầu treo bản Hua Nà bị gãy một tấm ván",
            "first_name": "Xuân",
            "last_name": "Lò Văn",
            "phone": "0912345678",
            "email": "x@example.vn",
        }
        status, body, _root = call(Client(), "POST", "requests", fmt, data)
        assert status == 200
        (answer,) = body
        assert set(answer) == {"service_request_id", "service_notice", "account_id"}
        report = Report.objects.get(code=answer["service_request_id"])
        assert report.channel == Channel.OPEN311
        assert report.village == world.village_a1
        assert report.name_masked == "X. L. V."
        assert report.phone_masked == "*******678"
        assert not report.wants_updates


def test_a_request_with_only_a_point_waits_in_the_provinces_queue(world: World, key: str) -> None:
    data = {"api_key": key, "service_code": "dien", "lat": LAT, "long": LON, "description": "x"}
    status, body, _ = call(Client(), "POST", "requests", "json", data)
    assert status == 200
    report = Report.objects.get(code=body[0]["service_request_id"])
    assert report.commune is None
    assert report.province_code == "14"


def test_a_request_by_address_string_finds_the_commune(world: World, key: str) -> None:
    data = {
        "api_key": key,
        "service_code": "nuoc",
        "address_string": "Xã Mường É, Sơn La",
        "description": "Mất nước 3 ngày",
    }
    status, body, _ = call(Client(), "POST", "requests", "xml", data)
    assert status == 200
    assert Report.objects.get(code=body[0]["service_request_id"]).commune == world.commune_b


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"service_code": ""}, 400),
        ({"service_code": "no-such"}, 404),
        ({"lat": "", "long": ""}, 400),
        ({"lat": "91", "long": "500"}, 400),
        ({"jurisdiction_id": "99"}, 404),
        ({"address_id": "99999", "lat": "", "long": ""}, 400),
        ({"description": ""}, 400),
        ({"description": "x" * 4001}, 400),
        ({"phone": "123"}, 400),
    ],
)
def test_bad_requests_are_refused_in_the_specs_error_format(
    world: World, key: str, change: dict[str, str], status: int
) -> None:
    data = {"api_key": key, "service_code": "duong-sa", "lat": LAT, "long": LON}
    data["description"] = "Đường hỏng"
    assert_error(Client(), "POST", "requests", status, {**data, **change})
    assert not Report.objects.exists()


def test_a_photo_may_come_with_the_request_and_is_cleaned(world: World, key: str) -> None:
    from tests.feedback.helpers import jpeg_with_gps

    upload = io.BytesIO(jpeg_with_gps())
    upload.name = "a.jpg"
    response = Client().post(
        f"{BASE}/requests.json",
        {
            "api_key": key,
            "service_code": "duong-sa",
            "address_id": "03721",
            "description": "ảnh",
            "media": upload,
        },
    )
    assert response.status_code == 200
    report = Report.objects.get(code=json.loads(response.content)[0]["service_request_id"])
    assert b"GPS" not in bytes(report.photos.get().content)


# Reading requests


def test_a_request_reads_the_same_in_both_formats_without_personal_data(world: World) -> None:
    report = file_report(
        world,
        name="Lò Văn Xuân",
        phone="0912345678",
        latitude="21.434567",
        longitude="103.676543",
        description="Đường hỏng <b>nặng</b>",
        description_public=True,
    )
    status, body = both(Client(), "GET", f"requests/{report.code}")
    assert status == 200
    (item,) = body
    assert list(item) == REQUEST_FIELDS
    assert item["service_request_id"] == report.code
    assert item["status"] == "open"
    assert item["status_notes"] == "mới" or item["status_notes"] == "new"
    assert item["description"] == "Đường hỏng <b>nặng</b>"
    assert item["address"] == "Bản Hua Nà, Xã Thuận Châu, Tỉnh Sơn La"
    assert item["address_id"] == world.code(world.village_a1)
    assert item["lat"] == 21.435 and item["long"] == 103.677
    for stamp in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert W3.match(item[stamp]), stamp
    assert item["expected_datetime"].startswith(report.due_on.isoformat())
    raw = Client().get(f"{BASE}/requests/{report.code}.json").content
    for secret in (b"Xu\xc3\xa2n", b"0912", b"+8491", b"<b>"):
        assert secret not in raw
    assert b"\\u003cb\\u003e" in raw


def test_the_description_is_withheld_unless_its_author_published_it(world: World) -> None:
    report = file_report(world)
    _status, body = both(Client(), "GET", f"requests/{report.code}")
    assert body[0]["description"] is None


def test_statuses_map_to_open_and_closed_with_the_detail_in_extensions(world: World) -> None:
    officer = world.commune_officer
    report = file_report(world)
    services.report_set_status(actor=officer, report=report, status=Status.IN_PROGRESS)
    _status, body = both(Client(), "GET", f"requests/{report.code}", {"extensions": "true"})
    assert body[0]["status"] == "open"
    extended = body[0]["extended_attributes"]
    assert extended["detailed_status"] == "in_progress"
    assert extended["overdue"] is False
    assert extended["tracking_url"].endswith(f"/feedback/track/{report.code}/")
    services.report_set_status(
        actor=officer, report=report, status=Status.RESOLVED, reply="Đã sửa xong"
    )
    _status, body = both(Client(), "GET", f"requests/{report.code}", {"extensions": "true"})
    assert body[0]["status"] == "closed"
    assert body[0]["status_notes"] == "Đã sửa xong"
    assert body[0]["extended_attributes"]["detailed_status"] == "resolved"
    _status, plain = both(Client(), "GET", f"requests/{report.code}")
    assert "extended_attributes" not in plain[0]


def test_requests_are_filtered_as_the_spec_says(world: World) -> None:
    officer = world.commune_officer
    road = file_report(world)
    power = file_report(world, category="dien")
    closed = file_report(world, category="dien")
    services.report_set_status(actor=officer, report=closed, status="rejected", reply="Không")
    old = file_report(world, place="03721", made_at=aware(2026, 1, 5, 9, 0))
    client = Client()

    def ids(params: dict[str, str]) -> set[str]:
        status, body = both(client, "GET", "requests", params)
        assert status == 200
        return {item["service_request_id"] for item in body}

    assert ids({}) == {road.code, power.code, closed.code}
    assert ids({"service_code": "dien"}) == {power.code, closed.code}
    assert ids({"service_code": "dien,duong-sa", "status": "open"}) == {road.code, power.code}
    assert ids({"status": "closed"}) == {closed.code}
    assert ids({"status": "open,closed"}) == {road.code, power.code, closed.code}
    assert ids({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-02-01T00:00:00+07:00"}) == {
        old.code
    }
    assert ids({"start_date": "2026-01-01"}) == {old.code}
    assert ids({"service_request_id": f"{old.code},{road.code.lower()}", "status": "closed"}) == {
        old.code,
        road.code,
    }
    assert ids({"jurisdiction_id": "14"}) == {road.code, power.code, closed.code}
    assert ids({"page_size": "1"}) == {closed.code}
    assert ids({"page_size": "1", "page": "3"}) == {road.code}


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
        {"start_date": "yesterday"},
        {"end_date": "2026-13-45"},
        {"start_date": "2026-03-01", "end_date": "2026-02-01"},
        {"status": "pending"},
        {"page": "0"},
        {"page_size": "many"},
    ],
)
def test_bad_filters_are_refused_with_400(world: World, params: dict[str, str]) -> None:
    assert_error(Client(), "GET", "requests", 400, params)


def test_an_unknown_request_or_token_is_404(world: World) -> None:
    assert_error(Client(), "GET", "requests/ABCD2345", 404)
    assert_error(Client(), "GET", "tokens/nope", 404)


def test_a_token_resolves_to_its_request(world: World) -> None:
    report = file_report(world)
    status, body = both(Client(), "GET", f"tokens/{report.token}", {"jurisdiction_id": "14"})
    assert status == 200
    assert body == [{"service_request_id": report.code, "token": report.token}]


def test_unknown_resources_and_methods_answer_in_the_spec_format(world: World) -> None:
    assert_error(Client(), "GET", "nothing/here", 404)
    response = Client().get(f"{BASE}/services.csv")
    assert response.status_code == 404
    assert ElementTree.fromstring(response.content).tag == "errors"
    assert_error(Client(), "POST", "services", 405)
    assert_error(Client(), "POST", "discovery", 405)


def test_only_the_last_90_days_are_listed_by_default(world: World) -> None:
    report = file_report(world, place="03721", made_at=timezone.now() - timedelta(days=95))
    _status, body = both(Client(), "GET", "requests")
    assert report.code not in {item["service_request_id"] for item in body}


def test_create_open311_key_prints_a_working_key(world: World) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_open311_key", "Cổng dịch vụ tỉnh", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert "Cổng dịch vụ tỉnh" in err.getvalue()
    assert services.open311_key_use(raw) is not None
    data = {"api_key": raw, "service_code": "khac", "address_id": "03721", "description": "Góp ý"}
    assert Client().post(f"{BASE}/requests.json", data).status_code == 200


def test_too_many_reads_answer_429_with_retry_after(world: World) -> None:
    # 10:07:30 UTC: the ten-minute window of the read limit ends in 150 seconds.
    with time_machine.travel(datetime(2026, 3, 2, 10, 7, 30, tzinfo=UTC), tick=False):
        client = Client()
        for _ in range(services.OPEN311_READ_PER_IP.count):
            client.get(f"{BASE}/requests/ABCD2345.json")
        response = client.get(f"{BASE}/requests/ABCD2345.json")

    assert response.status_code == 429
    assert response["Retry-After"] == "150"
    assert response.json()[0]["code"] == 429


def test_a_request_past_the_photo_budget_of_its_address_is_429(world: World, key: str) -> None:
    from langso.core.ratelimit import hit
    from langso.feedback.images import PIXELS_PER_ADDRESS
    from tests.feedback.helpers import jpeg_with_gps

    hit(PIXELS_PER_ADDRESS, "127.0.0.1", amount=PIXELS_PER_ADDRESS.count)
    upload = io.BytesIO(jpeg_with_gps())
    upload.name = "a.jpg"
    data = {"api_key": key, "service_code": "duong-sa", "address_id": "03721", "media": upload}
    data["description"] = "ảnh"

    response = Client().post(f"{BASE}/requests.json", data)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "media" in response.json()[0]["description"]
    assert not Report.objects.exists()
