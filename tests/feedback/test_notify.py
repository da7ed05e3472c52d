"""Messages to reporters are outreach deliveries: a reply queues one to the reporter's sealed
number, the SMS channel's drain sends it (retried after a gateway's passing fault, refused for
good on a wrong number), and without a gateway it is kept for the officers' outbox page. The
gateway is an in-process adapter (``tests.feedback.gateway``); the HTTP contract of the real
one is tested with outreach's SMS adapter."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from langso.core.vault import vault
from langso.feedback import services
from langso.feedback.codes import format_code
from langso.feedback.models import Status
from langso.outreach import delivery
from langso.outreach.errors import DeliveryError
from langso.outreach.models import Channel, Delivery, DeliveryStatus
from tests.feedback.gateway import Gateway, down, wrong_number
from tests.feedback.helpers import file_report
from tests.roles import World

pytestmark = pytest.mark.django_db


def test_a_reporter_who_asked_gets_a_delivery_to_their_sealed_number(
    world: World, gateway: Gateway, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    report = file_report(world, phone="0912 345 678", wants_updates=True)
    queued = Delivery.objects.get()
    assert (queued.source, queued.source_ref, queued.channel) == (
        "feedback",
        str(report.pk),
        Channel.SMS,
    )
    assert queued.status == DeliveryStatus.QUEUED
    assert queued.address_masked == "*******678"
    assert queued.address_sealed is not None
    assert vault().open("phone", bytes(queued.address_sealed)) == "+84912345678"
    assert format_code(report.code) in queued.text
    assert "0912" not in queued.text
    assert gateway.sent == []


def test_without_a_gateway_messages_are_kept_for_the_outbox(
    world: World, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    for name in ("LANGSO_SMS_GATEWAY_URL", "LANGSO_FEEDBACK_GATEWAY_URL"):
        monkeypatch.delenv(name, raising=False)
        setattr(settings, name, "")
    file_report(world, phone="0912345678", wants_updates=True)
    kept = Delivery.objects.get()
    assert kept.status == DeliveryStatus.KEPT
    assert delivery.drain("sms", adapter=Gateway()) == 0
    assert Delivery.objects.get().status == DeliveryStatus.KEPT


def test_status_changes_reach_the_gateway_once_the_change_commits(
    world: World, gateway: Gateway, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = file_report(world, phone="0912 345 678", wants_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_set_status(
            actor=world.commune_officer, report=report, status=Status.RECEIVED
        )
    sent = list(Delivery.objects.order_by("id"))
    assert [d.status for d in sent] == [DeliveryStatus.SENT, DeliveryStatus.SENT]
    assert [d.provider_id for d in sent] == ["gw-1", "gw-2"]
    assert all(d.sent_at is not None for d in sent)
    assert [m.to for m in gateway.sent] == ["+84912345678"] * 2
    # The delivery's id is the idempotency key the gateway sees.
    assert [m.reference for m in gateway.sent] == [str(d.pk) for d in sent]
    assert [m.text for m in gateway.sent] == [d.text for d in sent]
    assert "tình trạng: đã tiếp nhận" in sent[1].text


def test_a_gateway_fault_is_retried_later_and_the_message_sent_once(
    world: World, gateway: Gateway, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    file_report(world, phone="0912345678", wants_updates=True)
    assert delivery.drain("sms", adapter=Gateway(down)) == 1
    waiting = Delivery.objects.get()
    assert (waiting.status, waiting.attempts) == (DeliveryStatus.QUEUED, 1)
    assert (waiting.error_code, waiting.error) == (DeliveryError.GATEWAY_FAILED, "HTTP 503")
    assert waiting.next_attempt_at > timezone.now()
    # Not before its time comes.
    assert delivery.drain("sms", adapter=gateway) == 0
    later = timezone.now() + timedelta(hours=1)
    assert delivery.drain("sms", adapter=gateway, now=lambda: later) == 1
    assert delivery.drain("sms", adapter=gateway, now=lambda: later) == 0
    done = Delivery.objects.get()
    assert (done.status, done.attempts, done.provider_id) == (DeliveryStatus.SENT, 2, "gw-1")
    assert (done.error_code, done.error) == ("", "")
    assert len(gateway.sent) == 1


def test_a_wrong_number_fails_for_good_with_its_reason(
    world: World, gateway: Gateway, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    file_report(world, phone="0912345678", wants_updates=True)
    assert delivery.drain("sms", adapter=Gateway(wrong_number)) == 1
    failed = Delivery.objects.get()
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, 1)
    assert (failed.error_code, failed.error) == (DeliveryError.REFUSED, "HTTP 422")
    later = timezone.now() + timedelta(days=1)
    assert delivery.drain("sms", adapter=gateway, now=lambda: later) == 0
    assert gateway.sent == []


@pytest.mark.parametrize("command", ["deliver_feedback_messages", "outreach_drain"])
def test_the_commands_send_what_waits_and_are_safe_to_rerun(
    world: World, gateway: Gateway, settings: Any, command: str
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    file_report(world, phone="0912345678", wants_updates=True)
    file_report(world, phone="0987654321", wants_updates=True)
    call_command(command)
    call_command(command)
    assert sorted(m.to for m in gateway.sent) == ["+84912345678", "+84987654321"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_no_message_is_written_for_a_reporter_who_did_not_ask(world: World) -> None:
    report = file_report(world, phone="0912345678")
    services.report_set_status(actor=world.commune_officer, report=report, status="received")
    assert not Delivery.objects.exists()
