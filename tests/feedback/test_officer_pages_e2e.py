"""The province and commune officers' pages of feedback and scam-report moderation, in a real
browser on a phone (390 px): no page is wider than the phone or shows "None", English or a
code alone (a code in small print beside its words is allowed), with the lists long enough to
page and a message that failed to reach the gateway."""

from typing import Any

import pytest

from langso.access import SYSTEM
from langso.outreach.errors import DeliveryError
from langso.outreach.models import Delivery, DeliveryStatus
from langso.trust import services as trust
from langso.trust.models import Brand
from langso.trust.services import catalog_sync
from tests.browser import phone
from tests.feedback.helpers import file_report
from tests.homes.pages import problems
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

# The page's visible text without its small print, where a code may stand beside its words.
TEXT = """() => { const body = document.body.cloneNode(true);
  body.querySelectorAll('small, script, style, template').forEach(e => e.remove());
  document.documentElement.appendChild(body); const text = body.innerText; body.remove();
  return text; }"""


def _pages(world: World) -> dict[str, list[str]]:
    if not Brand.objects.exists():
        catalog_sync()
    report = file_report(world, phone="0912345678", wants_updates=True)
    Delivery.objects.filter(source_ref=str(report.pk)).update(
        status=DeliveryStatus.FAILED, error_code=DeliveryError.REFUSED, error="HTTP 422"
    )
    for i in range(52):
        trust.report_create(actor=SYSTEM, text=f"lua-dao-{i}.top", story="Nhắn tin trúng thưởng")
    trust.report_create(actor=SYSTEM, text="0987654321")
    feedback = [
        "/feedback/reports/",
        f"/feedback/reports/{report.code}/",
        "/feedback/reports/new/",
        "/feedback/dashboard/",
        "/feedback/outbox/",
        f"/feedback/track/{report.code}/",
        "/kiem-tra",
        "/kiem-tra?q=http%3A%2F%2Fvietcombank-xacminh.top%2Flogin",
        "/kiem-tra/bao-cao",
    ]
    moderation = [
        "/kiem-tra/kiem-duyet",
        "/kiem-tra/kiem-duyet?status=pending&page=2",
        "/kiem-tra/kiem-duyet?kind=phone&order=newest",
        "/kiem-tra/kiem-duyet?status=confirmed",
    ]
    return {"commune_officer": feedback, "province_officer": feedback + moderation}


def test_officers_feedback_and_moderation_pages_read_well_on_a_phone(
    world: World,
    live_server: Any,
    chromium: Any,
    session_data_back: None,
    categories_back: None,
    settings: Any,
) -> None:
    # The live server speaks plain http; cookies marked Secure would not come back over it.
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    failures: list[str] = []
    for who, pages in _pages(world).items():
        context, page, errors = phone(chromium, locale="vi-VN")
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", getattr(world, who).username)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
        for address in pages:
            answer = page.goto(live_server.url + address)
            if answer is None or answer.status != 200:
                failures.append(f"{who} {address}: {answer.status if answer else 'no answer'}")
                continue
            failures += [f"{who} {address}: {p}" for p in problems(page.evaluate(TEXT))]
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                failures.append(f"{who} {address}: {width} px wide")
        failures += [f"{who}: {error}" for error in errors]
        context.close()
    assert failures == []
