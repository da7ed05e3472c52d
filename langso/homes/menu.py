"""The header menu: the entries ``access.menu_for`` allows, where each leads, which one holds
the current page, and the badges of work waiting (new and overdue feedback, scam reports)."""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext

from langso import access
from langso.homes import selectors

LABELS = {
    "units": gettext_lazy("Units"),
    "dashboard": gettext_lazy("Dashboard"),
    "campaigns": gettext_lazy("Campaigns"),
    "certificates": gettext_lazy("Certificates"),
    "recognition": gettext_lazy("Emulation and commendation"),
    "households": gettext_lazy("Households"),
    "visits": gettext_lazy("Visits"),
    "feedback": gettext_lazy("Feedback"),
    "outreach": gettext_lazy("Announcements"),
    # "Reports" already names the count of citizens' reports elsewhere ("Số phản ánh").
    "reports": gettext_lazy("Official reports"),
    "shops": gettext_lazy("Household businesses"),
    "moderation": gettext_lazy("Moderation"),
    "imports": gettext_lazy("Imports"),
    "teams": gettext_lazy("Teams"),
    "accounts": gettext_lazy("Accounts"),
    "field": gettext_lazy("Field app"),
    "guides": gettext_lazy("Guides"),
    "verify": gettext_lazy("Check a certificate"),
    "check": gettext_lazy("Check a link"),
}

# Which entry holds a page: by the view's full name, else by its namespace.
PLACES = {
    "units": {"units", "teams:unit", "teams:coverage_xlsx", "homes:quiet_villages"},
    "dashboard": {"dashboards"},
    "campaigns": {"campaigns"},
    "certificates": {"certificates"},
    "recognition": {"recognition"},
    "households": {"people", "homes:not_visited", "homes:to_do", "visits:corrections"},
    "visits": {"visits:unit", "visits:activity"},
    "feedback": {"feedback"},
    "outreach": {"outreach"},
    "reports": {"reports"},
    "shops": {"shops"},
    "moderation": {"trust:moderation"},
    "imports": {"imports", "homes:imports"},
    "teams": {"teams", "homes:teams", "homes:without_account"},
    "accounts": {"accounts"},
    "field": {"visits:field"},
    "guides": {"guides"},
    "verify": {"certificates:check", "certificates:verify"},
    "check": {"trust:check", "trust:report"},
}


@dataclass
class Badge:
    count: int
    label: str
    urgent: bool = False


@dataclass
class Entry:
    key: str
    label: str
    url: str
    current: bool
    badges: list[Badge] = field(default_factory=list)


def _place(request: HttpRequest) -> str:
    match = request.resolver_match
    if match is None:
        return ""
    for key, places in PLACES.items():
        if match.view_name in places or match.namespace in places:
            return key
    return ""


def _team_url(request: HttpRequest, code: str | None) -> str:
    """Officers: the teams under their unit; the others: their own team's page."""
    if access.is_officer(request.user) and code:
        return reverse("homes:teams", args=[code])
    main = selectors.main_unit(request.user)
    team = selectors.team_here(main) if main else None
    if team is None and code:
        return reverse("teams:unit", args=[code])
    return reverse("teams:team", args=[team.pk]) if team else ""


def _badges(request: HttpRequest, key: str) -> list[Badge]:
    actor = request.user
    found = []
    if key == "feedback":
        new = selectors.feedback_new(actor=actor)
        overdue = selectors.feedback_overdue(actor=actor)
        if new:
            found.append(Badge(new, ngettext("%(n)d new", "%(n)d new", new) % {"n": new}))
        if overdue:
            found.append(
                Badge(
                    overdue,
                    ngettext("%(n)d overdue", "%(n)d overdue", overdue) % {"n": overdue},
                    urgent=True,
                )
            )
    elif key == "shops":
        flagged = selectors.shop_links_flagged(actor=actor)
        if flagged:
            found.append(
                Badge(
                    flagged,
                    ngettext("%(n)d link flagged", "%(n)d links flagged", flagged) % {"n": flagged},
                    urgent=True,
                )
            )
    elif key == "moderation":
        pending = selectors.moderation_pending(actor=actor)
        if pending:
            found.append(
                Badge(
                    pending,
                    ngettext("%(n)d waiting", "%(n)d waiting", pending) % {"n": pending},
                )
            )
    return found


def _recognition_url(request: HttpRequest, code: str | None) -> str:
    """Officers: their unit's records; a team leader: the team's; a member: their own."""
    if access.is_officer(request.user) and code:
        return reverse("recognition:unit", args=[code])
    led = access.led_teams(request.user) if request.user.is_authenticated else []
    if led:
        return reverse("recognition:team", args=[led[0]])
    return reverse("recognition:me")


def _label(request: HttpRequest, key: str) -> str:
    """An entry's words; the recognition entry says whose record it opens: officers run the
    emulation work, a team leader reads the team's record, a member their own."""
    if key == "recognition" and not access.is_officer(request.user):
        if access.led_teams(request.user):
            return gettext("Team's record")
        return gettext("My record")
    return str(LABELS[key])


def menu(request: HttpRequest) -> list[Entry]:
    allowed = access.menu_for(request.user)
    main = selectors.main_unit(request.user) if request.user.is_authenticated else None
    code = main.code if main else None
    urls: dict[str, str] = {
        "feedback": reverse("feedback:queue"),
        "moderation": reverse("trust:moderation"),
        "imports": reverse("homes:imports"),
        # Officers manage the accounts of their units' teams; everyone else has their own
        # security page, where the password, the second factor and the devices live.
        "accounts": reverse(
            "accounts:accounts" if access.is_officer(request.user) else "accounts:security"
        ),
        "field": reverse("visits:field"),
        "campaigns": reverse("campaigns:list"),
        # Officers write announcements; a team leader's entry is the Zalo groups' checklist.
        "outreach": reverse(
            "outreach:list" if access.is_officer(request.user) else "outreach:groups"
        ),
        # Those who write the guides land on their desk; everyone else reads them.
        "guides": reverse(
            "guides:manage" if access.may_edit_guides(request.user) else "guides:list"
        ),
        "check": reverse("trust:check"),
        "reports": reverse("reports:list"),
        "shops": reverse("shops:list"),
        "certificates": reverse("certificates:list"),
        "recognition": _recognition_url(request, code),
        "verify": reverse("certificates:check"),
    }
    if code:
        urls["units"] = reverse("teams:unit", args=[code])
        urls["dashboard"] = reverse("dashboards:unit", args=[code])
        urls["households"] = reverse("people:households", args=[code])
        urls["visits"] = reverse("visits:unit", args=[code])
    elif access.is_unrestricted(request.user):
        urls["units"] = reverse("units:search")
    if "teams" in allowed:
        urls["teams"] = _team_url(request, code)
    here = _place(request)
    return [
        Entry(key, _label(request, key), urls[key], key == here, _badges(request, key))
        for key in allowed
        if urls.get(key)
    ]
