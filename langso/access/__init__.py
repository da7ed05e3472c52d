"""Who may act on what: every access decision of Làng Số, in one place.

In the style of Zulip's ``access_*_by_id`` helpers: an ``access_*`` function takes the actor and
what a request named (an id, a code, or an object that came from outside) and returns the object
the actor may use, or raises ``NotFound`` with that object's own error code. Out of scope and
absent get the same answer, word for word, so a caller learns nothing about what lies outside
(not even that a number exists). Lists are limited in SQL by ``scope()`` and the ``*_filter``
functions, never filtered in Python after the fact.

The rules:

- A user holds roles on units (``RoleAssignment``). Roles valid *today* count; each opens the
  subtree of its unit, taken as of the day asked (an officer of a province sees its 2023
  communes as they were).
- Everyone with a role reads the subtree (households, residents, visits, figures). Officers
  (province, commune) also manage it: units, teams, members, feedback, imports of others.
- A team leader manages their own team; a member reads their villages.
- A team member's own phone number: whoever manages the team (its officers, its leader, who
  must be able to call the members) may have it whole with a reason; the rest of the team sees
  what the member chose (nothing, the masked form, or the whole number on request).
- Superusers (after their second factor, which middleware enforces) and ``SYSTEM`` (the platform
  itself: commands, the demo, migrations) see and may do everything. ``None`` is not an actor.
- Anonymous visitors reach only the public pages and operations, which do not come here.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from langso.accounts.errors import AccountError
from langso.accounts.models import MANAGING_ROLES, ApiToken, Role, RoleAssignment, User
from langso.core.actors import ANONYMOUS as ANONYMOUS
from langso.core.actors import SYSTEM as SYSTEM
from langso.core.actors import Actor as Actor
from langso.core.actors import SystemActor as SystemActor
from langso.core.actors import actor_id as actor_id
from langso.core.actors import require_actor
from langso.core.dates import format_date, today, valid_on
from langso.core.errors import NotFound
from langso.feedback.errors import FeedbackError
from langso.feedback.models import Report, ReportPhoto
from langso.people.errors import PeopleError, RowError
from langso.people.models import Household, IdConflict, ImportJob, Resident
from langso.teams.errors import TeamError
from langso.teams.models import Membership, Person, PhoneVisibility, Team
from langso.trust.errors import TrustError
from langso.units import tree
from langso.units.errors import UnitError
from langso.units.models import Level, Unit, UnitVersion
from langso.visits.errors import CorrectionError
from langso.visits.models import Correction

_R = RoleAssignment._meta.db_table

# Who the actor is ---------------------------------------------------------------------------


def is_unrestricted(actor: Actor) -> bool:
    """The system itself, and superusers (who passed their second factor to get a session)."""
    require_actor(actor)
    if actor is SYSTEM:
        return True
    return bool(actor.is_authenticated and getattr(actor, "is_superuser", False))


def holds_role(actor: Actor, roles: frozenset[str] | None = None) -> bool:
    """Whether the actor holds, today, any role (or one of ``roles``) on any unit."""
    if is_unrestricted(actor):
        return True
    user_id = actor_id(actor)
    if user_id is None:
        return False
    found = RoleAssignment.objects.filter(valid_on(today()), user_id=user_id)
    if roles is not None:
        found = found.filter(role__in=roles)
    return found.exists()


def is_officer(actor: Actor) -> bool:
    """Province and commune officers (and the unrestricted): those who manage units."""
    return holds_role(actor, MANAGING_ROLES)


def _roots(actor: Actor, roles: frozenset[str] | None = None) -> list[int]:
    """The units the actor holds a role on today (of ``roles``, when given)."""
    user_id = actor_id(actor)
    if user_id is None:
        return []
    found = RoleAssignment.objects.filter(valid_on(today()), user_id=user_id)
    if roles is not None:
        found = found.filter(role__in=roles)
    return list(found.values_list("unit_id", flat=True))


def _roles_on_path(actor: Actor, unit: Unit | int, on: date) -> set[str]:
    """The roles the actor holds today on ``unit`` or a unit above it on ``on``."""
    user_id = actor_id(actor)
    if user_id is None:
        return set()
    return set(
        RoleAssignment.objects.filter(
            valid_on(today()), user_id=user_id, unit_id__in=tree.ancestor_ids(unit, on)
        ).values_list("role", flat=True)
    )


# Accounts -------------------------------------------------------------------------------------


def accounts_managed(actor: Actor, user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` are accounts ``actor`` manages: those holding a role today on a
    unit the actor manages (every account, for the unrestricted). One's own is not among them:
    a person acts on their own account as its owner."""
    own = actor_id(actor)
    wanted = {pk for pk in user_ids if pk != own}
    if not wanted or not actor.is_authenticated:
        return set()
    if is_unrestricted(actor):
        return wanted
    day = today()
    holders: dict[int, set[int]] = {}
    for role in RoleAssignment.objects.filter(valid_on(day), user_id__in=wanted):
        holders.setdefault(role.unit_id, set()).add(role.user_id)
    managed: set[int] = set()
    for unit_id, users in holders.items():
        if not users <= managed and may_manage_unit(actor, unit_id, day):
            managed |= users
    return managed


def access_account(actor: Actor, user_id: int) -> User:
    """The actor's own account, or one they manage."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or (user.pk != actor_id(actor) and not accounts_managed(actor, [user.pk])):
        raise NotFound(AccountError.ACCOUNT_NOT_FOUND, _("There is no such account."))
    return user


def access_managed_account(actor: Actor, user_id: int) -> User:
    """An account the actor manages, not their own (lifting a login lock, for one, is for the
    officer above the account, not for whoever holds a session of it)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not accounts_managed(actor, [user.pk]):
        raise NotFound(AccountError.USER_NOT_FOUND, _("There is no such user."), field="user")
    return user


def managed_accounts_filter(actor: Actor) -> Q:
    """The accounts ``actor`` manages, as a filter on users (the reverse of
    ``accounts_managed``, for lists): those holding a role today on a unit under one the actor
    holds an officer role on today. Never one's own."""
    user_id = actor_id(actor)
    own = Q() if user_id is None else ~Q(pk=user_id)
    if is_unrestricted(actor):
        return own
    if user_id is None:
        return Q(pk__in=[])
    now = today()
    roots = (
        f"SELECT unit_id FROM {_R} WHERE user_id = %s AND role IN (%s, %s) "
        "AND valid_from <= %s AND valid_until > %s"
    )
    under = RawSQL(
        tree.subtree_sql(roots),
        (user_id, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, now, now, now, now),
    )
    holders = RoleAssignment.objects.filter(valid_on(now), unit_id__in=under).values("user_id")
    return Q(pk__in=holders) & own


def access_accounts_desk(actor: Actor) -> None:
    """The list of the accounts one manages: officers only."""
    if not is_officer(actor):
        raise NotFound(AccountError.ACCOUNT_NOT_FOUND, _("There is no such page."))


def access_member_for_account(actor: Actor, person_id: int) -> list[Membership]:
    """The memberships today of the team member ``person_id`` on open teams whose unit the
    actor manages (officers above the team; a team's leader does not make accounts): the teams
    an account made for them by this actor gives roles on. Anyone else: no such member."""
    day = today()
    memberships = Membership.objects.filter(
        person_id=person_id, joined_on__lte=day, left_on__gt=day, team__valid_until__gt=day
    ).select_related("team", "person")
    managed = [m for m in memberships if may_manage_unit(actor, m.team.unit_id, day)]
    if not managed:
        raise _no_member()
    return managed


def access_token(actor: Actor, token_id: int) -> ApiToken:
    """One login on a device (an API token), for its owner and the officers who manage the
    account."""
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None or (
        token.user_id != actor_id(actor) and not accounts_managed(actor, [token.user_id])
    ):
        raise NotFound(AccountError.TOKEN_NOT_FOUND, _("There is no such login."), field="token")
    return token


# Units ----------------------------------------------------------------------------------------


def scope(actor: Actor, on: date) -> RawSQL | None:
    """The ids of the units the actor may read as of ``on``, as SQL (None: everything)."""
    if is_unrestricted(actor):
        return None
    user_id = actor_id(actor) or -1  # a visitor holds no role
    roots = f"SELECT unit_id FROM {_R} WHERE user_id = %s AND valid_from <= %s AND valid_until > %s"
    now = today()
    return RawSQL(tree.subtree_sql(roots), (user_id, now, now, on, on))


def scope_filter(actor: Actor, on: date, field: str = "village_id") -> Q:
    """Rows whose ``field`` (a unit id) lies in the actor's scope on ``on``."""
    allowed = scope(actor, on)
    return Q() if allowed is None else Q(**{f"{field}__in": allowed})


def may_see_unit(actor: Actor, unit: Unit | int, on: date) -> bool:
    return is_unrestricted(actor) or bool(_roles_on_path(actor, unit, on))


def may_manage_unit(actor: Actor, unit: Unit | int, on: date) -> bool:
    """Officers manage the units, teams and members in their subtree."""
    return is_unrestricted(actor) or bool(_roles_on_path(actor, unit, on) & MANAGING_ROLES)


def _no_unit() -> NotFound:
    return NotFound(UnitError.NOT_FOUND, _("There is no such unit."))


def access_unit(actor: Actor, unit: Unit, on: date, *, manage: bool = False) -> Unit:
    """``unit`` when the actor may see it (or manage it, with ``manage``) on ``on``."""
    allowed = may_manage_unit(actor, unit, on) if manage else may_see_unit(actor, unit, on)
    if not allowed:
        raise _no_unit()
    return unit


def access_unit_by_code(actor: Actor, code: str, on: date, *, manage: bool = False) -> UnitVersion:
    """The version on ``on`` of the unit with ``code``, if the actor may see (or manage) it."""
    # A NUL is in no code, and PostgreSQL refuses to even compare a text holding one.
    version = (
        None
        if "\x00" in code
        else UnitVersion.objects.filter(valid_on(on), scope_filter(actor, on, "unit_id"))
        .filter(code=code.strip())
        .select_related("unit")
        .first()
    )
    if version is None or (manage and not may_manage_unit(actor, version.unit, on)):
        raise NotFound(
            UnitError.NOT_FOUND,
            _("There is no unit with code %(code)s on %(on)s.")
            % {"code": code, "on": format_date(on)},
            field="code",
        )
    return version


def access_ended_unit(actor: Actor, code: str, on: date) -> UnitVersion:
    """The last version of a unit that carried ``code`` and had ended by ``on``, if the actor
    may see it on its last day: its page then tells what became of it. Anything else answers
    exactly as ``access_unit_by_code`` does, so an ended unit out of scope reveals nothing."""
    version = (
        UnitVersion.objects.filter(code=code.strip(), valid_until__lte=on)
        .select_related("unit", "closed_by")
        .order_by("-valid_until")
        .first()
    )
    if version is None or not may_see_unit(
        actor, version.unit, version.valid_until - timedelta(days=1)
    ):
        raise NotFound(
            UnitError.NOT_FOUND,
            _("There is no unit with code %(code)s on %(on)s.")
            % {"code": code, "on": format_date(on)},
            field="code",
        )
    return version


def access_new_root(actor: Actor) -> None:
    """Only the unrestricted create a unit without a parent (a province)."""
    if not is_unrestricted(actor):
        raise _no_unit()


def access_village(actor: Actor, village: Unit) -> Unit:
    """A village that exists today and lies in the actor's scope (people's data is read and
    written by whoever works there: its team and the officers above it)."""
    day = today()
    exists = (
        village.level == Level.VILLAGE
        and UnitVersion.objects.filter(valid_on(day), unit_id=village.pk).exists()
    )
    if not exists or not may_see_unit(actor, village, day):
        raise NotFound(RowError.VILLAGE_UNKNOWN, _("There is no such village."))
    return village


# Teams ----------------------------------------------------------------------------------------


def team_day(team: Team) -> date:
    """The day a team is shown as of: today while it is open, else its last day."""
    now = today()
    return now if team.valid_until > now else team.valid_until - timedelta(days=1)


def may_manage_team(actor: Actor, team: Team, on: date | None = None) -> bool:
    """Officers above the team's unit, and the team's own leader, manage a team."""
    if may_manage_unit(actor, team.unit_id, on or today()):
        return True
    user_id = actor_id(actor)
    if user_id is None:
        return False
    return RoleAssignment.objects.filter(
        valid_on(today()), user_id=user_id, role=Role.TEAM_LEADER, unit_id=team.unit_id
    ).exists()


def access_team(
    actor: Actor, team: Team | int, *, manage: bool = False, on: date | None = None
) -> Team:
    """A team the actor may see (visibility follows its unit today, or on its last day once it
    has closed), or manage with ``manage`` (on ``on``, default today)."""
    found = (
        team
        if isinstance(team, Team)
        else Team.objects.select_related("unit").filter(pk=team).first()
    )
    if found is not None:
        allowed = (
            may_manage_team(actor, found, on)
            if manage
            else may_see_unit(actor, found.unit_id, team_day(found))
        )
        if allowed:
            return found
    raise NotFound(TeamError.NOT_FOUND, _("There is no such team."))


# Team members' phone numbers ------------------------------------------------------------------


def serves_on_team(actor: Actor, team: Team, on: date) -> bool:
    """Whether the actor is a member of ``team`` on ``on`` (through the person linked to their
    login; holding a role on the team's unit is not enough)."""
    user_id = actor_id(actor)
    if user_id is None:
        return False
    return Membership.objects.filter(
        team=team, person__user_id=user_id, joined_on__lte=on, left_on__gt=on
    ).exists()


@dataclass(frozen=True)
class MemberPhoneRights:
    """What one actor may have of the phone numbers of one team's members: worked out once per
    team, then asked per member (a page lists them all). For actors who may see the team."""

    manages: bool  # the team's officers and leader: any member's whole number, with a reason
    serves: bool  # a member of the team: the whole number of those who chose "team"
    user_id: int | None  # anyone: their own number

    def may_reveal(self, person: Person) -> bool:
        return (
            self.manages
            or (self.user_id is not None and person.user_id == self.user_id)
            or (self.serves and person.phone_visibility == PhoneVisibility.TEAM)
        )

    def may_see_masked(self, person: Person) -> bool:
        return person.phone_visibility != PhoneVisibility.HIDDEN or self.may_reveal(person)


def member_phone_rights(actor: Actor, team: Team) -> MemberPhoneRights:
    day = team_day(team)
    return MemberPhoneRights(
        manages=may_manage_team(actor, team, day),
        serves=serves_on_team(actor, team, day),
        user_id=actor_id(actor),
    )


def _no_member() -> NotFound:
    return NotFound(TeamError.MEMBER_NOT_FOUND, _("There is no such member."))


def access_member_phone(actor: Actor, team: Team, person: Person | int) -> Person:
    """A member of ``team`` (on the day the team is shown as of) whose whole number the actor
    may have. A member who did not allow it, a former member and a stranger all answer like a
    member that does not exist."""
    access_team(actor, team)
    day = team_day(team)
    person_id = person.pk if isinstance(person, Person) else person
    membership = (
        Membership.objects.filter(
            team=team, person_id=person_id, joined_on__lte=day, left_on__gt=day
        )
        .select_related("person")
        .first()
    )
    if membership is None or not member_phone_rights(actor, team).may_reveal(membership.person):
        raise _no_member()
    return membership.person


def access_own_person(actor: Actor, person: Person | None) -> Person:
    """``person`` when it is the actor themself. A member's choices about their own data are
    theirs alone: not their officers', nor a superuser's (someone else too). ``SYSTEM`` passes,
    for the demo and commands that load choices members made."""
    user_id = actor_id(actor)
    mine = person is not None and user_id is not None and person.user_id == user_id
    if person is None or not (actor is SYSTEM or mine):
        raise _no_member()
    return person


# People ---------------------------------------------------------------------------------------


def access_household(actor: Actor, household: int | Household) -> Household:
    """A household of a village in the actor's scope today."""
    household_id = household.pk if isinstance(household, Household) else household
    found = (
        # Merged households too: their page says where their people went.
        Household.all_objects.filter(scope_filter(actor, today()), pk=household_id)
        .select_related("village")
        .first()
    )
    if found is None:
        raise _no_household()
    return found


def _no_household() -> NotFound:
    return NotFound(PeopleError.HOUSEHOLD_NOT_FOUND, _("There is no such household."))


def _no_resident() -> NotFound:
    return NotFound(PeopleError.RESIDENT_NOT_FOUND, _("There is no such resident."))


def may_edit_village(actor: Actor, village: Unit | int) -> bool:
    """Who corrects a village's households and residents: the officers above it and the
    village's own team leader. Members propose corrections from the field app instead."""
    day = today()
    if may_manage_unit(actor, village, day):
        return True
    user_id = actor_id(actor)
    if user_id is None:
        return False
    return RoleAssignment.objects.filter(
        valid_on(day),
        user_id=user_id,
        role=Role.TEAM_LEADER,
        unit_id=village.pk if isinstance(village, Unit) else village,
    ).exists()


def access_household_edit(actor: Actor, household: int | Household) -> Household:
    """A household the actor may correct (its village's leader, or an officer above it)."""
    found = access_household(actor, household)
    if not may_edit_village(actor, found.village_id):
        raise _no_household()
    return found


def access_resident_edit(actor: Actor, resident: int | Resident) -> Resident:
    """A resident the actor may correct (their village's leader, or an officer above it)."""
    found = access_resident(actor, resident)
    if not may_edit_village(actor, found.village_id):
        raise _no_resident()
    return found


def access_village_edit(actor: Actor, village: Unit) -> Unit:
    """A village the actor may move households and residents into."""
    access_village(actor, village)
    if not may_edit_village(actor, village):
        raise NotFound(RowError.VILLAGE_UNKNOWN, _("There is no such village."))
    return village


def access_resident(actor: Actor, resident: int | Resident) -> Resident:
    """A resident of a village in the actor's scope today, with their household and village."""
    resident_id = resident.pk if isinstance(resident, Resident) else resident
    found = (
        # Those who died, were withdrawn or merged too: their page keeps their history.
        Resident.all_objects.filter(scope_filter(actor, today()), pk=resident_id)
        .select_related("household", "village")
        .first()
    )
    if found is None:
        raise _no_resident()
    return found


def units_in_sight(actor: Actor, unit_ids: Iterable[int], on: date | None = None) -> set[int]:
    """Which of ``unit_ids`` the actor may see on ``on`` (default today)."""
    wanted = set(unit_ids)
    if not wanted or is_unrestricted(actor):
        return wanted
    day = on or today()
    return set(
        Unit.objects.filter(scope_filter(actor, day, "id"), id__in=wanted).values_list(
            "id", flat=True
        )
    )


def id_conflicts_filter(actor: Actor) -> Q:
    """ID number conflicts the actor decides: both residents lie in their scope and they manage
    units (officers; the team that gave the number may see only one side)."""
    if is_unrestricted(actor):
        return Q()
    if not is_officer(actor):
        return Q(pk__in=[])
    day = today()
    return scope_filter(actor, day, "claimant__village_id") & scope_filter(
        actor, day, "holder__village_id"
    )


def access_id_conflict_desk(actor: Actor) -> None:
    """The page of ID number conflicts: officers only."""
    if not is_officer(actor):
        raise NotFound(PeopleError.ID_CONFLICT_NOT_FOUND, _("There is no such page."))


def access_id_conflict(actor: Actor, conflict_id: int) -> IdConflict:
    conflict = IdConflict.objects.filter(id_conflicts_filter(actor), pk=conflict_id).first()
    if conflict is None:
        raise NotFound(PeopleError.ID_CONFLICT_NOT_FOUND, _("There is no such conflict."))
    return conflict


def corrections_filter(actor: Actor) -> Q:
    """Corrections sent from the field app that the actor decides: officers, for the residents
    in their scope."""
    if is_unrestricted(actor):
        return Q()
    if not is_officer(actor):
        return Q(pk__in=[])
    return scope_filter(actor, today(), "resident__village_id")


def access_correction_desk(actor: Actor) -> None:
    """The page of corrections waiting: officers only."""
    if not is_officer(actor):
        raise NotFound(CorrectionError.NOT_FOUND, _("There is no such page."))


def access_correction(actor: Actor, correction_id: Any) -> Correction:
    found = (
        Correction.objects.filter(corrections_filter(actor), pk=correction_id)
        .select_related("resident__village", "resident__household")
        .first()
    )
    if found is None:
        raise NotFound(CorrectionError.NOT_FOUND, _("There is no such correction."))
    return found


def access_duplicates_desk(actor: Actor, code: str) -> UnitVersion:
    """The likely duplicates of a commune: for the officers who manage it."""
    version = access_unit_by_code(actor, code, today(), manage=True)
    if version.level != Level.COMMUNE:
        raise NotFound(UnitError.NOT_FOUND, _("There is no such unit."), field="code")
    return version


def access_import_target(actor: Actor, unit: Unit) -> Unit:
    """A unit the actor may import a list into: one in their scope today."""
    if not actor.is_authenticated or not may_see_unit(actor, unit, today()):
        raise _no_unit()
    return unit


def access_import_job(actor: Actor, job_id: Any) -> ImportJob:
    """An import job: its uploader's own (the file holds ID numbers), or anyone's for the
    unrestricted."""
    try:
        job = ImportJob.objects.filter(pk=job_id).first()
    except (ValueError, ValidationError):
        job = None  # not even an import's id
    if job is None or not (is_unrestricted(actor) or job.created_by_id == actor_id(actor)):
        raise NotFound(PeopleError.IMPORT_NOT_FOUND, _("There is no such import."))
    return job


# Citizen feedback -----------------------------------------------------------------------------


def handled_reports_filter(actor: Actor) -> Q:
    """The feedback reports ``actor`` handles: those of communes under an officer role, and for
    an officer of a province every report made in it (the routing queue and reports of communes
    that have since been merged into others)."""
    if is_unrestricted(actor):
        return Q()
    day = today()
    condition = Q(pk__in=[])
    for root in _roots(actor, MANAGING_ROLES):
        under = tree.subtree(Unit(pk=root), day)
        condition |= Q(commune_id__in=under) | Q(province_id__in=under)
    return condition


def report_handlers(report: Report) -> list[User]:
    """The people who handle ``report`` (the reverse of ``handled_reports_filter``): active
    users with an officer role today on its commune or a unit above it, or on its province."""
    day = today()
    seat_id = report.commune_id or report.province_id
    seat_exists = UnitVersion.objects.filter(valid_on(day), unit_id=seat_id).exists()
    path = tree.ancestor_ids(seat_id, day) if seat_exists else []
    path.append(report.province_id)
    users = User.objects.filter(
        is_active=True,
        roles__in=RoleAssignment.objects.filter(
            valid_on(day), role__in=MANAGING_ROLES, unit_id__in=path
        ),
    )
    return list(users.distinct().order_by("full_name", "username"))


def _no_report() -> NotFound:
    return NotFound(FeedbackError.REPORT_NOT_FOUND, _("There is no report with this code."))


def may_handle_report(actor: Actor, report: Report) -> bool:
    return Report.objects.filter(handled_reports_filter(actor), pk=report.pk).exists()


def access_feedback_report(actor: Actor, report: Report) -> Report:
    """A report the actor handles."""
    if not may_handle_report(actor, report):
        raise _no_report()
    return report


def access_feedback_report_by_code(actor: Actor, code: str) -> Report:
    found = (
        Report.objects.filter(handled_reports_filter(actor), code=code)
        .select_related("category", "assigned_to", "duplicate_of")
        .first()
    )
    if found is None:
        raise _no_report()
    return found


def access_feedback_photo(actor: Actor, photo_id: int) -> ReportPhoto:
    found = ReportPhoto.objects.filter(
        pk=photo_id, report__in=Report.objects.filter(handled_reports_filter(actor))
    ).first()
    if found is None:
        raise NotFound(FeedbackError.PHOTO_NOT_FOUND, _("There is no such photo."))
    return found


def access_feedback_desk(actor: Actor) -> None:
    """The officers' pages of feedback (queue, dashboard, outbox): officers only."""
    if not is_officer(actor):
        raise NotFound(FeedbackError.PAGE_NOT_FOUND, _("There is no such page."))


# The trust checker ----------------------------------------------------------------------------


def may_moderate(actor: Actor) -> bool:
    """Province officers (and the unrestricted) moderate the national community list."""
    return holds_role(actor, frozenset({Role.PROVINCE_OFFICER}))


def access_moderation(actor: Actor) -> None:
    if not may_moderate(actor):
        raise NotFound(TrustError.REPORT_NOT_FOUND, _("Not found."))


# Reform events --------------------------------------------------------------------------------


def access_reform_events(actor: Actor) -> None:
    """Recording reform events and applying them to teams is the system's and administrators'
    work (the events come from resolutions, not from an officer's form)."""
    if not is_unrestricted(actor):
        raise NotFound(UnitError.EVENT_NOT_FOUND, _("There is no such event."))


# Navigation -----------------------------------------------------------------------------------

# The entries of the header menu, in the order shown. Which ones a person sees is decided here,
# from the same rules that guard the pages they lead to, so the menu never offers a 404.
MENU = (
    "units",
    "dashboard",
    "campaigns",
    "certificates",
    "recognition",
    "households",
    "visits",
    "feedback",
    "outreach",
    "reports",
    "shops",
    "moderation",
    "imports",
    "teams",
    "accounts",
    "field",
    "guides",
    "verify",
    "check",
)


def menu_for(actor: Actor) -> list[str]:
    """The menu entries ``actor`` may open. Everyone with a role reads their units (figures,
    households, visits) and their team; officers also have the feedback desk, announcements,
    the People's Committee's official reports and imports; team leaders the announcements to
    post in their team's Zalo group; province officers moderate scam reports; those who go
    door to door have the field app.
    Every logged-in person has their account, the guides and the checker, which are public
    anyway; anonymous visitors also have the page that checks a certificate's code (the
    certificates of one's own units are in "certificates" for everyone with a role)."""
    user_id = actor_id(actor)
    if user_id is None:
        return ["guides", "verify", "check"]
    if is_unrestricted(actor):
        return [entry for entry in MENU if entry not in ("field", "verify")]
    roles = set(
        RoleAssignment.objects.filter(valid_on(today()), user_id=user_id).values_list(
            "role", flat=True
        )
    )
    allowed = {"accounts", "guides", "check"}
    if roles:
        allowed |= {
            "units",
            "dashboard",
            "campaigns",
            "certificates",
            # Officers: criteria and proposals; leaders and members: their team's or own record.
            "recognition",
            "households",
            "visits",
            "teams",
            # Household businesses: members register them at the door, officers see the
            # commune's shops and the links flagged.
            "shops",
        }
    if roles & MANAGING_ROLES:
        allowed |= {"feedback", "outreach", "reports", "imports"}
    if Role.PROVINCE_OFFICER in roles:
        allowed.add("moderation")
    if roles & {Role.TEAM_LEADER, Role.TEAM_MEMBER}:
        allowed.add("field")
    if Role.TEAM_LEADER in roles:
        # A leader posts the announcements in the team's Zalo group (their checklist).
        allowed.add("outreach")
    return [entry for entry in MENU if entry in allowed]


# Each app's rules that grew past a few functions live in a module of their own; they are
# imported here last (they use the rules above) so callers keep asking ``access``.
from langso.access.campaigns import *  # noqa: E402, F403
from langso.access.certificates import *  # noqa: E402, F403
from langso.access.guides import *  # noqa: E402, F403
from langso.access.outreach import *  # noqa: E402, F403
from langso.access.recognition import *  # noqa: E402, F403
from langso.access.shops import *  # noqa: E402, F403
from langso.access.skills import *  # noqa: E402, F403
