"""Messages to reporters (SMS or Zalo) behind one small interface.

Every message is first written to the outbox (``Notification``), sealed like any phone number;
a background task then hands it to the configured ``Notifier``:

- ``OutboxNotifier`` (the default, no gateway configured): the message stays in the local
  outbox, which officers read on the outbox page and may pass on by hand.
- ``HttpGatewayNotifier``: an adapter for an SMS or Zalo (ZNS) gateway that speaks the small
  JSON contract below; a provider's own API sits behind such a gateway. Configured by
  ``LANGSO_FEEDBACK_GATEWAY_URL`` (https, or http on the loopback for a local bridge),
  ``LANGSO_FEEDBACK_GATEWAY_TOKEN`` and ``LANGSO_FEEDBACK_GATEWAY_CHANNEL`` (sms or zalo), as
  Django settings or environment variables.

The contract: ``POST <url>`` with ``Authorization: Bearer <token>``, ``Idempotency-Key: <ref>``
and a JSON body ``{"to": "+84912345678", "text": "...", "channel": "sms", "reference": "..."}``.
A 2xx answer with ``{"id": "..."}`` means accepted; a 4xx means refused for good (a wrong
number: not retried); a 5xx, a time-out or an unreadable answer means try again later.
"""

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings

from langso.feedback.errors import DeliveryError
from langso.feedback.models import DeliveryStatus

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class Message:
    to: str
    text: str
    reference: str


@dataclass(frozen=True)
class Delivery:
    """What became of one attempt. A failure carries a stable ``error_code`` (shown to officers
    in words) and ``error``, the technical detail for whoever runs the gateway."""

    status: DeliveryStatus
    gateway_id: str = ""
    error_code: DeliveryError | None = None
    error: str = ""
    retry: bool = False


class Notifier(Protocol):
    channel: str

    def send(self, message: Message) -> Delivery: ...


class OutboxNotifier:
    """Keeps the message in the local outbox, where officers read it."""

    channel = "outbox"

    def send(self, message: Message) -> Delivery:
        return Delivery(status=DeliveryStatus.KEPT)


class HttpGatewayNotifier:
    def __init__(self, url: str, token: str, channel: str = "sms", timeout: float = 10) -> None:
        parts = urlsplit(url)
        if parts.scheme != "https" and not (
            parts.scheme == "http" and (parts.hostname or "") in LOOPBACK
        ):
            raise ValueError("the gateway URL must be https (or http on the loopback)")
        if channel not in ("sms", "zalo"):
            raise ValueError("the gateway channel is sms or zalo")
        self.url = url
        self.token = token
        self.channel = channel
        self.timeout = timeout

    def send(self, message: Message) -> Delivery:
        body = json.dumps(
            {
                "to": message.to,
                "text": message.text,
                "channel": self.channel,
                "reference": message.reference,
            }
        ).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": message.reference,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                payload = json.loads(answer.read(64_000) or b"{}")
        except urllib.error.HTTPError as exc:
            return _failed(http_error_code(exc.code), f"HTTP {exc.code}")
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return _failed(DeliveryError.UNREACHABLE, str(exc))
        except ValueError:
            return _failed(DeliveryError.ANSWER_UNREADABLE, "unreadable answer")
        gateway_id = payload.get("id") if isinstance(payload, dict) else None
        if not isinstance(gateway_id, str | int) or gateway_id == "":
            return _failed(DeliveryError.ANSWER_WITHOUT_ID, "answer without an id")
        return Delivery(DeliveryStatus.SENT, gateway_id=str(gateway_id)[:100])


def http_error_code(status: int) -> DeliveryError:
    """A 429 or 5xx is the gateway's passing trouble; any other refusal is for good."""
    if status == 429:
        return DeliveryError.GATEWAY_BUSY
    if status >= 500:
        return DeliveryError.GATEWAY_FAILED
    return DeliveryError.REFUSED


# Failures worth another try later; a refusal (a wrong number, a wrong key) is not.
RETRIED = frozenset(DeliveryError) - {DeliveryError.REFUSED}


def _failed(code: DeliveryError, detail: str) -> Delivery:
    return Delivery(
        DeliveryStatus.FAILED, error_code=code, error=detail[:300], retry=code in RETRIED
    )


def _setting(name: str) -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, ""))


def notifier() -> Notifier:
    url = _setting("LANGSO_FEEDBACK_GATEWAY_URL")
    if not url:
        return OutboxNotifier()
    return HttpGatewayNotifier(
        url,
        _setting("LANGSO_FEEDBACK_GATEWAY_TOKEN"),
        _setting("LANGSO_FEEDBACK_GATEWAY_CHANNEL") or "sms",
    )
