"""The field app (/field/): an offline-first page for members going door to door."""

import json
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from langso import access
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.core.web import plain_number
from langso.units import selectors as units
from langso.visits import field, selectors
from langso.visits.errors import SyncError
from langso.visits.models import Topic

SHELL_FILES = ("field/app.js", "field/app.css")


def labels() -> dict[str, str]:
    """Every text the field app shows, translated here so that the app's JavaScript has none."""
    return {
        "title": _("Door to door"),
        "login": _("Log in"),
        "username": _("User name"),
        "password": _("Password"),
        "otp": _("6-digit code"),
        "loginFailed": _("Wrong user name or password."),
        "otpNeeded": _("Type the 6-digit code from your authenticator app."),
        "offlineLogin": _("Connect to the internet the first time you log in."),
        "logout": _("Log out"),
        "search": _("Search a household or a person"),
        "households": _("Households"),
        "noHouseholds": _("No household yet. Sync to get your village's list."),
        "sync": _("Sync"),
        "syncing": _("Syncing…"),
        "synced": _("Synced"),
        "pending": _("Waiting to be sent"),
        "lastSync": _("Last sync"),
        "never": _("never"),
        "offline": _("Offline: visits are kept on this phone and sent later."),
        "online": _("Online"),
        "back": _("Back"),
        "record": _("Record a visit"),
        "topics": _("What was explained"),
        "present": _("Who was there"),
        "learnt": _("What each person has now"),
        "note": _("Note"),
        "minutes": _("How long (minutes)"),
        "place": _("Record where we are (the household agrees)"),
        "save": _("Save the visit"),
        "saved": _("Saved. It will be sent at the next sync."),
        "rejected": _("Refused by the server"),
        "yes": _("yes"),
        "no": _("no"),
        "head": _("head"),
        "trust": _("Check a link or a number"),
        "syncFailed": _("Sync failed; it will be tried again."),
        "logoutTitle": _("Log out of this phone?"),
        "logoutWipe": _(
            "Logging out deletes everything the app keeps on this phone: households, residents "
            "and visits."
        ),
        "logoutUnsent": _(
            "Visits not sent yet: %(count)s. They will be deleted too and cannot be recovered."
        ),
        "logoutOffline": _(
            "You are offline, so the server cannot be told. Your login on this phone stays "
            "valid until it expires or you revoke it on the “Devices logged in” page."
        ),
        "logoutConfirm": _("Log out and delete"),
        "logoutSyncFirst": _("Sync first"),
        "cancel": _("Cancel"),
        "loggedOut": _("You are logged out. Nothing of yours is left on this phone."),
        "revoked": _(
            "Your login on this phone was revoked, so what the app kept here has been deleted. "
            "Log in again."
        ),
        "expired": _("Your login has expired. Log in again to send the visits waiting here."),
        "otherUser": _(
            "This phone keeps the data of %(name)s (visits not sent yet: %(count)s). Logging "
            "in with another account deletes it."
        ),
    }


@cache_control(no_cache=True)
def shell(request: HttpRequest) -> HttpResponse:
    config = {
        "labels": {**labels(), **field.labels()},
        "topics": [{"code": code, "name": str(name)} for code, name in Topic.choices],
        "api": "/api/v1",
        "trust": "/kiem-tra",
        "version": field.version(),
    }
    return render(request, "visits/field.html", {"config": config})


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    files = [reverse("visits:field"), reverse("visits:manifest"), *map(static, SHELL_FILES)]
    body = render(
        request,
        "visits/sw.js",
        {"version": field.version(), "files": json.dumps(files)},
        content_type="text/javascript",
    )
    body["Service-Worker-Allowed"] = "/field/"
    return body


def manifest(request: HttpRequest) -> HttpResponse:
    body = {
        "name": "Làng Số – " + _("Door to door"),
        "short_name": "Làng Số",
        "lang": "vi",
        "start_url": reverse("visits:field"),
        "scope": reverse("visits:field"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b57aa",
        "icons": [
            {
                "src": reverse("visits:icon", args=[size]),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )


@cache_control(max_age=86400)
def icon(request: HttpRequest, size: int) -> HttpResponse:
    return HttpResponse(field.icon(192 if size < 256 else 512), content_type="image/png")


@login_required
def unit_visits(request: HttpRequest, code: str) -> HttpResponse:
    """Visits in a unit over the last days, by member; and households left unvisited."""
    version = units.unit_get(actor=request.user, code=code, on=today())
    days = _days(request, "days", 30)
    since = today() - timedelta(days=days)
    visits = selectors.visits_in(
        actor=request.user,
        version=version,
        since=since,
        member=plain_number(request.GET.get("member", "")),
    )
    return render(
        request,
        "visits/unit.html",
        {
            "version": version,
            "days": days,
            "visits": visits[:300],
            "count": visits.count(),
            "unvisited": selectors.unvisited(actor=request.user, version=version, days=days),
        },
    )


@login_required
def team_activity(request: HttpRequest, team_id: int) -> HttpResponse:
    """A team's members and what they did lately: for its leader and the officers above it."""
    team = access.access_team(request.user, team_id, manage=True)
    days = _days(request, "days", 30)
    return render(
        request,
        "visits/activity.html",
        {
            "team": team,
            "days": days,
            "rows": selectors.team_activity(team=team, since=today() - timedelta(days=days)),
        },
    )


def _days(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    days = plain_number(raw, digits=4)
    if days is None or not 1 <= days <= 3650:
        raise DomainError(
            SyncError.INVALID,
            _("“%(name)s” must be a number of days between 1 and 3650.") % {"name": name},
            field=name,
        )
    return days
