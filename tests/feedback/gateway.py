"""An SMS gateway in the test's own process, behind outreach's adapter interface
(``langso.outreach.channels.base.Adapter``): the ``gateway`` fixture
(``conftest``) connects it, and replies to reporters are then queued for it and drained through
it, with no network."""

import threading
from collections.abc import Callable

from langso.outreach.channels.base import Message, Result, accepted, refused, retry
from langso.outreach.errors import DeliveryError


class Gateway:
    """Remembers what it was given and answers ``answer(message)``: accepted by default.
    ``during`` runs inside ``send``, where a real gateway would be waiting on the network."""

    name = "sms"
    rate = 0.0

    def __init__(
        self,
        answer: Callable[[Message], Result] | None = None,
        during: Callable[[Message], None] | None = None,
    ) -> None:
        self.sent: list[Message] = []
        self.answer = answer
        self.during = during
        self._lock = threading.Lock()

    def send(self, message: Message) -> Result:
        with self._lock:
            self.sent.append(message)
            count = len(self.sent)
        if self.during is not None:
            self.during(message)
        if self.answer is not None:
            return self.answer(message)
        return accepted(f"gw-{count}")


def down(message: Message) -> Result:
    """A gateway's passing fault (a 5xx): worth another try later."""
    return retry(DeliveryError.GATEWAY_FAILED, "HTTP 503")


def wrong_number(message: Message) -> Result:
    """A refusal for good (a 4xx): never tried again."""
    return refused(DeliveryError.REFUSED, "HTTP 422")
