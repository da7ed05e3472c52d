"""The logged-in home of each role, and the lists its counts lead to (50 rows a page)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from langso import access
from langso.core.dates import today
from langso.core.qr import qr_svg
from langso.homes import selectors
from langso.indicators.selectors import Figure
from langso.learning import cert_selectors
from langso.outreach.models import AnnouncementStatus
from langso.people import selectors as people
from langso.teams.models import Team
from langso.teams.selectors import Coverage
from langso.units import selectors as units
from langso.units.models import Level, UnitVersion
from langso.visits import selectors as visits
from langso.visits.selectors import Activity

PER_PAGE = 50


@dataclass
class OfficerPart:
    version: UnitVersion
    quiet_villages: int
    teams_incomplete: int
    without_account: int
    coverage: Coverage
    headlines: list[Figure]
    recent: list[selectors.Happening]
    campaigns: list[selectors.CampaignLine] = field(default_factory=list)
    campaigns_total: int = 0
    certificates_waiting: int = 0


@dataclass
class LeaderPart:
    version: UnitVersion
    team: Team | None
    not_visited: int
    to_do: int
    week: list[Activity] = field(default_factory=list)
    zalo: str = ""
    zalo_qr: str = ""
    unassigned: list[selectors.UnassignedLine] = field(default_factory=list)
    group_posts: int = 0
    businesses: int = 0


@dataclass
class MemberPart:
    version: UnitVersion
    to_do: int
    businesses: int = 0


def _officer_part(request: HttpRequest, version: UnitVersion) -> OfficerPart:
    actor = request.user
    campaigns, campaigns_total = selectors.campaign_lines(actor=actor, version=version)
    return OfficerPart(
        version=version,
        quiet_villages=selectors.quiet_villages(actor=actor, version=version).count(),
        teams_incomplete=selectors.teams_list(
            actor=actor, version=version, incomplete=True
        ).count(),
        without_account=selectors.members_without_account(actor=actor, version=version).count(),
        coverage=selectors.coverage(actor=actor, version=version),
        headlines=selectors.headlines(actor=actor, version=version),
        recent=selectors.recent(actor=actor, version=version),
        campaigns=campaigns,
        campaigns_total=campaigns_total,
        certificates_waiting=sum(
            row.waiting for row in cert_selectors.waiting_villages(actor=actor, under=version.unit)
        ),
    )


def _leader_part(request: HttpRequest, version: UnitVersion) -> LeaderPart:
    actor = request.user
    team = selectors.team_here(version)
    zalo = selectors.zalo_link(team) if team else ""
    return LeaderPart(
        version=version,
        team=team,
        not_visited=selectors.households_not_visited(actor=actor, version=version).count(),
        to_do=len(selectors.households_to_do(actor=actor, version=version)),
        week=selectors.team_week(team=team) if team else [],
        zalo=zalo,
        zalo_qr=qr_svg(zalo) if zalo else "",
        unassigned=selectors.unassigned_lines(actor=actor, version=version),
        group_posts=selectors.group_posts_waiting(actor=actor).count(),
        businesses=selectors.businesses_open(actor=actor, version=version),
    )


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What waits for the person, by role: a person with several roles sees each part."""
    actor = request.user
    context: dict[str, Any] = {"week_start": selectors.week_start()}
    if access.is_unrestricted(actor):
        context["provinces"] = list(
            units.visible_versions(actor, today())
            .filter(unit__level=Level.PROVINCE)
            .order_by("code")
        )
    officer = selectors.officer_units(actor)
    if officer:
        context["desk"] = {
            "feedback_new": selectors.feedback_new(actor=actor),
            "feedback_overdue": selectors.feedback_overdue(actor=actor),
            "moderation": selectors.moderation_pending(actor=actor),
            "may_moderate": access.may_moderate(actor),
            "imports": selectors.imports_waiting(actor=actor).count(),
            "id_conflicts": people.id_conflicts_open(actor=actor),
            "corrections": visits.corrections_waiting(actor=actor).count(),
            "announcement_drafts": selectors.announcements_waiting(
                actor=actor, status=AnnouncementStatus.DRAFT
            ).count(),
            "announcements_scheduled": selectors.announcements_waiting(
                actor=actor, status=AnnouncementStatus.SCHEDULED
            ).count(),
            "report_drafts": selectors.report_drafts(actor=actor),
            "shop_links_flagged": selectors.shop_links_flagged(actor=actor),
        }
        context["officer"] = [_officer_part(request, version) for version in officer]
    context["leader"] = [_leader_part(request, v) for v in selectors.leader_units(actor)]
    context["member"] = [
        MemberPart(
            v,
            len(selectors.households_to_do(actor=actor, version=v)),
            selectors.businesses_open(actor=actor, version=v),
        )
        for v in selectors.member_units(actor)
    ]
    if context["member"]:
        # Members go door to door: the households each campaign gave them, and a word for a
        # campaign that gave them none yet. A leader sees only what was given to them.
        context["work"] = selectors.work_lines(actor=actor)
    elif context["leader"]:
        context["work"] = [line for line in selectors.work_lines(actor=actor) if line.assigned]
    return render(request, "homes/home.html", context)


def _page(request: HttpRequest, rows: Sequence[Any] | QuerySet[Any]) -> Page[Any]:
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def _query(request: HttpRequest) -> str:
    """The page's query without its page number, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def imports_page(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.imports_waiting(actor=request.user))
    names = {
        v.unit_id: v
        for v in units.visible_versions(request.user, today()).filter(
            unit_id__in=[job.unit_id for job in page]
        )
    }
    return render(
        request,
        "homes/imports.html",
        {
            "page": page,
            "rows": [(job, names.get(job.unit_id)) for job in page],
            "days": selectors.FAILED_IMPORT_DAYS,
            "main": selectors.main_unit(request.user),
            "query": _query(request),
        },
    )


@login_required
@require_GET
def quiet_villages_page(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.managed_unit(actor=request.user, code=code)
    return render(
        request,
        "homes/quiet_villages.html",
        {
            "version": version,
            "page": _page(request, selectors.quiet_villages(actor=request.user, version=version)),
            "days": selectors.QUIET_DAYS,
            "query": _query(request),
        },
    )


@login_required
@require_GET
def teams_page(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.managed_unit(actor=request.user, code=code)
    incomplete = request.GET.get("incomplete") == "1"
    page = _page(
        request, selectors.teams_list(actor=request.user, version=version, incomplete=incomplete)
    )
    return render(
        request,
        "homes/teams.html",
        {
            "version": version,
            "page": page,
            "rows": selectors.team_rows(teams_page=list(page)),
            "incomplete": incomplete,
            "query": _query(request),
        },
    )


@login_required
@require_GET
def without_account_page(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.managed_unit(actor=request.user, code=code)
    return render(
        request,
        "homes/without_account.html",
        {
            "version": version,
            "page": _page(
                request, selectors.members_without_account(actor=request.user, version=version)
            ),
            "query": _query(request),
        },
    )


@login_required
@require_GET
def not_visited_page(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.seen_unit(actor=request.user, code=code)
    return render(
        request,
        "homes/not_visited.html",
        {
            "version": version,
            "page": _page(
                request, selectors.households_not_visited(actor=request.user, version=version)
            ),
            "days": selectors.QUIET_DAYS,
            "query": _query(request),
        },
    )


@login_required
@require_GET
def to_do_page(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.seen_unit(actor=request.user, code=code)
    return render(
        request,
        "homes/to_do.html",
        {
            "version": version,
            "page": _page(request, selectors.households_to_do(actor=request.user, version=version)),
            "query": _query(request),
        },
    )
