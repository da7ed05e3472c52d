"""The pages: the citizen's form and tracking page (no account), the commune's queue, report,
dashboard and outbox; who may open each, abuse limits, and HTML escaped everywhere."""

import io
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from langso.accounts import services as accounts
from langso.accounts.models import Role, User
from langso.core.models import AuditEntry
from langso.core.ratelimit import hit
from langso.feedback import services
from langso.feedback.images import PIXELS_PER_ADDRESS
from langso.feedback.models import Report, ReportEvent, ReportPhoto, Status
from langso.outreach.models import Delivery
from tests.feedback.helpers import file_report, jpeg_with_gps, officer_b, png_bytes
from tests.ids import ids_from
from tests.roles import PASSWORD, World
from tests.unchanged import unchanged

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def form_data(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "category": "duong-sa",
        "description": "Đường vào bản bị sạt lở",
        "place": world.code(world.village_a1),
        "place_q": "",
        "latitude": "",
        "longitude": "",
        "name": "",
        "phone": "",
        "consent": "on",
        "website": "",
        **changes,
    }


def png_4000() -> bytes:
    """A real PNG of 4,000 by 4,000 pixels (16 million, the most one PNG may have)."""
    out = io.BytesIO()
    Image.new("RGB", (4000, 4000), (90, 140, 60)).save(out, format="PNG")
    return out.getvalue()


def photo(name: str = "anh.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or jpeg_with_gps(), content_type="image/jpeg")


# The citizen's form


def test_the_form_opens_without_an_account(world: World) -> None:
    response = Client().get(reverse("feedback:new"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="website"' in text
    assert "Đường sá, cầu, cống hư hỏng" in text
    assert 'enctype="multipart/form-data"' in text


def test_a_citizen_files_a_report_with_photos_and_gets_a_code(world: World) -> None:
    data = form_data(world, photos=[photo(), photo("b.png", png_bytes())])
    data.update(name="Lò Văn Xuân", phone="0912 345 678", wants_updates="on")
    response = Client().post(reverse("feedback:new"), data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert response["Location"] == reverse("feedback:track_report", args=[report.code])
    assert report.photos.count() == 2
    for stored in ReportPhoto.objects.all():
        image = Image.open(io.BytesIO(bytes(stored.content)))
        assert not image.getexif()
    followed = Client().get(response["Location"])
    assert followed.status_code == 200


def test_the_photo_location_becomes_the_point_when_asked(world: World) -> None:
    data = form_data(world, photos=[photo()], use_photo_location="on")
    assert Client().post(reverse("feedback:new"), data).status_code == 302
    report = Report.objects.get()
    assert report.latitude is not None and abs(float(report.latitude) - 21.4345) < 0.001


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "Tick the box"),
        ({"place": ""}, "Choose the commune or village"),
        ({"category": ""}, ""),
        ({"description": ""}, ""),
        ({"phone": "12345"}, "not a valid phone number"),
        ({"latitude": "48.8", "longitude": "2.3"}, "not a point in Vietnam"),
    ],
)
def test_a_refused_form_says_why_and_stores_nothing(
    world: World, changes: dict[str, str], message: str
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("feedback:new"), form_data(world, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(world: World) -> None:
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = Client().post(reverse("feedback:new"), form_data(world, photos=[fake]))
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_more_than_three_photos_are_refused(world: World) -> None:
    photos = [photo(f"{n}.jpg") for n in range(4)]
    response = Client().post(reverse("feedback:new"), form_data(world, photos=photos))
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_body_over_the_size_limit_is_refused_before_reading(world: World) -> None:
    response = Client().post(
        reverse("feedback:new"), form_data(world), CONTENT_LENGTH=str(20 * 1024 * 1024)
    )
    assert response.status_code == 400
    assert "FEEDBACK_REQUEST_TOO_LARGE" in response.content.decode()
    assert not Report.objects.exists()


def test_the_honeypot_catches_robots(world: World) -> None:
    response = Client().post(reverse("feedback:new"), form_data(world, website="http://spam"))
    assert response.status_code == 400
    assert "FEEDBACK_SPAM_SUSPECTED" in response.content.decode()
    assert not Report.objects.exists()


def test_one_address_files_at_most_five_reports_in_ten_minutes(world: World) -> None:
    client = Client()
    for _ in range(5):
        assert client.post(reverse("feedback:new"), form_data(world)).status_code == 302
    refused = client.post(reverse("feedback:new"), form_data(world))
    assert refused.status_code == 429
    assert Report.objects.count() == 5
    other = Client(REMOTE_ADDR="10.0.0.7")
    assert other.post(reverse("feedback:new"), form_data(world)).status_code == 302


def test_the_place_search_ignores_diacritics(world: World) -> None:
    response = Client().get(reverse("feedback:places"), {"place_q": "hua na"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Bản Hua Nà" in text
    assert world.code(world.village_a1) in text
    assert "Xã Thuận Châu" in text
    nothing = Client().get(reverse("feedback:places"), {"place_q": SCRIPT})
    assert SCRIPT not in nothing.content.decode()
    assert "&lt;script&gt;" in nothing.content.decode()


def test_the_find_button_searches_places_without_javascript(world: World) -> None:
    data = form_data(world, place="", place_q="muong e", find="1")
    response = Client().post(reverse("feedback:new"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Xã Mường É" in text
    assert "errorlist" not in text
    assert "Đường vào bản bị sạt lở" in text
    assert not Report.objects.exists()


# Tracking


def test_the_tracking_page_shows_status_replies_and_dates_but_no_personal_data(
    world: World,
) -> None:
    report = file_report(world, name="Lò Văn Xuân", phone="0912345678")
    services.report_note(actor=world.commune_officer, report=report, text="Ghi chú nội bộ")
    services.report_set_status(
        actor=world.commune_officer, report=report, status="resolved", reply="Đã sửa xong"
    )
    for code in (report.code, report.code.lower(), f"{report.code[:4]}-{report.code[4:]}"):
        response = Client().get(reverse("feedback:track_report", args=[code]))
        assert response.status_code == 200
        assert response["X-Robots-Tag"] == "noindex"
        text = response.content.decode()
        assert "Đã sửa xong" in text
        for secret in ("Lò Văn", "0912", "L. V. X.", "Ghi chú nội bộ", "Đường vào bản"):
            assert secret not in text


def test_the_tracking_form_leads_to_the_report(world: World) -> None:
    report = file_report(world)
    response = Client().get(reverse("feedback:track"), {"code": f" {report.code.lower()} "})
    assert response["Location"] == reverse("feedback:track_report", args=[report.code])
    assert Client().get(reverse("feedback:track")).status_code == 200


def test_an_unknown_code_is_404_and_guessing_codes_is_limited(world: World) -> None:
    client = Client()
    assert client.get(reverse("feedback:track_report", args=["ABCD2345"])).status_code == 404
    for _ in range(59):
        client.get(reverse("feedback:track_report", args=["ABCD2345"]))
    assert client.get(reverse("feedback:track_report", args=["ABCD2345"])).status_code == 429


# Script injection in every text field


def test_script_in_every_text_field_is_escaped_everywhere(world: World, key_raw: str) -> None:
    client = Client()
    data = form_data(
        world,
        description=SCRIPT,
        name=SCRIPT,
        place_q=SCRIPT,
        latitude="",
        description_public="on",
    )
    response = client.post(reverse("feedback:new"), data)
    assert response.status_code == 302
    report = Report.objects.get()
    officer = world.client(world.commune_officer)
    for action, field in (("note", "text"), ("reply", "text")):
        officer.post(reverse(f"feedback:{action}", args=[report.code]), {field: SCRIPT})
    officer.post(
        reverse("feedback:status", args=[report.code]), {"status": "received", "reply": SCRIPT}
    )
    officer.post(reverse("feedback:duplicate", args=[report.code]), {"original": SCRIPT})
    officer.post(reverse("feedback:route", args=[report.code]), {"place": SCRIPT})
    revealed = officer.post(reverse("feedback:reveal", args=[report.code]), {"reason": SCRIPT})
    client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key_raw,
            "service_code": "khac",
            "address_string": SCRIPT,
            "lat": "21.4",
            "long": "103.6",
            "description": SCRIPT,
            "first_name": SCRIPT,
            "description_public": "on",
        },
    )
    pages = [
        client.get(reverse("feedback:track_report", args=[report.code])),
        officer.get(reverse("feedback:report", args=[report.code])),
        officer.get(reverse("feedback:queue")),
        officer.get(reverse("feedback:outbox")),
        officer.get(reverse("feedback:dashboard")),
        world.client(world.province_officer).get(reverse("feedback:queue")),
        revealed,
        client.get("/open311/v2/requests.xml", {"extensions": "true"}),
        client.get("/open311/v2/requests.json", {"extensions": "true"}),
        client.get(reverse("feedback:track"), {"code": SCRIPT}),
        client.post(reverse("feedback:new"), form_data(world, description=SCRIPT, consent="")),
    ]
    for page in pages:
        assert b"<script>alert" not in page.content, page.request["PATH_INFO"]
    assert b"&lt;script&gt;" in pages[0].content
    for other in Report.objects.exclude(pk=report.pk):
        reply = client.get(reverse("feedback:track_report", args=[other.code]))
        assert b"<script>alert" not in reply.content


@pytest.fixture
def key_raw(db: None) -> str:
    return services.open311_key_create(name="thử")[1]


# Officer pages: who may open them


def officer_pages(code: str, photo_id: int) -> list[tuple[str, str, str, dict[str, str]]]:
    """(name, method, url, data) of every officer page."""
    per_report: list[tuple[str, str, dict[str, str]]] = [
        ("report", "GET", {}),
        ("status", "POST", {"status": "received"}),
        ("assign", "POST", {"assignee": ""}),
        ("note", "POST", {"text": "ghi chú"}),
        ("reply", "POST", {"text": "trả lời"}),
        ("duplicate", "POST", {"original": "ABCD2345"}),
        ("route", "POST", {"place": "03721"}),
        ("hide", "POST", {}),
        ("reveal", "POST", {"reason": "gọi lại"}),
    ]
    pages = [
        (name, method, reverse(f"feedback:{name}", args=[code]), data)
        for name, method, data in per_report
    ]
    pages.append(("photo", "GET", reverse("feedback:photo", args=[photo_id]), {}))
    for name in ("queue", "dashboard", "dashboard_xlsx", "outbox"):
        pages.append((name, "GET", reverse(f"feedback:{name}"), {}))
    return pages


# What filing and handling a report write: none of it may change when a page refuses.
REPORTS = (Report, ReportEvent, ReportPhoto, Delivery, AuditEntry)
# Per-report pages answer 404 to officers of another commune; the lists open for them, empty.
LISTS = {"queue", "dashboard", "dashboard_xlsx", "outbox"}
# Actions on a report go back to its page (a refusal shows there as a message); showing the
# contact answers with the page itself.
ACTIONS = {"status", "assign", "note", "reply", "duplicate", "route", "hide"}


@pytest.fixture
def filed(world: World) -> Report:
    return file_report(world, photos=[jpeg_with_gps()], name="Lò Văn Xuân", phone="0912345678")


def test_anonymous_visitors_are_sent_to_log_in(world: World, filed: Report) -> None:
    with unchanged(*REPORTS):
        for _name, method, url, data in officer_pages(filed.code, filed.photos.get().pk):
            response = Client().get(url) if method == "GET" else Client().post(url, data)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("who", ["member", "leader", "member_b", "outsider"])
def test_team_members_and_people_without_a_role_get_404_everywhere(
    world: World, filed: Report, who: str
) -> None:
    client = world.client(getattr(world, who))
    with unchanged(*REPORTS):
        for _name, method, url, data in officer_pages(filed.code, filed.photos.get().pk):
            response = client.get(url) if method == "GET" else client.post(url, data)
            assert response.status_code == 404, url
    assert Report.objects.get().status == Status.NEW
    assert filed.events.count() == 1


def test_an_officer_of_another_commune_gets_404_for_the_report(world: World, filed: Report) -> None:
    client = world.client(officer_b(world))
    with unchanged(*REPORTS):
        for name, method, url, data in officer_pages(filed.code, filed.photos.get().pk):
            response = client.get(url) if method == "GET" else client.post(url, data)
            if name not in LISTS:
                assert response.status_code == 404, url
            else:
                assert response.status_code == 200, url
                assert filed.code.encode() not in response.content
    assert filed.events.count() == 1


@pytest.mark.parametrize("who", ["commune_officer", "province_officer"])
def test_officers_of_the_commune_and_province_open_every_page(
    world: World, filed: Report, who: str
) -> None:
    client = world.client(getattr(world, who))
    back = reverse("feedback:report", args=[filed.code])
    for name, method, url, data in officer_pages(filed.code, filed.photos.get().pk):
        response = client.get(url) if method == "GET" else client.post(url, data)
        if name in ACTIONS:
            assert (response.status_code, response["Location"]) == (302, back), url
        else:
            assert response.status_code == 200, url


def test_the_report_page_masks_the_contact_until_revealed_with_a_reason(
    world: World, filed: Report
) -> None:
    client = world.client(world.commune_officer)
    page = client.get(reverse("feedback:report", args=[filed.code]))
    text = page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    assert "L. V. X." in text and "**** *** 678" in text
    assert "Lò Văn Xuân" not in text and "0912 345 678" not in text
    assert (
        Image.open(
            io.BytesIO(client.get(reverse("feedback:photo", args=[filed.photos.get().pk])).content)
        ).format
        == "JPEG"
    )
    shown = client.post(reverse("feedback:reveal", args=[filed.code]), {"reason": "Gọi lại"})
    assert "Lò Văn Xuân" in shown.content.decode() and "0912 345 678" in shown.content.decode()
    refused = client.post(reverse("feedback:reveal", args=[filed.code]), {"reason": ""})
    assert refused.status_code == 302


def test_the_queue_makes_overdue_reports_stand_out(world: World) -> None:
    from tests.feedback.helpers import aware

    late = file_report(world, place="03721", made_at=aware(2026, 1, 5, 9, 0))
    fresh = file_report(world)
    page = world.client(world.commune_officer).get(reverse("feedback:queue"))
    text = page.content.decode()
    assert text.index(late.code) < text.index(fresh.code)
    assert text.count("overdue-row") == 1
    only = world.client(world.commune_officer).get(reverse("feedback:queue"), {"overdue": "on"})
    assert fresh.code not in only.content.decode()


def test_officers_handle_a_report_from_its_page(world: World) -> None:
    report = file_report(world, phone="0912345678", wants_updates=True)
    client = world.client(world.commune_officer)
    url = reverse("feedback:status", args=[report.code])
    assert client.post(url, {"status": "received"}).status_code == 302
    refused = client.post(url, {"status": "resolved"}, follow=True)
    assert "Thiếu nội dung trả lời" in refused.content.decode()
    client.post(url, {"status": "resolved", "reply": "Xong"})
    client.post(
        reverse("feedback:assign", args=[report.code]),
        {"assignee": str(world.commune_officer.pk)},
    )
    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    assert report.assigned_to == world.commune_officer
    outbox = client.get(reverse("feedback:outbox")).content.decode()
    assert "**** *** 678" in outbox and "0912345678" not in outbox
    assert Delivery.objects.filter(source_ref=str(report.pk)).count() == 3


def test_an_officer_numbered_a_thousand_or_more_can_be_assigned(world: World) -> None:
    """The choice of officer is sent as a plain number: "3.066" (as Vietnamese writes 3066)
    named nobody, and the report could not be assigned to any officer from the 1,000th on."""
    ids_from(User, 3066)
    officer, _ = accounts.user_provision(username="can.bo.moi", password=PASSWORD)
    accounts.role_grant(user=officer, role=Role.COMMUNE_OFFICER, unit=world.commune_a)
    assert officer.pk == 3066
    report = file_report(world)
    client = world.client(world.commune_officer)
    page = client.get(reverse("feedback:report", args=[report.code])).content.decode()
    assert '<option value="3066">' in page
    client.post(reverse("feedback:assign", args=[report.code]), {"assignee": "3066"})
    report.refresh_from_db()
    assert report.assigned_to == officer


def test_the_dashboard_counts_and_exports_xlsx(world: World) -> None:
    officer = world.commune_officer
    done = file_report(world)
    services.report_set_status(actor=officer, report=done, status="resolved", reply="Xong")
    file_report(world, category="dien")
    file_report(world, place=world.code(world.village_b1))
    client = world.client(officer)
    page = client.get(reverse("feedback:dashboard"))
    assert page.status_code == 200
    board = page.context["board"]
    assert board.total == 2
    assert board.answered == 1 and board.on_time == 1
    xlsx = client.get(reverse("feedback:dashboard_xlsx"), {"unit": "03721"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "XÃ THUẬN CHÂU" in values
    assert "Reports received" in values or "Số phản ánh" in values or 2 in values
    assert client.get(reverse("feedback:dashboard"), {"unit": "03727"}).status_code == 404
    bad = client.get(reverse("feedback:dashboard"), {"from": "hôm qua"})
    assert bad.status_code == 400


def test_a_refused_lookup_says_when_to_come_back() -> None:
    # 10:07:30 UTC: the ten-minute window of the tracking limit ends in 150 seconds.
    with time_machine.travel(datetime(2026, 3, 2, 10, 7, 30, tzinfo=UTC), tick=False):
        client = Client()
        for _ in range(services.TRACK_PER_IP.count):
            client.get(reverse("feedback:track_report", args=["ABCD2345"]))
        refused = client.get(reverse("feedback:track_report", args=["ABCD2345"]))

    assert refused.status_code == 429
    assert refused["Retry-After"] == "150"
    text = refused.content.decode()
    assert "RATE_LIMITED" in text
    assert "3 phút" in text


def test_photos_too_large_together_are_refused_with_the_photo_named(world: World) -> None:
    big = png_4000()
    photos = [photo(f"{n}.png", big) for n in range(3)]

    response = Client().post(reverse("feedback:new"), form_data(world, photos=photos))

    assert response.status_code == 400
    assert "ảnh số 3" in response.content.decode().lower()
    assert not Report.objects.exists()


def test_an_address_past_its_photo_budget_is_told_when_to_come_back(world: World) -> None:
    with_photo, without_photo = form_data(world, photos=[photo()]), form_data(world)
    # 10:07:30 UTC: the hour of the photo budget ends in 3,150 seconds.
    with time_machine.travel(datetime(2026, 3, 2, 10, 7, 30, tzinfo=UTC), tick=False):
        hit(PIXELS_PER_ADDRESS, "127.0.0.1", amount=PIXELS_PER_ADDRESS.count)
        refused = Client().post(reverse("feedback:new"), with_photo)
    hit(PIXELS_PER_ADDRESS, "127.0.0.1", amount=PIXELS_PER_ADDRESS.count)
    without_photos = Client().post(reverse("feedback:new"), without_photo)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3150"
    assert "ảnh số 1" in refused.content.decode().lower()
    assert without_photos.status_code == 302
    assert Report.objects.count() == 1
