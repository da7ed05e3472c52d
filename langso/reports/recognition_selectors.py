"""Reads for recognition: the records of a unit's members and teams, one's own record, the
criteria and proposals an actor sees, and the words for every figure.

Every figure comes from ``reports.records`` (what was recorded at the doors and in the office);
a proposal's figures are the ones it kept, with an officer's corrections applied on top.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import format_date, today
from langso.core.errors import DomainError
from langso.indicators.models import Indicator
from langso.indicators.selectors import indicator_name
from langso.learning.models import Skill
from langso.reports import records
from langso.reports.errors import RecognitionError
from langso.reports.recognition_models import (
    Commendation,
    CommendationEntry,
    Criteria,
    FigureCorrection,
)
from langso.teams.models import Membership, Person, Team
from langso.units import tree
from langso.units.models import Unit, UnitVersion
from langso.units.selectors import version_on
from langso.visits.models import Visit

# A custom period longer than a year would count years of visits on one page.
MAX_DAYS = 366
# The figures every record has, in the order tables show them.
BASIC_MEASURES = ("visits", "households", "people", "hours", "feedback_handled", "posts")
INDICATOR = "indicator:"
SKILL = "skill:"


# Periods --------------------------------------------------------------------------------------


def check_period(start: date, end: date) -> None:
    """A period is a span of whole days, start before end, at most a year, not in the future."""
    if end < start:
        raise DomainError(
            RecognitionError.PERIOD_REVERSED,
            _("The period ends (%(end)s) before it starts (%(start)s).")
            % {"end": format_date(end), "start": format_date(start)},
            field="end",
        )
    if (end - start).days + 1 > MAX_DAYS:
        raise DomainError(
            RecognitionError.PERIOD_TOO_LONG,
            _("A period covers at most %(days)s days.") % {"days": MAX_DAYS},
            field="end",
        )
    if start > today():
        raise DomainError(
            RecognitionError.PERIOD_IN_FUTURE,
            _("The period starts on %(start)s, which has not come yet.")
            % {"start": format_date(start)},
            field="start",
        )


def month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def period_of(start: date | None, end: date | None, day: date) -> tuple[date, date]:
    """A period asked by its first and last day, either of which may be left out: none, the
    month of ``day``; only the last, from the 1st of its month; only the first, to the end of
    its month. One day given never makes a period that runs backwards."""
    if start is None and end is None:
        return month_of(day)
    if start is None:
        assert end is not None  # noqa: S101 - both None is the case above
        return month_of(end)[0], end
    if end is None:
        return start, month_of(start)[1]
    return start, end


PRESETS = ("this_month", "last_month", "this_quarter", "this_year")


def preset(name: str, day: date) -> tuple[date, date]:
    """The period a picker's choice names, as of ``day`` (this month when the name is unknown)."""
    if name == "last_month":
        return month_of(day.replace(day=1) - timedelta(days=1))
    if name == "this_quarter":
        first = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
        last = month_of(first.replace(month=first.month + 2))[1]
        return first, last
    if name == "this_year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    return month_of(day)


def period_label(start: date, end: date) -> str:
    return _("from %(start)s to %(end)s") % {
        "start": format_date(start),
        "end": format_date(end),
    }


# Measures -------------------------------------------------------------------------------------


def _basic_labels() -> dict[str, str]:
    return {
        "visits": _("Visits"),
        "households": _("Households visited"),
        "people": _("People met"),
        "hours": _("Hours at the doors"),
        "feedback_handled": _("Feedback handled"),
        "posts": _("Announcements posted in Zalo groups"),
    }


def short_labels() -> dict[str, str]:
    """Column headings of the record tables."""
    return {
        "visits": _("Visits"),
        "households": _("Households"),
        "people": _("People"),
        "hours": _("Hours"),
        "feedback_handled": _("Feedback"),
        "posts": _("Posts"),
    }


def indicator_names(codes: Iterable[str]) -> dict[str, str]:
    wanted = set(codes)
    return {i.code: indicator_name(i) for i in Indicator.objects.filter(code__in=wanted)}


def skill_names(codes: Iterable[str]) -> dict[str, str]:
    from langso.learning.cert_selectors import skill_names as named

    return dict(named(codes))


def measure_labels(measures: Iterable[str]) -> dict[str, str]:
    """Each measure in words: "Visits", "Guided to: <indicator's name>"…"""
    wanted = list(measures)
    basic = _basic_labels()
    indicators = indicator_names(m[len(INDICATOR) :] for m in wanted if m.startswith(INDICATOR))
    skills = skill_names(m[len(SKILL) :] for m in wanted if m.startswith(SKILL))
    labels = {}
    for measure in wanted:
        if measure in basic:
            labels[measure] = basic[measure]
        elif measure.startswith(INDICATOR):
            name = indicators.get(measure[len(INDICATOR) :], _("an indicator no longer used"))
            labels[measure] = _("Guided to: %(name)s") % {"name": name}
        elif measure.startswith(SKILL):
            name = skills.get(measure[len(SKILL) :], _("a skill no longer used"))
            labels[measure] = _("Showed the skill: %(name)s") % {"name": name}
        else:
            labels[measure] = _("a figure no longer used")
    return labels


def measure_choices() -> list[tuple[str, str]]:
    """Every measure a condition may use, in words, for the criteria form."""
    measures = [
        *BASIC_MEASURES,
        *(INDICATOR + code for code in Indicator.objects.values_list("code", flat=True)),
        *(SKILL + code for code in Skill.objects.values_list("code", flat=True)),
    ]
    labels = measure_labels(measures)
    return [(measure, labels[measure]) for measure in measures]


def measure_known(measure: str) -> bool:
    if measure in BASIC_MEASURES:
        return True
    if measure.startswith(INDICATOR):
        return Indicator.objects.filter(code=measure[len(INDICATOR) :]).exists()
    if measure.startswith(SKILL):
        return Skill.objects.filter(code=measure[len(SKILL) :]).exists()
    return False


def measure_value(figures: Mapping[str, Any], measure: str) -> float:
    """The value of ``measure`` in a record's figures (``Record.as_dict``)."""
    if measure.startswith(INDICATOR):
        return float(figures.get("guided", {}).get(measure[len(INDICATOR) :], 0))
    if measure.startswith(SKILL):
        return float(figures.get("skills", {}).get(measure[len(SKILL) :], 0))
    return float(figures.get(measure, 0) or 0)


def meets(figures: Mapping[str, Any], conditions: Sequence[Mapping[str, Any]]) -> bool:
    """Whether every condition holds (no condition: nobody is proposed)."""
    return bool(conditions) and all(
        measure_value(figures, c["measure"]) >= c["at_least"] for c in conditions
    )


def number(value: float) -> str:
    """A figure as people write it: 12, 3,5 (hours keep their one decimal)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def conditions_text(conditions: Sequence[Mapping[str, Any]]) -> list[str]:
    labels = measure_labels(c["measure"] for c in conditions)
    return [
        _("%(measure)s: at least %(count)s")
        % {"measure": labels[c["measure"]], "count": number(c["at_least"])}
        for c in conditions
    ]


# Records --------------------------------------------------------------------------------------


@dataclass
class MemberRecord:
    person_id: int
    user_id: int | None
    name: str
    teams: str
    record: records.Record


@dataclass
class TeamRecord:
    team_id: int
    name: str
    members: int
    record: records.Record


@dataclass
class Records:
    start: date
    end: date
    members: list[MemberRecord]
    teams: list[TeamRecord]
    unit: UnitVersion | None = None
    team: Team | None = None
    manages: bool = False
    guided_codes: list[str] = field(default_factory=list)


def teams_under(unit: Unit, start: date, end: date) -> list[Team]:
    """The teams of ``unit``'s subtree (as of ``end``) that were open at some time in the
    period."""
    return list(
        Team.objects.filter(
            unit_id__in=tree.subtree(unit, end), valid_from__lte=end, valid_until__gt=start
        ).order_by("name", "pk")
    )


def _reach(users: Iterable[int], start: date, end: date) -> tuple[int, int]:
    """The distinct households and people a group of members reached (two members at one
    household count it once for their team)."""
    lower, upper = records.bounds(start, end)
    visits = Visit.objects.filter(
        member_id__in=list(users), occurred_at__gte=lower, occurred_at__lt=upper
    )
    households: set[int] = set()
    people: set[int] = set()
    for household_id, present in visits.values_list("household_id", "residents_present"):
        households.add(household_id)
        people.update(present or [])
    return len(households), len(people)


def records_of(teams: Sequence[Team], start: date, end: date) -> Records:
    """Every member of ``teams`` during the period (memberships overlapping it), and each team,
    with their records. A member without a login has recorded nothing: their figures are 0."""
    memberships = list(
        Membership.objects.filter(team__in=teams, joined_on__lte=end, left_on__gt=start)
        .select_related("person", "team")
        .order_by("person__full_name_folded", "pk")
    )
    persons: dict[int, Person] = {}
    person_teams: dict[int, list[str]] = defaultdict(list)
    team_people: dict[int, set[int]] = defaultdict(set)
    for membership in memberships:
        persons[membership.person_id] = membership.person
        if membership.team.name not in person_teams[membership.person_id]:
            person_teams[membership.person_id].append(membership.team.name)
        team_people[membership.team_id].add(membership.person_id)
    users = {p.user_id for p in persons.values() if p.user_id is not None}
    found = records.member_records(users=users, start=start, end=end)
    empty = records.Record()
    members = [
        MemberRecord(
            person_id=person.pk,
            user_id=person.user_id,
            name=person.full_name,
            teams=", ".join(person_teams[person.pk]),
            record=found.get(person.user_id, empty) if person.user_id else empty,
        )
        for person in persons.values()
    ]
    team_rows = []
    for team in teams:
        team_users = [
            persons[p].user_id for p in team_people[team.pk] if persons[p].user_id is not None
        ]
        record = records.total(found[u] for u in team_users if u is not None)
        record.households, record.people = _reach(
            (u for u in team_users if u is not None), start, end
        )
        team_rows.append(
            TeamRecord(
                team_id=team.pk, name=team.name, members=len(team_people[team.pk]), record=record
            )
        )
    codes = sorted({code for m in members for code in m.record.guided})
    return Records(start=start, end=end, members=members, teams=team_rows, guided_codes=codes)


def unit_records(*, actor: Actor, code: str, start: date, end: date) -> Records:
    """The members and teams under the unit with ``code``: all of them for its officers, the
    teams they lead for a team leader."""
    check_period(start, end)
    version, manages = access.access_recognition_unit(actor, code)
    teams = teams_under(version.unit, start, end)
    if not manages:
        led = set(access.led_teams(actor))
        teams = [t for t in teams if t.pk in led]
    result = records_of(teams, start, end)
    result.unit, result.manages = version, manages
    return result


def team_records(*, actor: Actor, team_id: int, start: date, end: date) -> Records:
    check_period(start, end)
    team = access.access_recognition_team(actor, team_id)
    result = records_of([team], start, end)
    result.team = team
    return result


def own_record(*, actor: Actor, start: date, end: date) -> records.Record:
    """The actor's own record (anyone logged in: someone who made no visit has zeros)."""
    check_period(start, end)
    user_id = access.actor_id(actor)
    if user_id is None:
        return records.Record()
    return records.member_records(users=[user_id], start=start, end=end)[user_id]


def guided_lines(record: records.Record) -> list[tuple[str, int]]:
    """(indicator or skill in words, people) of a record, most first."""
    indicators = indicator_names(record.guided)
    skills = skill_names(record.skills)
    lines = [
        (indicators.get(c, _("an indicator no longer used")), n) for c, n in record.guided.items()
    ]
    lines += [
        (_("Skill: %(name)s") % {"name": skills.get(c, c)}, n) for c, n in record.skills.items()
    ]
    return sorted(lines, key=lambda line: (-line[1], line[0]))


# Criteria and proposals -----------------------------------------------------------------------


def criteria_of(*, actor: Actor, unit: Unit, active_only: bool = False) -> QuerySet[Criteria]:
    """The criteria of ``unit`` (its officers only) and of the units above it, which apply too."""
    if not access.may_manage_recognition(actor, unit.pk):
        raise access.no_proposal()
    found = Criteria.objects.filter(unit_id__in=tree.ancestor_ids(unit, today()))
    if active_only:
        found = found.filter(active=True)
    return found.order_by("-active", "name", "pk")


def commendations(*, actor: Actor, unit: Unit | None = None) -> QuerySet[Commendation]:
    found = Commendation.objects.filter(access.commendations_filter(actor))
    if unit is not None:
        found = found.filter(unit=unit)
    return found.select_related("unit").order_by("-created_at", "-pk")


def effective_figures(
    entry: CommendationEntry, corrections: Iterable[FigureCorrection]
) -> dict[str, Any]:
    """The entry's kept figures with the latest correction of each measure applied."""
    figures: dict[str, Any] = {
        **entry.figures,
        "guided": dict(entry.figures.get("guided", {})),
        "skills": dict(entry.figures.get("skills", {})),
    }
    for correction in corrections:
        value: float | int = (
            correction.corrected if correction.measure == "hours" else int(correction.corrected)
        )
        if correction.measure.startswith(INDICATOR):
            figures["guided"][correction.measure[len(INDICATOR) :]] = value
        elif correction.measure.startswith(SKILL):
            figures["skills"][correction.measure[len(SKILL) :]] = value
        else:
            figures[correction.measure] = value
    return figures


@dataclass
class EntryView:
    entry: CommendationEntry
    figures: dict[str, Any]
    corrections: list[FigureCorrection]
    # The figures the criteria name, in their order: (measure, words, value, corrected).
    cells: list[tuple[str, str, float, bool]]

    @property
    def proposed(self) -> bool:
        return self.entry.meets and self.entry.decision != "declined"


@dataclass
class ProposalView:
    commendation: Commendation
    entries: list[EntryView]
    unit_name: str
    conditions: list[str]
    measures: list[tuple[str, str]]
    manages: bool


def proposal_measures(commendation: Commendation) -> list[str]:
    """What a proposal's tables show: visits, households, people, hours, then what the
    criteria name."""
    return list(
        dict.fromkeys([*BASIC_MEASURES[:4], *(c["measure"] for c in commendation.conditions)])
    )


def entry_views(commendation: Commendation) -> list[EntryView]:
    entries = list(commendation.entries.select_related("person", "team").order_by("position"))
    corrections: dict[int, list[FigureCorrection]] = defaultdict(list)
    for correction in FigureCorrection.objects.filter(entry__commendation=commendation).order_by(
        "created_at", "pk"
    ):
        corrections[correction.entry_id].append(correction)
    measures = proposal_measures(commendation)
    labels = measure_labels(measures)
    views = []
    for entry in entries:
        figures = effective_figures(entry, corrections[entry.pk])
        corrected = {c.measure for c in corrections[entry.pk]}
        views.append(
            EntryView(
                entry=entry,
                figures=figures,
                corrections=corrections[entry.pk],
                cells=[(m, labels[m], measure_value(figures, m), m in corrected) for m in measures],
            )
        )
    return views


def unit_name(unit: Unit | int, on: date) -> str:
    version = version_on(unit, on)
    if version is None:
        unit_id = unit if isinstance(unit, int) else unit.pk
        version = UnitVersion.objects.filter(unit_id=unit_id).order_by("-valid_from").first()
    return version.name if version is not None else ""


def proposal(*, actor: Actor, commendation_id: int) -> ProposalView:
    commendation = access.access_commendation(actor, commendation_id)
    manages = access.may_manage_recognition(actor, commendation.unit_id)
    views = entry_views(commendation)
    if not manages:
        # A team leader reads the entries of their own team and its members only.
        led = access.led_teams(actor)
        persons = set(
            Membership.objects.filter(team_id__in=led).values_list("person_id", flat=True)
        )
        views = [v for v in views if v.entry.team_id in led or v.entry.person_id in persons]
    measures = proposal_measures(commendation)
    labels = measure_labels(measures)
    return ProposalView(
        commendation=commendation,
        entries=views,
        unit_name=unit_name(commendation.unit_id, commendation.period_end),
        conditions=conditions_text(commendation.conditions),
        measures=[(m, labels[m]) for m in measures],
        manages=manages,
    )
