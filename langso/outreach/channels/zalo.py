"""Zalo: the commune's Official Account messaging its followers, and ZNS template messages to
phone numbers, with the OA's access token and its refresh.

Routing. A recipient whose Zalo user id is known (``message.extra["zalo_user_id"]``, from a
follower who shared their number with the OA, see ``outreach.zalo_webhook``) gets a free
consultation message from the OA: ``POST {api}/v3.0/oa/message/cs`` with
``{"recipient": {"user_id"}, "message": {"text"}}``. Anyone else gets a paid ZNS template
message to their phone: ``POST {zns}/message/template`` with ``{"phone": "84912345678",
"template_id", "template_data", "tracking_id"}``; ``tracking_id`` is the delivery's id, so a
message sent again after a worker died is recognised as the same one. (The OA message API has
no such key: a message sent, then lost with its worker before it was recorded, goes out again.)

The ZNS template. The OA registers one template for announcements with Zalo and gives its id
as ``LANGSO_ZALO_ZNS_TEMPLATE_ID``; it must declare three parameters: ``title`` (the
announcement's title), ``text`` (its text, as rendered for the recipient) and ``link`` (the
announcement's link, or an empty string).

Answers. Zalo answers HTTP 200 for errors too, with ``{"error": <negative code>, "message"}``;
the documented codes are mapped below (``_OUTCOMES``): an invalid or expired access token is
refreshed once and the message sent again; a recipient who does not follow the OA (or has not
interacted with it lately) is refused with ``NOT_FOLLOWER``; rate limits and quotas are tried
again later; a bad phone number or template is refused for good.

Tokens. The OA's access token lives 25 hours; the refresh token that renews it works once, and
each refresh hands out a new one. The pair therefore lives in the database (``ZaloToken``,
sealed by the vault), seeded from ``LANGSO_ZALO_OA_ACCESS_TOKEN`` and
``LANGSO_ZALO_OA_REFRESH_TOKEN`` the first time; see ``ZaloOfficialAccount._refresh`` for how two
processes refreshing at once keep a working pair.
"""

import http.client
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.utils import timezone

from langso.core.vault import vault
from langso.outreach.channels.base import Message, Outcome, Result, accepted, refused, retry
from langso.outreach.channels.sms import http_error_code
from langso.outreach.channels.transport import Answer, Transport, check_url
from langso.outreach.errors import DeliveryError
from langso.outreach.models import ZaloToken

API_BASE = "https://openapi.zalo.me"
ZNS_BASE = "https://business.openapi.zalo.me"
OAUTH_BASE = "https://oauth.zaloapp.com"
SEALED_AS = "zalo_token"
# A token this close to its end is renewed before use rather than after a refusal.
EXPIRY_MARGIN = timedelta(minutes=5)
# A seeded access token's age is unknown: it is trusted this long, then renewed.
SEEDED_LIFETIME = timedelta(hours=1)
# After a refresh failed, the next attempt waits this long, so that thousands of queued
# messages do not each knock at Zalo's OAuth server with a refresh token it refused.
REFRESH_PAUSE = 60.0

# Zalo's documented error codes (developers.zalo.me, Official Account API v3 and ZNS).
TOKEN_ERRORS = frozenset({-216, -124, -220})
_OUTCOMES: dict[int, tuple[Outcome, DeliveryError]] = {
    # The recipient does not follow the OA, blocked it, or has not talked to it lately.
    -213: (Outcome.REFUSED, DeliveryError.NOT_FOLLOWER),
    -217: (Outcome.REFUSED, DeliveryError.NOT_FOLLOWER),
    -227: (Outcome.REFUSED, DeliveryError.NOT_FOLLOWER),
    -230: (Outcome.REFUSED, DeliveryError.NOT_FOLLOWER),
    -232: (Outcome.REFUSED, DeliveryError.NOT_FOLLOWER),
    # Rate limits, quotas and hours: later.
    -32: (Outcome.RETRY, DeliveryError.GATEWAY_BUSY),
    -115: (Outcome.RETRY, DeliveryError.GATEWAY_BUSY),
    -133: (Outcome.RETRY, DeliveryError.GATEWAY_BUSY),
    -144: (Outcome.RETRY, DeliveryError.GATEWAY_BUSY),
    -147: (Outcome.RETRY, DeliveryError.GATEWAY_BUSY),
    -211: (Outcome.RETRY, DeliveryError.GATEWAY_BUSY),
    # A wrong phone number, user id, template or template data: for good.
    -108: (Outcome.REFUSED, DeliveryError.REFUSED),
    -109: (Outcome.REFUSED, DeliveryError.REFUSED),
    -111: (Outcome.REFUSED, DeliveryError.REFUSED),
    -112: (Outcome.REFUSED, DeliveryError.REFUSED),
    -114: (Outcome.REFUSED, DeliveryError.REFUSED),
    -118: (Outcome.REFUSED, DeliveryError.REFUSED),
    -119: (Outcome.REFUSED, DeliveryError.REFUSED),
    -131: (Outcome.REFUSED, DeliveryError.REFUSED),
    -139: (Outcome.REFUSED, DeliveryError.REFUSED),
    -201: (Outcome.REFUSED, DeliveryError.REFUSED),
}


@dataclass(frozen=True)
class ZaloConfig:
    api_base: str = API_BASE
    zns_base: str = ZNS_BASE
    oauth_base: str = OAUTH_BASE
    access_token: str = ""
    refresh_token: str = ""
    app_id: str = ""
    app_secret: str = ""
    template_id: str = ""
    # The OA's secret key, which signs the webhook's events (not the app's secret).
    oa_secret_key: str = ""
    timeout: float = 10.0

    @classmethod
    def from_settings(cls, read: Callable[[str], str]) -> "ZaloConfig":
        return cls(
            api_base=(read("LANGSO_ZALO_API_BASE") or API_BASE).rstrip("/"),
            zns_base=(read("LANGSO_ZALO_ZNS_BASE") or ZNS_BASE).rstrip("/"),
            oauth_base=(read("LANGSO_ZALO_OAUTH_BASE") or OAUTH_BASE).rstrip("/"),
            access_token=read("LANGSO_ZALO_OA_ACCESS_TOKEN"),
            refresh_token=read("LANGSO_ZALO_OA_REFRESH_TOKEN"),
            app_id=read("LANGSO_ZALO_APP_ID"),
            app_secret=read("LANGSO_ZALO_APP_SECRET"),
            template_id=read("LANGSO_ZALO_ZNS_TEMPLATE_ID"),
            oa_secret_key=read("LANGSO_ZALO_OA_SECRET_KEY"),
        )

    @property
    def connected(self) -> bool:
        """The app's id and secret, and a token to start from (a refresh token alone will do:
        the first message then fetches an access token)."""
        return bool(self.app_id and self.app_secret and (self.access_token or self.refresh_token))

    def key(self) -> tuple[str, ...]:
        return (
            self.api_base,
            self.zns_base,
            self.oauth_base,
            self.app_id,
            self.app_secret,
            self.template_id,
            self.access_token,
            self.refresh_token,
        )


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str
    expires_at: datetime
    refreshed_at: datetime


def zns_phone(e164: str) -> str | None:
    """+84912345678 → 84912345678, the form ZNS takes; ZNS reaches Vietnamese numbers only."""
    if e164.startswith("+84") and e164[1:].isdigit() and 11 <= len(e164) - 1 <= 12:
        return e164[1:]
    return None


class ZaloOfficialAccount:
    """The Zalo channel's adapter. One message at a time per instance: a lock serialises
    ``send``, tokens included; threads sending in parallel each use their own instance."""

    name = "zalo"

    def __init__(self, config: ZaloConfig, *, rate: float = 10.0) -> None:
        for url in (config.api_base, config.zns_base, config.oauth_base):
            check_url(url, "Zalo API")
        self.config = config
        self.rate = rate
        self._transport = Transport(config.timeout)
        self._tokens: Tokens | None = None
        self._refresh_failed_at: float | None = None
        self._lock = threading.Lock()

    def send(self, message: Message) -> Result:
        with self._lock:
            return self._send(message)

    def _send(self, message: Message) -> Result:
        request = self._request(message)
        if isinstance(request, Result):
            return request
        url, payload = request
        tokens = self._usable_tokens()
        if isinstance(tokens, Result):
            return tokens
        answer = self._post(url, payload, tokens.access)
        if isinstance(answer, dict) and answer.get("error") in TOKEN_ERRORS:
            tokens = self._refresh(tokens)
            if isinstance(tokens, Result):
                return tokens
            answer = self._post(url, payload, tokens.access)
        if isinstance(answer, Result):
            return answer
        return _result(answer)

    def close(self) -> None:
        self._transport.close()

    # What to send where.

    def _request(self, message: Message) -> tuple[str, dict[str, Any]] | Result:
        user_id = message.extra.get("zalo_user_id", "")
        if user_id:
            text = f"{message.text}\n{message.link}" if message.link else message.text
            return (
                f"{self.config.api_base}/v3.0/oa/message/cs",
                {"recipient": {"user_id": user_id}, "message": {"text": text}},
            )
        if not message.to:
            return refused(DeliveryError.NO_ADDRESS, "no phone number and no Zalo user id")
        if not self.config.template_id:
            return refused(DeliveryError.NOT_CONNECTED, "no ZNS template configured")
        phone = zns_phone(message.to)
        if phone is None:
            return refused(DeliveryError.REFUSED, "ZNS reaches Vietnamese numbers only")
        return (
            f"{self.config.zns_base}/message/template",
            {
                "phone": phone,
                "template_id": self.config.template_id,
                "template_data": {
                    "title": message.title,
                    "text": message.text,
                    "link": message.link,
                },
                "tracking_id": message.reference,
            },
        )

    def _post(
        self, url: str, payload: dict[str, Any], access_token: str
    ) -> dict[str, Any] | Result:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "access_token": access_token}
        return _read(self._call(url, body, headers))

    def _call(self, url: str, body: bytes, headers: dict[str, str]) -> Answer | Result:
        try:
            return self._transport.request("POST", url, body, headers)
        except TimeoutError as exc:
            return retry(DeliveryError.UNREACHABLE, f"time-out: {exc}")
        except (OSError, http.client.HTTPException) as exc:
            return retry(DeliveryError.UNREACHABLE, f"{type(exc).__name__}: {exc}")

    # The tokens.

    def _usable_tokens(self) -> Tokens | Result:
        if self._tokens is None:
            self._tokens = _load(self.config)
        if self._tokens.expires_at - EXPIRY_MARGIN <= timezone.now():
            return self._refresh(self._tokens)
        return self._tokens

    def _refresh(self, stale: Tokens) -> Tokens | Result:
        """Renew the access token that ``stale`` holds, and store the new pair.

        No transaction is open around the call to Zalo. The new pair is stored by one
        conditional UPDATE that succeeds only if the row still holds the pair this process
        read (the same ``refreshed_at``). When two processes refresh at once with the same
        refresh token, Zalo lets only the first use it; the second's refusal is then followed
        by a fresh read of the row, which by then holds the first's new pair (or soon will:
        the next message reads it again), and the second uses that. Should Zalo ever honour
        both, the second's UPDATE finds the row changed and the second adopts the stored pair;
        either way the row keeps a pair whose refresh token has not been used. What cannot be
        helped is a process dying between Zalo's answer and the UPDATE: the OA's administrator
        then issues a new refresh token (README, "Connecting Zalo").
        """
        current = _load(self.config)
        if current.access != stale.access and current.expires_at - EXPIRY_MARGIN > timezone.now():
            self._tokens = current
            return current
        paused = self._refresh_failed_at
        if paused is not None and time.monotonic() - paused < REFRESH_PAUSE:
            return retry(DeliveryError.TOKEN_INVALID, "the last token refresh failed; waiting")
        renewed = self._renew(current.refresh)
        if isinstance(renewed, Result):
            again = _load(self.config)
            if again.refreshed_at != current.refreshed_at:
                self._tokens = again
                return again
            self._refresh_failed_at = time.monotonic()
            return renewed
        self._refresh_failed_at = None
        now = timezone.now()
        stored = ZaloToken.objects.filter(pk=1, refreshed_at=current.refreshed_at).update(
            access_token_sealed=vault().seal(SEALED_AS, renewed.access),
            refresh_token_sealed=vault().seal(SEALED_AS, renewed.refresh),
            expires_at=renewed.expires_at,
            refreshed_at=now,
        )
        if stored:
            self._tokens = Tokens(renewed.access, renewed.refresh, renewed.expires_at, now)
        else:
            self._tokens = _load(self.config)
        return self._tokens

    def _renew(self, refresh_token: str) -> Tokens | Result:
        body = urlencode(
            {
                "app_id": self.config.app_id,
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
            }
        ).encode("ascii")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "secret_key": self.config.app_secret,
        }
        answer = _read(self._call(f"{self.config.oauth_base}/v4/oa/access_token", body, headers))
        if isinstance(answer, Result):
            return answer
        access, refresh = answer.get("access_token"), answer.get("refresh_token")
        try:
            lifetime = int(answer.get("expires_in") or 0)
        except (TypeError, ValueError):
            lifetime = 0
        if not (isinstance(access, str) and access and isinstance(refresh, str) and refresh):
            reason = answer.get("error_name") or answer.get("message") or "no token"
            return retry(
                DeliveryError.TOKEN_INVALID,
                f"token refresh refused: {answer.get('error')} {reason}",
            )
        expires_at = timezone.now() + timedelta(seconds=lifetime or 3600)
        return Tokens(access, refresh, expires_at, timezone.now())


def _load(config: ZaloConfig) -> Tokens:
    """The stored pair; the first time, the pair from the environment, stored."""
    row = ZaloToken.objects.filter(pk=1).first()
    if row is None:
        now = timezone.now()
        # With only a refresh token, the seeded pair is already expired: the first message
        # renews it.
        expires_at = now + SEEDED_LIFETIME if config.access_token else now
        try:
            with transaction.atomic():
                row, _ = ZaloToken.objects.get_or_create(
                    pk=1,
                    defaults={
                        "access_token_sealed": vault().seal(SEALED_AS, config.access_token),
                        "refresh_token_sealed": vault().seal(SEALED_AS, config.refresh_token),
                        "expires_at": expires_at,
                        "refreshed_at": now,
                    },
                )
        except IntegrityError:
            row = ZaloToken.objects.get(pk=1)
    return Tokens(
        access=vault().open(SEALED_AS, bytes(row.access_token_sealed)),
        refresh=vault().open(SEALED_AS, bytes(row.refresh_token_sealed)),
        expires_at=row.expires_at,
        refreshed_at=row.refreshed_at,
    )


def _read(answer: Answer | Result) -> dict[str, Any] | Result:
    """Zalo's JSON answer, or why there is none worth reading."""
    if isinstance(answer, Result):
        return answer
    if answer.status != 200:
        code = http_error_code(answer.status)
        detail = f"HTTP {answer.status}"
        return refused(code, detail) if code == DeliveryError.REFUSED else retry(code, detail)
    try:
        payload = json.loads(answer.body)
    except ValueError:
        return retry(DeliveryError.ANSWER_UNREADABLE, "unreadable answer")
    if not isinstance(payload, dict):
        return retry(DeliveryError.ANSWER_UNREADABLE, "unreadable answer")
    return payload


def _result(answer: dict[str, Any]) -> Result:
    error = answer.get("error", 0)
    detail = f"Zalo {error}: {answer.get('message', '')}"
    if error == 0:
        data = answer.get("data")
        sent = (data.get("message_id") or data.get("msg_id")) if isinstance(data, dict) else None
        if not isinstance(sent, str | int) or isinstance(sent, bool) or sent == "":
            return retry(DeliveryError.ANSWER_WITHOUT_ID, "answer without a message id")
        return accepted(str(sent))
    if error in TOKEN_ERRORS:
        return retry(DeliveryError.TOKEN_INVALID, detail)
    outcome, code = _OUTCOMES.get(error, (Outcome.RETRY, DeliveryError.GATEWAY_FAILED))
    return refused(code, detail) if outcome == Outcome.REFUSED else retry(code, detail)
