"""Sending replies to reporters through outreach's delivery engine: no transaction (and so no
lock) is open while the gateway is called, a message is sent once however many workers drain
the channel, and a worker that died mid-send does not strand its message (issue 11, kept now
that the messages are deliveries)."""

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from langso.outreach import delivery
from langso.outreach.channels.base import Message
from langso.outreach.models import Delivery, DeliveryStatus
from tests.feedback.gateway import Gateway, down
from tests.feedback.helpers import file_report
from tests.roles import World

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def waiting(world: World, gateway: Gateway, settings: Any) -> Delivery:
    """A reply queued for a connected gateway that no worker has sent yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    file_report(world, phone="0912 345 678", wants_updates=True)
    queued = Delivery.objects.get()
    assert queued.status == DeliveryStatus.QUEUED
    return queued


def in_another_connection(work: Any) -> list[BaseException]:
    """Run ``work`` on a connection of its own (another thread) and return what it raised."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    return errors


def test_no_transaction_is_open_while_the_gateway_is_called(waiting: Delivery) -> None:
    seen: dict[str, Any] = {}

    def write_the_row_elsewhere() -> None:
        with connection.cursor() as cursor:
            # Give up after a second instead of waiting: a row lock (PostgreSQL) or the
            # database's write lock (SQLite) held by the sender would make this fail.
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA busy_timeout = 1000")
            else:
                cursor.execute("SET lock_timeout = '1s'")
            cursor.execute(
                f"UPDATE {Delivery._meta.db_table} SET error = %s WHERE id = %s",  # noqa: S608
                ["written meanwhile", waiting.pk],
            )

    def during(message: Message) -> None:
        seen["atomic"] = connection.in_atomic_block
        seen["errors"] = in_another_connection(write_the_row_elsewhere)

    gateway = Gateway(during=during)
    assert delivery.drain("sms", adapter=gateway) == 1
    done = Delivery.objects.get()
    assert len(gateway.sent) == 1
    assert seen == {"atomic": False, "errors": []}
    assert done.status == DeliveryStatus.SENT
    assert (done.claimed_at, done.claim, done.error) == (None, "", "")


def test_a_claim_left_by_a_worker_that_died_is_taken_again(waiting: Delivery) -> None:
    long_ago = timezone.now() - delivery.CLAIM_EXPIRES - timedelta(minutes=1)
    Delivery.objects.filter(pk=waiting.pk).update(claimed_at=long_ago, claim="dead", attempts=1)
    gateway = Gateway()
    assert delivery.drain("sms", adapter=gateway) == 1
    done = Delivery.objects.get()
    assert len(gateway.sent) == 1
    # The same idempotency key as the dead worker's send, so the gateway drops a repeat.
    assert gateway.sent[0].reference == str(waiting.pk)
    assert (done.status, done.attempts, done.claimed_at) == (DeliveryStatus.SENT, 2, None)
    assert done.sent_at is not None


def test_a_message_a_live_worker_is_sending_is_left_to_it(waiting: Delivery) -> None:
    Delivery.objects.filter(pk=waiting.pk).update(
        claimed_at=timezone.now(), claim="alive", attempts=1
    )
    gateway = Gateway()
    assert delivery.drain("sms", adapter=gateway) == 0
    done = Delivery.objects.get()
    assert gateway.sent == []
    assert (done.status, done.attempts, done.claim) == (DeliveryStatus.QUEUED, 1, "alive")


def test_a_drain_started_while_another_is_sending_sends_nothing(waiting: Delivery) -> None:
    inner: list[int] = []

    def drain_again(message: Message) -> None:
        if len(gateway.sent) == 1:
            inner.append(delivery.drain("sms", adapter=gateway))

    gateway = Gateway(during=drain_again)
    assert delivery.drain("sms", adapter=gateway) == 1
    done = Delivery.objects.get()
    assert len(gateway.sent) == 1
    assert inner == [0]
    assert (done.status, done.attempts) == (DeliveryStatus.SENT, 1)


def test_two_workers_draining_at_once_send_the_message_once(waiting: Delivery) -> None:
    gateway = Gateway(during=lambda message: time.sleep(0.5))
    start = threading.Barrier(2, timeout=30)

    def drain() -> None:
        start.wait()
        delivery.drain("sms", adapter=gateway)

    workers = [threading.Thread(target=lambda: in_another_connection(drain)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert len(gateway.sent) == 1
    done = Delivery.objects.get()
    assert (done.status, done.attempts) == (DeliveryStatus.SENT, 1)


def test_a_failure_releases_the_claim_for_the_next_try(waiting: Delivery) -> None:
    assert delivery.drain("sms", adapter=Gateway(down)) == 1
    failed = Delivery.objects.get()
    assert (failed.status, failed.attempts, failed.claimed_at, failed.claim) == (
        DeliveryStatus.QUEUED,
        1,
        None,
        "",
    )
    gateway = Gateway()
    later = timezone.now() + timedelta(hours=1)
    assert delivery.drain("sms", adapter=gateway, now=lambda: later) == 1
    done = Delivery.objects.get()
    assert len(gateway.sent) == 1
    assert (done.status, done.attempts, done.error) == (DeliveryStatus.SENT, 2, "")
