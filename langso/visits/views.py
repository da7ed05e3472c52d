"""The field app (/field/): an offline-first page for members going door to door."""

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import json_script
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from langso import access
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.core.web import plain_number
from langso.people import lists
from langso.people.lists import ListFilter
from langso.units import selectors as units
from langso.units.models import Level
from langso.visits import field, selectors
from langso.visits.errors import SyncError
from langso.visits.models import Topic, Visit

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
        "learnt": _("What each person has now"),
        "note": _("Note"),
        "minutes": _("How long (minutes)"),
        "place": _("Record where we are (the household agrees)"),
        "save": _("Save the visit"),
        "saved": _("Saved. It will be sent at the next sync."),
        "rejected": _("Refused by the server"),
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


class _Unescaped(DjangoJSONEncoder):
    """JSON as a phone reads it: Vietnamese letters as themselves, not as ``\\u`` escapes (six
    bytes where UTF-8 takes two or three: the texts of the shell weigh a third less), and no
    spaces between items. ``json_script`` still escapes ``<``, ``>`` and ``&``."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**{**options, "ensure_ascii": False, "separators": (",", ":")})


@cache_control(no_cache=True)
def shell(request: HttpRequest) -> HttpResponse:
    config = {
        "labels": {**labels(), **field.labels()},
        "topics": [{"code": code, "name": str(name)} for code, name in Topic.choices],
        "api": "/api/v1",
        "trust": "/kiem-tra",
        "version": field.version(),
    }
    return render(
        request,
        "visits/field.html",
        {"config": json_script(config, "field-config", encoder=_Unescaped)},
    )


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    # The guides' and skills' module, the inbox's, the member's month and the household
    # businesses' (``shops``) are not loaded at first, but kept with the shell so that they open
    # offline.
    files = [
        reverse("visits:field"),
        reverse("visits:manifest"),
        *map(static, SHELL_FILES),
        reverse("visits:learning"),
        reverse("visits:inbox"),
        reverse("visits:month"),
        reverse("shops_field:module"),
    ]
    body = render(
        request,
        "visits/sw.js",
        {"version": field.version(), "files": json.dumps(files)},
        content_type="text/javascript",
    )
    body["Service-Worker-Allowed"] = "/field/"
    return body


@cache_control(no_cache=True)
def learning_module(request: HttpRequest) -> HttpResponse:
    """The field app's guides and skills (loaded when first needed), with their texts."""
    texts = json.dumps(field.learning_labels(), ensure_ascii=False, separators=(",", ":"))
    return render(request, "visits/learning.js", {"texts": texts}, content_type="text/javascript")


@cache_control(no_cache=True)
def inbox_module(request: HttpRequest) -> HttpResponse:
    """The field app's inbox of announcements (loaded when first needed), with its texts."""
    texts = json.dumps(field.inbox_labels(), ensure_ascii=False, separators=(",", ":"))
    return render(request, "visits/inbox.js", {"texts": texts}, content_type="text/javascript")


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


@dataclass(frozen=True)
class VisitRow:
    """A visit as the unit's page shows it: the member by name, the topics in words."""

    visit: Visit
    member: str
    topics: list[str]


def _member_name(user: Any) -> str:
    """The name the team knows the member by (their ``teams.Person``), not the login."""
    person = getattr(user, "person", None)
    return str(person.full_name if person is not None else user.full_name or user.username)


def _topic_names(codes: object) -> list[str]:
    names = dict(Topic.choices)
    found = codes if isinstance(codes, list) else []
    return [str(names.get(code, _("other"))) for code in found]


@login_required
def unit_visits(request: HttpRequest, code: str) -> HttpResponse:
    """Visits in a unit over the last days, by member; and households left unvisited."""
    version = units.unit_get(actor=request.user, code=code, on=today())
    days = _days(request, "days", 30)
    since = today() - timedelta(days=days)
    member = plain_number(request.GET.get("member", ""))
    visits = selectors.visits_in(actor=request.user, version=version, since=since, member=member)
    # The member's team name comes with the visit, in the same query.
    visits = visits.select_related("member__person")
    shown = lists.page_of(visits, request.GET.get("visits_page", ""))
    rows = [
        VisitRow(visit, _member_name(visit.member), _topic_names(visit.topics))
        for visit in shown.page.object_list
    ]
    chosen = rows[0].member if member is not None and rows else None
    # The households left unvisited are the household list's own filter, so the numbers agree
    # and "see them all" opens the same list with its export and printed sheet.
    filters = ListFilter(not_visited_since=since, sort="visit")
    found = lists.households(actor=request.user, version=version, filters=filters)
    unvisited = lists.page_of(found, request.GET.get("page", ""))
    unvisited_rows = lists.household_rows(
        actor=request.user, households=list(unvisited.page.object_list), marks=lists.catalog()
    )
    keep = {"days": str(days)} | ({"member": str(member)} if member is not None else {})
    return render(
        request,
        "visits/unit.html",
        {
            "version": version,
            "days": days,
            "member": member,
            "member_name": chosen,
            "rows": rows,
            "visits": shown,
            "unvisited": unvisited,
            "unvisited_rows": unvisited_rows,
            # The household list opens for a village or a commune, not above.
            "unvisited_query": (
                urlencode({"since": since.isoformat(), "sort": "visit"})
                if version.level >= Level.COMMUNE
                else ""
            ),
            "keep": urlencode(keep),
            "keep_visits_page": urlencode(
                keep | ({"visits_page": str(shown.page.number)} if shown.page.number > 1 else {})
            ),
            "keep_page": urlencode(
                keep | ({"page": str(unvisited.page.number)} if unvisited.page.number > 1 else {})
            ),
        },
    )


@login_required
def team_activity(request: HttpRequest, team_id: int) -> HttpResponse:
    """A team's members and what they did lately: for its leader and the officers above it."""
    team = access.access_team(request.user, team_id, manage=True)
    days = _days(request, "days", 30)
    unit = units.version_on(team.unit, access.team_day(team))
    return render(
        request,
        "visits/activity.html",
        {
            "team": team,
            "days": days,
            "unit_code": unit.code if unit is not None and team.valid_until > today() else "",
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
