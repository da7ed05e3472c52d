"""The communes' public market pages (/cho/): only the open businesses whose household agreed,
of that commune, without a flagged link; lean, cacheable, and 404 for anything but a commune."""

import pytest
from django.test import Client

from langso.shops import services
from langso.shops.models import Business, ShopLink, Verdict
from tests.roles import World
from tests.shops.helpers import business, household

pytestmark = pytest.mark.django_db

SCAM_SITE = "https://voso-vn.top/che"


@pytest.fixture
def market(world: World) -> dict[str, Business]:
    home = household(world.member, world.village_a1)
    closed = business(world.member, home, name="Quán đã đóng")
    services.business_close(actor=world.member, business=closed)
    return {
        "listed": business(world.member, home, ocop_stars=3),
        "a2": business(
            world.commune_officer,
            household(world.commune_officer, world.village_a2),
            name="Mật ong Tiểu khu 3",
            categories=["honey"],
            links={"voso": "https://voso.vn/shop/mat-ong", "website": SCAM_SITE},
        ),
        "unlisted": business(world.member, home, name="Không muốn hiện", listed=False),
        "closed": closed,
        "other": business(
            world.member_b, household(world.member_b, world.village_b1), name="Cà phê Mường É"
        ),
    }


def _page(world: World, **query: str) -> str:
    answer = Client().get(f"/cho/{world.code(world.commune_a)}/", query)
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_market_shows_the_communes_listed_open_businesses_only(
    world: World, market: dict[str, Business]
) -> None:
    text = _page(world)
    assert market["listed"].name in text and market["a2"].name in text
    for hidden in ("unlisted", "closed", "other"):
        assert market[hidden].name not in text
    # Nothing private: no account, no household, no checklist.
    assert "5667" not in text and "Lò Văn Chè" not in text
    assert 'href="https://voso.vn/shop/che-tong-lanh" rel="nofollow noopener"' in text
    assert 'href="/kiem-tra"' in text


def test_a_flagged_link_is_left_out(world: World, market: dict[str, Business]) -> None:
    text = _page(world)
    assert "https://voso.vn/shop/mat-ong" in text
    assert SCAM_SITE not in text


def test_a_suspicious_link_an_officer_cleared_is_shown_but_never_a_listed_scam(
    world: World, market: dict[str, Business]
) -> None:
    link = ShopLink.objects.get(url=SCAM_SITE)
    assert link.verdict == Verdict.SUSPICIOUS
    services.link_flag_clear(actor=world.commune_officer, link=link)
    assert SCAM_SITE in _page(world)
    ShopLink.objects.filter(pk=link.pk).update(verdict=Verdict.SCAM)
    assert SCAM_SITE not in _page(world)


def test_rated_shops_come_first_on_both_databases(
    world: World, market: dict[str, Business]
) -> None:
    text = _page(world)
    assert text.index(market["listed"].name) < text.index(market["a2"].name)


def test_the_category_filter_is_plain_links(world: World, market: dict[str, Business]) -> None:
    text = _page(world)
    assert 'href="?category=honey"' in text
    honey = _page(world, category="honey")
    assert market["a2"].name in honey and market["listed"].name not in honey
    # A kind that does not exist is no filter.
    assert market["listed"].name in _page(world, category="<b>")


def test_the_page_is_lean_and_cacheable_for_fifty_shops(world: World) -> None:
    home = household(world.member, world.village_a1)
    for n in range(55):
        business(
            world.member,
            home,
            name=f"Hợp tác xã chè số {n:02d}",
            products="Chè Shan tuyết cổ thụ, chè búp khô, chè xanh, trà hoa vàng",
            categories=["tea", "processed"],
            ocop_stars=4,
            links={"voso": f"https://voso.vn/shop/che-{n}"},
        )
    answer = Client().get(f"/cho/{world.code(world.commune_a)}/")
    text = answer.content.decode()
    assert answer["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
    assert "<script" not in text and "stylesheet" not in text
    assert text.count("<h2>") == 50
    assert len(answer.content) < 30_000, len(answer.content)
    second = Client().get(f"/cho/{world.code(world.commune_a)}/", {"page": "2"}).content.decode()
    assert second.count("<h2>") == 5


def test_a_logged_in_officer_sees_the_same_page(world: World, market: dict[str, Business]) -> None:
    client = Client()
    client.force_login(world.province_officer)
    text = client.get(f"/cho/{world.code(world.commune_a)}/").content.decode()
    assert market["unlisted"].name not in text and market["listed"].name in text


@pytest.mark.parametrize("code", ["99999", "14", "zz", "<b>", "x" * 400, "０３７２１"])
def test_anything_but_a_commune_is_404(world: World, code: str) -> None:
    answer = Client(raise_request_exception=False).get(f"/cho/{code}/")
    assert answer.status_code == 404
    # The project's 404 page, not a refusal naming a code.
    assert "MARKET_NOT_FOUND" not in answer.content.decode()


def test_a_village_is_not_a_market(world: World) -> None:
    answer = Client(raise_request_exception=False).get(f"/cho/{world.code(world.village_a1)}/")
    assert answer.status_code == 404


def test_a_commune_without_shops_has_an_empty_market(world: World) -> None:
    answer = Client().get(f"/cho/{world.code(world.commune_b)}/")
    assert answer.status_code == 200


def test_the_index_lists_the_communes_with_shops(world: World, market: dict[str, Business]) -> None:
    client = Client()
    answer = client.get("/cho/")
    assert answer.status_code == 200
    text = answer.content.decode()
    assert f'href="/cho/{world.code(world.commune_a)}/"' in text
    assert f'href="/cho/{world.code(world.commune_b)}/"' in text
    found = client.get("/cho/", {"q": "thuan chau"}).content.decode()
    assert f'href="/cho/{world.code(world.commune_a)}/"' in found
    assert f'href="/cho/{world.code(world.commune_b)}/"' not in found
    for odd in ("<b>", "x" * 400, "²"):
        assert client.get("/cho/", {"q": odd}).status_code == 200


def test_the_page_is_paged_in_the_database_and_compressed_for_slow_links(world: World) -> None:
    home = household(world.member, world.village_a1)
    for n in range(53):
        business(world.member, home, name=f"Hợp tác xã mận số {n:02d}", links={})
    client = Client()
    first = client.get(f"/cho/{world.code(world.commune_a)}/", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in first["Vary"] and "Cookie" in first["Vary"]
    last = client.get(f"/cho/{world.code(world.commune_a)}/", {"page": "2"}).content.decode()
    assert "Hợp tác xã mận số 52" in last and "Hợp tác xã mận số 00" not in last
