"""The officers' campaign pages: the list, a new campaign, a draft's goals, activating and
closing, a unit's progress against the plan (with its chart, its children and its members'
gains), raising a unit's targets, and the XLSX report. Thin: the services write, the selectors
and ``progress`` read, ``access`` decides."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso import access
from langso.campaigns import progress as progress_module
from langso.campaigns import report, selectors, services
from langso.campaigns.errors import CampaignError
from langso.campaigns.forms import (
    CampaignForm,
    DayForm,
    TargetsForm,
    add_goal_error,
    goal_formset,
    goal_initial,
    percent_text,
)
from langso.campaigns.models import Campaign, CampaignStatus
from langso.campaigns.progress import GoalProgress, Progress
from langso.core.dates import today
from langso.core.errors import CoreError, DomainError, NotFound
from langso.core.numbers import format_int
from langso.indicators.models import Population
from langso.indicators.selectors import indicator_name
from langso.units import selectors as units
from langso.units.models import Level, UnitVersion

PER_PAGE = 50
# A chart of a long campaign shows at most about this many days (every n-th day, and the last).
CHART_POINTS = 400


# Words ----------------------------------------------------------------------------------------


def status_words(campaign: Campaign) -> tuple[str, bool]:
    """The status as an officer says it, and whether an active campaign is past its end."""
    if campaign.status == CampaignStatus.DRAFT:
        return pgettext("campaign", "Draft"), False
    if campaign.status == CampaignStatus.CLOSED:
        return pgettext("campaign", "Ended"), False
    return pgettext("campaign", "Under way"), today() > campaign.ends_on


def unit_version(campaign: Campaign) -> UnitVersion:
    """The campaign's unit as it stands today, or on its last day if it was merged away."""
    return units.version_of(campaign.unit, access.unit_day(campaign.unit, today()))


def _may_manage(actor: Any, campaign: Campaign) -> bool:
    try:
        access.access_campaign(actor, campaign, manage=True)
    except NotFound:
        return False
    return True


# The list -------------------------------------------------------------------------------------


@dataclass
class Row:
    campaign: Campaign
    unit: UnitVersion
    status: str
    expired: bool
    basis: str


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    found = selectors.campaigns(actor=request.user)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for campaign in page:
        status, expired = status_words(campaign)
        rows.append(
            Row(campaign, unit_version(campaign), status, expired, report.basis_text(campaign))
        )
    return render(
        request,
        "campaigns/list.html",
        {"page": page, "rows": rows, "may_create": access.is_officer(request.user)},
    )


# A new campaign and a draft's goals -------------------------------------------------------------


def creatable_units(actor: Any) -> list[Any]:
    """The units an officer may plan for, as the form's choices: the province and its
    communes for a province officer, the commune and its villages for a commune officer."""
    choices: list[Any] = []
    for branch in units.managed_branches(actor, today()):
        choices.append((branch.root.code, branch.root.name))
        if branch.children:
            choices.append((branch.label, [(child.code, child.name) for child in branch.children]))
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    access.access_campaign_desk(request.user)
    choices = creatable_units(request.user)
    status = 200
    if request.method == "POST" and "more" in request.POST:
        # One more row of goals: what was typed comes back, without refusing what is not
        # filled in yet.
        form = CampaignForm(initial=request.POST.dict(), units=choices)
        formset = goal_formset(request.POST, more=True)
    elif request.method == "POST":
        form = CampaignForm(request.POST, units=choices)
        formset = goal_formset(request.POST)
        if form.is_valid() and formset.is_valid():
            goals, rows = formset.goals()
            data = form.cleaned_data
            try:
                campaign = services.campaign_create(
                    actor=request.user,
                    name=data["name"],
                    basis_number=data["basis_number"],
                    basis_date=data["basis_date"],
                    unit_code=data["unit"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    goals=goals,
                )
            except DomainError as error:
                add_goal_error(form, formset, rows, error)
            else:
                messages.success(
                    request,
                    _("The campaign is saved as a draft. Check its goals, then activate it."),
                )
                return redirect("campaigns:campaign", campaign.pk)
        status = 400
    else:
        start = today()
        form = CampaignForm(
            units=choices,
            initial={"starts_on": start, "ends_on": start + timedelta(days=89)},
        )
        formset = goal_formset()
    return render(
        request,
        "campaigns/new.html",
        {"form": form, "formset": formset, "max_goals": services.MAX_GOALS},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_goals(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access.access_campaign(request.user, campaign_id, manage=True)
    context: dict[str, Any] = {"campaign": campaign, "max_goals": services.MAX_GOALS}
    if campaign.status != CampaignStatus.DRAFT:
        # The same words the service refuses with: a plan's signed targets do not move.
        context["frozen"] = _("The goals of an active or closed campaign cannot be changed.")
        context["goals"] = [indicator_name(goal.indicator) for goal in selectors.goals_of(campaign)]
        return render(request, "campaigns/goals.html", context, status=400)
    status = 200
    if request.method == "POST":
        formset = goal_formset(request.POST, more="more" in request.POST)
        if "more" not in request.POST and formset.is_valid():
            goals, rows = formset.goals()
            try:
                services.campaign_goals_set(actor=request.user, campaign=campaign, goals=goals)
            except DomainError as error:
                add_goal_error(CampaignForm(), formset, rows, error)
                if not (error.field or "").startswith("goals"):
                    formset.non_form_errors().append(str(error.message))
            else:
                messages.success(request, _("The goals are saved."))
                return redirect("campaigns:campaign", campaign.pk)
        if "more" not in request.POST:
            status = 400
    else:
        formset = goal_formset(initial=goal_initial(selectors.goals_of(campaign)))
    context["formset"] = formset
    return render(request, "campaigns/goals.html", context, status=status)


@login_required
@require_POST
def campaign_activate(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access.access_campaign(request.user, campaign_id, manage=True)
    try:
        services.campaign_activate(actor=request.user, campaign=campaign)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The campaign is under way; its goals are now frozen."))
    return redirect("campaigns:campaign", campaign.pk)


@login_required
@require_POST
def campaign_close(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access.access_campaign(request.user, campaign_id, manage=True)
    try:
        services.campaign_close(actor=request.user, campaign=campaign)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The campaign is closed. Its figures stay as they were."))
    return redirect("campaigns:campaign", campaign.pk)


# Progress -------------------------------------------------------------------------------------


@dataclass
class GoalView:
    """A goal as the page shows it: the figures, the target in words, where the plan's line
    stands on the day, and the bar's lengths (percent of the bar)."""

    goal: GoalProgress
    word: str
    # "chỉ tiêu: 90%", "chỉ tiêu: tăng thêm 40", or that the unit has none of its own (a
    # number of people asked of a commune is not asked of each village).
    target: str
    expected: int | None
    behind: bool | None
    fill: float
    target_mark: float | None
    plan_mark: float | None


def _word(population: str) -> str:
    # The unit of every figure of the goal, as a column's or a line's heading.
    if population == Population.HOUSEHOLDS:
        return _("households")
    if population == Population.BUSINESSES:
        return _("household businesses")
    return _("people")


def _goal_view(goal: GoalProgress, population: str, campaign: Campaign, on: date) -> GoalView:
    line = report.expected(goal, campaign, on)
    expected = None if line is None else int(line)
    fill, target_mark, plan_mark = 0.0, None, None
    if goal.target_count is not None:
        # A number of people to bring: the bar runs from the start's figure to the target.
        count = goal.target_count or 1
        fill = 100 * max(goal.gained, 0) / count
        if expected is not None:
            plan_mark = 100 * max(expected - goal.baseline, 0) / count
    elif goal.population:
        fill = 100 * goal.achieved / goal.population
        if goal.target_share is not None:
            target_mark = float(goal.target_share * 100)
        if expected is not None:
            plan_mark = 100 * expected / goal.population
    if goal.target_share is not None:
        target = _("target: %(target)s") % {"target": percent_text(goal.target_share) + "%"}
    elif goal.target_count is not None:
        target = _("target: %(target)s") % {
            "target": _("%(count)s more") % {"count": format_int(goal.target_count)}
        }
    else:
        target = _("no target of its own")
    return GoalView(
        goal=goal,
        word=_word(population),
        target=target,
        expected=expected,
        behind=report.is_behind(goal, campaign, on),
        fill=min(fill, 100.0),
        target_mark=target_mark,
        plan_mark=None if plan_mark is None else min(plan_mark, 100.0),
    )


def _chart(found: Progress, views: list[GoalView]) -> dict[str, Any]:
    """What burnup.js draws for each goal: the achieved figure by day up to the day asked,
    and the plan's straight line from the baseline to the target on the last day."""
    campaign = found.campaign
    first = campaign.starts_on - timedelta(days=1)
    days = [first + timedelta(days=n) for n in range((campaign.ends_on - first).days + 1)]
    step = max(1, -(-len(days) // CHART_POINTS))
    shown = [day for index, day in enumerate(days) if index % step == 0 or day == found.on]
    if shown[-1] != days[-1]:
        shown.append(days[-1])
    charts = []
    for view in views:
        goal = view.goal
        by_day = {day: achieved for day, achieved, _population in goal.series}
        charts.append(
            {
                "name": goal.name,
                "achieved": [by_day.get(day) for day in shown],
                "plan": [
                    None
                    if (line := progress_module.target_line(goal, campaign, day)) is None
                    else round(line, 1)
                    for day in shown
                ],
                "target": goal.target_people,
            }
        )
    return {
        "language": get_language() or "vi",
        "labels": [day.strftime("%d/%m") for day in shown],
        "achieved_label": _("Achieved"),
        "plan_label": _("Plan (straight line to the target)"),
        "charts": charts,
    }


@dataclass
class ChildView:
    version: UnitVersion
    goals: list[GoalView]

    @property
    def behind(self) -> bool:
        return any(view.behind for view in self.goals)


@dataclass
class VillageGains:
    name: str
    code: str
    rows: list[progress_module.MemberGain]


def _member_gains(found: Progress) -> list[VillageGains] | None:
    """Members' visits and the people they moved, per village: for a commune or a village
    (a province's page does not read visits)."""
    level = found.version.unit.level
    if level == Level.VILLAGE:
        villages = {found.version.unit_id: found.version}
    elif level == Level.COMMUNE:
        villages = {child.version.unit_id: child.version for child in found.children}
    else:
        return None
    if found.on < found.campaign.starts_on or not villages:
        return []
    gains = progress_module.member_gains(
        campaign=found.campaign, villages=list(villages), on=found.on
    )
    grouped: dict[int, list[progress_module.MemberGain]] = {}
    for gain in gains:
        grouped.setdefault(gain.village_id, []).append(gain)
    return [
        VillageGains(villages[village].name, villages[village].code, rows)
        for village, rows in sorted(grouped.items(), key=lambda item: villages[item[0]].name)
        if village in villages
    ]


def _query(day: date | None, code: str | None, **more: str) -> str:
    query = QueryDict(mutable=True)
    if code:
        query["unit"] = code
    if day is not None:
        query["on"] = day.isoformat()
    for name, value in more.items():
        query[name] = value
    return query.urlencode()


def _day_asked(request: HttpRequest, campaign: Campaign) -> tuple[date, DayForm, bool]:
    """The day asked (default: today, or the last day once over), the form that shows it, and
    whether what was asked is refused (a day outside the campaign, or no day at all)."""
    last = progress_module.default_day(campaign)
    first = min(campaign.starts_on, last)
    form = DayForm({"on": request.GET.get("on", "")}, first=first, last=last)
    if not form.is_valid():
        return last, form, True
    return form.cleaned_data["on"] or last, form, False


def _path(actor: Any, found: Progress) -> list[tuple[UnitVersion, bool]]:
    """The units from the campaign's down to the one shown (without it), each with whether
    the reader may open it."""
    path = units.crumbs(actor=actor, unit=found.version.unit, on=found.on)
    ids = [version.unit_id for version, _open in path]
    if found.campaign.unit_id in ids:
        return path[ids.index(found.campaign.unit_id) :]
    return []


@login_required
@require_GET
def campaign_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    actor = request.user
    campaign = access.access_campaign(actor, campaign_id)
    day, day_form, refused = _day_asked(request, campaign)
    code = request.GET.get("unit", "").strip() or None
    found = progress_module.progress(actor=actor, campaign=campaign, code=code, on=day)
    populations = {
        goal.indicator_id: goal.indicator.population for goal in selectors.goals_of(campaign)
    }
    views = [
        _goal_view(goal, populations.get(goal.indicator, ""), campaign, day) for goal in found.goals
    ]
    manage = _may_manage(actor, campaign)
    open_campaign = campaign.status != CampaignStatus.CLOSED
    shown = found.version
    manages_shown = open_campaign and access.may_manage_unit(actor, shown.unit, today())
    children = [
        ChildView(
            version=child.version,
            goals=[
                _goal_view(goal, populations.get(goal.indicator, ""), campaign, day)
                for goal in child.goals
            ],
        )
        for child in found.children
    ]
    # Units with nobody counted yet would fill a province's ranking with empty rows: they are
    # listed apart, as the dashboard does.
    counted = [child for child in children if any(view.goal.population for view in child.goals)]
    empty = [child for child in children if child not in counted]
    page = Paginator(counted, PER_PAGE).get_page(request.GET.get("page"))
    status, expired = status_words(campaign)
    campaign_unit = unit_version(campaign)
    return render(
        request,
        "campaigns/campaign.html",
        {
            "campaign": campaign,
            "campaign_unit": campaign_unit,
            "basis": report.basis_text(campaign),
            "status": status,
            "expired": expired,
            "found": found,
            "shown": shown,
            "is_campaign_unit": shown.unit_id == campaign.unit_id,
            "path": _path(actor, found),
            "day": day,
            "is_default_day": day == progress_module.default_day(campaign),
            "length": report.campaign_days(campaign),
            "day_form": day_form,
            "summary": report.summary(found),
            "goals": views,
            "chart": _chart(found, views),
            "children": page,
            "children_behind": sum(1 for child in counted if child.behind),
            "children_empty": empty,
            "children_word": _children_heading(shown),
            "gains": _member_gains(found),
            "manage": manage,
            "may_raise_children": manages_shown and shown.unit.level != Level.VILLAGE,
            "may_raise_shown": manages_shown and shown.unit_id != campaign.unit_id,
            "query": _query(None if refused else day, code),
            "day_query": _query(None if refused else day, None),
            "pace_days": progress_module.PACE_DAYS,
            # The work behind the figures: sharing out households, and one's own to-do.
            "share_village": open_campaign
            and shown.unit.level == Level.VILLAGE
            and access.may_assign_village(actor, shown.unit),
            "may_share": open_campaign and access.shares_out(actor),
            "has_to_do": selectors.has_assignments(campaign, access.actor_id(actor)),
        },
        status=400 if refused else 200,
    )


def _children_heading(version: UnitVersion) -> str:
    if version.unit.level == Level.PROVINCE:
        return _("Communes and wards, furthest behind first")
    return _("Villages, furthest behind first")


# Raised targets -------------------------------------------------------------------------------


@dataclass
class TargetRow:
    indicator: str
    name: str
    share_goal: bool
    share: Decimal | None
    floor: Decimal
    count: int | None

    @property
    def field(self) -> str:
        return f"goal_{self.indicator}"


def _target_rows(campaign: Campaign, version: UnitVersion, day: date) -> list[TargetRow]:
    current = selectors.targets_on_path(campaign, version.unit, day)
    rows = []
    for goal in selectors.goals_of(campaign):
        code = goal.indicator_id
        target = current.get(code)
        share_goal = goal.target_share is not None
        rows.append(
            TargetRow(
                indicator=code,
                name=indicator_name(goal.indicator),
                share_goal=share_goal,
                share=target.share if target else None,
                floor=selectors.parent_share(campaign, version.unit, code, day)
                if share_goal
                else Decimal(0),
                count=target.count if target else None,
            )
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def campaign_targets(request: HttpRequest, campaign_id: int, code: str) -> HttpResponse:
    actor = request.user
    campaign = access.access_campaign(actor, campaign_id)
    day = access.unit_day(campaign.unit, today())
    version = access.access_unit_by_code(actor, code, day, manage=True)
    if version.unit_id == campaign.unit_id or not selectors.covers(campaign, version.unit, day):
        raise NotFound(
            CampaignError.TARGET_UNIT,
            _("%(unit)s is not a unit under this campaign's area.") % {"unit": version.name},
            field="unit",
        )
    if campaign.status == CampaignStatus.CLOSED:
        raise DomainError(CampaignError.CLOSED, _("This campaign is closed."), field="status")
    rows = _target_rows(campaign, version, day)
    status = 200
    if request.method == "POST":
        form = TargetsForm(request.POST, rows=rows)
        if form.is_valid():
            goals, fields = form.goals()
            try:
                services.targets_set(
                    actor=actor, campaign=campaign, unit_code=version.code, goals=goals
                )
            except DomainError as error:
                form.add_error(_target_field(error, fields), str(error.message))
            else:
                messages.success(
                    request, _("The targets of %(unit)s are saved.") % {"unit": version.name}
                )
                url = reverse("campaigns:campaign", args=[campaign.pk])
                return redirect(f"{url}?{_query(None, version.code)}")
        status = 400
    else:
        form = TargetsForm(
            rows=rows,
            initial={
                row.field: percent_text(row.share)
                if row.share_goal and row.share is not None
                else (str(row.count) if row.count is not None else "")
                for row in rows
            },
        )
    return render(
        request,
        "campaigns/targets.html",
        {"campaign": campaign, "version": version, "form": form, "rows": rows},
        status=status,
    )


def _target_field(error: DomainError, fields: list[str]) -> str | None:
    """The form's field a refusal about ``goals[i]`` names."""
    where = error.field or ""
    if where.startswith("goals[") and "]" in where:
        index = where[len("goals[") : where.index("]")]
        if index.isdigit() and int(index) < len(fields):
            return fields[int(index)]
    return None


# The spreadsheet -------------------------------------------------------------------------------


@login_required
@require_GET
def campaign_xlsx(request: HttpRequest, campaign_id: int) -> HttpResponse:
    actor = request.user
    campaign = access.access_campaign(actor, campaign_id)
    day, day_form, refused = _day_asked(request, campaign)
    if refused:
        message = "; ".join(str(error) for error in day_form.errors.get("on", []))
        raise DomainError(CoreError.INVALID_INPUT, message, field="on")
    code = request.GET.get("unit", "").strip() or None
    found = progress_module.progress(actor=actor, campaign=campaign, code=code, on=day)
    content = report.workbook(
        found=found, authority=unit_version(campaign), text=report.summary(found)
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"chien-dich-{campaign.pk}-{slugify(found.version.name)}-{day.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
