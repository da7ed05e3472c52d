"""Pages that share a campaign's households among members, and each member's to-do.

Thin: writes go through ``services`` (``assignments_give``, ``assignments_split_even``), reads
through ``selectors``, ``assign_selectors`` and ``progress``, and who may do what is decided by
``access`` and ``services.assignable_village``. Everything works with plain forms: no page
needs a script.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from langso import access
from langso.campaigns import assign_selectors, progress, selectors, services
from langso.campaigns.errors import CampaignError
from langso.campaigns.models import Campaign, CampaignStatus
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.core.web import plain_number
from langso.indicators.models import Indicator
from langso.indicators.selectors import indicator_name
from langso.people.lists import short_name
from langso.units import selectors as units
from langso.units.models import UnitVersion

PER_PAGE = 50
# The village page's filter: every household, those nobody has, or one member's.
SHOW_ALL, SHOW_UNASSIGNED = "", "unassigned"
# The give form's choice that takes households back.
NOBODY = "none"


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    return access.access_campaign(request.user, campaign_id)


def _query(**values: object) -> str:
    """A query string of the values given (those empty left out)."""
    return urlencode({name: value for name, value in values.items() if value not in ("", None)})


# The campaign's villages ----------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def villages_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The villages of the campaign the actor shares out, with how many households a member
    has and how many nobody has yet. Only for those who share out a village of it (its team
    leaders and the officers above it); anyone else is told there is no such campaign."""
    campaign = _campaign(request, campaign_id)
    shares = assign_selectors.shared_villages(actor=request.user, campaign=campaign)
    if not shares and not access.may_manage_unit(
        request.user, campaign.unit, assign_selectors.campaign_day(campaign)
    ):
        raise access.no_campaign()
    unassigned_only = request.GET.get("unassigned") == "1"
    listed = [share for share in shares if share.unassigned] if unassigned_only else shares
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/assign_villages.html",
        {
            "campaign": campaign,
            "unit": units.version_on(campaign.unit, assign_selectors.campaign_day(campaign)),
            "page": page,
            "unassigned_only": unassigned_only,
            "query": _query(unassigned="1" if unassigned_only else ""),
            "totals": {
                "villages": len(shares),
                "households": sum(share.households for share in shares),
                "assigned": sum(share.assigned for share in shares),
                "unassigned": sum(share.unassigned for share in shares),
                "villages_waiting": sum(1 for share in shares if share.unassigned),
            },
            "day": assign_selectors.day_words(campaign),
        },
    )


# One village --------------------------------------------------------------------------------


@dataclass
class Worker:
    """A member in the village's "who did what": households held now, visits made in the
    village during the campaign, people their visits moved to true."""

    member_id: int
    name: str
    holds: int = 0
    visits: int = 0
    people: int = 0
    may_receive: bool = False

    @property
    def key(self) -> str:
        """The member's id as the forms send it (plain digits, never "1.234")."""
        return str(self.member_id)


@dataclass
class Row:
    row: selectors.AssignmentRow
    member: str
    last_by: str = ""
    last_at: datetime | None = None
    checked: bool = False


def _show(request: HttpRequest) -> str:
    """The filter asked for: ``unassigned``, a member's id, or everything."""
    raw = request.GET.get("show", "") or request.POST.get("show", "")
    if raw == SHOW_UNASSIGNED:
        return raw
    number = plain_number(raw)
    return str(number) if number is not None else SHOW_ALL


def _village_context(
    request: HttpRequest,
    campaign: Campaign,
    village_id: int,
    *,
    error: DomainError | None = None,
    checked: set[int] | None = None,
    chosen: str = "",
) -> dict[str, Any]:
    actor = request.user
    version = _village_version(village_id)
    rows = selectors.village_assignments(actor=actor, campaign=campaign, village_id=village_id)
    receivers = selectors.assignable_members(village_id)
    gains = progress.member_gains(
        campaign=campaign, villages=[village_id], on=progress.default_day(campaign)
    )
    holders = {row.member_id for row in rows if row.member_id is not None}
    names = selectors.member_names(receivers | holders | {gain.member_id for gain in gains})
    show = _show(request)
    if show == SHOW_UNASSIGNED:
        listed = [row for row in rows if row.member_id is None]
    elif show:
        listed = [row for row in rows if row.member_id == int(show)]
    else:
        listed = rows
    page = Paginator(listed, PER_PAGE).get_page(request.POST.get("page") or request.GET.get("page"))
    on_page: list[selectors.AssignmentRow] = list(page)
    last = assign_selectors.last_visits(
        campaign=campaign, household_ids=[row.household_id for row in on_page]
    )
    visitors = selectors.member_names({visit.member_id for visit in last.values()} - set(names))
    names = {**visitors, **names}
    shown = []
    for row in on_page:
        item = Row(
            row=row,
            member=names.get(row.member_id, "") if row.member_id else "",
            checked=row.household_id in (checked or set()),
        )
        visit = last.get(row.household_id)
        # A household visited by someone else still counts for the village; the leader sees
        # who it was when it is not the member who has the household.
        if visit is not None and visit.member_id != row.member_id:
            item.last_by = names.get(visit.member_id, "")
            item.last_at = visit.at
        shown.append(item)
    workers: dict[int, Worker] = {
        member: Worker(member, names.get(member, ""), may_receive=True) for member in receivers
    }
    for row in rows:
        if row.member_id is not None:
            workers.setdefault(row.member_id, Worker(row.member_id, names.get(row.member_id, "")))
            workers[row.member_id].holds += 1
    for gain in gains:
        worker = workers.setdefault(gain.member_id, Worker(gain.member_id, gain.name))
        worker.visits += gain.visits
        worker.people += gain.people
    preview = assign_selectors.split_preview(village_id=village_id, rows=rows, names=names)
    assigned = sum(1 for row in rows if row.member_id is not None)
    return {
        "campaign": campaign,
        "version": version,
        "page": page,
        "shown": shown,
        "show": show,
        "query": _query(show=show),
        "counts": {
            "households": len(rows),
            "assigned": assigned,
            "unassigned": len(rows) - assigned,
        },
        "receivers": sorted(
            (worker for worker in workers.values() if worker.may_receive),
            key=lambda w: (w.name, w.member_id),
        ),
        "workers": sorted(workers.values(), key=lambda w: (-w.people, -w.visits, w.name)),
        "preview": preview,
        "may_write": campaign.status != CampaignStatus.CLOSED,
        "error": error,
        "chosen": chosen,
        "day": assign_selectors.day_words(campaign),
        "gains_on": progress.default_day(campaign),
    }


def _village_version(village_id: int) -> UnitVersion:
    """Today's version of a village ``services.assignable_village`` found today."""
    version = units.version_on(village_id, today())
    if version is None:
        raise access.no_campaign()
    return version


def _village_url(campaign: Campaign, code: str, *, show: str = "", page: str = "") -> str:
    address = reverse("campaign_work:village", args=[campaign.pk, code])
    query = _query(show=show, page=page)
    return f"{address}?{query}" if query else address


@login_required
@never_cache
@require_GET
def village_page(request: HttpRequest, campaign_id: int, code: str) -> HttpResponse:
    """Every household of the village in household-number order with the member who has it,
    the forms that share them out, and who did what. For the village's team leader and the
    officers above it (``access.may_assign_village``); anyone else gets 404."""
    campaign = _campaign(request, campaign_id)
    village_id = services.assignable_village(request.user, campaign, code)
    return render(
        request, "campaigns/assign_village.html", _village_context(request, campaign, village_id)
    )


def _refused(
    request: HttpRequest,
    campaign: Campaign,
    village_id: int,
    error: DomainError,
    *,
    checked: set[int] | None = None,
    chosen: str = "",
) -> HttpResponse:
    context = _village_context(
        request, campaign, village_id, error=error, checked=checked, chosen=chosen
    )
    return render(request, "campaigns/assign_village.html", context, status=error.status)


@login_required
@never_cache
@require_POST
def split_even(request: HttpRequest, campaign_id: int, code: str) -> HttpResponse:
    """ "Chia đều": every household of the village shared among its members."""
    campaign = _campaign(request, campaign_id)
    village_id = services.assignable_village(request.user, campaign, code)
    try:
        made = services.assignments_split_even(
            actor=request.user, campaign=campaign, village_code=code
        )
    except NotFound:
        raise
    except DomainError as error:
        return _refused(request, campaign, village_id, error)
    messages.success(
        request,
        ngettext(
            "Shared evenly: %(n)d household has a new holder.",
            "Shared evenly: %(n)d households have a new holder.",
            len(made),
        )
        % {"n": len(made)},
    )
    return redirect(_village_url(campaign, code))


@login_required
@never_cache
@require_POST
def give(request: HttpRequest, campaign_id: int, code: str) -> HttpResponse:
    """The households ticked, to the member chosen ("Không giao": to nobody)."""
    campaign = _campaign(request, campaign_id)
    village_id = services.assignable_village(request.user, campaign, code)
    raw_ids = request.POST.getlist("households")
    household_ids = [plain_number(raw) for raw in raw_ids]
    chosen = request.POST.get("member", "").strip()
    checked = {number for number in household_ids if number is not None}
    try:
        if None in household_ids:
            raise DomainError(
                CampaignError.HOUSEHOLD_UNKNOWN,
                _("A household ticked is not a household of this village."),
                field="households",
            )
        if not chosen:
            raise DomainError(
                CampaignError.ASSIGNMENT_INVALID,
                _("Choose who gets the households ticked, or “Nobody” to take them back."),
                field="member",
            )
        member_id = None if chosen == NOBODY else plain_number(chosen)
        if chosen != NOBODY and member_id is None:
            raise DomainError(
                CampaignError.MEMBER_UNKNOWN,
                _("This person is not a member of the village's team."),
                field="member",
            )
        made = services.assignments_give(
            actor=request.user,
            campaign=campaign,
            village_code=code,
            member_id=member_id,
            household_ids=sorted(checked),
        )
    except NotFound:
        raise
    except DomainError as error:
        return _refused(request, campaign, village_id, error, checked=checked, chosen=chosen)
    if member_id is None:
        text = ngettext(
            "%(n)d household taken back: nobody has it now.",
            "%(n)d households taken back: nobody has them now.",
            len(checked),
        ) % {"n": len(checked)}
    else:
        name = selectors.member_names({member_id}).get(member_id, "")
        text = ngettext(
            "%(n)d household given to %(name)s.",
            "%(n)d households given to %(name)s.",
            len(checked),
        ) % {"n": len(checked), "name": name}
        if not made:
            text = _("%(name)s already had these households.") % {"name": name}
    messages.success(request, text)
    page = request.POST.get("page", "")
    return redirect(
        _village_url(campaign, code, show=_show(request), page=str(plain_number(page) or ""))
    )


@login_required
@never_cache
@require_GET
def household_page(
    request: HttpRequest, campaign_id: int, code: str, household_id: int
) -> HttpResponse:
    """Who held the household when during the campaign, and who visited it."""
    campaign = _campaign(request, campaign_id)
    village_id = services.assignable_village(request.user, campaign, code)
    household = assign_selectors.household_of(village_id=village_id, household_id=household_id)
    if household is None:
        raise NotFound(
            CampaignError.HOUSEHOLD_UNKNOWN,
            _("This household is not a household of this village."),
            field="household",
        )
    periods = selectors.assignment_history(campaign=campaign, household_id=household.pk)
    visits = assign_selectors.household_visits(campaign=campaign, household_id=household.pk)
    people: set[int] = {visit.member_id for visit in visits}
    for period in periods:
        people.add(period.member_id)
        people.update(
            user for user in (period.assigned_by_id, period.ended_by_id) if user is not None
        )
    names = selectors.member_names(people)
    return render(
        request,
        "campaigns/assign_household.html",
        {
            "campaign": campaign,
            "version": _village_version(village_id),
            "household": household,
            "periods": [
                Period(
                    member=names.get(period.member_id, ""),
                    start=period.assigned_at,
                    end=period.ended_at,
                    given_by=names.get(period.assigned_by_id or 0, ""),
                    ended_by=names.get(period.ended_by_id or 0, ""),
                )
                for period in reversed(periods)
            ],
            "visits": [(visit.at, names.get(visit.member_id, "")) for visit in visits],
        },
    )


@dataclass(frozen=True)
class Period:
    """One stretch of time a member held the household (``end`` None: holds it now)."""

    member: str
    start: datetime
    end: datetime | None
    given_by: str
    ended_by: str


# A member's to-do ---------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    left: list[str]


@dataclass
class Task:
    item: selectors.ToDoHousehold
    village: str
    left: list[str]
    people: list[Person]
    done_people: int
    overdue: bool


def _names_of_indicators() -> dict[str, str]:
    """Each indicator as a to-do names it: the short name communes give its column ("VNeID mức
    2"), which fits a phone; the campaign's goals above the list carry the full names."""
    return {indicator.code: short_name(indicator) for indicator in Indicator.objects.all()}


@login_required
@never_cache
@require_GET
def to_do_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The households given to the member for the campaign, most left to do first: per person
    the campaign's indicators still to do, and the day the member meant to come back. A leader
    or officer may read a member's (``?member=``) only for the villages they share out."""
    campaign = _campaign(request, campaign_id)
    own = access.actor_id(request.user)
    raw = request.GET.get("member", "").strip()
    member_id = own
    if raw and raw != str(own):
        member_id = plain_number(raw)
        if member_id is None or not assign_selectors.member_to_do_visible(
            actor=request.user, campaign=campaign, member_id=member_id
        ):
            raise NotFound(
                CampaignError.MEMBER_UNKNOWN,
                _("There is no to-do of this person that you may read."),
                field="member",
            )
    rows = selectors.to_do(actor=request.user, campaign=campaign, member_id=member_id or 0)
    labels = _names_of_indicators()
    day = today()
    villages = assign_selectors.village_names({row.village_id for row in rows}, day)
    tasks = [
        Task(
            item=row,
            village=villages.get(row.village_id, ""),
            left=[labels.get(code, "") for code in row.left],
            people=[
                Person(person.name, [labels.get(code, "") for code in person.left])
                for person in row.people
                if person.left
            ],
            done_people=sum(1 for person in row.people if not person.left),
            overdue=row.follow_up_on is not None and row.follow_up_on < day,
        )
        for row in rows
    ]
    waiting = [task for task in tasks if task.item.count]
    done = [task for task in tasks if not task.item.count]
    page = Paginator(waiting, PER_PAGE).get_page(request.GET.get("page"))
    whose = ""
    if member_id != own and member_id is not None:
        whose = selectors.member_names({member_id}).get(member_id, "")
    return render(
        request,
        "campaigns/to_do.html",
        {
            "campaign": campaign,
            "page": page,
            "done": done,
            "whose": whose,
            "query": _query(member=raw if whose else ""),
            "day": assign_selectors.day_words(campaign),
            "today": day,
            "goals": [indicator_name(goal.indicator) for goal in selectors.goals_of(campaign)],
        },
    )
