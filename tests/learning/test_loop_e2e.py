"""Issue 14's loop in a real browser, on three devices: a member offline opens a guide in the
field app and records the two basic skills a person still lacked; back online, the visit syncs;
the commune officer issues the certificate from the person's page; an anonymous phone opens the
certificate's QR link and reads that it is genuine."""

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from langso.learning import skill_services
from langso.learning.models import Certificate
from tests.browser import log_in, phone
from tests.learning.helpers import basic_codes, home
from tests.learning.test_field_skills_e2e import TITLE, poll, publish_guide
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_guided_person_gets_a_certificate_anyone_can_check(
    world: World, live_server: Any, chromium: Any
) -> None:
    publish_guide(reverse("visits:icon", args=[192]))
    _household, head = home(world.village_a1, "Lường Thị Ơn")
    codes = basic_codes()
    # An earlier visit saw three of the five.
    earlier = timezone.now() - timedelta(days=3)
    skill_services.skill_observations_record(
        actor=world.member,
        resident=head,
        observations=[(code, True, earlier, uuid.uuid4()) for code in codes[:3]],
        source="manual",
    )

    # The member, offline at the door: the guide, then the two skills still missing.
    context, page, errors = phone(chromium)
    page.goto(f"{live_server.url}/field/")
    page.fill("#username", world.member.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#households li")
    assert poll(page, "() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.click("#open-guides")
    page.locator("#guides button", has_text=TITLE).click()
    expect(page.locator("#guide h1")).to_have_text(TITLE)
    page.locator("button.back").click()
    page.locator("button.back").click()
    page.locator("#households > li", has_text="Lường Thị Ơn").locator("button").first.click()
    page.click("#record")
    for code in codes[3:]:
        page.locator(f"input[name=skill][data-resident='{head.pk}'][data-skill='{code}']").check()
    page.click("#save-visit")
    page.wait_for_selector("#pending")
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 0$"), timeout=30_000)
    assert not errors
    context.close()

    # The commune officer, at the office: the person's page says the standard is reached.
    context, page, errors = phone(chromium)
    log_in(page, live_server.url, world.commune_officer.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('people:resident', args=[head.pk])}")
    panel = page.locator("#certificate")
    expect(panel).to_contain_text("đạt chuẩn")
    panel.get_by_role("button", name="Cấp giấy chứng nhận").click()
    page.wait_for_load_state()
    certificate = Certificate.objects.get(resident=head)
    expect(page.locator("#certificate")).to_contain_text(certificate.code)
    assert not errors
    context.close()

    # Anyone, with the QR code's link.
    context, page, errors = phone(chromium)
    page.goto(f"{live_server.url}/xac-nhan/{certificate.code}/")
    body = page.inner_text("main")
    assert "hợp lệ" in body.lower()
    assert "không hợp lệ" not in body.lower()
    assert certificate.name_masked in body
    assert "Lường Thị Ơn" not in body
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    tampered = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    page.goto(f"{live_server.url}/xac-nhan/{tampered}/")
    assert "không hợp lệ" in page.inner_text("main").lower()
    assert not errors
    context.close()
