"""Businesses registered and checklist steps ticked on a phone, through the sync: each answered
``created``, ``duplicate`` or ``rejected`` with a code, applied once, and the businesses of the
member's villages in the pull."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from langso.indicators.models import Status
from langso.people import recount
from langso.people.models import Household
from langso.shops.checklist import ECOMMERCE, QR_PAYMENT
from langso.shops.models import Business, ShopLink, StepDone
from langso.visits.models import FieldEvent
from tests.roles import World
from tests.shops.helpers import VCB, business, household

pytestmark = pytest.mark.django_db


def created(home: Household | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "business_create",
        "id": str(uuid.uuid4()),
        "name": "Mật ong bạc hà Tông Lạnh",
        "products": "Mật ong, sáp ong",
        "categories": ["honey"],
        "bank_bin": VCB,
        "account": "0011 0044 5566",
        "account_name": "LO THI ON",
        "listed": True,
        "links": {"voso": "https://voso.vn/shop/mat-ong-tong-lanh", "postmart": ""},
    }
    if home is not None:
        body["household_id"] = home.pk
    body.update(extra)
    return body


def step(business_id: str, name: str, platform: str = "voso", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "business_step",
        "id": str(uuid.uuid4()),
        "business_id": business_id,
        "platform": platform,
        "step": name,
        "done": True,
        "observed_at": (timezone.now() - timedelta(minutes=30)).isoformat(),
    }
    body.update(extra)
    return body


def push(client: Client, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = client.post(
        "/api/v1/sync/push",
        {"device_id": "phone-1", "events": events},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def answers(results: list[dict[str, Any]]) -> list[str]:
    return [r["status"] if r["status"] != "rejected" else r["code"] for r in results]


def status(home: Household, code: str) -> bool | None:
    found = Status.objects.filter(household=home, indicator_id=code).first()
    return None if found is None else found.value


def test_a_business_registered_on_a_phone_is_recorded_with_the_phones_id(world: World) -> None:
    home = household(world.member, world.village_a1)
    event = created(home)
    results = push(world.client(world.member), [event])
    assert answers(results) == ["created"]
    assert results[0]["household_id"] == home.pk
    shop = Business.objects.get()
    assert str(shop.pk) == event["id"]
    assert (shop.household_id, shop.name, shop.categories) == (home.pk, event["name"], ["honey"])
    assert (shop.account_tail, shop.listed, shop.created_by_id) == ("5566", True, world.member.pk)
    # The empty link is no link.
    assert [link.platform_id for link in ShopLink.objects.all()] == ["voso"]
    home.refresh_from_db()
    assert home.is_business
    assert FieldEvent.objects.get(pk=event["id"]).kind == "business_create"
    assert recount.differences() == {}


def test_sending_the_same_business_and_step_again_changes_nothing(world: World) -> None:
    home = household(world.member, world.village_a1)
    shop = created(home)
    batch = [shop, step(shop["id"], "papers")]
    client = world.client(world.member)
    assert answers(push(client, batch)) == ["created", "created"]
    again = push(client, batch)
    assert answers(again) == ["duplicate", "duplicate"]
    assert again[0]["household_id"] == home.pk
    assert (Business.objects.count(), StepDone.objects.count(), ShopLink.objects.count()) == (
        1,
        1,
        1,
    )


def test_the_same_id_with_other_content_is_refused(world: World) -> None:
    home = household(world.member, world.village_a1)
    shop = created(home)
    ticked = step(shop["id"], "papers")
    client = world.client(world.member)
    push(client, [shop, ticked])
    changed = [{**shop, "name": "Chè khác"}, {**ticked, "done": False}]
    assert answers(push(client, changed)) == ["EVENT_ID_REUSED", "EVENT_ID_REUSED"]
    assert Business.objects.get().name == shop["name"]
    assert StepDone.objects.get().value is True


def test_unknown_or_out_of_scope_households_and_businesses_are_refused(world: World) -> None:
    theirs = household(world.member_b, world.village_b1)
    their_shop = business(world.member_b, theirs)
    mine = household(world.member, world.village_a1)
    results = push(
        world.client(world.member),
        [
            created(theirs),
            created(None, household_id=999_999),
            created(None, household_event=str(uuid.uuid4())),
            step(str(their_shop.pk), "papers"),
            step(str(uuid.uuid4()), "papers"),
            created(mine),
        ],
    )
    assert answers(results) == [
        "HOUSEHOLD_UNKNOWN",
        "HOUSEHOLD_UNKNOWN",
        "HOUSEHOLD_EVENT_UNKNOWN",
        "BUSINESS_NOT_FOUND",
        "BUSINESS_NOT_FOUND",
        "created",
    ]
    assert all(r["message"] for r in results[:5])
    # Another commune's business answers as one that does not exist.
    assert results[3]["message"] == results[4]["message"]
    assert StepDone.objects.count() == 0
    assert Business.objects.filter(household=mine).count() == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"bank_bin": "999999"}, "BUSINESS_BANK_UNKNOWN"),
        ({"account": "12"}, "BUSINESS_ACCOUNT_INVALID"),
        ({"bank_bin": ""}, "BUSINESS_ACCOUNT_WITHOUT_BANK"),
        ({"name": "  "}, "BUSINESS_NAME_REQUIRED"),
        ({"categories": ["karaoke"]}, "BUSINESS_CATEGORY_UNKNOWN"),
        ({"links": {"voso": "https://shopee.vn/che"}}, "SHOP_LINK_NOT_ON_PLATFORM"),
        ({"links": {"voso": "không phải địa chỉ"}}, "SHOP_LINK_INVALID"),
        ({"links": {"chotot": "https://chotot.com/a"}}, "SHOP_PLATFORM_UNKNOWN"),
        ({"household_event": str(uuid.uuid4())}, "EVENT_INVALID"),
        ({"listed": "có"}, "EVENT_INVALID"),
        ({"id": "not-a-uuid"}, "EVENT_INVALID"),
    ],
)
def test_a_business_that_does_not_hold_is_refused_with_the_shops_code(
    world: World, change: dict[str, Any], code: str
) -> None:
    home = household(world.member, world.village_a1)
    results = push(world.client(world.member), [created(home, **change)])
    assert answers(results) == [code]
    assert results[0]["message"]
    assert Business.objects.count() == 0
    home.refresh_from_db()
    assert not home.is_business


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"step": "dance"}, "SHOP_STEP_UNKNOWN"),
        ({"platform": "facebook"}, "SHOP_PLATFORM_UNKNOWN"),
        ({"platform": "", "step": "papers"}, "SHOP_STEP_UNKNOWN"),
        ({"observed_at": "2999-01-01T00:00:00+07:00"}, "SHOP_STEP_IN_FUTURE"),
        ({"observed_at": "hôm qua"}, "EVENT_INVALID"),
        ({"done": "yes"}, "EVENT_INVALID"),
    ],
)
def test_a_step_that_does_not_hold_is_refused(
    world: World, change: dict[str, Any], code: str
) -> None:
    shop = business(world.member, household(world.member, world.village_a1))
    results = push(world.client(world.member), [step(str(shop.pk), "papers", **change)])
    assert answers(results) == [code]
    assert StepDone.objects.count() == 0


def test_a_business_of_a_household_added_on_the_phone_is_stepped_in_the_same_batch(
    world: World,
) -> None:
    added = {
        "kind": "household_create",
        "id": str(uuid.uuid4()),
        "village_id": world.village_a1.pk,
        "head_name": "Lò Thị Ón",
    }
    shop = created(None, household_event=added["id"])
    batch = [
        added,
        shop,
        *(step(shop["id"], name) for name in ("papers", "photos", "first_listing")),
        step(shop["id"], "account", platform=""),
    ]
    results = push(world.client(world.member), batch)
    assert answers(results) == ["created"] * 6
    home = Household.objects.get(head_name="Lò Thị Ón")
    assert results[1]["household_id"] == home.pk
    assert str(Business.objects.get(household=home).pk) == shop["id"]
    assert set(StepDone.objects.values_list("source", flat=True)) == {"visit"}
    # The platform's track is complete; the QR track has one step of three.
    assert status(home, ECOMMERCE) is True
    assert status(home, QR_PAYMENT) is None
    assert recount.differences() == {}


def test_a_step_sent_before_its_business_is_refused_and_the_business_still_counts(
    world: World,
) -> None:
    home = household(world.member, world.village_a1)
    shop = created(home)
    early = step(shop["id"], "papers")
    results = push(world.client(world.member), [early, shop])
    assert answers(results) == ["BUSINESS_NOT_FOUND", "created"]
    assert results[0]["message"]
    assert StepDone.objects.count() == 0
    # Sent again once its business is there, with the same id: now recorded.
    assert answers(push(world.client(world.member), [early])) == ["created"]


def test_the_step_that_completes_a_track_moves_the_households_indicators(world: World) -> None:
    home = household(world.member, world.village_a1)
    shop = business(world.member, home)
    client = world.client(world.member)
    push(client, [step(str(shop.pk), "account", ""), step(str(shop.pk), "stand", "")])
    assert status(home, QR_PAYMENT) is None
    push(client, [step(str(shop.pk), "test_payment", "")])
    assert status(home, QR_PAYMENT) is True
    assert status(home, ECOMMERCE) is None
    # The stand found gone: the track is no longer complete.
    push(client, [step(str(shop.pk), "stand", "", done=False)])
    assert status(home, QR_PAYMENT) is False
    assert recount.differences() == {}


def _pull(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/sync/pull")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_the_pull_carries_the_businesses_of_the_members_villages_only(world: World) -> None:
    mine = household(world.member, world.village_a1)
    shop = business(world.member, mine)
    closed = business(world.member, mine, name="Quán đã đóng", links={})
    closed.closed_on = timezone.localdate()
    closed.save()
    theirs = business(world.member_b, household(world.member_b, world.village_b1), name="Khác")
    client = world.client(world.member)
    push(client, [step(str(shop.pk), "papers"), step(str(shop.pk), "account", "")])
    part = _pull(client)["parts"]["shops"]
    assert [b["id"] for b in part] == [str(shop.pk)]
    [card] = part
    assert card == {
        "id": str(shop.pk),
        "household_id": mine.pk,
        "name": shop.name,
        "products": shop.products,
        "categories": ["tea"],
        "bank": "Vietcombank",
        "account": "•••• 5667",
        "listed": True,
        "links": {
            "voso": {
                "url": "https://voso.vn/shop/che-tong-lanh",
                "verdict": card["links"]["voso"]["verdict"],
            }
        },
        "steps": {"voso": {"papers": True}, "": {"account": True}},
    }
    assert "0011004455667" not in str(part)
    their_part = _pull(world.client(world.member_b))["parts"]["shops"]
    assert [b["id"] for b in their_part] == [str(theirs.pk)]


def test_the_part_is_sent_again_only_when_a_business_changed(world: World) -> None:
    shop = business(world.member, household(world.member, world.village_a1))
    client = world.client(world.member)
    first = _pull(client)
    cursor = first["cursor"]
    while first["more"]:
        first = _pull_from(client, cursor)
        cursor = first["cursor"]
    assert "shops" not in _pull_from(client, cursor)["parts"]
    push(client, [step(str(shop.pk), "photos")])
    changed = _pull_from(client, cursor)["parts"]["shops"]
    assert changed[0]["steps"] == {"voso": {"photos": True}}


def _pull_from(client: Client, cursor: str) -> dict[str, Any]:
    response = client.get("/api/v1/sync/pull", {"cursor": cursor})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_the_phones_module_is_served_with_its_catalogue_and_kept_for_offline_use(
    world: World,
) -> None:
    client = Client()
    response = client.get("/field/shops.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    # The platforms with their domains, the steps of both tracks, the banks: written in.
    for needed in ('"voso.vn"', '"first_listing"', '"test_payment"', f'"{VCB}"', '"honey"'):
        assert needed in body
    assert "{{" not in body
    assert "/field/shops.js" in client.get("/field/sw.js").content.decode()
