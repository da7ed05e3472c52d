"""The fault test of issue 15: the SMS gateway fails 30 % of requests, times out on 10 % after
accepting them, and the worker is killed in the middle of a batch. Every consenting recipient
gets exactly one message, counted at the gateway by idempotency key and by number."""

from collections.abc import Iterator

import pytest
import time_machine
from django.utils import timezone

from langso.access import SYSTEM
from langso.core.vault import vault
from langso.outreach import delivery, services
from langso.outreach.audience import Audience
from langso.outreach.channels import registry
from langso.outreach.channels.base import Message, Result
from langso.outreach.channels.sms import SmsGateway
from langso.outreach.models import Delivery, DeliveryStatus
from langso.people import services as people
from langso.people.models import CONTACT_PURPOSE
from tests.outreach.fakes import SMS_TOKEN, FakeProviders
from tests.outreach.town import PHONES, Town

EXTRA_RESIDENTS = 40


@pytest.fixture
def gateway() -> Iterator[FakeProviders]:
    with FakeProviders(seed=15) as fake:
        fake.sms_fail_rate = 0.30
        fake.sms_timeout_after_accept_rate = 0.10
        fake.sms_hang_seconds = 1.0
        yield fake
    registry.reset()


class Killed(BaseException):
    """The worker's process dies (SIGKILL): nothing after this point runs."""


class DiesAfter:
    """The real adapter, in a worker that is killed once ``n`` messages were accepted."""

    def __init__(self, inner: SmsGateway, n: int) -> None:
        self.inner = inner
        self.name = inner.name
        self.rate = inner.rate
        self.left = n

    def send(self, message: Message) -> Result:
        result = self.inner.send(message)
        if result.outcome == "accepted":
            self.left -= 1
            if self.left == 0:
                raise Killed
        return result


def test_every_consenting_recipient_gets_exactly_one_message(
    town: Town,
    gateway: FakeProviders,
    settings: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.LANGSO_SMS_GATEWAY_URL = gateway.sms_url  # type: ignore[attr-defined]
    settings.LANGSO_SMS_GATEWAY_TOKEN = SMS_TOKEN  # type: ignore[attr-defined]
    world = town.world
    for number in range(EXTRA_RESIDENTS):
        household = people.household_create(actor=SYSTEM, village=world.village_a2)
        person = people.resident_create(
            actor=SYSTEM,
            household=household,
            data=people.ResidentData(full_name=f"Người {number}", phone=next(PHONES)),
        )
        people.consent_record(actor=SYSTEM, resident=person, given=True, purpose=CONTACT_PURPOSE)
    created = services.announcement_create(
        actor=world.commune_officer,
        draft=services.Draft(
            title="Cảnh báo",
            text="Chào {ten}, không chuyển tiền cho người lạ gọi đến.",
            audience=Audience(units=(world.code(world.commune_a),), residents_all=True),
            channels=("sms",),
            urgent=True,
        ),
    )
    # The worker is woken on commit; here the test drives it, so it is held off.
    monkeypatch.setattr("langso.outreach.tasks.wake", lambda: None)
    announcement = services.announcement_send(actor=world.commune_officer, announcement=created)
    rows = Delivery.objects.filter(announcement=announcement)
    expected = {
        vault().open("phone", bytes(row.resident.phone_sealed))  # type: ignore[union-attr, arg-type]
        for row in rows.select_related("resident")
    }
    assert len(expected) == 3 + EXTRA_RESIDENTS
    adapter = SmsGateway(gateway.sms_url, SMS_TOKEN, rate=0, timeout=0.3)

    # A first worker is killed after the gateway accepted 10 messages; it records nothing.
    with monkeypatch.context() as dead:
        dead.setattr(delivery.Outbox, "record", lambda self: None)
        with pytest.raises(Killed):
            delivery.drain("sms", adapter=DiesAfter(adapter, 10))
    # Later workers take over once its claim expired, and retry what failed as it falls due.
    moment = timezone.now()
    for _round in range(30):
        moment += max(delivery.CLAIM_EXPIRES, delivery.BACKOFF_CAP) * 1.3
        with time_machine.travel(moment, tick=True):
            delivery.drain("sms", adapter=adapter)
        if not rows.filter(status=DeliveryStatus.QUEUED).exists():
            break
    assert set(rows.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    # Exactly one message per recipient: by number, and by idempotency key.
    assert set(gateway.sms_per_recipient) == expected
    assert set(gateway.sms_per_recipient.values()) == {1}
    assert set(gateway.sms_accepted.values()) == {1}
    assert set(gateway.sms_accepted) == {str(pk) for pk in rows.values_list("pk", flat=True)}
    # The faults really happened: refusals with 503, time-outs, and repeated keys.
    attempts = sum(rows.values_list("attempts", flat=True))
    assert gateway.sms_requests > len(expected) + 10
    assert attempts > len(expected)
