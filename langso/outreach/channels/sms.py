"""SMS through an HTTP gateway that speaks Làng Số's small JSON contract.

The contract (the one replies to citizens' feedback have always used): ``POST <url>`` with
``Authorization: Bearer <token>``, ``Idempotency-Key: <reference>`` and a JSON body
``{"to": "+84912345678", "text": "...", "channel": "sms", "reference": "..."}``. A 2xx answer
with ``{"id": "..."}`` means accepted; a 429 or 5xx, a time-out or an unreadable answer means
try again later; any other 4xx means refused for good (a wrong number, a wrong key). A real
provider's API sits behind such a gateway (a small bridge, or a provider that speaks it).

The gateway is reached over one kept-alive connection (``transport``): an instance serves one
message at a time, and threads sending in parallel each use their own instance.
"""

import http.client
import json

from langso.outreach.channels.base import Message, Result, accepted, refused, retry
from langso.outreach.channels.transport import Transport, check_url
from langso.outreach.errors import DeliveryError


def http_error_code(status: int) -> DeliveryError:
    """A 429 or 5xx is the gateway's passing trouble; any other refusal is for good."""
    if status == 429:
        return DeliveryError.GATEWAY_BUSY
    if status >= 500:
        return DeliveryError.GATEWAY_FAILED
    return DeliveryError.REFUSED


class SmsGateway:
    name = "sms"

    def __init__(self, url: str, token: str, *, rate: float = 20.0, timeout: float = 10.0) -> None:
        check_url(url, "SMS gateway")
        self.url = url
        self.token = token
        self.rate = rate
        self._transport = Transport(timeout)

    def send(self, message: Message) -> Result:
        body = json.dumps(
            {
                "to": message.to,
                "text": message.text,
                "channel": "sms",
                "reference": message.reference,
            },
            ensure_ascii=False,
        ).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {self.token}",
            "Idempotency-Key": message.reference,
        }
        try:
            answer = self._transport.request("POST", self.url, body, headers)
        except TimeoutError as exc:
            return retry(DeliveryError.UNREACHABLE, f"time-out: {exc}")
        except (OSError, http.client.HTTPException) as exc:
            return retry(DeliveryError.UNREACHABLE, f"{type(exc).__name__}: {exc}")
        if not 200 <= answer.status < 300:
            code = http_error_code(answer.status)
            detail = f"HTTP {answer.status}"
            if code == DeliveryError.REFUSED:
                return refused(code, detail)
            return retry(code, detail)
        try:
            payload = json.loads(answer.body or b"{}")
        except ValueError:
            return retry(DeliveryError.ANSWER_UNREADABLE, "unreadable answer")
        gateway_id = payload.get("id") if isinstance(payload, dict) else None
        if isinstance(gateway_id, bool) or not isinstance(gateway_id, str | int):
            return retry(DeliveryError.ANSWER_WITHOUT_ID, "answer without an id")
        if gateway_id == "":
            return retry(DeliveryError.ANSWER_WITHOUT_ID, "answer without an id")
        return accepted(str(gateway_id))

    def close(self) -> None:
        self._transport.close()
