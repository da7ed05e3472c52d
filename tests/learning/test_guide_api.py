"""The public guide API: the list, paged like the others, and one guide's published text."""

import pytest
from django.test import Client

from langso.learning import guide_services as services
from tests.learning.guides import TITLE, guide, text, with_picture
from tests.roles import World

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_guides_with_absolute_links(world: World) -> None:
    made = guide(world.province_officer)
    guide(world.province_officer, "nhap", publish=False)
    answer = Client().get("/api/v1/guides")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    assert body["page"] == 1
    assert body["pages"] == 1
    (item,) = body["results"]
    assert item == {
        "slug": made.slug,
        "title": TITLE,
        "updated": item["updated"],
        "url": f"http://testserver/huong-dan/{made.slug}/",
        "poster_pdf": f"http://testserver/huong-dan/{made.slug}/poster.pdf",
        "leaflet_pdf": f"http://testserver/huong-dan/{made.slug}/to-gap.pdf",
    }
    assert item["updated"]


def test_one_guide_gives_its_published_version_as_safe_html(world: World) -> None:
    made = with_picture(world.province_officer)
    services.guide_version_save(
        actor=world.province_officer, guide=made, text=text(title="Bản nháp chưa đăng")
    )
    body = Client().get(f"/api/v1/guides/{made.slug}").json()
    assert body["title"] == TITLE
    assert body["version"] == 1
    assert body["audience"]
    assert "<ol>" in body["steps_html"]
    assert 'loading="lazy"' in body["steps_html"]
    assert "<strong>" in body["problems_html"]
    assert body["source"] == {
        "title": "Bộ Công an — Hướng dẫn sử dụng VNeID",
        "url": "https://vneid.gov.vn/",
    }
    assert body["poster_pdf"].endswith("/poster.pdf")


def test_a_draft_is_404_through_the_api(world: World) -> None:
    made = guide(world.province_officer, publish=False)
    answer = Client().get(f"/api/v1/guides/{made.slug}")
    assert answer.status_code == 404
    assert answer.json()["code"] == "GUIDE_NOT_FOUND"
    assert Client().get("/api/v1/guides/khong-co").status_code == 404


def test_a_page_past_the_last_gives_the_last(world: World) -> None:
    guide(world.province_officer)
    body = Client().get("/api/v1/guides", {"page": 9}).json()
    assert body["page"] == 1
    assert len(body["results"]) == 1
