"""Who may act on recognition: records, emulation criteria and commendation proposals.

The officers (province, commune) who manage a unit set its criteria, see the records of every
member and team under it, and make, correct, submit and decide its proposals. A team leader sees
the records of their own team's members and the proposals that name their team or one of its
members, read only. A member sees their own record. Everything else answers 404.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from langso.access import (
    Actor,
    _roots,
    access_team,
    access_unit_by_code,
    actor_id,
    is_officer,
    is_unrestricted,
    may_manage_unit,
)
from langso.access.campaigns import _managed_scope, unit_day
from langso.accounts.models import Role
from langso.core.dates import today
from langso.core.errors import NotFound
from langso.reports.errors import RecognitionError
from langso.reports.recognition_models import Commendation, CommendationEntry, Criteria
from langso.teams.models import Membership, Team
from langso.units.models import UnitVersion

__all__ = [
    "access_commendation",
    "access_commendation_entry",
    "access_criteria",
    "access_recognition_team",
    "access_recognition_unit",
    "commendations_filter",
    "led_teams",
    "may_manage_recognition",
    "no_criteria",
    "no_proposal",
]


def no_proposal() -> NotFound:
    return NotFound(
        RecognitionError.PROPOSAL_NOT_FOUND, _("There is no such commendation proposal.")
    )


def may_manage_recognition(actor: Actor, unit_id: int) -> bool:
    """Criteria and proposals of a unit: the officers who manage it (on its last day, if it has
    since ended)."""
    return may_manage_unit(actor, unit_id, unit_day(unit_id, today()))


def led_teams(actor: Actor) -> list[int]:
    """The open teams the actor leads today (a team leader's role is held on the team's unit)."""
    units = _roots(actor, frozenset({Role.TEAM_LEADER}))
    if not units:
        return []
    day = today()
    return list(
        Team.objects.filter(unit_id__in=units, valid_from__lte=day, valid_until__gt=day)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def access_recognition_unit(actor: Actor, code: str) -> tuple[UnitVersion, bool]:
    """The unit with ``code`` today, and whether the actor manages it (all its teams' records)
    or only leads a team under it (that team's records)."""
    version = access_unit_by_code(actor, code, today())
    if may_manage_unit(actor, version.unit, today()):
        return version, True
    if not led_teams(actor):
        raise NotFound(RecognitionError.NOT_FOUND, _("There is no such page."), field="code")
    return version, False


def access_recognition_team(actor: Actor, team_id: int) -> Team:
    """A team whose members' records the actor sees: its officers and its own leader."""
    return access_team(actor, team_id, manage=True)


def no_criteria() -> NotFound:
    return NotFound(
        RecognitionError.CRITERIA_NOT_FOUND,
        _("There are no such emulation criteria."),
        field="criteria",
    )


def access_criteria(actor: Actor, criteria_id: int) -> Criteria:
    """Criteria the actor may change: those of a unit they manage."""
    found = Criteria.objects.select_related("unit").filter(pk=criteria_id).first()
    if found is None or not may_manage_recognition(actor, found.unit_id):
        raise no_criteria()
    return found


def _concerning(team_ids: list[int]) -> Q:
    """Proposals that name one of ``team_ids`` or one of their members."""
    persons = Membership.objects.filter(team_id__in=team_ids).values("person_id")
    entries = CommendationEntry.objects.filter(
        Q(team_id__in=team_ids) | Q(person_id__in=persons)
    ).values("commendation_id")
    return Q(pk__in=entries)


def commendations_filter(actor: Actor) -> Q:
    """The proposals the actor sees: those of units they manage, and for a team leader those
    concerning their team."""
    if is_unrestricted(actor):
        return Q()
    if actor_id(actor) is None:
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    if is_officer(actor):
        condition |= Q(unit_id__in=_managed_scope(actor, today()))
    teams = led_teams(actor)
    if teams:
        condition |= _concerning(teams)
    return condition


def access_commendation(
    actor: Actor, commendation_id: int, *, manage: bool = False
) -> Commendation:
    """A proposal the actor sees, or with ``manage`` one they may change (its unit's officers)."""
    found = (
        Commendation.objects.filter(commendations_filter(actor), pk=commendation_id)
        .select_related("unit", "criteria")
        .first()
    )
    if found is None or (manage and not may_manage_recognition(actor, found.unit_id)):
        raise no_proposal()
    return found


def access_commendation_entry(
    actor: Actor, commendation_id: int, entry_id: int
) -> CommendationEntry:
    """An entry of a proposal the actor may change."""
    commendation = access_commendation(actor, commendation_id, manage=True)
    found = (
        CommendationEntry.objects.filter(commendation=commendation, pk=entry_id)
        .select_related("commendation__unit")
        .first()
    )
    if found is None:
        raise NotFound(
            RecognitionError.ENTRY_NOT_FOUND,
            _("There is no such person or team on this proposal."),
            field="entry",
        )
    return found
