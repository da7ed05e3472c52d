"""Which channels are connected, and their adapters, from the configuration.

Each setting is read as a Django setting first, then from the environment,
so ``override_settings`` works in tests and a deployment needs only
environment variables:

- SMS: ``LANGSO_SMS_GATEWAY_URL`` and ``LANGSO_SMS_GATEWAY_TOKEN`` (``LANGSO_FEEDBACK_GATEWAY_URL``
  and ``LANGSO_FEEDBACK_GATEWAY_TOKEN`` are read when those are unset), ``LANGSO_SMS_RATE``
  (messages per second, 20 by default).
- Zalo: see ``zalo.ZaloConfig``; ``LANGSO_ZALO_RATE`` (10 by default).
- Email: ``LANGSO_EMAIL_HOST`` (with ``config/settings.py`` turning the ``LANGSO_EMAIL_*``
  variables into Django's ``EMAIL_*``), or the in-memory backend the tests use;
  ``LANGSO_EMAIL_RATE`` (10 by default).

The field app's inbox (``app``) is always connected and has no adapter: the engine marks its
deliveries sent itself, and members pull them.

Adapters are made once per process (they keep their connections open) and per configuration:
a changed setting (``override_settings``) gets a new adapter. ``reset()`` closes them all.
"""

import os
import threading

from django.conf import settings

from langso.outreach.channels.base import Adapter
from langso.outreach.channels.email import EmailChannel
from langso.outreach.channels.sms import SmsGateway
from langso.outreach.channels.zalo import ZaloConfig, ZaloOfficialAccount

CHANNELS = ("app", "sms", "zalo", "email")
LOCMEM_EMAIL = "django.core.mail.backends.locmem.EmailBackend"

_lock = threading.Lock()
_adapters: dict[tuple[str, ...], Adapter] = {}


def setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, "") or default)


def _rate(name: str, default: float) -> float:
    try:
        rate = float(setting(name) or default)
    except ValueError:
        return default
    return rate if rate > 0 else default


def _sms_key() -> tuple[str, ...] | None:
    url = setting("LANGSO_SMS_GATEWAY_URL") or setting("LANGSO_FEEDBACK_GATEWAY_URL")
    if not url:
        return None
    token = setting("LANGSO_SMS_GATEWAY_TOKEN") or setting("LANGSO_FEEDBACK_GATEWAY_TOKEN")
    return ("sms", url, token, str(_rate("LANGSO_SMS_RATE", 20.0)))


def _zalo_key() -> tuple[str, ...] | None:
    config = ZaloConfig.from_settings(setting)
    if not config.connected:
        return None
    return ("zalo", *config.key(), str(_rate("LANGSO_ZALO_RATE", 10.0)))


def _email_key() -> tuple[str, ...] | None:
    if not (setting("LANGSO_EMAIL_HOST") or settings.EMAIL_BACKEND == LOCMEM_EMAIL):
        return None
    return ("email", settings.EMAIL_BACKEND, str(_rate("LANGSO_EMAIL_RATE", 10.0)))


def _key(channel: str) -> tuple[str, ...] | None:
    if channel == "sms":
        return _sms_key()
    if channel == "zalo":
        return _zalo_key()
    if channel == "email":
        return _email_key()
    return None


def _make(key: tuple[str, ...]) -> Adapter:
    channel, rate = key[0], float(key[-1])
    if channel == "sms":
        return SmsGateway(key[1], key[2], rate=rate)
    if channel == "zalo":
        return ZaloOfficialAccount(ZaloConfig.from_settings(setting), rate=rate)
    return EmailChannel(rate=rate)


def adapter(channel: str) -> Adapter | None:
    """The channel's adapter, or None when it is not connected (and for ``app``, which needs
    no sending). A misconfigured channel (an http URL off the loopback) is not connected."""
    key = _key(channel)
    if key is None:
        return None
    with _lock:
        made = _adapters.get(key)
        if made is None:
            try:
                made = _make(key)
            except ValueError:
                return None
            _adapters[key] = made
        return made


def connected() -> dict[str, bool]:
    """For the composer: which channels can carry an announcement now."""
    return {channel: channel == "app" or adapter(channel) is not None for channel in CHANNELS}


def reset() -> None:
    """Forget every adapter, closing its connections (tests, and a worker reloading)."""
    with _lock:
        for made in _adapters.values():
            close = getattr(made, "close", None)
            if close is not None:
                close()
        _adapters.clear()


def gateway_token() -> str:
    """The SMS gateway's bearer token, which it also presents when it forwards a reply."""
    return setting("LANGSO_SMS_GATEWAY_TOKEN") or setting("LANGSO_FEEDBACK_GATEWAY_TOKEN")
