"""What each person's home shows: the work waiting for them, counted, and the lists behind the
counts.

Every count on a home is the length of a list a page of this app (or the feedback queue, or the
moderation page) shows in full, so each count and its list come from the same queryset or the
same function here: a count can never promise rows its list does not hold.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from langso import access
from langso.access import Actor
from langso.accounts.models import MANAGING_ROLES, Role, RoleAssignment
from langso.campaigns import assign_selectors, progress
from langso.campaigns import selectors as campaign_selectors
from langso.campaigns.models import Campaign
from langso.campaigns.progress import GoalProgress
from langso.core.dates import today, valid_on
from langso.core.errors import NotFound
from langso.feedback import selectors as feedback
from langso.feedback.codes import format_code
from langso.feedback.models import Report as FeedbackReport
from langso.indicators import rollups
from langso.indicators import selectors as indicators
from langso.indicators.models import Indicator, Population, Status
from langso.indicators.selectors import Figure, indicator_name
from langso.outreach import selectors as outreach
from langso.outreach.models import Announcement, GroupPost
from langso.people.models import Household, ImportJob, ImportStatus, Resident
from langso.reports import page_selectors
from langso.shops import selectors as shops
from langso.shops.models import ShopLink
from langso.teams import selectors as teams
from langso.teams.models import Membership, Person, Team, TeamRole, ZaloGroup
from langso.trust import selectors as trust
from langso.trust.models import ReportStatus
from langso.units import selectors as units
from langso.units import tree
from langso.units.models import Level, UnitVersion
from langso.visits import selectors as visits
from langso.visits.models import Visit

# "Not visited lately" and "no visit lately" mean this many days, on every home and list.
QUIET_DAYS = 30
# A failed import stays on the home this long: long enough to be seen, not forever.
FAILED_IMPORT_DAYS = 30
# How many headline indicators an officer's home shows against their targets.
HEADLINES = 3
RECENT = 10


def _cutoff(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


# Who the person is here -------------------------------------------------------------------------


def _versions_for(actor: Actor, roles: frozenset[str]) -> list[UnitVersion]:
    """Today's versions of the units the actor holds one of ``roles`` on, highest level first."""
    user_id = access.actor_id(actor)
    if user_id is None:
        return []
    day = today()
    unit_ids = RoleAssignment.objects.filter(valid_on(day), user_id=user_id, role__in=roles).values(
        "unit_id"
    )
    return list(
        UnitVersion.objects.filter(valid_on(day), unit_id__in=unit_ids)
        .select_related("unit")
        .order_by("unit__level", "code")
    )


def officer_units(actor: Actor) -> list[UnitVersion]:
    return _versions_for(actor, MANAGING_ROLES)


def leader_units(actor: Actor) -> list[UnitVersion]:
    return _versions_for(actor, frozenset({Role.TEAM_LEADER}))


def member_units(actor: Actor) -> list[UnitVersion]:
    return _versions_for(actor, frozenset({Role.TEAM_MEMBER}))


def main_unit(actor: Actor) -> UnitVersion | None:
    """The highest unit the actor holds any role on today: where the menu's unit pages lead."""
    found = _versions_for(actor, frozenset(Role.values))
    return found[0] if found else None


# Officers: the desks shared by every unit they hold -------------------------------------------


def feedback_new(*, actor: Actor) -> int:
    """Reports nobody has looked at yet: the queue filtered by status "new"."""
    if not access.is_officer(actor):
        return 0
    return feedback.queue(actor=actor, filters=feedback.QueueFilter(status="new")).count()


def feedback_overdue(*, actor: Actor) -> int:
    """Open reports past their deadline: the queue filtered by "overdue only"."""
    if not access.is_officer(actor):
        return 0
    return feedback.queue(actor=actor, filters=feedback.QueueFilter(overdue=True)).count()


def moderation_pending(*, actor: Actor) -> int:
    if not access.may_moderate(actor):
        return 0
    return trust.report_counts(actor=actor).get(ReportStatus.PENDING, 0)


def imports_waiting(*, actor: Actor) -> QuerySet[ImportJob]:
    """The actor's own imports that wait for them: checked and waiting for confirmation, or
    failed lately. Only the uploader may open an import (its file holds ID numbers)."""
    user_id = access.actor_id(actor)
    if user_id is None:
        return ImportJob.objects.none()
    return (
        ImportJob.objects.filter(created_by_id=user_id)
        .filter(
            Q(status=ImportStatus.CHECKED)
            | Q(status=ImportStatus.FAILED, updated_at__gte=_cutoff(FAILED_IMPORT_DAYS))
        )
        .select_related("unit")
        .order_by("-created_at")
    )


# Officers: per unit ----------------------------------------------------------------------------


def managed_unit(*, actor: Actor, code: str) -> UnitVersion:
    """Today's version of a unit the actor manages (officers' lists), else 404."""
    version = units.unit_get(actor=actor, code=code, on=today())
    access.access_unit(actor, version.unit, today(), manage=True)
    return version


def quiet_villages(*, actor: Actor, version: UnitVersion) -> QuerySet[UnitVersion]:
    """Today's villages under the unit with no visit in the last ``QUIET_DAYS`` days, with the
    day of their last visit (None: never visited)."""
    day = today()
    recent = Visit.objects.filter(
        village_id=OuterRef("unit_id"), occurred_at__gte=_cutoff(QUIET_DAYS)
    )
    last = (
        Visit.objects.filter(village_id=OuterRef("unit_id"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    return (
        UnitVersion.objects.filter(
            valid_on(day), unit__level=Level.VILLAGE, unit_id__in=tree.subtree(version.unit, day)
        )
        .filter(access.scope_filter(actor, day, "unit_id"))
        .exclude(Exists(recent))
        .annotate(last_visit=Subquery(last))
        .order_by("name", "code")
    )


@dataclass(frozen=True)
class TeamRow:
    team: Team
    unit_name: str
    leader: str
    members: int
    zalo: bool


def _teams_under(actor: Actor, version: UnitVersion, day: date) -> QuerySet[Team]:
    return Team.objects.filter(
        valid_on(day),
        access.scope_filter(actor, day, "unit_id"),
        unit_id__in=tree.subtree(version.unit, day),
    )


def teams_list(*, actor: Actor, version: UnitVersion, incomplete: bool) -> QuerySet[Team]:
    """Today's teams under the unit; with ``incomplete``, those without a leader or without a
    Zalo group."""
    day = today()
    leaders = Membership.objects.filter(
        team=OuterRef("pk"), role=TeamRole.LEADER, joined_on__lte=day, left_on__gt=day
    )
    zalo = ZaloGroup.objects.filter(valid_on(day), team=OuterRef("pk"))
    found = _teams_under(actor, version, day)
    if incomplete:
        found = found.filter(~Exists(leaders) | ~Exists(zalo))
    return found.order_by("name", "pk")


def team_rows(*, teams_page: list[Team]) -> list[TeamRow]:
    """One page of teams with their leader, member count and whether they have a Zalo group."""
    day = today()
    ids = [t.pk for t in teams_page]
    leaders: dict[int, str] = {}
    counts: dict[int, int] = defaultdict(int)
    for membership in Membership.objects.filter(
        team_id__in=ids, joined_on__lte=day, left_on__gt=day
    ).select_related("person"):
        counts[membership.team_id] += 1
        if membership.role == TeamRole.LEADER:
            leaders.setdefault(membership.team_id, membership.person.full_name)
    with_zalo = set(
        ZaloGroup.objects.filter(valid_on(day), team_id__in=ids).values_list("team_id", flat=True)
    )
    names = dict(
        UnitVersion.objects.filter(
            valid_on(day), unit_id__in=[t.unit_id for t in teams_page]
        ).values_list("unit_id", "name")
    )
    return [
        TeamRow(
            team=t,
            unit_name=names.get(t.unit_id, ""),
            leader=leaders.get(t.pk, ""),
            members=counts[t.pk],
            zalo=t.pk in with_zalo,
        )
        for t in teams_page
    ]


def members_without_account(*, actor: Actor, version: UnitVersion) -> QuerySet[Person]:
    """People serving today on a team under the unit who have no login yet, each with one of
    their teams (the page of that team is where an account is made)."""
    day = today()
    serving = Membership.objects.filter(
        joined_on__lte=day,
        left_on__gt=day,
        team__in=_teams_under(actor, version, day),
    )
    first = serving.filter(person=OuterRef("pk")).order_by("team__name", "team_id")
    return (
        Person.objects.filter(user__isnull=True, pk__in=serving.values("person_id"))
        .annotate(
            team_id=Subquery(first.values("team_id")[:1]),
            team_name=Subquery(first.values("team__name")[:1]),
        )
        .order_by("full_name", "pk")
    )


def coverage(*, actor: Actor, version: UnitVersion) -> teams.Coverage:
    return teams.coverage_report(actor=actor, code=version.code).total


def headlines(*, actor: Actor, version: UnitVersion) -> list[Figure]:
    """The first indicators of the catalog that have a target, with the unit's figure today."""
    _version, figures = indicators.figures(actor=actor, code=version.code)
    return [f for f in figures if f.target is not None][:HEADLINES]


@dataclass(frozen=True)
class Happening:
    at: datetime
    text: str
    url: str = ""
    dated: bool = False  # known to the day only (a team change), not to the minute


def _team_changes(subtree: RawSQL, day_field: str, limit: int) -> list[dict[str, Any]]:
    """People joining (or leaving) teams under the unit, one row per team and day: a team set
    up with its members, or a reform that moved them, is one thing that happened."""
    found = Membership.objects.filter(team__unit_id__in=subtree)
    if day_field == "left_on":
        found = found.filter(left_on__lte=today())
    rows = (
        found.values("team_id", "team__name", day=F(day_field))
        .annotate(n=Count("id"), who=Min("person__full_name"))
        .order_by("-day", "team__name")[:limit]
    )
    return [dict(row) for row in rows]


def _at_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def recent(*, actor: Actor, version: UnitVersion, limit: int = RECENT) -> list[Happening]:
    """The last things that happened under the unit: imports, visits, feedback, people joining
    or leaving teams, Zalo groups set. Each source gives its own latest ``limit``; the merge
    keeps the latest ``limit`` of all."""
    day = today()
    subtree = tree.subtree(version.unit, day)
    names = dict(
        UnitVersion.objects.filter(valid_on(day), unit_id__in=subtree).values_list(
            "unit_id", "name"
        )
    )
    own = access.actor_id(actor)
    found: list[Happening] = []
    for job in ImportJob.objects.filter(unit_id__in=subtree).select_related("created_by")[:limit]:
        found.append(
            Happening(
                job.created_at,
                _("%(who)s imported a list into %(unit)s: %(status)s")
                % {
                    "who": job.created_by,
                    "unit": names.get(job.unit_id, ""),
                    "status": job.get_status_display(),
                },
                reverse("imports:job", args=[job.pk]) if job.created_by_id == own else "",
            )
        )
    for visit in (
        Visit.objects.filter(village_id__in=subtree)
        .select_related("member", "household")
        .defer("latitude", "longitude")
        .order_by("-occurred_at")[:limit]
    ):
        found.append(
            Happening(
                visit.occurred_at,
                _("%(who)s visited the household of %(head)s in %(village)s")
                % {
                    "who": visit.member,
                    "head": visit.household,
                    "village": names.get(visit.village_id, ""),
                },
                reverse("visits:unit", args=[version.code]),
            )
        )
    if access.is_officer(actor):
        for report in (
            FeedbackReport.objects.filter(access.handled_reports_filter(actor))
            .filter(Q(commune_id__in=subtree) | Q(province_id__in=subtree))
            .select_related("category")
            .order_by("-made_at")[:limit]
        ):
            found.append(
                Happening(
                    report.made_at,
                    _("Feedback %(code)s received: %(category)s")
                    % {
                        "code": format_code(report.code),
                        "category": report.category.name_vi,
                    },
                    reverse("feedback:report", args=[report.code]),
                )
            )
    for row in _team_changes(subtree, "joined_on", limit):
        found.append(
            Happening(
                _at_start(row["day"]),
                ngettext("%(who)s joined %(team)s", "%(n)d people joined %(team)s", row["n"])
                % {"who": row["who"], "team": row["team__name"], "n": row["n"]},
                reverse("teams:team", args=[row["team_id"]]),
                dated=True,
            )
        )
    for row in _team_changes(subtree, "left_on", limit):
        found.append(
            Happening(
                _at_start(row["day"]),
                ngettext("%(who)s left %(team)s", "%(n)d people left %(team)s", row["n"])
                % {"who": row["who"], "team": row["team__name"], "n": row["n"]},
                reverse("teams:team", args=[row["team_id"]]),
                dated=True,
            )
        )
    for group in (
        ZaloGroup.objects.filter(team__unit_id__in=subtree)
        .select_related("team")
        .order_by("-valid_from", "-pk")[:limit]
    ):
        found.append(
            Happening(
                _at_start(group.valid_from),
                _("%(team)s has a new Zalo group") % {"team": group.team},
                reverse("teams:team", args=[group.team_id]),
                dated=True,
            )
        )
    found.sort(key=lambda h: h.at, reverse=True)
    return found[:limit]


# Team leaders and members: the households of their villages ------------------------------------


def seen_unit(*, actor: Actor, code: str) -> UnitVersion:
    """Today's version of a unit the actor may see (its team and the officers above), else 404."""
    return units.unit_get(actor=actor, code=code, on=today())


def households_not_visited(*, actor: Actor, version: UnitVersion) -> QuerySet[Household]:
    """Households under the unit not visited in ``QUIET_DAYS`` days (never visited first), with
    ``last_visit``."""
    day = today()
    found = Household.objects.filter(
        access.scope_filter(actor, day), village_id__in=tree.subtree(version.unit, day)
    )
    return (
        found.annotate(last_visit=Max("visits__occurred_at"))
        .filter(Q(last_visit__isnull=True) | Q(last_visit__lt=_cutoff(QUIET_DAYS)))
        .order_by("last_visit", "head_name", "pk")
    )


@dataclass(frozen=True)
class Lack:
    resident: Resident
    indicators: list[str]


@dataclass(frozen=True)
class ToDo:
    """A household where someone still lacks an indicator of the catalog."""

    household: Household
    village: str
    last_visit: datetime | None
    lacks: list[Lack] = field(default_factory=list)


def households_to_do(*, actor: Actor, version: UnitVersion) -> list[ToDo]:
    """Households under the unit where at least one resident of an indicator's population does
    not have it yet (as the roll-ups count: old enough, no true status), those not visited the
    longest first. Three queries whatever the number of households."""
    day = today()
    where = access.scope_filter(actor, day) & Q(village_id__in=tree.subtree(version.unit, day))
    catalog = [i for i in Indicator.objects.all() if i.population == Population.RESIDENTS]
    has: dict[int, set[str]] = defaultdict(set)
    for resident_id, code in Status.objects.filter(
        where, resident__isnull=False, value=True
    ).values_list("resident_id", "indicator_id"):
        has[resident_id].add(code)
    lacking: dict[int, list[Lack]] = defaultdict(list)
    for resident in Resident.objects.filter(where).order_by("household_id", "-is_head", "pk"):
        subject = rollups.Subject(
            kind="resident",
            id=resident.pk,
            village_id=resident.village_id,
            birth_year=resident.birth_year,
        )
        missing = [
            indicator_name(i)
            for i in catalog
            if rollups.in_population(i, subject) and i.code not in has[resident.pk]
        ]
        if missing:
            lacking[resident.household_id].append(Lack(resident, missing))
    households = Household.objects.filter(where, pk__in=list(lacking)).annotate(
        last_visit=Max("visits__occurred_at")
    )
    names = dict(
        UnitVersion.objects.filter(
            valid_on(day), unit_id__in=tree.subtree(version.unit, day)
        ).values_list("unit_id", "name")
    )
    rows = [ToDo(h, names.get(h.village_id, ""), h.last_visit, lacking[h.pk]) for h in households]
    never = _at_start(date.min + timedelta(days=1))
    rows.sort(key=lambda r: (r.last_visit or never, r.household.head_name, r.household.pk))
    return rows


def week_start() -> date:
    day = today()
    return day - timedelta(days=day.weekday())


def team_week(*, team: Team) -> list[visits.Activity]:
    """Each member's visits since Monday."""
    return visits.team_activity(team=team, since=week_start())


def team_here(version: UnitVersion) -> Team | None:
    return teams.team_of_unit(version.unit_id, today())


def zalo_link(team: Team) -> str:
    group = teams.zalo_group(team, today())
    return group.invite_link if group else ""


# Campaigns: the plans under way, shared out and still to do -----------------------------------


@dataclass(frozen=True)
class CampaignLine:
    """An active campaign on an officer's home: where it stands in its days and its first
    goal in the officer's unit (or the campaign's own, for one set below it)."""

    campaign: Campaign
    days: str
    unit_name: str
    headline: GoalProgress | None


def campaign_lines(*, actor: Actor, version: UnitVersion) -> tuple[list[CampaignLine], int]:
    """At most ``assign_selectors.HOME_CAMPAIGNS`` active campaigns covering the unit or set
    under it, newest first, and how many there are in all. One progress reading each, without
    the children: a home must stay cheap whatever the size of the unit."""
    campaigns, total = assign_selectors.active_near(actor=actor, unit=version.unit)
    above = set(tree.ancestor_ids(version.unit, today()))
    lines = []
    for campaign in campaigns:
        code = version.code if campaign.unit_id in above else None
        try:
            found = progress.progress(actor=actor, campaign=campaign, code=code, children=False)
        except NotFound:
            # A unit the campaign no longer reaches on the day read (merged away): the home
            # still lists the campaign, without a figure, rather than failing.
            lines.append(CampaignLine(campaign, assign_selectors.day_words(campaign), "", None))
            continue
        lines.append(
            CampaignLine(
                campaign=campaign,
                days=assign_selectors.day_words(campaign),
                unit_name=found.version.name,
                headline=found.goals[0] if found.goals else None,
            )
        )
    return lines, total


@dataclass(frozen=True)
class UnassignedLine:
    """Households of a leader's village nobody has yet in a campaign (for a leader above the
    villages: how many of their villages still have some), and the list they lead to."""

    campaign: Campaign
    count: int
    url: str
    villages: bool = False


def unassigned_lines(*, actor: Actor, version: UnitVersion) -> list[UnassignedLine]:
    """Per active campaign covering the leader's unit: the households not given to anyone in
    their village, counted from the very rows the village's page lists with "chưa giao"."""
    campaigns, _total = assign_selectors.active_near(actor=actor, unit=version.unit)
    lines = []
    for campaign in campaigns:
        if version.unit.level == Level.VILLAGE:
            rows = campaign_selectors.village_assignments(
                actor=actor, campaign=campaign, village_id=version.unit_id
            )
            url = reverse("campaign_work:village", args=[campaign.pk, version.code])
            lines.append(
                UnassignedLine(
                    campaign=campaign,
                    count=sum(1 for row in rows if row.member_id is None),
                    url=f"{url}?show=unassigned",
                )
            )
            continue
        shares = assign_selectors.shared_villages(actor=actor, campaign=campaign)
        url = reverse("campaign_work:villages", args=[campaign.pk])
        lines.append(
            UnassignedLine(
                campaign=campaign,
                count=sum(1 for share in shares if share.unassigned),
                url=f"{url}?unassigned=1",
                villages=True,
            )
        )
    return lines


@dataclass(frozen=True)
class WorkLine:
    """A campaign's households given to the person: how many, and how many still have
    something to do (the rows of their to-do page)."""

    campaign: Campaign
    assigned: int
    waiting: int


def work_lines(*, actor: Actor) -> list[WorkLine]:
    """The person's to-do in each active campaign they see (at most
    ``assign_selectors.HOME_CAMPAIGNS``, newest first), from the to-do itself."""
    user_id = access.actor_id(actor)
    if user_id is None:
        return []
    lines = []
    for campaign in campaign_selectors.active_for(actor=actor)[: assign_selectors.HOME_CAMPAIGNS]:
        rows = campaign_selectors.to_do(actor=actor, campaign=campaign, member_id=user_id)
        lines.append(
            WorkLine(
                campaign=campaign,
                assigned=len(rows),
                waiting=sum(1 for row in rows if row.count),
            )
        )
    return lines


# Announcements: an officer's drafts and scheduled ones, a leader's posts in the Zalo group ------


def announcements_waiting(*, actor: Actor, status: str) -> QuerySet[Announcement]:
    """The announcements in ``status`` the actor sees: the rows of ``/outreach/?status=…``."""
    return outreach.announcements(actor=actor).filter(status=status)


def report_drafts(*, actor: Actor) -> int:
    """The official reports waiting as drafts to be issued (the rows of
    ``/reports/?status=draft``)."""
    return page_selectors.drafts_waiting(actor=actor).count()


def group_posts_waiting(*, actor: Actor) -> QuerySet[GroupPost]:
    """The posts the leader has not marked posted yet (the rows of the checklist's
    ``?waiting=1``)."""
    return outreach.group_posts(actor=actor).filter(posted_at__isnull=True)


# Household businesses ---------------------------------------------------------------------------


def shop_links_flagged(*, actor: Actor) -> int:
    """Shop links the link checker flagged that an officer has not looked at yet.

    Read on every page (the menu's badge): while no link is flagged anywhere, which is the
    usual day, it costs one query on the partial index of flagged links and nothing else."""
    if not ShopLink.objects.filter(flagged_at__isnull=False).exists():
        return 0
    if not access.is_officer(actor):
        return 0
    return shops.flagged_links(actor=actor).count()


def businesses_open(*, actor: Actor, version: UnitVersion) -> int:
    """The open household businesses of a village (or any unit) the actor sees."""
    return shops.businesses(actor=actor, unit=version.unit, include_closed=False).count()
