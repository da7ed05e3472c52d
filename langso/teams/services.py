"""Every write to teams, members and Zalo groups."""

import re
from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.accounts.models import User
from langso.core.audit import audit_record
from langso.core.dates import FOREVER, format_date, today, valid_on
from langso.core.errors import Conflict, DomainError
from langso.core.models import AuditAction
from langso.core.phone import mask_phone, normalize_phone
from langso.core.text import fold, one_line
from langso.core.vault import vault
from langso.teams.errors import TeamError
from langso.teams.models import (
    Membership,
    Organisation,
    Person,
    PhoneVisibility,
    Team,
    TeamRole,
    ZaloGroup,
)
from langso.units import selectors as units
from langso.units.errors import UnitError
from langso.units.models import EdgeRole, Level, Unit, UnitEvent, UnitEventEdge, UnitVersion

# The purpose residents' and reporters' numbers are sealed for too (each app keeps its own copy
# of the name): a phone number is a phone number, whoever's it is.
PHONE_PURPOSE = "phone"

_ZALO = re.compile(r"^https://zalo\.me/g/[A-Za-z0-9_-]{4,64}$")


def zalo_link_normalize(raw: str) -> str:
    """Return the canonical https://zalo.me/g/… form of a Zalo group invite link, or refuse it."""
    link = raw.strip().rstrip("/")
    if link.startswith("zalo.me/"):
        link = "https://" + link
    if link.startswith("http://zalo.me/"):
        link = "https://" + link[len("http://") :]
    if not _ZALO.match(link):
        raise DomainError(
            TeamError.ZALO_LINK_INVALID,
            _(
                "“%(link)s” is not a Zalo group invite link (it looks like https://zalo.me/g/abc123)."
            )
            % {"link": raw},
            field="invite_link",
        )
    return link


def default_team_name(unit_name: str) -> str:
    """The official name, which is data (the same in every interface language)."""
    return f"Tổ công nghệ số cộng đồng {unit_name}"


@transaction.atomic
def team_create(
    *,
    actor: Actor,
    unit: Unit,
    name: str = "",
    valid_from: date | None = None,
    opened_by: UnitEvent | None = None,
) -> Team:
    """Establish the team of a commune-level or village-level unit (one open team per unit)."""
    start = valid_from or today()
    access.access_unit(actor, unit, start, manage=True)
    version = units.version_on(unit, start)
    if version is None:
        raise DomainError(
            UnitError.NOT_VALID_ON,
            _("The unit does not exist on %(on)s.") % {"on": format_date(start)},
            field="valid_from",
        )
    if unit.level not in (Level.COMMUNE, Level.VILLAGE):
        raise DomainError(
            TeamError.UNIT_LEVEL,
            _("Teams sit on commune-level units and villages, not on %(name)s.")
            % {"name": version.name},
            field="unit",
        )
    existing = Team.objects.filter(unit=unit, valid_until=FOREVER).first()
    if existing is not None:
        raise Conflict(
            TeamError.EXISTS,
            _("%(unit)s already has a team: %(team)s.")
            % {"unit": version.name, "team": existing.name},
            field="unit",
        )
    return Team.objects.create(
        unit=unit,
        name=one_line(name) or default_team_name(version.name),
        valid_from=start,
        opened_by=opened_by,
    )


def phone_index(e164: str) -> str:
    """The blind index of a number in E.164: finds the person with that number, which is not
    stored anywhere in the clear."""
    return vault().index(PHONE_PURPOSE, e164)


def _person_for(full_name: str, phone: str) -> Person:
    """The person with this phone and name if one exists (they serve on several teams)."""
    folded = fold(full_name)
    if not phone:
        return Person.objects.create(full_name=full_name, full_name_folded=folded)
    index = phone_index(phone)
    same = Person.objects.filter(phone_index=index, full_name_folded=folded).first()
    if same is not None:
        return same
    return Person.objects.create(
        full_name=full_name,
        full_name_folded=folded,
        phone_sealed=vault().seal(PHONE_PURPOSE, phone),
        phone_index=index,
        phone_masked=mask_phone(phone),
    )


@transaction.atomic
def member_add(
    *,
    actor: Actor,
    team: Team,
    full_name: str,
    phone: str = "",
    role: TeamRole = TeamRole.MEMBER,
    organisation: Organisation = Organisation.OTHER,
    joined_on: date | None = None,
    person: Person | None = None,
) -> Membership:
    start = joined_on or today()
    access.access_team(actor, team, manage=True, on=start)
    if team.valid_until != FOREVER:
        raise DomainError(TeamError.CLOSED, _("This team has been closed."), field="team")
    if start < team.valid_from:
        raise DomainError(
            TeamError.DATE_ORDER,
            _("A member cannot join before the team was established (%(on)s).")
            % {"on": format_date(team.valid_from)},
            field="joined_on",
        )
    clean_name = one_line(full_name)
    if person is None:
        if not clean_name:
            raise DomainError(
                TeamError.NAME_REQUIRED, _("Enter the member's full name."), field="full_name"
            )
        e164 = normalize_phone(phone) if phone.strip() else ""
        person = _person_for(clean_name, e164)
    if Membership.objects.filter(team=team, person=person, left_on=FOREVER).exists():
        raise Conflict(
            TeamError.ALREADY_MEMBER,
            _("%(name)s is already on this team.") % {"name": person.full_name},
            field="full_name",
        )
    if role == TeamRole.LEADER:
        leader = Membership.objects.filter(team=team, role=TeamRole.LEADER, left_on=FOREVER).first()
        if leader is not None:
            raise Conflict(
                TeamError.LEADER_EXISTS,
                _("%(name)s already leads this team; end that role first.")
                % {"name": leader.person.full_name},
                field="role",
            )
    return Membership.objects.create(
        team=team, person=person, role=role, organisation=organisation, joined_on=start
    )


@transaction.atomic
def person_link_user(*, person_id: int, user: User) -> None:
    """Connect a team member to their login, so that the field app knows who they are."""
    Person.objects.filter(user=user).exclude(pk=person_id).update(user=None)
    Person.objects.filter(pk=person_id).update(user=user)


@transaction.atomic
def member_phone_reveal(
    *, actor: Actor, team: Team | int, person: Person | int, reason: str
) -> str:
    """A member's whole phone number (E.164, or "" when none is recorded), for someone who may
    have it (``access.access_member_phone``) and says why.

    Every call is written to the audit log, whether or not the member has a number; the entry
    names the member and the team, never the number.
    """
    found_team = access.access_team(actor, team)
    member = access.access_member_phone(actor, found_team, person)
    clean = one_line(reason)
    if not clean:
        raise DomainError(
            TeamError.REASON_REQUIRED,
            _("Say why you need the member's whole phone number."),
            field="reason",
        )
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL_MEMBER_PHONE,
        object_type="person",
        object_id=str(member.pk),
        reason=clean,
        detail={"team": found_team.pk},
    )
    if member.phone_sealed is None:
        return ""
    return vault().open(PHONE_PURPOSE, bytes(member.phone_sealed))


@transaction.atomic
def member_phone_visibility_set(
    *, actor: Actor, person: Person, visibility: PhoneVisibility | str
) -> Person:
    """Record what the rest of the member's teams see of their phone number (every team they
    serve on: the choice is about the number, not about one team).

    Only the member themself chooses (``access.access_own_person``): it is their consent to
    sharing their own number, which nobody gives on their behalf (Decree 13/2023, article 11).
    """
    found = access.access_own_person(actor, person)
    try:
        choice = PhoneVisibility(visibility)
    except ValueError:
        raise DomainError(
            TeamError.PHONE_VISIBILITY_UNKNOWN,
            _(
                "Choose how your number shows to your team: hidden, only the last three digits, "
                "or whole when a team member asks."
            ),
            field="visibility",
        ) from None
    if found.phone_visibility != choice:
        found.phone_visibility = choice
        found.save(update_fields=["phone_visibility"])
    return found


@transaction.atomic
def member_end(*, actor: Actor, membership: Membership, left_on: date | None = None) -> None:
    """The member leaves the team (the membership is kept as history).

    Leaving on the day one joined means the entry was a mistake: it had no history, so it goes.
    """
    end = left_on or today()
    access.access_team(actor, membership.team, manage=True, on=end)
    if end == membership.joined_on:
        membership.delete()
        return
    if end < membership.joined_on:
        raise DomainError(
            TeamError.DATE_ORDER,
            _("The leaving date must come after the joining date (%(on)s).")
            % {"on": format_date(membership.joined_on)},
            field="left_on",
        )
    membership.left_on = end
    membership.save(update_fields=["left_on"])


@transaction.atomic
def zalo_set(
    *, actor: Actor, team: Team, invite_link: str, valid_from: date | None = None
) -> ZaloGroup:
    """Make ``invite_link`` the team's Zalo group from ``valid_from`` (the old link is kept)."""
    start = valid_from or today()
    access.access_team(actor, team, manage=True, on=start)
    link = zalo_link_normalize(invite_link)
    current = ZaloGroup.objects.filter(team=team, valid_until=FOREVER).first()
    if current is not None:
        if current.invite_link == link:
            return current
        if current.valid_from >= start:
            current.invite_link = link
            current.save(update_fields=["invite_link"])
            return current
        current.valid_until = start
        current.save(update_fields=["valid_until"])
    return ZaloGroup.objects.create(team=team, invite_link=link, valid_from=start)


def _successor_of(unit_id: int, event: UnitEvent) -> int | None:
    edges = list(
        UnitEventEdge.objects.filter(
            event=event,
            source_id=unit_id,
            role__in=[EdgeRole.MERGED_INTO, EdgeRole.SPLIT_INTO],
        )
    )
    merged = [edge.target_id for edge in edges if edge.role == EdgeRole.MERGED_INTO]
    if merged:
        return merged[0]
    main = [edge.target_id for edge in edges if edge.is_main]
    return main[0] if main else None


@transaction.atomic
def teams_follow_event(*, actor: Actor, event: UnitEvent) -> int:
    """Carry the teams of units that ``event`` ended over to their successors.

    The rule: the teams of all units that go into one successor become one team of that
    successor, from the event's date. Every member is kept (a new membership from that day,
    same organisation). The leader of the "seat" team stays leader and the other leaders become
    deputies; the seat team is the successor's existing team, else the team of the source whose
    code the successor carries, else the largest. Only the seat team's Zalo group goes on; the
    others are closed. Old teams close with a pointer to their successor. Safe to run twice.
    """
    access.access_reform_events(actor)
    day = event.effective
    ended_units = UnitVersion.objects.filter(closed_by=event, valid_until=day).values_list(
        "unit_id", flat=True
    )
    still_open = set(
        UnitVersion.objects.filter(unit_id__in=ended_units, valid_from=day).values_list(
            "unit_id", flat=True
        )
    )
    groups: dict[int, list[Team]] = defaultdict(list)
    for team in Team.objects.filter(unit_id__in=ended_units, valid_until=FOREVER).exclude(
        unit_id__in=still_open
    ):
        target = _successor_of(team.unit_id, event)
        if target is not None:
            groups[target].append(team)
    for target_id, sources in groups.items():
        _merge_teams(target_id, sources, event)
    return sum(len(sources) for sources in groups.values())


def _merge_teams(target_id: int, sources: list[Team], event: UnitEvent) -> None:
    day = event.effective
    target_unit = Unit.objects.get(pk=target_id)
    target_version = units.version_on(target_unit, day)
    if target_version is None:
        return
    seat_team = Team.objects.filter(valid_on(day), unit=target_unit).first()
    codes = {
        v.unit_id: v.code
        for v in UnitVersion.objects.filter(
            unit_id__in=[t.unit_id for t in sources], valid_until=day
        )
    }
    sizes = {t.pk: Membership.objects.filter(team=t, left_on=FOREVER).count() for t in sources}
    ordered = sorted(
        sources,
        key=lambda t: (
            codes.get(t.unit_id) != target_version.code,
            -sizes[t.pk],
            codes.get(t.unit_id, ""),
        ),
    )
    keep_zalo = ordered[0] if seat_team is None else None
    if seat_team is None:
        seat_team = Team.objects.create(
            unit=target_unit,
            name=default_team_name(target_version.name),
            valid_from=day,
            opened_by=event,
        )
    has_leader = Membership.objects.filter(
        team=seat_team, role=TeamRole.LEADER, left_on=FOREVER
    ).exists()
    for team in ordered:
        memberships = list(Membership.objects.filter(team=team, left_on=FOREVER).order_by("id"))
        fresh = []
        for membership in memberships:
            role = membership.role
            if role == TeamRole.LEADER:
                if has_leader:
                    role = TeamRole.DEPUTY
                has_leader = True
            fresh.append(
                Membership(
                    team=seat_team,
                    person_id=membership.person_id,
                    role=role,
                    organisation=membership.organisation,
                    joined_on=max(day, membership.joined_on),
                )
            )
        already = set(
            Membership.objects.filter(team=seat_team, left_on=FOREVER).values_list(
                "person_id", flat=True
            )
        )
        Membership.objects.bulk_create([m for m in fresh if m.person_id not in already])
        # Rows that begin on or after the day never held under the old team: they move whole
        # (the new rows above) instead of closing with an empty interval.
        old = Membership.objects.filter(pk__in=[m.pk for m in memberships])
        old.filter(joined_on__lt=day).update(left_on=day)
        old.filter(joined_on__gte=day).delete()
        for group in ZaloGroup.objects.filter(team=team, valid_until=FOREVER):
            if team is keep_zalo:
                ZaloGroup.objects.create(
                    team=seat_team,
                    invite_link=group.invite_link,
                    valid_from=max(day, group.valid_from),
                )
            if group.valid_from < day:
                group.valid_until = day
                group.save(update_fields=["valid_until"])
            else:
                group.delete()
        team.valid_until = day
        team.closed_by = event
        team.successor = seat_team
        team.save(update_fields=["valid_until", "closed_by", "successor"])
