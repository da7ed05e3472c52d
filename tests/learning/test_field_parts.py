"""The pull carries the basic skills with the current skills of the member's people, and the
published guides for offline use: whole when changed, absent when not."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from langso.learning.models import Guide, GuideVersion
from tests.learning.helpers import basic_codes, home, push, visit
from tests.roles import World

pytestmark = pytest.mark.django_db

NOTHING = object()


def pull_round(client: Client, part: str, cursor: str | None = None) -> tuple[Any, str]:
    sent: Any = NOTHING
    while True:
        response = client.get("/api/v1/sync/pull", {"cursor": cursor} if cursor else {})
        assert response.status_code == 200, response.content
        body = response.json()
        if part in body["parts"]:
            sent = body["parts"][part]
        cursor = body["cursor"]
        if not body["more"]:
            return sent, cursor


def publish(slug: str, title: str, *, position: int = 0) -> Guide:
    guide = Guide.objects.create(slug=slug, position=position)
    version = GuideVersion.objects.create(
        guide=guide,
        number=1,
        title=title,
        audience="Người dân có điện thoại thông minh",
        steps="1. Mở ứng dụng VNeID.\n\n![Màn hình đăng nhập](/huong-dan/anh/abc.png)",
        problems="Không nhận được mã: kiểm tra số điện thoại.",
        source_title="Bộ Công an",
        source_url="https://vneid.gov.vn/",
    )
    guide.published = version
    guide.published_at = timezone.now()
    guide.save()
    return guide


def test_the_skills_part_has_the_basic_skills_and_the_members_people(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    other, stranger = home(world.village_b1, "Vừ A Dế")
    at = timezone.now() - timedelta(hours=1)
    push(world.client(world.member), [visit(household, at, [(head.pk, "3240.1", True)])])
    push(world.client(world.member_b), [visit(other, at, [(stranger.pk, "3240.2", True)])])
    part, _cursor = pull_round(world.client(world.member), "skills")
    assert [skill["code"] for skill in part["skills"]] == basic_codes()
    assert all(skill["name"] for skill in part["skills"])
    assert part["statuses"] == [[head.pk, "3240.1", True]]


def test_the_skills_part_comes_again_only_when_it_changed(world: World) -> None:
    household, head = home(world.village_a1, "Lò Văn Pánh")
    client = world.client(world.member)
    _first, cursor = pull_round(client, "skills")
    unchanged, cursor = pull_round(client, "skills", cursor)
    assert unchanged is NOTHING
    push(client, [visit(household, timezone.now(), [(head.pk, "3240.3", True)])])
    changed, _cursor = pull_round(client, "skills", cursor)
    assert changed["statuses"] == [[head.pk, "3240.3", True]]


def test_the_guides_part_carries_published_guides_only(world: World) -> None:
    publish("kich-hoat-vneid", "Kích hoạt tài khoản định danh điện tử mức 2")
    draft = Guide.objects.create(slug="nhap", position=1)
    GuideVersion.objects.create(
        guide=draft, number=1, title="Bản nháp", audience="Ai đó", steps="…", source_title="—"
    )
    client = world.client(world.member)
    guides, cursor = pull_round(client, "guides")
    assert [guide["slug"] for guide in guides] == ["kich-hoat-vneid"]
    guide = guides[0]
    assert guide["title"] == "Kích hoạt tài khoản định danh điện tử mức 2"
    assert "/huong-dan/anh/abc.png" in guide["steps"]
    assert guide["source"] == "Bộ Công an"
    assert guide["updated"]
    unchanged, cursor = pull_round(client, "guides", cursor)
    assert unchanged is NOTHING
    publish("qr", "Thanh toán bằng mã QR an toàn", position=2)
    again, _cursor = pull_round(client, "guides", cursor)
    assert [guide["slug"] for guide in again] == ["kich-hoat-vneid", "qr"]
