"""Which channels are connected, and their adapters (a placeholder until the adapters land)."""

import os

from django.conf import settings

from langso.outreach.channels.base import Adapter


def _setting(name: str) -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, ""))


def connected() -> dict[str, bool]:
    return {
        "app": True,
        "sms": bool(_setting("LANGSO_SMS_GATEWAY_URL") or _setting("LANGSO_FEEDBACK_GATEWAY_URL")),
        "zalo": bool(_setting("LANGSO_ZALO_OA_ACCESS_TOKEN")),
        "email": bool(_setting("LANGSO_EMAIL_HOST")),
    }


def adapter(channel: str) -> Adapter | None:
    return None


def gateway_token() -> str:
    return _setting("LANGSO_SMS_GATEWAY_TOKEN") or _setting("LANGSO_FEEDBACK_GATEWAY_TOKEN")
