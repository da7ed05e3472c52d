"""Delivering the outbox: no transaction (and so no lock) is open while the gateway is called, a
message is sent once however many workers deliver it, and a worker that died mid-send does not
strand its message (issue 11)."""

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from langso.feedback import services
from langso.feedback.models import DeliveryStatus, Notification
from langso.feedback.notify import Delivery, Message
from tests.feedback.helpers import file_report
from tests.roles import World

pytestmark = pytest.mark.django_db(transaction=True)


class FakeGateway:
    """Counts what it is given; ``during`` runs inside ``send``, where the gateway would be
    waiting on the network."""

    channel = "sms"

    def __init__(self, during: Any = None) -> None:
        self.sent: list[Message] = []
        self.during = during
        self._lock = threading.Lock()

    def send(self, message: Message) -> Delivery:
        with self._lock:
            self.sent.append(message)
        if self.during is not None:
            self.during(message)
        return Delivery(DeliveryStatus.SENT, gateway_id=f"gw-{len(self.sent)}")


@pytest.fixture
def waiting(world: World, settings: Any) -> Notification:
    """A message in the outbox that no task has delivered yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    file_report(world, phone="0912 345 678", wants_updates=True)
    notification = Notification.objects.get()
    assert notification.status == DeliveryStatus.PENDING
    return notification


def use(monkeypatch: pytest.MonkeyPatch, gateway: FakeGateway) -> FakeGateway:
    monkeypatch.setattr(services, "notifier", lambda: gateway)
    return gateway


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


def test_no_transaction_is_open_while_the_gateway_is_called(
    waiting: Notification, monkeypatch: pytest.MonkeyPatch
) -> None:
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
                f"UPDATE {Notification._meta.db_table} SET error = %s WHERE id = %s",  # noqa: S608
                ["written meanwhile", waiting.pk],
            )

    def during(message: Message) -> None:
        seen["atomic"] = connection.in_atomic_block
        seen["errors"] = in_another_connection(write_the_row_elsewhere)

    gateway = use(monkeypatch, FakeGateway(during))
    done = services.notification_deliver(notification_id=waiting.pk)
    assert len(gateway.sent) == 1
    assert seen == {"atomic": False, "errors": []}
    assert done.status == DeliveryStatus.SENT
    assert done.claimed_at is None
    assert done.error == ""


def test_a_claim_left_by_a_worker_that_died_is_taken_again(
    waiting: Notification, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = use(monkeypatch, FakeGateway())
    long_ago = timezone.now() - services.CLAIM_EXPIRES - timedelta(minutes=1)
    Notification.objects.filter(pk=waiting.pk).update(claimed_at=long_ago, attempts=1)
    done = services.notification_deliver(notification_id=waiting.pk)
    assert len(gateway.sent) == 1
    assert done.status == DeliveryStatus.SENT
    assert done.attempts == 2
    assert done.claimed_at is None
    assert done.delivered_at is not None


def test_a_message_a_live_worker_is_sending_is_left_to_it(
    waiting: Notification, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = use(monkeypatch, FakeGateway())
    Notification.objects.filter(pk=waiting.pk).update(claimed_at=timezone.now(), attempts=1)
    done = services.notification_deliver(notification_id=waiting.pk)
    assert gateway.sent == []
    assert done.status == DeliveryStatus.PENDING
    assert done.attempts == 1


def test_a_delivery_started_while_another_is_sending_sends_nothing(
    waiting: Notification, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner: list[Notification] = []

    def deliver_again(message: Message) -> None:
        if len(gateway.sent) == 1:
            inner.append(services.notification_deliver(notification_id=waiting.pk))

    gateway = use(monkeypatch, FakeGateway(deliver_again))
    done = services.notification_deliver(notification_id=waiting.pk)
    assert len(gateway.sent) == 1
    assert inner[0].status == DeliveryStatus.PENDING
    assert done.status == DeliveryStatus.SENT
    assert done.attempts == 1


def test_two_workers_delivering_the_same_message_at_once_send_it_once(
    waiting: Notification, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = use(monkeypatch, FakeGateway(lambda message: time.sleep(0.5)))
    start = threading.Barrier(2, timeout=30)

    def deliver() -> None:
        start.wait()
        services.notification_deliver(notification_id=waiting.pk)

    workers = [threading.Thread(target=lambda: in_another_connection(deliver)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert len(gateway.sent) == 1
    done = Notification.objects.get()
    assert done.status == DeliveryStatus.SENT
    assert done.attempts == 1


def test_a_failure_releases_the_claim_for_the_next_try(
    waiting: Notification, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Down(FakeGateway):
        def send(self, message: Message) -> Delivery:
            super().send(message)
            return Delivery(DeliveryStatus.FAILED, error="HTTP 503", retry=True)

    use(monkeypatch, Down())
    failed = services.notification_deliver(notification_id=waiting.pk)
    assert (failed.status, failed.attempts, failed.claimed_at) == (DeliveryStatus.PENDING, 1, None)
    gateway = use(monkeypatch, FakeGateway())
    done = services.notification_deliver(notification_id=waiting.pk)
    assert len(gateway.sent) == 1
    assert (done.status, done.attempts, done.error) == (DeliveryStatus.SENT, 2, "")
