"""The household businesses API: register, list, read, update, record steps; access for every
role and the refusals' codes."""

import uuid

import pytest
from django.test import Client

from langso.accounts import services as accounts
from langso.accounts.models import User
from langso.indicators.models import Status
from langso.shops.models import Business
from tests.roles import World
from tests.shops.helpers import VCB, business, household

pytestmark = pytest.mark.django_db


def api(user: User) -> Client:
    token = accounts.token_issue(user=user, device_name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _body(**fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Mật ong bạc hà Mường Giàng",
        "products": "Mật ong hoa bạc hà",
        "categories": ["honey"],
        "ocop_stars": 3,
        "bank_bin": VCB,
        "account": "0011 0044 55667",
        "account_name": "QUANG THI HOA",
        "listed": True,
        "links": {"postmart": "https://postmart.vn/shop/mat-ong-muong-giang"},
    }
    body.update(fields)
    return body


def test_a_member_registers_a_business_and_reads_it_back_masked(world: World) -> None:
    home = household(world.member, world.village_a1)
    answer = api(world.member).post(
        f"/api/v1/households/{home.pk}/businesses", _body(), content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    made = answer.json()
    assert made["account"] == "•••• 5667"
    assert "0011004455667" not in answer.content.decode()
    assert made["bank_name"]
    assert made["links"][0]["platform"] == "postmart"
    assert made["links"][0]["verdict"] == "trusted"
    assert [t["platform"] for t in made["checklist"]] == ["postmart", ""]
    read = api(world.commune_officer).get(f"/api/v1/businesses/{made['id']}")
    assert read.status_code == 200 and read.json()["name"] == "Mật ong bạc hà Mường Giàng"


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"name": "  "}, "BUSINESS_NAME_REQUIRED", "name"),
        ({"bank_bin": "123456"}, "BUSINESS_BANK_UNKNOWN", "bank_bin"),
        ({"account": "12-3"}, "BUSINESS_ACCOUNT_INVALID", "account"),
        ({"bank_bin": ""}, "BUSINESS_ACCOUNT_WITHOUT_BANK", "bank_bin"),
        ({"categories": ["gold"]}, "BUSINESS_CATEGORY_UNKNOWN", "categories"),
        ({"links": {"ebay": "https://ebay.com/x"}}, "SHOP_PLATFORM_UNKNOWN", "links"),
        ({"links": {"voso": "https://voso-vn.top/shop"}}, "SHOP_LINK_NOT_ON_PLATFORM", "links"),
        ({"links": {"voso": "không phải địa chỉ"}}, "SHOP_LINK_INVALID", "links"),
        ({"links": {"voso": "https://voso.vn/" + "a" * 500}}, "BUSINESS_TEXT_TOO_LONG", "links"),
    ],
)
def test_bad_fields_are_refused_by_name_and_nothing_is_saved(
    world: World, fields: dict[str, object], code: str, field: str
) -> None:
    home = household(world.member, world.village_a1)
    answer = api(world.member).post(
        f"/api/v1/households/{home.pk}/businesses", _body(**fields), content_type="application/json"
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["code"] == code
    assert answer.json()["field"] == field
    assert answer.json()["message"]
    assert not Business.objects.exists()
    home.refresh_from_db()
    assert not home.is_business


def test_ocop_stars_out_of_range_are_a_validation_error(world: World) -> None:
    home = household(world.member, world.village_a1)
    answer = api(world.member).post(
        f"/api/v1/households/{home.pk}/businesses",
        _body(ocop_stars=6),
        content_type="application/json",
    )
    assert answer.status_code == 422


def test_a_business_id_made_on_a_phone_is_kept_and_not_taken_twice(world: World) -> None:
    home = household(world.member, world.village_a1)
    made = uuid.uuid4()
    first = api(world.member).post(
        f"/api/v1/households/{home.pk}/businesses",
        _body(id=str(made)),
        content_type="application/json",
    )
    assert first.status_code == 201 and first.json()["id"] == str(made)
    again = api(world.member).post(
        f"/api/v1/households/{home.pk}/businesses",
        _body(id=str(made)),
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "SHOP_ID_TAKEN"


def test_steps_complete_the_qr_track_and_a_resent_step_does_nothing(world: World) -> None:
    home = household(world.member, world.village_a1)
    shop = business(world.member, home)
    client = api(world.member)
    step_id = str(uuid.uuid4())
    for step in ("account", "stand"):
        answer = client.post(
            f"/api/v1/businesses/{shop.pk}/steps",
            {"platform": "", "step": step},
            content_type="application/json",
        )
        assert answer.status_code == 201, answer.content
    last = {"id": step_id, "platform": "", "step": "test_payment"}
    answer = client.post(
        f"/api/v1/businesses/{shop.pk}/steps", last, content_type="application/json"
    )
    assert answer.status_code == 201
    qr = answer.json()["business"]["checklist"][-1]
    assert qr["complete"] is True
    assert Status.objects.get(household=home, indicator_id="business_qr_payment").value is True
    again = client.post(
        f"/api/v1/businesses/{shop.pk}/steps", last, content_type="application/json"
    )
    assert again.status_code == 200 and again.json()["created"] is False


def test_a_unit_lists_its_businesses_paged_and_searched_without_tones(world: World) -> None:
    for n in range(3):
        business(
            world.member,
            household(world.member, world.village_a1, number=str(n)),
            name=f"Chè Tà Xùa {n}",
        )
    officer = world.commune_officer
    business(officer, household(officer, world.village_a2, number="9"), name="Mận")
    code = world.code(world.commune_a)
    page = api(world.commune_officer).get(f"/api/v1/units/{code}/businesses?limit=2&q=che ta")
    assert page.status_code == 200
    assert page.json()["count"] == 3
    assert len(page.json()["items"]) == 2
    assert api(officer).get(f"/api/v1/units/{code}/businesses").json()["count"] == 4
    own = world.code(world.village_a1)
    assert api(world.member).get(f"/api/v1/units/{own}/businesses").json()["count"] == 3
    other = world.code(world.village_a2)
    assert api(world.member).get(f"/api/v1/units/{other}/businesses").status_code == 404


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_out_of_scope_answers_404_and_reveals_nothing(world: World, who: str) -> None:
    shop = business(world.member, household(world.member, world.village_a1))
    intruder = api(getattr(world, who))
    answer = intruder.get(f"/api/v1/businesses/{shop.pk}")
    assert answer.status_code == 404
    assert answer.json()["code"] == "BUSINESS_NOT_FOUND"
    unknown = intruder.get(f"/api/v1/businesses/{uuid.uuid4()}")
    assert unknown.json() == answer.json()
    step = intruder.post(
        f"/api/v1/businesses/{shop.pk}/steps",
        {"platform": "voso", "step": "papers"},
        content_type="application/json",
    )
    assert step.status_code == 404
    assert intruder.get("/api/v1/businesses/not-a-uuid").status_code == 404


def test_the_catalogue_names_platforms_steps_and_categories_in_words(world: World) -> None:
    body = api(world.member).get("/api/v1/platforms", HTTP_ACCEPT_LANGUAGE="vi").json()
    codes = [p["code"] for p in body["platforms"]]
    assert codes[:2] == ["voso", "postmart"]
    assert all(step["name"] and step["hint"] for step in body["platform_steps"])
    assert {c["code"] for c in body["categories"]} >= {"tea", "honey"}
