"""The field app in a real browser: a member offline opens a guide (its picture kept from the
sync), records two skills a person did by themselves, and syncs when the network returns."""

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from langso.learning.models import Guide, GuideVersion, SkillObservation, SkillStatus
from langso.visits.models import Visit
from tests.browser import phone
from tests.learning.helpers import home
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Kích hoạt tài khoản định danh điện tử mức 2"


def publish_guide(picture: str) -> None:
    guide = Guide.objects.create(slug="kich-hoat-vneid")
    version = GuideVersion.objects.create(
        guide=guide,
        number=1,
        title=TITLE,
        audience="Công dân từ 14 tuổi có điện thoại thông minh",
        steps=(
            "1. Cài ứng dụng VNeID từ kho ứng dụng chính thức.\n"
            f"![Biểu tượng ứng dụng]({picture})\n"
            "2. Đăng nhập bằng số định danh cá nhân và mật khẩu."
        ),
        problems="- Mã kích hoạt gửi về số điện thoại cũ: mang căn cước đến công an xã.",
        source_title="Bộ Công an — Trung tâm dữ liệu quốc gia về dân cư",
    )
    guide.published, guide.published_at = version, timezone.now()
    guide.save()


def poll(page: Any, script: str, *, tries: int = 150) -> Any:
    # Polled from here: the page's content security policy forbids wait_for_function.
    for _ in range(tries):
        value = page.evaluate(script)
        if value:
            return value
        page.wait_for_timeout(200)
    return page.evaluate(script)


def test_offline_a_member_opens_a_guide_records_two_skills_and_syncs(
    world: World, live_server: Any, chromium: Any
) -> None:
    picture = reverse("visits:icon", args=[192])
    publish_guide(picture)
    household, head = home(world.village_a1, "Lò Văn Pánh")
    context, page, errors = phone(chromium)
    page.goto(f"{live_server.url}/field/")
    page.fill("#username", world.member.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#households li")
    assert poll(page, "() => navigator.serviceWorker.controller !== null")
    # The sync kept the guide's picture for offline use.
    assert poll(
        page, "() => caches.open('langso-guides').then((c) => c.keys()).then((k) => k.length)"
    )

    context.set_offline(True)
    page.click("#open-guides")
    page.locator("#guides button", has_text=TITLE).click()
    expect(page.locator("#guide h1")).to_have_text(TITLE)
    assert "mang căn cước đến công an xã" in page.inner_text("#guide")
    assert poll(page, "() => document.querySelector('#guide img')?.naturalWidth > 0")
    page.locator("button.back").click()
    page.locator("button.back").click()

    page.locator("#households > li", has_text="Lò Văn Pánh").locator("button").first.click()
    page.click("#record")
    hint = page.inner_text(f"[data-skills='{head.pk}']")
    assert "Kỹ năng" in hint
    for code in ("3240.1", "3240.3"):
        page.locator(f"input[name=skill][data-resident='{head.pk}'][data-skill='{code}']").check()
    page.click("#save-visit")
    page.wait_for_selector("#pending")
    assert not Visit.objects.exists()

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 0$"), timeout=30_000)
    visit = Visit.objects.get(household=household)
    assert set(
        SkillStatus.objects.filter(resident=head, value=True).values_list("skill_id", flat=True)
    ) == {"3240.1", "3240.3"}
    assert set(SkillObservation.objects.values_list("source_ref", flat=True)) == {str(visit.id)}
    assert not errors
