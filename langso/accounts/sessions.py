"""Browser sessions that know whose they are: Django's database sessions with the user and the
browser kept beside the session's data (``models.BrowserSession``).

A session's user is read from its own data when it is saved (Django's ``login()`` puts it there);
the browser is described once, at login (``session_describe``, on Django's ``user_logged_in``
signal, as Django's own ``last_login`` is), from the user agent, which itself is not kept.
"""

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.http import HttpRequest
from django.utils import timezone

from langso.accounts.devices import FIELD_MAX, describe

if TYPE_CHECKING:
    from langso.accounts.models import BrowserSession

DEVICE_KEY = "_langso_device"


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from langso.accounts.models import BrowserSession

        return BrowserSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        # The model is get_model_class()'s: a BrowserSession, with the columns set here.
        session = cast("BrowserSession", super().create_model_instance(data))
        user = str(data.get(SESSION_KEY, ""))
        session.user_id = int(user) if user.isdigit() and len(user) < 19 else None
        device = data.get(DEVICE_KEY)
        if isinstance(device, dict) and session.user_id is not None:
            session.browser = str(device.get("browser", ""))[:FIELD_MAX]
            session.system = str(device.get("system", ""))[:FIELD_MAX]
            try:
                session.logged_in_at = datetime.fromisoformat(str(device.get("at", "")))
            except ValueError:
                session.logged_in_at = None
        return session


def session_describe(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """At a login into this browser's session: which browser and system, and when. A login that
    opened no session (a bearer token from the API) is left alone."""
    session = getattr(request, "session", None)
    if request is None or session is None or session.get(SESSION_KEY) != str(user.pk):
        return
    device = describe(request.headers.get("User-Agent", ""))
    session[DEVICE_KEY] = {
        "browser": device.browser,
        "system": device.system,
        "at": timezone.now().isoformat(),
    }


def session_ref(session_key: str) -> str:
    """How a page names one of a user's browser sessions: never by its key, which opens it."""
    return hashlib.sha256(f"session:{session_key}".encode()).hexdigest()[:20]
