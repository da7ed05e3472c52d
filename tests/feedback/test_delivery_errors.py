"""Why a message to a reporter failed is stored as a code and read by officers in words; the
free text older versions stored is given its code by the migration."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from langso.feedback.errors import DeliveryError
from langso.feedback.models import DeliveryStatus, Notification
from tests.feedback.helpers import file_report
from tests.roles import World

pytestmark = pytest.mark.django_db

coding = importlib.import_module("langso.feedback.migrations.0005_notification_error_code")


def _notification(world: World) -> Notification:
    report = file_report(world, phone="0912345678", wants_updates=True)
    notification = Notification.objects.filter(report=report).get()
    assert notification.error_code == ""
    return notification


def test_the_outbox_shows_why_a_message_failed_in_words_and_the_code_in_small_print(
    world: World,
) -> None:
    notification = _notification(world)
    Notification.objects.filter(pk=notification.pk).update(
        status=DeliveryStatus.FAILED,
        error_code=DeliveryError.REFUSED,
        error="HTTP 422",
    )
    page = world.client(world.commune_officer).get(reverse("feedback:outbox")).content.decode()
    assert "Cổng nhắn tin từ chối tin nhắn (sai số điện thoại hoặc sai khóa)" in page
    assert '<small class="muted">DELIVERY_REFUSED</small>' in page
    # The gateway's own words stay with whoever runs it, not on the officers' page.
    assert "HTTP 422" not in page
    assert "refused" not in page


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


def test_the_migration_codes_old_failures_and_leaves_the_rest(world: World) -> None:
    failed, sent, coded = (_notification(world) for _ in range(3))
    Notification.objects.filter(pk=failed.pk).update(error="HTTP 503")
    Notification.objects.filter(pk=coded.pk).update(
        error="HTTP 503", error_code=DeliveryError.REFUSED
    )
    coding.code_old_errors(apps, None)
    codes = dict(Notification.objects.values_list("pk", "error_code"))
    assert codes == {
        failed.pk: DeliveryError.GATEWAY_FAILED,
        sent.pk: "",
        coded.pk: DeliveryError.REFUSED,
    }
