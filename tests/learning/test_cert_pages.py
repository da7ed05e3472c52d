"""Certificate pages: the public check anyone opens from a QR code, and the officers' pages."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from langso.core.models import AuditAction, AuditEntry
from langso.learning import cert_services, certcodes
from langso.learning.models import Certificate, CertificateSettings
from tests.learning.cert_helpers import person
from tests.learning.poppler import pdf_pages
from tests.roles import World

pytestmark = pytest.mark.django_db


def _issued(world: World, name: str = "Lò Thị Xuân") -> Certificate:
    return cert_services.certificate_issue(
        actor=world.commune_officer, resident=person(world.village_a1, name)
    )


def _vi(client: Client) -> Client:
    client.cookies["django_language"] = "vi"
    return client


def test_anyone_sees_a_genuine_certificate_with_the_masked_name(
    fixture_day: Any, world: World
) -> None:
    issued = _issued(world)
    page = _vi(Client()).get(f"/xac-nhan/{issued.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Giấy chứng nhận hợp lệ" in html
    assert "L. T. X." in html
    assert "Lò Thị Xuân" not in html
    assert "Ủy ban nhân dân xã Thuận Châu" in html
    assert "14/09/2026" in html
    assert page["X-Robots-Tag"] == "noindex"
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]


def test_a_lower_case_code_is_the_same_certificate(world: World) -> None:
    issued = _issued(world)
    page = _vi(Client()).get(f"/xac-nhan/{issued.code.lower()}/")
    assert "Giấy chứng nhận hợp lệ" in page.content.decode()


@pytest.mark.parametrize("change", ["flip", "truncate", "made_up", "unknown"])
def test_a_tampered_or_unknown_code_is_not_valid(world: World, change: str) -> None:
    code = _issued(world).code
    wrong = {
        "flip": code[:-1] + ("A" if code[-1] != "A" else "B"),
        "truncate": code[:-5],
        "made_up": "ABCD-EFGH-IJKL-MNOP-QRST-UVWX",
        "unknown": certcodes.new_code(),
    }[change]
    page = _vi(Client()).get(f"/xac-nhan/{wrong}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mã không hợp lệ" in html
    assert "L. T. X." not in html


def test_a_revoked_certificate_says_so_without_the_reason(fixture_day: Any, world: World) -> None:
    issued = _issued(world)
    cert_services.certificate_revoke(
        actor=world.commune_officer, code=issued.code, reason="Lý do riêng tư"
    )
    html = _vi(Client()).get(f"/xac-nhan/{issued.code}/").content.decode()
    assert "Đã bị thu hồi" in html
    assert "14/09/2026" in html
    assert "Lý do riêng tư" not in html


def test_the_form_leads_to_the_code_typed(world: World) -> None:
    issued = _issued(world)
    client = _vi(Client())
    assert "Mã in dưới mã QR" in client.get("/xac-nhan/").content.decode()
    typed = issued.code.replace("-", " ").lower()
    answer = client.get("/xac-nhan/", {"code": typed})
    assert answer.status_code == 302
    assert answer["Location"] == f"/xac-nhan/{issued.code}/"
    wrong = client.get("/xac-nhan/", {"code": "không phải mã"})
    assert "Mã không hợp lệ" in wrong.content.decode()


def test_the_public_page_is_rate_limited(world: World, settings: Any) -> None:
    from langso.learning import cert_views

    client = Client()
    limit = cert_views.CHECK_PER_IP.count
    for _ in range(limit):
        assert client.get("/xac-nhan/ABCD/").status_code == 200
    refused = client.get("/xac-nhan/ABCD/")
    assert refused.status_code == 429
    assert refused["Retry-After"]


def test_an_officer_issues_from_the_resident_page(world: World) -> None:
    resident = person(world.village_a1)
    client = _vi(world.client(world.commune_officer))
    page = client.get(f"/residents/{resident.pk}/").content.decode()
    assert "Giấy chứng nhận kỹ năng số" in page
    assert "Cấp giấy chứng nhận" in page
    answer = client.post(f"/certificates/resident/{resident.pk}/issue/")
    assert answer.status_code == 302
    issued = Certificate.objects.get(resident=resident)
    page = client.get(f"/residents/{resident.pk}/").content.decode()
    assert issued.code in page
    assert "In giấy chứng nhận (PDF)" in page
    assert "Thu hồi giấy chứng nhận này" in page
    again = client.post(f"/certificates/resident/{resident.pk}/issue/", follow=True)
    assert issued.code in again.content.decode()
    assert Certificate.objects.filter(resident=resident).count() == 1


def test_a_member_sees_the_state_but_no_buttons(world: World) -> None:
    resident = person(world.village_a1)
    client = _vi(world.client(world.member))
    page = client.get(f"/residents/{resident.pk}/").content.decode()
    assert "Cán bộ xã có thể cấp giấy chứng nhận." in page
    assert "Cấp giấy chứng nhận</button>" not in page
    assert client.post(f"/certificates/resident/{resident.pk}/issue/").status_code == 404
    assert not Certificate.objects.exists()


def test_revoking_from_the_page_needs_a_reason_and_a_confirmation(world: World) -> None:
    issued = _issued(world)
    client = _vi(world.client(world.commune_officer))
    url = f"/certificates/{issued.code}/revoke/"
    client.post(url, {"reason": "Cấp nhầm"})
    client.post(url, {"confirm": "on"})
    issued.refresh_from_db()
    assert issued.revoked_at is None
    client.post(url, {"reason": "Cấp nhầm", "confirm": "on"})
    issued.refresh_from_db()
    assert issued.revoked_at is not None
    assert AuditEntry.objects.filter(action=AuditAction.CERTIFICATE_REVOKE).count() == 1
    assert world.client(world.leader).post(url, {"reason": "x", "confirm": "on"}).status_code == 404


def test_the_village_page_issues_to_all_and_prints_all(world: World, tmp_path: Path) -> None:
    for name in ("Lò Văn Một", "Cầm Thị Hai"):
        person(world.village_a1, name)
    person(world.village_a1, "Quàng Văn Ba", reached=False)
    code = world.code(world.village_a1)
    client = _vi(world.client(world.commune_officer))
    page = client.get(f"/certificates/village/{code}/").content.decode()
    assert "Cấp cho tất cả người đạt chuẩn (2 người)" in page
    assert "Quàng Văn Ba" not in page
    client.post(f"/certificates/village/{code}/issue/")
    assert Certificate.objects.count() == 2
    page = client.get(f"/certificates/village/{code}/").content.decode()
    assert "In tất cả (PDF)" in page
    pdf = client.get(f"/certificates/village/{code}/print.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert len(pdf_pages(pdf.content, tmp_path)) == 2
    member = world.client(world.member)
    assert member.get(f"/certificates/village/{code}/").status_code == 200
    assert member.post(f"/certificates/village/{code}/issue/").status_code == 404
    assert world.client(world.member_b).get(f"/certificates/village/{code}/").status_code == 404


def test_the_village_page_pages_its_people_those_waiting_first(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from langso.learning import cert_views

    monkeypatch.setattr(cert_views, "PER_PAGE", 2)
    for name in ("An Văn Một", "Bế Thị Hai"):
        cert_services.certificate_issue(
            actor=world.commune_officer, resident=person(world.village_a1, name)
        )
    person(world.village_a1, "Vi Văn Ba")
    code = world.code(world.village_a1)
    client = _vi(world.client(world.commune_officer))
    first = client.get(f"/certificates/village/{code}/").content.decode()
    # The one still waiting for a certificate comes first, though last by name.
    assert "Vi Văn Ba" in first and "An Văn Một" in first and "Bế Thị Hai" not in first
    assert "1 / 2" in first
    second = client.get(f"/certificates/village/{code}/", {"page": "2"}).content.decode()
    assert "Bế Thị Hai" in second and "Vi Văn Ba" not in second
    assert client.get(f"/certificates/village/{code}/", {"page": "x"}).status_code == 200


def test_the_list_pages_and_filters(world: World) -> None:
    first = _issued(world, "Lò Văn Một")
    second = _issued(world, "Cầm Thị Hai")
    cert_services.certificate_revoke(actor=world.commune_officer, code=first.code, reason="Sai")
    client = _vi(world.client(world.province_officer))
    page = client.get("/certificates/").content.decode()
    assert first.code in page and second.code in page
    page = client.get("/certificates/", {"status": "revoked"}).content.decode()
    assert first.code in page and second.code not in page
    page = client.get("/certificates/", {"village": world.code(world.village_a1)}).content.decode()
    assert second.code in page
    assert first.code not in world.client(world.member_b).get("/certificates/").content.decode()
    assert world.client(world.outsider).get("/certificates/").status_code == 404


def test_the_commune_settings_turn_issuing_by_the_system_on(world: World) -> None:
    person(world.village_a1)
    code = world.code(world.commune_a)
    client = _vi(world.client(world.commune_officer))
    page = client.get(f"/certificates/commune/{code}/").content.decode()
    assert "Tự động cấp giấy chứng nhận ngay khi người dân đạt chuẩn" in page
    client.post(f"/certificates/commune/{code}/", {"auto_issue": "on"})
    assert CertificateSettings.objects.get(commune=world.commune_a).auto_issue
    assert Certificate.objects.count() == 1
    leader = world.client(world.leader)
    assert leader.post(f"/certificates/commune/{code}/", {"auto_issue": ""}).status_code == 404
    assert CertificateSettings.objects.get(commune=world.commune_a).auto_issue


def test_the_pdf_is_for_those_in_scope(world: World) -> None:
    issued = _issued(world)
    url = f"/certificates/{issued.code}/print.pdf"
    answer = world.client(world.member).get(url)
    assert answer.status_code == 200
    assert answer.content.startswith(b"%PDF")
    assert world.client(world.member_b).get(url).status_code == 404


def test_the_list_and_the_officers_home_lead_to_villages_with_people_waiting(
    world: World,
) -> None:
    person(world.village_a1, "Lò Văn Một")
    person(world.village_a1, "Cầm Thị Hai")
    cert_services.certificate_issue(
        actor=world.commune_officer, resident=person(world.village_a2, "Quàng Văn Ba")
    )
    person(world.village_b1, "Vi Thị Bốn")  # another commune's
    client = _vi(world.client(world.commune_officer))
    page = client.get("/certificates/").content.decode()
    village = f"/certificates/village/{world.code(world.village_a1)}/"
    assert f'href="{village}"><span class="num">2</span>' in page
    assert f'/certificates/village/{world.code(world.village_a2)}/"><span' not in page
    assert world.code(world.village_b1) not in page
    home = client.get("/").content.decode()
    assert "người đã đạt chuẩn, đang chờ cấp giấy chứng nhận" in home
    # Once issued, nobody waits any more.
    client.post(f"/certificates/village/{world.code(world.village_a1)}/issue/")
    assert "đang chờ cấp" not in client.get("/").content.decode()
