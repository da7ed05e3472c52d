"""The one interface every channel's adapter speaks.

The delivery engine (``outreach.delivery``) claims a batch of deliveries, opens each recipient's
address, and hands the adapter one ``Message`` at a time, outside any database transaction. The
adapter answers a ``Result``: accepted (with the provider's id), refused for good (a wrong
number: never tried again), or failed for now (a 5xx, a time-out, an unreadable answer: tried
again later with backoff). The ``reference`` is the delivery's own id: adapters pass it to the
provider as its idempotency key (``Idempotency-Key``, ZNS ``tracking_id``), so a delivery sent
again after a worker died between sending and recording is dropped by the provider, not doubled.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    REFUSED = "refused"
    RETRY = "retry"


@dataclass(frozen=True)
class Message:
    """One message to one recipient. ``to`` is a phone number in E.164 (``+84912345678``), an
    email address, or a Zalo user id, as the channel needs; ``title`` is used where the channel
    has a subject line (email, a ZNS template's title parameter)."""

    to: str
    text: str
    reference: str
    title: str = ""
    link: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """What became of one attempt. ``error_code`` is a stable ``OutreachError`` value (shown to
    officers in words); ``error`` is the technical detail for whoever runs the gateway."""

    outcome: Outcome
    provider_id: str = ""
    error_code: str = ""
    error: str = ""


def accepted(provider_id: str) -> Result:
    return Result(Outcome.ACCEPTED, provider_id=provider_id[:100])


def refused(code: str, detail: str) -> Result:
    return Result(Outcome.REFUSED, error_code=code, error=detail[:300])


def retry(code: str, detail: str) -> Result:
    return Result(Outcome.RETRY, error_code=code, error=detail[:300])


class Adapter(Protocol):
    """A channel's adapter. ``name`` is the channel (``sms``, ``zalo``, ``email``); ``rate`` the
    messages per second the provider takes (the engine paces its sends to it)."""

    name: str
    rate: float

    def send(self, message: Message) -> Result: ...
