"""The officers' outbox page: outreach's deliveries of the reports an officer handles, why a
message failed in words (the code in small print), masked numbers, the channel, and pages; and
the free text older versions stored, given its code by a migration."""

import importlib

import pytest
from django.urls import reverse

from langso.feedback.codes import format_code
from langso.outreach import services as outreach
from langso.outreach.errors import DeliveryError
from langso.outreach.models import Delivery, DeliveryStatus
from tests.feedback.helpers import file_report, officer_b
from tests.roles import World

pytestmark = pytest.mark.django_db

coding = importlib.import_module("langso.feedback.migrations.0005_notification_error_code")


def test_the_outbox_shows_why_a_message_failed_in_words_and_the_code_in_small_print(
    world: World,
) -> None:
    report = file_report(world, phone="0912345678", wants_updates=True)
    Delivery.objects.filter(source_ref=str(report.pk)).update(
        status=DeliveryStatus.FAILED,
        error_code=DeliveryError.REFUSED,
        error="HTTP 422",
    )
    page = world.client(world.commune_officer).get(reverse("feedback:outbox")).content.decode()
    assert "Cổng nhắn tin từ chối tin nhắn (sai số điện thoại hoặc sai khóa)" in page
    assert '<small class="muted">DELIVERY_REFUSED</small>' in page
    assert "gửi không thành công" in page
    # The gateway's own words stay with whoever runs it, not on the officers' page.
    assert "HTTP 422" not in page
    assert "refused" not in page


def test_the_outbox_shows_only_the_messages_of_reports_the_officer_handles(
    world: World,
) -> None:
    mine = file_report(world, phone="0912345678", wants_updates=True)
    theirs = file_report(
        world, place=world.code(world.village_b1), phone="0987654321", wants_updates=True
    )
    # An announcement's delivery and a reply to no report of this commune are not shown either.
    outreach.reply_queue(
        source_ref="999999999", phone_sealed=b"x", phone_masked="*******111", text="khác"
    )
    page = world.client(world.commune_officer).get(reverse("feedback:outbox")).content.decode()
    assert format_code(mine.code) in page and "**** *** 678" in page
    assert format_code(theirs.code) not in page and "**** *** 321" not in page
    assert "*******111" not in page and "**** *** 111" not in page
    other = world.client(officer_b(world)).get(reverse("feedback:outbox")).content.decode()
    assert format_code(theirs.code) in other and format_code(mine.code) not in other


def test_the_outbox_pages_newest_first(world: World) -> None:
    report = file_report(world, phone="0912345678", wants_updates=True)
    for number in range(60):
        outreach.reply_queue(
            source_ref=str(report.pk),
            phone_sealed=b"x",
            phone_masked="*******678",
            text=f"Tin số {number}",
        )
    client = world.client(world.commune_officer)
    first = client.get(reverse("feedback:outbox")).content.decode()
    assert "Tin số 59" in first and "Tin số 0<" not in first
    assert "1 / 2" in first and "?page=2" in first
    second = client.get(reverse("feedback:outbox"), {"page": "2"}).content.decode()
    assert "Tin số 0<" in second and "Tin số 59" not in second


@pytest.mark.parametrize(
    ("old", "code"),
    [
        ("HTTP 422", DeliveryError.REFUSED),
        ("HTTP 401", DeliveryError.REFUSED),
        ("HTTP 429", DeliveryError.GATEWAY_BUSY),
        ("HTTP 503", DeliveryError.GATEWAY_FAILED),
        ("unreadable answer", DeliveryError.ANSWER_UNREADABLE),
        ("answer without an id", DeliveryError.ANSWER_WITHOUT_ID),
        ("<urlopen error [Errno 111] Connection refused>", DeliveryError.UNREACHABLE),
        ("timed out", DeliveryError.UNREACHABLE),
    ],
)
def test_the_free_text_of_older_versions_maps_to_a_code(old: str, code: DeliveryError) -> None:
    assert coding._code(old) == code
