"""The delivery engine: each delivery goes out once, failures are retried with backoff and then
given up, refusals fail at once, a worker that dies between sending and recording leaves nothing
doubled, and two workers never send the same delivery."""

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from langso.outreach import delivery, services
from langso.outreach.audience import Audience
from langso.outreach.channels.base import Message, Result, accepted, refused, retry
from langso.outreach.models import Announcement, AnnouncementStatus, Delivery, DeliveryStatus
from tests.outreach.town import Town

pytestmark = pytest.mark.usefixtures("sms_connected")


@dataclass
class Gateway:
    """An in-process stand-in for a provider: it keeps what it accepted by idempotency key (a
    repeated key is answered with the first id and not counted again), and answers as told."""

    answer: object = None
    name: str = "sms"
    rate: float = 0
    accepted: dict[str, Message] = field(default_factory=dict)
    calls: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, message: Message) -> Result:
        with self.lock:
            self.calls[message.reference] += 1
            if callable(self.answer):
                outcome = self.answer(message, self.calls[message.reference])
                if outcome is not None:
                    return outcome  # type: ignore[no-any-return]
            self.accepted.setdefault(message.reference, message)
            return accepted(f"gw-{message.reference}")


def announce(town: Town, **extra: object) -> Announcement:
    world = town.world
    audience = Audience(units=(world.code(world.commune_a),), teams="members", residents_all=True)
    draft = services.Draft(
        title="Hạn VNeID",
        text="Chào {ten} ở {thon}: kích hoạt VNeID trước {han}.",
        audience=audience,
        channels=("sms",),
        urgent=True,
        **extra,  # type: ignore[arg-type]
    )
    created = services.announcement_create(actor=world.commune_officer, draft=draft)
    return services.announcement_send(actor=world.commune_officer, announcement=created)


def test_each_delivery_goes_out_once_with_its_words_filled(town: Town) -> None:
    sent = announce(town)
    gateway = Gateway()
    assert delivery.drain("sms", adapter=gateway) == 5
    assert delivery.drain("sms", adapter=gateway) == 0
    rows = Delivery.objects.filter(announcement=sent)
    assert set(rows.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert sorted(gateway.calls.values()) == [1] * 5
    to_xuan = rows.get(resident=town.xuan)
    message = gateway.accepted[str(to_xuan.pk)]
    assert message.text.startswith("Xa Thuan Chau: Hạn VNeID. Chào Lò Thị Xuân ở Bản Hua Nà")
    assert f"/huy-nhan-tin/{services.opt_out_token(to_xuan.pk)}" in message.text
    assert to_xuan.provider_id == f"gw-{to_xuan.pk}"
    # A team member gets no opt-out line: their team's announcements are part of serving.
    to_member = rows.get(person=town.member_person)
    assert "huy-nhan-tin" not in gateway.accepted[str(to_member.pk)].text
    sent.refresh_from_db()
    assert sent.status == AnnouncementStatus.SENT


def test_failures_are_retried_with_backoff_then_given_up(town: Town) -> None:
    announce(town)
    gateway = Gateway(answer=lambda message, n: retry("DELIVERY_GATEWAY_FAILED", "HTTP 503"))
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert delivery.drain("sms", adapter=gateway) == 5
        row = Delivery.objects.filter(channel="sms").first()
        assert row is not None
        assert row.status == DeliveryStatus.QUEUED and row.attempts == 1
        assert row.error_code == "DELIVERY_GATEWAY_FAILED"
        first_wait = row.next_attempt_at - start
        assert timedelta(seconds=24) <= first_wait <= timedelta(seconds=36)
        # Not again before the backoff is over.
        assert delivery.drain("sms", adapter=gateway) == 0
        for _attempt in range(2, delivery.MAX_ATTEMPTS + 1):
            clock.shift(delivery.BACKOFF_CAP * 1.3)
            assert delivery.drain("sms", adapter=gateway) == 5
        row.refresh_from_db()
        assert row.status == DeliveryStatus.FAILED
        assert row.attempts == delivery.MAX_ATTEMPTS
        clock.shift(delivery.BACKOFF_CAP * 2)
        assert delivery.drain("sms", adapter=gateway) == 0
    assert set(gateway.calls.values()) == {delivery.MAX_ATTEMPTS}


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(1, 30), (2, 60), (3, 120), (8, 3840), (12, 21600), (40, 21600)]
)
def test_backoff_doubles_from_thirty_seconds_up_to_six_hours(attempts: int, seconds: int) -> None:
    waits = {delivery.backoff(attempts).total_seconds() for _ in range(50)}
    assert all(0.8 * seconds <= wait <= 1.2 * seconds for wait in waits)
    # Jittered, so deliveries that failed together come back apart.
    assert len(waits) > 1


def test_a_refusal_fails_at_once(town: Town) -> None:
    announce(town)
    gateway = Gateway(answer=lambda message, n: refused("DELIVERY_REFUSED", "HTTP 400"))
    delivery.drain("sms", adapter=gateway)
    assert set(Delivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.FAILED, 1)}


def test_a_number_that_opted_out_after_queueing_is_not_sent(town: Town) -> None:
    from langso.core.vault import vault

    announce(town)
    phone = vault().open("phone", bytes(town.pao.phone_sealed))  # type: ignore[arg-type]
    # Recorded straight in the table, as an opt-out arriving between queueing and sending.
    from langso.outreach.models import OptOut

    OptOut.objects.create(phone_index=vault().index("phone", phone), how="reply")
    gateway = Gateway()
    delivery.drain("sms", adapter=gateway)
    to_pao = Delivery.objects.get(resident=town.pao)
    assert to_pao.status == DeliveryStatus.OPTED_OUT
    assert str(to_pao.pk) not in gateway.calls


class Killed(BaseException):
    """The worker's process dies (SIGKILL): nothing after this point runs."""


def test_a_worker_killed_between_sending_and_recording_doubles_nothing(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    announce(town)
    gateway = Gateway()
    sent_before_death = 3

    def dies(message: Message, n: int) -> Result | None:
        if len(gateway.accepted) == sent_before_death:
            raise Killed
        return None

    gateway.answer = dies
    # A killed process records nothing, not even in ``finally``.
    monkeypatch.setattr(delivery.Outbox, "record", lambda self: None)
    with pytest.raises(Killed):
        delivery.drain("sms", adapter=gateway)
    monkeypatch.undo()
    assert Delivery.objects.filter(status=DeliveryStatus.QUEUED).count() == 5
    # Another worker at once does not take what the dead one claimed ...
    gateway.answer = None
    assert delivery.drain("sms", adapter=gateway) == 0
    # ... until the claim expires; then it sends again under the same keys.
    with time_machine.travel(timezone.now() + delivery.CLAIM_EXPIRES + timedelta(seconds=1)):
        assert delivery.drain("sms", adapter=gateway) == 5
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    # The provider saw four keys twice (three it had accepted, one in flight when the worker
    # died) and dropped the repeats: five messages in all, one to each recipient.
    assert len(gateway.accepted) == 5
    assert sorted(gateway.calls.values()) == [1, 2, 2, 2, 2]


def test_a_stalled_worker_does_not_overwrite_the_one_that_took_over(town: Town) -> None:
    announce(town)
    token, ids = delivery.claim("sms", limit=10, now=timezone.now())
    later = timezone.now() + delivery.CLAIM_EXPIRES + timedelta(seconds=1)
    with time_machine.travel(later):
        assert delivery.drain("sms", adapter=Gateway()) == 5
    stale = delivery.Outbox(token)
    for row in Delivery.objects.filter(pk__in=ids):
        stale.add(row, refused("DELIVERY_REFUSED", "late"))
    stale.record()
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_pacer_spaces_sends_to_the_rate() -> None:
    now = [0.0]
    slept: list[float] = []

    def clock() -> float:
        return now[0]

    pacer = delivery.Pacer(4, clock=clock)

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("langso.outreach.delivery.time.sleep", sleep)
        for _ in range(5):
            pacer.wait()
    assert slept == [0.25, 0.25, 0.25, 0.25]


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_never_send_the_same_delivery(
    world_for_threads: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's single writer serialises workers; the race is PostgreSQL's")
    # Commits happen here (a transactional test): the worker the send wakes is held off, so
    # that the three workers below find every delivery waiting.
    monkeypatch.setattr("langso.outreach.tasks.wake", lambda: None)
    announce(world_for_threads)
    # More deliveries, so the workers really overlap: the same announcement again, twice.
    announce(world_for_threads)
    announce(world_for_threads)
    gateway = Gateway()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            while delivery.drain("sms", adapter=gateway, limit=3):
                pass
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors
    assert len(gateway.calls) == 15
    assert set(gateway.calls.values()) == {1}
