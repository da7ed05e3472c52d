"""Recording what members saw people do, and the indicators worked out from it.

A skill observation is immutable, like an indicator observation; a person's current skill is the
latest by observation time (``SkillStatus``), so events that arrive late or out of order from
offline phones never overwrite newer facts. A re-sent observation (same id) changes nothing.

Two indicators are worked out from the skills, never entered: a person is proficient
(``basic_skills``) while every basic skill's latest observation is true, and a household
(``household_basic_skills``) while at least one of its people is proficient. Both are recorded
as ordinary indicator observations (``Source.COMPUTED``) through ``observation_record``, which
keeps the roll-ups of today and of past days. A derived value can only change at the time of a
skill observation, so a late observation at ``t`` is handled by working out the derived value at
``t`` and at every later skill observation of that person, and recording it wherever it differs
from the derived history already recorded; the household does the same over its people's
derived history. ``observation_record`` books a late observation on the days it covers.
"""

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import SYSTEM, Actor
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.indicators.models import Indicator, Source
from langso.indicators.rollups import Subject
from langso.indicators.services import (
    CLOCK_SKEW,
    History,
    observation_history,
    observation_record,
    value_at,
)
from langso.learning import cert_services
from langso.learning.errors import SkillError
from langso.learning.framework import BASIC_SKILLS, HOUSEHOLD_BASIC_SKILLS
from langso.learning.models import Skill, SkillObservation, SkillStatus
from langso.people.models import Household, Resident
from langso.people.services import household_subject, resident_subject

# (skill code, value, observed at, id): the id is made where the observation is first recorded
# (derived from the visit on the phone's push), so sending it again records nothing.
SkillSeen = tuple[str, bool, datetime, uuid.UUID]


def skills_known() -> dict[str, Skill]:
    return {skill.code: skill for skill in Skill.objects.all()}


def skills_check(codes: Iterable[str], known: dict[str, Skill] | None = None) -> None:
    """Refuse a code the framework does not have, naming it."""
    known = skills_known() if known is None else known
    for code in codes:
        if code not in known:
            raise DomainError(
                SkillError.UNKNOWN,
                _("Unknown skill “%(code)s”.") % {"code": code},
                field="skill",
            )


@transaction.atomic
def skill_observations_record(
    *,
    actor: Actor,
    resident: Resident,
    observations: Sequence[SkillSeen],
    source: str,
    source_ref: str = "",
) -> int:
    """Record what was seen of one person; returns how many observations were new."""
    if not access.may_see_unit(actor, resident.village_id, today()):
        raise NotFound(SkillError.RESIDENT_NOT_FOUND, _("There is no such resident."))
    known = skills_known()
    skills_check((code for code, *_rest in observations), known)
    for _code, _value, observed_at, _id in observations:
        if observed_at > timezone.now() + CLOCK_SKEW:
            raise DomainError(
                SkillError.FUTURE,
                _("An observation cannot be in the future (%(when)s).")
                % {"when": timezone.localtime(observed_at).strftime("%d/%m/%Y %H:%M")},
                field="observed_at",
            )
    ids = [observation_id for *_rest, observation_id in observations]
    seen = set(SkillObservation.objects.filter(pk__in=ids).values_list("pk", flat=True))
    earliest: datetime | None = None
    new = 0
    for code, value, observed_at, observation_id in observations:
        if observation_id in seen:
            continue
        seen.add(observation_id)
        observation = SkillObservation.objects.create(
            id=observation_id,
            resident=resident,
            skill_id=code,
            village_id=resident.village_id,
            value=value,
            observed_at=observed_at,
            recorded_by_id=access.actor_id(actor),
            source=source,
            source_ref=source_ref,
        )
        _status_update(resident, observation)
        new += 1
        if known[code].basic and (earliest is None or observed_at < earliest):
            earliest = observed_at
    if earliest is not None:
        _derive_person(actor, resident, earliest)
        # Where the commune issues certificates by itself, one who now shows every basic skill
        # gets theirs in the same transaction (one query when no commune does).
        cert_services.certificates_issue_reached([resident.pk])
    return new


def _status_update(resident: Resident, observation: SkillObservation) -> None:
    status = SkillStatus.objects.filter(resident=resident, skill_id=observation.skill_id).first()
    # An older observation than the current one never replaces it; one of the same time does,
    # as with indicators (the later recorded wins a tie).
    if status is not None and status.observed_at > observation.observed_at:
        return
    SkillStatus.objects.update_or_create(
        resident=resident,
        skill_id=observation.skill_id,
        defaults={
            "village_id": resident.village_id,
            "value": observation.value,
            "observed_at": observation.observed_at,
            "observation": observation,
            "changed_at": timezone.now(),
        },
    )


def _rederive(
    actor: Actor,
    indicator: Indicator,
    subject: Subject,
    moments: list[datetime],
    wanted: Callable[[datetime], bool],
    history: History,
) -> list[datetime]:
    """Record the derived value at each moment (in order) where the history says otherwise;
    the moments at which something was recorded."""
    changed: list[datetime] = []
    for moment in moments:
        value = wanted(moment)
        if value == value_at(history, moment):
            continue
        observation_record(
            actor=actor,
            indicator=indicator,
            subject=subject,
            value=value,
            observed_at=moment,
            source=Source.COMPUTED,
            source_ref=f"{subject.kind}:{subject.id}",
        )
        # Last among entries of the same time, as observation_record orders them.
        history.append((moment, len(history), value))
        history.sort(key=lambda entry: (entry[0], entry[1]))
        changed.append(moment)
    return changed


def _derive_person(actor: Actor, resident: Resident, since: datetime) -> None:
    basic = list(Skill.objects.filter(basic=True).values_list("code", flat=True))
    if not basic:
        return
    seen = SkillObservation.objects.filter(resident=resident, skill_id__in=basic).order_by(
        "observed_at", "recorded_at"
    )
    by_skill: dict[str, History] = {code: [] for code in basic}
    for n, observation in enumerate(seen):
        by_skill[observation.skill_id].append((observation.observed_at, n, observation.value))
    moments = sorted({at for history in by_skill.values() for at, *_rest in history if at >= since})

    def proficient(moment: datetime) -> bool:
        return all(value_at(history, moment) for history in by_skill.values())

    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[BASIC_SKILLS])}
    changed = _rederive(
        actor,
        indicators[BASIC_SKILLS],
        resident_subject(resident),
        moments,
        proficient,
        observation_history(BASIC_SKILLS, resident_id=resident.pk),
    )
    if changed:
        household = Household.objects.get(pk=resident.household_id)
        _derive_household(actor, household, min(changed))


def _derive_household(actor: Actor, household: Household, since: datetime) -> None:
    # Everyone on the register in the household counts, whatever their age: Công văn 3240 asks
    # for one proficient person per household, not one adult.
    people = list(Resident.objects.filter(household=household).values_list("pk", flat=True))
    histories = [observation_history(BASIC_SKILLS, resident_id=person) for person in people]
    moments = sorted({at for history in histories for at, *_rest in history if at >= since})

    def anyone(moment: datetime) -> bool:
        return any(value_at(history, moment) for history in histories)

    _rederive(
        actor,
        Indicator.objects.get(code=HOUSEHOLD_BASIC_SKILLS),
        household_subject(household),
        moments,
        anyone,
        observation_history(HOUSEHOLD_BASIC_SKILLS, household_id=household.pk),
    )


def households_rederive(household_ids: list[int]) -> None:
    """The people of these households changed (a move, a departure, a reinstatement, a merge;
    ``people.household_hooks``): from now, each household's value follows the people it has
    now. What was recorded for the days before stays, as the roll-ups book the change today."""
    indicator = Indicator.objects.filter(code=HOUSEHOLD_BASIC_SKILLS).first()
    if indicator is None:
        return
    now = timezone.now()
    for household in Household.objects.filter(pk__in=household_ids):
        people = Resident.objects.filter(household=household).values_list("pk", flat=True)
        histories = [observation_history(BASIC_SKILLS, resident_id=person) for person in people]
        anyone = any(value_at(history, now) for history in histories)

        def wanted(_moment: datetime, value: bool = anyone) -> bool:
            return value

        _rederive(
            SYSTEM,
            indicator,
            household_subject(household),
            [now],
            wanted,
            observation_history(HOUSEHOLD_BASIC_SKILLS, household_id=household.pk),
        )


def residents_merge_skills(kept_id: int, gone_id: int) -> None:
    """Two records of one person were merged (``people.household_hooks``): what members saw
    the other record do now belongs to the kept one, whose skills and proficiency are worked
    out again over both histories."""
    moved = SkillObservation.objects.filter(resident_id=gone_id)
    if not moved.exists():
        return
    kept = Resident.objects.get(pk=kept_id)
    moved.update(resident_id=kept_id, village_id=kept.village_id)
    SkillStatus.objects.filter(resident_id__in=[kept_id, gone_id]).delete()
    latest: dict[str, SkillObservation] = {}
    for observation in SkillObservation.objects.filter(resident_id=kept_id).order_by(
        "observed_at", "recorded_at"
    ):
        latest[observation.skill_id] = observation
    now = timezone.now()
    SkillStatus.objects.bulk_create(
        SkillStatus(
            resident_id=kept_id,
            skill_id=code,
            village_id=kept.village_id,
            value=observation.value,
            observed_at=observation.observed_at,
            observation=observation,
            changed_at=now,
        )
        for code, observation in latest.items()
    )
    first = min(observation.observed_at for observation in latest.values())
    _derive_person(SYSTEM, kept, first)
