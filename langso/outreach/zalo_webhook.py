"""The Official Account's webhook: Zalo tells Làng Số who follows the commune's OA and, when a
follower shares it, their phone number.

Events kept (others are answered and ignored):

- ``user_submit_info``: a follower filled in the OA's "share your information" form; their
  phone number (``info.phone``) is kept by its blind index with their user id
  (``sender.id``), so announcements to that number go as free OA messages instead of paid ZNS.
- ``follow`` / ``unfollow`` (``follower.id``): whether a known follower still follows.

Zalo signs each event: the ``X-ZEvent-Signature`` header is ``mac=`` followed by the hex
SHA-256 of the app id, the raw body, the event's ``timestamp`` and the OA's secret key
(``LANGSO_ZALO_OA_SECRET_KEY``), concatenated. Zalo waits two seconds for a 200 and retries
otherwise, so the view answers at once: 200 for every signed event (even one it cannot use),
400 for a body that is not a JSON object, 403 for a wrong or missing signature (or when no
secret is configured, as nothing can then be trusted). Replaying a signed event changes
nothing: each one sets a state rather than adding to it.
"""

import hashlib
import hmac
import json
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from langso.core.errors import DomainError
from langso.core.phone import normalize_phone
from langso.core.vault import vault
from langso.outreach.channels.registry import setting
from langso.outreach.models import ZaloFollower

logger = logging.getLogger(__name__)
MAX_BODY = 64_000


def signature(app_id: str, body: bytes, timestamp: str, secret: str) -> str:
    signed = app_id.encode() + body + timestamp.encode() + secret.encode()
    return hashlib.sha256(signed).hexdigest()


def _signed(request: HttpRequest, body: bytes, event: dict[str, Any]) -> bool:
    app_id, secret = setting("LANGSO_ZALO_APP_ID"), setting("LANGSO_ZALO_OA_SECRET_KEY")
    if not (app_id and secret):
        return False
    given = request.headers.get("X-ZEvent-Signature", "").strip()
    given = given.removeprefix("mac=").strip().lower()
    expected = signature(app_id, body, str(event.get("timestamp", "")), secret)
    return hmac.compare_digest(given.encode(), expected.encode())


def zalo_follower_record(*, zalo_user_id: str, phone: str) -> ZaloFollower:
    """Keep a follower's shared number (E.164) by its blind index, with their user id."""
    index = vault().index("phone", phone)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                follower, _ = ZaloFollower.objects.update_or_create(
                    phone_index=index,
                    defaults={"zalo_user_id": zalo_user_id, "following": True},
                )
                return follower
        except IntegrityError:
            # Zalo sent the same event twice at once and the other one created the row.
            continue
    return ZaloFollower.objects.get(phone_index=index)


def zalo_follower_follows(*, zalo_user_id: str, following: bool) -> int:
    """Mark a known follower as following the OA again, or not any more."""
    with transaction.atomic():
        return ZaloFollower.objects.filter(zalo_user_id=zalo_user_id).update(following=following)


def _text(value: Any) -> str:
    return str(value).strip()[:40] if isinstance(value, str | int) else ""


def _handle(event: dict[str, Any]) -> None:
    name = event.get("event_name")
    if name == "user_submit_info":
        sender, info = event.get("sender"), event.get("info")
        user_id = _text(sender.get("id")) if isinstance(sender, dict) else ""
        raw_phone = info.get("phone") if isinstance(info, dict) else None
        if not user_id or not isinstance(raw_phone, str | int):
            return
        try:
            phone = normalize_phone(str(raw_phone))
        except DomainError:
            return
        zalo_follower_record(zalo_user_id=user_id, phone=phone)
    elif name in ("follow", "unfollow"):
        follower = event.get("follower")
        user_id = _text(follower.get("id")) if isinstance(follower, dict) else ""
        if user_id:
            zalo_follower_follows(zalo_user_id=user_id, following=name == "follow")


@csrf_exempt
@require_POST
def zalo_webhook(request: HttpRequest) -> HttpResponse:
    body = request.body[:MAX_BODY]
    try:
        event = json.loads(body)
    except ValueError:
        return HttpResponse(status=400)
    if not isinstance(event, dict):
        return HttpResponse(status=400)
    if not _signed(request, body, event):
        return HttpResponse(status=403)
    _handle(event)
    return HttpResponse(status=200)


urlpatterns = [path("", zalo_webhook, name="outreach_zalo_webhook")]
