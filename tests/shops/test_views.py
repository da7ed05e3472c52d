"""The back-office shops pages: the list, a business, its form, its checklist, the flagged links,
the household page's block and the homes, for each role."""

from typing import Any

import pytest
from django.test import Client

from langso.indicators.models import Status
from langso.people.models import Household
from langso.shops.checklist import ECOMMERCE
from langso.shops.models import Business, ShopLink
from tests.roles import World
from tests.shops.helpers import VCB, business, household

pytestmark = pytest.mark.django_db

SCAM_SITE = "https://voso-vn.top/che"
SEEING = ["province_officer", "commune_officer", "leader", "member"]


def _client(world: World, who: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(getattr(world, who))
    return client


def _form(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Mật ong bạc hà Mộc Châu",
        "owner_kind": "person",
        "products": "Mật ong",
        "categories": ["honey"],
        "ocop_stars": "3",
        "bank_bin": VCB,
        "account": "0011 0044 5566",
        "account_name": "LO THI XUAN",
        "listed": "on",
        "link_voso": "https://voso.vn/shop/mat-ong",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def shops(world: World) -> dict[str, Business]:
    home_a = household(world.member, world.village_a1, "12")
    home_b = household(world.member_b, world.village_b1, "7")
    return {
        "a": business(world.member, home_a, ocop_stars=4),
        "flagged": business(
            world.member,
            household(world.member, world.village_a1, "13"),
            name="Thổ cẩm Hua Nà",
            categories=["crafts"],
            links={"website": SCAM_SITE},
        ),
        "b": business(world.member_b, home_b, name="Cà phê Mường É", categories=["coffee"]),
    }


# The list ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", SEEING)
def test_everyone_working_in_the_village_sees_its_businesses(
    world: World, shops: dict[str, Business], who: str
) -> None:
    page = _client(world, who).get("/shops/")
    assert page.status_code == 200
    text = page.content.decode()
    assert shops["a"].name in text and shops["flagged"].name in text
    # The province's officer sees the other commune's too.
    assert (shops["b"].name in text) == (who == "province_officer")
    assert f"/shops/{shops['a'].pk}/" in text


def test_a_member_of_another_commune_sees_only_their_own(
    world: World, shops: dict[str, Business]
) -> None:
    text = _client(world, "member_b").get("/shops/").content.decode()
    assert shops["b"].name in text
    assert shops["a"].name not in text and shops["flagged"].name not in text


def test_someone_without_a_role_sees_an_empty_list(
    world: World, shops: dict[str, Business]
) -> None:
    page = _client(world, "outsider").get("/shops/")
    assert page.status_code == 200
    assert shops["a"].name not in page.content.decode()


def test_the_list_filters_by_words_kind_unit_and_flags(
    world: World, shops: dict[str, Business]
) -> None:
    client = _client(world, "commune_officer")

    def names(**query: str) -> set[str]:
        text = client.get("/shops/", query).content.decode()
        return {b.name for b in shops.values() if b.name in text}

    assert names(q="tho cam") == {"Thổ cẩm Hua Nà"}
    assert names(q="SHAN TUYẾT") == {shops["a"].name}
    assert names(category="crafts") == {"Thổ cẩm Hua Nà"}
    assert names(unit=world.code(world.village_a1)) == {shops["a"].name, "Thổ cẩm Hua Nà"}
    assert names(unit=world.code(world.village_a2)) == set()
    assert names(flagged="on") == {"Thổ cẩm Hua Nà"}
    # A unit out of sight or a kind that does not exist: every business, and a word why.
    page = client.get("/shops/", {"unit": world.code(world.village_b1), "category": "gold"})
    assert page.status_code == 200
    assert names(unit=world.code(world.village_b1)) == {shops["a"].name, "Thổ cẩm Hua Nà"}


def test_each_row_says_the_verdict_and_the_checklist_progress(
    world: World, shops: dict[str, Business]
) -> None:
    text = _client(world, "member").get("/shops/").content.decode()
    assert "verdict-tag verdict-trusted" in text
    assert "verdict-tag verdict-s" in text  # suspicious or scam: the lookalike site
    assert 'max="6" value="0"' in text  # Voso's three required steps and the QR track's three


def test_officers_get_a_banner_of_flagged_links_and_the_market_page(
    world: World, shops: dict[str, Business]
) -> None:
    text = _client(world, "commune_officer").get("/shops/").content.decode()
    assert "/shops/flagged/" in text
    assert f"/cho/{world.code(world.commune_a)}/" in text
    member = _client(world, "member").get("/shops/").content.decode()
    assert "/shops/flagged/" not in member


def test_the_list_pages(world: World) -> None:
    home = household(world.member, world.village_a1)
    for n in range(27):
        business(world.member, home, name=f"Cơ sở {n:02d}", links={})
    client = _client(world, "member")
    first = client.get("/shops/").content.decode()
    second = client.get("/shops/", {"page": "2"}).content.decode()
    assert first.count("data-row") == 25 and second.count("data-row") == 2
    assert 'rel="next"' in first


# One business -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", SEEING)
def test_the_business_page_opens_for_those_who_see_it(
    world: World, shops: dict[str, Business], who: str
) -> None:
    page = _client(world, who).get(f"/shops/{shops['a'].pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert shops["a"].name in text
    assert "•••• 5667" in text and "0011004455667" not in text
    assert "Vietcombank" in text and "LO VAN CHE" in text
    assert f"/households/{shops['a'].household_id}/" in text
    assert f"/shops/{shops['a'].pk}/stand.pdf" in text
    assert f"/shops/{shops['a'].pk}/stand.png" in text


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_the_business_page_is_404_out_of_scope(
    world: World, shops: dict[str, Business], who: str
) -> None:
    client = _client(world, who)
    for url in (
        f"/shops/{shops['a'].pk}/",
        f"/shops/{shops['a'].pk}/edit/",
        f"/shops/{shops['a'].pk}/stand.pdf",
    ):
        assert client.get(url).status_code == 404
    step = {"track": "voso", "step": "papers", "value": "1"}
    for url in (f"/shops/{shops['a'].pk}/steps/", f"/shops/{shops['a'].pk}/close/"):
        assert client.post(url, step).status_code == 404
    shops["a"].refresh_from_db()
    assert shops["a"].closed_on is None
    assert not shops["a"].steps.exists()


def test_the_reasons_of_a_flagged_link_are_in_words(
    world: World, shops: dict[str, Business]
) -> None:
    text = _client(world, "member").get(f"/shops/{shops['flagged'].pk}/").content.decode()
    link = ShopLink.objects.get(business=shops["flagged"])
    assert link.reasons
    assert '<ul class="reasons">' in text
    for reason in link.reasons:
        assert reason["code"] not in text
    # Only an officer clears the flag.
    assert f"/shops/links/{link.pk}/seen/" not in text
    officer = _client(world, "commune_officer").get(f"/shops/{shops['flagged'].pk}/")
    assert f"/shops/links/{link.pk}/seen/" in officer.content.decode()


def test_ticking_the_steps_changes_the_indicator(world: World, shops: dict[str, Business]) -> None:
    client = _client(world, "member")
    shop = shops["a"]
    url = f"/shops/{shop.pk}/steps/"
    for step in ("papers", "photos", "first_listing"):
        answer = client.post(url, {"track": "voso", "step": step, "value": "1"})
        assert answer.status_code == 302
        assert answer["Location"] == f"/shops/{shop.pk}/#track-voso"
    status = Status.objects.get(household_id=shop.household_id, indicator_id=ECOMMERCE)
    assert status.value is True
    assert shop.steps.filter(source="manual").count() == 3
    client.post(url, {"track": "voso", "step": "first_listing", "value": "0"})
    status = Status.objects.get(household_id=shop.household_id, indicator_id=ECOMMERCE)
    assert status.value is False
    text = client.get(f"/shops/{shop.pk}/").content.decode()
    assert text.count('name="value" value="0"') == 2  # papers and photos can be undone


def test_a_step_that_does_not_exist_is_a_message_not_an_error(
    world: World, shops: dict[str, Business]
) -> None:
    client = _client(world, "member")
    for data in (
        {"track": "voso", "step": "dance", "value": "1"},
        {"track": "ebay", "step": "papers", "value": "1"},
        {"track": "voso", "step": "papers", "value": "maybe"},
        {},
    ):
        answer = client.post(f"/shops/{shops['a'].pk}/steps/", data)
        assert answer.status_code == 302
    assert not shops["a"].steps.exists()
    page = client.get(f"/shops/{shops['a'].pk}/")
    assert 'class="msg error"' in page.content.decode()


def test_closing_and_reopening(world: World, shops: dict[str, Business]) -> None:
    client = _client(world, "leader")
    client.post(f"/shops/{shops['a'].pk}/close/", {"closed": "1"})
    shops["a"].refresh_from_db()
    assert shops["a"].closed_on is not None
    client.post(f"/shops/{shops['a'].pk}/close/", {"closed": "0"})
    shops["a"].refresh_from_db()
    assert shops["a"].closed_on is None


# The form ------------------------------------------------------------------------------------


def test_registering_a_business_from_its_household(world: World) -> None:
    home = household(world.member, world.village_a1)
    client = _client(world, "member")
    page = client.get("/shops/new/", {"household": home.pk})
    assert page.status_code == 200
    assert 'name="link_voso"' in page.content.decode()
    answer = client.post(f"/shops/new/?household={home.pk}", _form())
    assert answer.status_code == 302
    shop = Business.objects.get(household=home)
    assert answer["Location"] == f"/shops/{shop.pk}/"
    assert shop.name == "Mật ong bạc hà Mộc Châu"
    assert shop.categories == ["honey"] and shop.ocop_stars == 3 and shop.listed
    assert shop.account_tail == "5566"
    assert shop.links.get().url == "https://voso.vn/shop/mat-ong"


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"ocop_stars": "9"}, "ocop_stars"),
        ({"categories": ["gold"]}, "categories"),
        ({"bank_bin": "123456"}, "bank_bin"),
        ({"account": "12"}, "account"),
        ({"bank_bin": ""}, "bank_bin"),
        ({"link_voso": "https://v0so-shop.top/che"}, "link_voso"),
        ({"link_postmart": "không phải địa chỉ"}, "link_postmart"),
        ({"owner_kind": "alien"}, "owner_kind"),
    ],
)
def test_a_refused_form_says_why_next_to_the_field_and_saves_nothing(
    world: World, fields: dict[str, Any], where: str
) -> None:
    home = household(world.member, world.village_a1)
    client = _client(world, "member")
    answer = client.post(f"/shops/new/?household={home.pk}", _form(**fields))
    assert answer.status_code == 400
    form = answer.context["form"]
    assert list(form.errors) == [where], form.errors
    assert not Business.objects.exists()
    assert not ShopLink.objects.exists()
    Household.objects.get(pk=home.pk)
    # The account number typed is never written back into the page.
    assert "0011 0044 5566" not in answer.content.decode()


def test_editing_keeps_the_account_when_the_box_is_left_empty(
    world: World, shops: dict[str, Business]
) -> None:
    client = _client(world, "member")
    shop = shops["a"]
    page = client.get(f"/shops/{shop.pk}/edit/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "5667" in text and "0011004455667" not in text
    assert "https://voso.vn/shop/che-tong-lanh" in text
    answer = client.post(
        f"/shops/{shop.pk}/edit/",
        _form(name="Chè Tông Lạnh", account="", link_voso="https://voso.vn/shop/che-tong-lanh"),
    )
    assert answer.status_code == 302
    shop.refresh_from_db()
    assert shop.name == "Chè Tông Lạnh" and shop.account_tail == "5667"
    client.post(f"/shops/{shop.pk}/edit/", _form(account="9988 7766 55", link_voso=""))
    shop.refresh_from_db()
    assert shop.account_tail == "6655"
    assert not shop.links.exists()


def test_a_refused_edit_changes_nothing(world: World, shops: dict[str, Business]) -> None:
    client = _client(world, "member")
    shop = shops["a"]
    answer = client.post(f"/shops/{shop.pk}/edit/", _form(name="Tên mới", account="1"))
    assert answer.status_code == 400
    assert list(answer.context["form"].errors) == ["account"]
    shop.refresh_from_db()
    assert shop.name == "Chè Shan tuyết Tông Lạnh"


def test_the_household_is_found_by_number_or_head_in_the_actors_villages(world: World) -> None:
    home = household(world.member, world.village_a1, "12")
    page = _client(world, "member").get("/shops/new/", {"q": "12"})
    assert page.status_code == 200
    assert f"/shops/new/?household={home.pk}" in page.content.decode()
    page = _client(world, "member").get("/shops/new/", {"q": "Lò Văn Chè"})
    assert f"/shops/new/?household={home.pk}" in page.content.decode()
    other = _client(world, "member_b").get("/shops/new/", {"q": "12"})
    assert f"?household={home.pk}" not in other.content.decode()


@pytest.mark.parametrize("raw", ["x", "-1", "3.066", "²", "99999999999999999999"])
def test_a_household_out_of_reach_or_garbage_is_404(world: World, raw: str) -> None:
    assert _client(world, "member").get("/shops/new/", {"household": raw}).status_code == 404


def test_a_household_of_another_commune_is_404(world: World) -> None:
    home = household(world.member_b, world.village_b1)
    client = _client(world, "member")
    assert client.get("/shops/new/", {"household": home.pk}).status_code == 404
    assert client.post(f"/shops/new/?household={home.pk}", _form()).status_code == 404
    assert not Business.objects.exists()


def test_the_household_page_lists_its_businesses_and_registers_one(
    world: World, shops: dict[str, Business]
) -> None:
    text = _client(world, "member").get(f"/households/{shops['a'].household_id}/").content.decode()
    assert shops["a"].name in text
    assert f"/shops/new/?household={shops['a'].household_id}" in text


# Flagged links ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["province_officer", "commune_officer"])
def test_officers_look_at_flagged_links(world: World, shops: dict[str, Business], who: str) -> None:
    client = _client(world, who)
    link = ShopLink.objects.get(business=shops["flagged"])
    page = client.get("/shops/flagged/")
    assert page.status_code == 200
    text = page.content.decode()
    assert shops["flagged"].name in text and SCAM_SITE in text
    assert "Bản Hua Nà" in text
    answer = client.post(f"/shops/links/{link.pk}/seen/")
    assert answer.status_code == 302
    link.refresh_from_db()
    assert link.flagged_at is None
    assert shops["flagged"].name not in client.get("/shops/flagged/").content.decode()


@pytest.mark.parametrize("who", ["leader", "member", "member_b", "outsider"])
def test_others_cannot_see_or_clear_the_flags(
    world: World, shops: dict[str, Business], who: str
) -> None:
    client = _client(world, who)
    link = ShopLink.objects.get(business=shops["flagged"])
    assert client.get("/shops/flagged/").status_code == 404
    assert client.post(f"/shops/links/{link.pk}/seen/").status_code == 404
    link.refresh_from_db()
    assert link.flagged_at is not None


def test_an_officer_of_another_commune_cannot_clear_a_flag(world: World) -> None:
    from langso.accounts import services as accounts
    from langso.accounts.models import Role

    officer, _ = accounts.user_provision(username="officer_b", password="x" * 12)
    accounts.role_grant(user=officer, role=Role.COMMUNE_OFFICER, unit=world.commune_b)
    shop = business(
        world.member,
        household(world.member, world.village_a1),
        links={"website": SCAM_SITE},
    )
    link = ShopLink.objects.get(business=shop)
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    assert SCAM_SITE not in client.get("/shops/flagged/").content.decode()
    assert client.post(f"/shops/links/{link.pk}/seen/").status_code == 404


# Homes and menu --------------------------------------------------------------------------------


def test_the_officers_home_counts_the_flagged_links(
    world: World, shops: dict[str, Business]
) -> None:
    text = _client(world, "commune_officer").get("/").content.decode()
    assert 'href="/shops/flagged/"' in text
    assert 'href="/shops/"' in text  # the menu entry


def test_the_members_home_counts_the_villages_businesses(
    world: World, shops: dict[str, Business]
) -> None:
    text = _client(world, "member").get("/").content.decode()
    assert f'href="/shops/?unit={world.code(world.village_a1)}"' in text
    assert 'href="/shops/flagged/"' not in text
    assert 'href="/shops/"' in text


def test_no_flag_no_line_on_the_officers_home(world: World) -> None:
    text = _client(world, "commune_officer").get("/").content.decode()
    assert 'href="/shops/flagged/"' not in text


@pytest.mark.parametrize("who", SEEING)
def test_whoever_sees_the_business_prints_its_stand_and_gets_its_picture(
    world: World, who: str
) -> None:
    shop = business(world.member, household(world.member, world.village_a1))
    client = _client(world, who)
    pdf = client.get(f"/shops/{shop.pk}/stand.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "private, no-store"
    png = client.get(f"/shops/{shop.pk}/stand.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert "attachment" in png["Content-Disposition"]


def test_a_business_without_an_account_is_told_so_instead_of_a_stand(world: World) -> None:
    shop = business(
        world.member, household(world.member, world.village_a1), account="", bank_bin=""
    )
    client = _client(world, "member")
    answer = client.get(f"/shops/{shop.pk}/stand.pdf", follow=True)
    assert answer.redirect_chain[-1][0] == f"/shops/{shop.pk}/"
    assert "chưa có tài khoản ngân hàng" in answer.content.decode()


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_nobody_else_gets_the_stand(world: World, who: str) -> None:
    shop = business(world.member, household(world.member, world.village_a1))
    assert _client(world, who).get(f"/shops/{shop.pk}/stand.pdf").status_code == 404
    assert _client(world, who).get(f"/shops/{shop.pk}/stand.png").status_code == 404
