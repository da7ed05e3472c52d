"""A member's inbox of announcements: only their own, receipts recorded once, and what the
field app's pull carries."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from langso.accounts import services as accounts
from langso.outreach import inbox, services
from langso.outreach.audience import Audience
from langso.outreach.errors import OutreachError
from langso.outreach.models import Delivery, DeliveryStatus
from tests.feedback.helpers import png_bytes
from tests.outreach.inbox_helpers import announce, crew, delivery_of, receipt
from tests.roles import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _crew(world: World) -> None:
    crew(world)


def api(world: World, who: str) -> Client:
    token = accounts.token_issue(user=getattr(world, who), device_name="Điện thoại")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def pull_part(client: Client, cursor: str | None = None) -> tuple[Any, str]:
    """The part ``announcements`` of one whole pull round (None: not sent, unchanged)."""
    sent = None
    while True:
        response = client.get("/api/v1/sync/pull", {"cursor": cursor} if cursor else {})
        assert response.status_code == 200, response.content
        body = response.json()
        sent = body["parts"].get("announcements", sent)
        cursor = body["cursor"]
        if not body["more"]:
            return sent, cursor


def test_a_member_sees_only_the_announcements_sent_to_them(world: World) -> None:
    announce(world, [world.village_a1], title="Họp tổ trưởng", teams="leaders")
    announce(world, [world.village_b1], title="Chỉ cho tổ Bản Búng")
    announce(world, [world.village_a1, world.village_b1], title="Cảnh báo lừa đảo")
    titles = [row["title"] for row in inbox.field_announcements(actor=world.member)]
    assert titles == ["Cảnh báo lừa đảo"]
    assert [row["title"] for row in inbox.field_announcements(actor=world.leader)] == [
        "Cảnh báo lừa đảo",
        "Họp tổ trưởng",
    ]
    assert [row["title"] for row in inbox.field_announcements(actor=world.member_b)] == [
        "Cảnh báo lừa đảo",
        "Chỉ cho tổ Bản Búng",
    ]
    assert inbox.field_announcements(actor=world.outsider) == []
    assert inbox.field_announcements(actor=world.commune_officer) == []


def test_an_announcement_scheduled_for_later_is_not_in_the_inbox_yet(world: World) -> None:
    later = timezone.now() + timedelta(days=1)
    announce(world, [world.village_a1], title="Sắp gửi", send_at=later)
    assert inbox.field_announcements(actor=world.member) == []


def test_the_text_is_written_for_its_reader(world: World) -> None:
    announce(world, [world.village_a1], title="Họp {thon}", text="Chào {ten}, mời họp tổ.")
    (mine,) = inbox.field_announcements(actor=world.member)
    assert (mine["title"], mine["text"]) == ("Họp Bản Hua Nà", "Chào Cà Thị Hoa, mời họp tổ.")
    (theirs,) = inbox.field_announcements(actor=world.leader)
    assert theirs["text"] == "Chào Lò Văn Xuân, mời họp tổ."


def test_the_inbox_api_pages_the_callers_announcements_with_unread_counts(world: World) -> None:
    for number in range(23):
        announce(world, [world.village_a1], title=f"Thông báo số {number}")
    announce(world, [world.village_b1], title="Không phải của tôi")
    client = api(world, "member")
    first = client.get("/api/v1/announcements/inbox").json()
    assert (first["count"], first["unread"], first["pages"]) == (23, 23, 2)
    assert len(first["results"]) == 20
    second = client.get("/api/v1/announcements/inbox", {"page": 2}).json()
    assert len(second["results"]) == 3
    titles = {row["title"] for row in first["results"] + second["results"]}
    assert "Không phải của tôi" not in titles
    assert client.get("/api/v1/announcements/inbox", {"page": 9}).json()["results"] == []
    # Reading the list marks nothing delivered: the phone's receipts do.
    assert not Delivery.objects.filter(delivered_at__isnull=False).exists()


def test_a_read_is_recorded_once_and_a_batch_sent_again_changes_nothing(world: World) -> None:
    announcement = announce(world, [world.village_a1], title="Họp tổ")
    delivery = delivery_of(announcement, world.member)
    read_at = timezone.now()
    batch = [receipt(delivery, read_at)]
    client = api(world, "member")
    first = client.post("/api/v1/announcements/reads", {"reads": batch}, "application/json")
    assert first.status_code == 200, first.content
    assert first.json()["results"] == [
        {"id": batch[0]["id"], "status": "created", "code": None, "message": None}
    ]
    delivery.refresh_from_db()
    assert delivery.read_at == read_at
    assert delivery.delivered_at == read_at
    assert delivery.status == DeliveryStatus.DELIVERED
    again = client.post("/api/v1/announcements/reads", {"reads": batch}, "application/json")
    assert again.json()["results"][0]["status"] == "duplicate"
    # Another phone of the member reads it later: the first read stands.
    later = [receipt(delivery, timezone.now())]
    assert inbox.reads_record(actor=world.member, reads=later)[0]["status"] == "duplicate"
    delivery.refresh_from_db()
    assert delivery.read_at == read_at
    assert inbox.field_announcements(actor=world.member)[0]["read"] is True


def test_a_receipt_without_a_read_marks_the_announcement_delivered_only(world: World) -> None:
    announcement = announce(world, [world.village_a1], title="Họp tổ")
    delivery = delivery_of(announcement, world.member)
    results = inbox.reads_record(actor=world.member, reads=[receipt(delivery)])
    assert results[0]["status"] == "created"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.delivered_at is not None and delivery.read_at is None
    held = delivery.delivered_at
    assert inbox.reads_record(actor=world.member, reads=[receipt(delivery)])[0]["status"] == (
        "duplicate"
    )
    read = inbox.reads_record(actor=world.member, reads=[receipt(delivery, timezone.now())])
    assert read[0]["status"] == "created"
    delivery.refresh_from_db()
    assert delivery.delivered_at == held and delivery.read_at is not None


def test_a_read_of_someone_elses_announcement_is_refused_like_one_that_does_not_exist(
    world: World,
) -> None:
    announcement = announce(world, [world.village_b1], title="Của tổ khác")
    theirs = delivery_of(announcement, world.member_b)
    client = api(world, "member")
    sent = [receipt(theirs, timezone.now()), {**receipt(theirs), "delivery": theirs.pk + 1000}]
    answer = client.post("/api/v1/announcements/reads", {"reads": sent}, "application/json")
    first, second = answer.json()["results"]
    assert first["status"] == second["status"] == "rejected"
    assert first["code"] == second["code"] == OutreachError.READ_UNKNOWN
    assert first["message"] == second["message"]
    theirs.refresh_from_db()
    assert theirs.read_at is None and theirs.delivered_at is None


def test_a_receipt_that_cannot_be_read_is_refused_without_the_rest(world: World) -> None:
    announcement = announce(world, [world.village_a1], title="Họp tổ")
    good = receipt(delivery_of(announcement, world.member), timezone.now())
    results = inbox.reads_record(
        actor=world.member,
        reads=[{"id": "not-a-uuid", "delivery": 1}, "garbage", good],
    )
    assert [r["status"] for r in results] == ["rejected", "rejected", "created"]
    assert results[0]["code"] == OutreachError.READ_INVALID
    assert results[2]["id"] == good["id"]


def test_a_phone_clock_ahead_or_behind_does_not_lose_the_read(world: World) -> None:
    announcement = announce(world, [world.village_a1], title="Họp tổ")
    delivery = delivery_of(announcement, world.member)
    inbox.reads_record(
        actor=world.member, reads=[receipt(delivery, timezone.now() + timedelta(days=2))]
    )
    delivery.refresh_from_db()
    assert delivery.read_at is not None and delivery.read_at <= timezone.now()
    other = delivery_of(announce(world, [world.village_a1], title="Khác"), world.member)
    inbox.reads_record(actor=world.member, reads=[receipt(other, "2001-01-01T00:00:00Z")])
    other.refresh_from_db()
    assert other.read_at == other.sent_at


def test_the_pull_carries_the_members_inbox_and_sends_it_again_only_when_it_changed(
    world: World,
) -> None:
    announcement = announce(world, [world.village_a1], title="Tiêm chủng")
    announce(world, [world.village_b1], title="Của tổ khác")
    client = api(world, "member")
    part, cursor = pull_part(client)
    assert [(row["title"], row["read"]) for row in part] == [("Tiêm chủng", False)]
    assert part[0]["text"] == "Tiêm chủng: nội dung thông báo."
    # A pull writes nothing: what the phone holds is told by its receipts.
    delivery = delivery_of(announcement, world.member)
    assert delivery.delivered_at is None
    unchanged, cursor = pull_part(client, cursor)
    assert unchanged is None
    inbox.reads_record(actor=world.member, reads=[receipt(delivery, timezone.now())])
    part, cursor = pull_part(client, cursor)
    assert part[0]["read"] is True


def test_the_pull_carries_the_fifty_most_recent(world: World) -> None:
    for number in range(inbox.FIELD_SIZE + 3):
        announce(world, [world.village_a1], title=f"Số {number}")
    part, _cursor = pull_part(api(world, "member"))
    assert len(part) == inbox.FIELD_SIZE
    assert part[0]["title"] == f"Số {inbox.FIELD_SIZE + 2}"


def test_an_anonymous_caller_gets_401_from_both_operations(world: World) -> None:
    client = Client()
    assert client.get("/api/v1/announcements/inbox").status_code == 401
    answer = client.post("/api/v1/announcements/reads", {"reads": []}, "application/json")
    assert answer.status_code == 401


def test_someone_without_an_inbox_gets_an_empty_one_and_may_read_nothing(world: World) -> None:
    announcement = announce(world, [world.village_a1], title="Họp tổ")
    delivery = delivery_of(announcement, world.member)
    for who in ("outsider", "member_b", "commune_officer", "province_officer"):
        client = api(world, who)
        assert client.get("/api/v1/announcements/inbox").json()["count"] == 0
        sent = [receipt(delivery, timezone.now())]
        answer = client.post("/api/v1/announcements/reads", {"reads": sent}, "application/json")
        assert answer.json()["results"][0]["code"] == OutreachError.READ_UNKNOWN
    delivery.refresh_from_db()
    assert delivery.read_at is None


def test_an_oversized_batch_of_receipts_is_refused_whole(world: World) -> None:
    announcement = announce(world, [world.village_a1], title="Họp tổ")
    one = receipt(delivery_of(announcement, world.member), timezone.now())
    sent = [one] * (inbox.MAX_RECEIPTS + 1)
    answer = api(world, "member").post(
        "/api/v1/announcements/reads", {"reads": sent}, "application/json"
    )
    assert answer.status_code == 422
    assert delivery_of(announcement, world.member).read_at is None


def test_the_inbox_gives_the_links_address_and_the_pictures(world: World) -> None:
    draft = services.Draft(
        title="Cảnh báo đường link giả",
        text="Không bấm vào đường link này.",
        audience=Audience(units=(world.code(world.village_a1),), teams="members"),
        channels=("app",),
        link_kind="warning",
        link_ref="https://evil-vietcombank.top/",
    )
    officer = world.commune_officer
    made = services.announcement_create(actor=officer, draft=draft, image=png_bytes())
    services.announcement_send(actor=officer, announcement=made)
    (mine,) = inbox.field_announcements(actor=world.member)
    assert mine["link"]["kind"] == "warning"
    assert "/kiem-tra?q=https" in mine["link"]["url"]
    assert mine["image"] is not None
    picture = Client().get(mine["image"])
    assert picture.status_code == 200 and picture["Content-Type"].startswith("image/")
