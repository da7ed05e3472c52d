"""The demo's campaign: Xã Thuận Châu's 90-day push for level-2 e-ID, four weeks in.

Everything goes through the services a commune would use, as the people who would use them:
the commune officer (``xa.thuanchau``) creates the plan from the People's Committee's
"125/KH-UBND", activates it and raises Tiểu khu 01's e-ID target; she makes accounts for two
more members of the sub-area's team, who set their passwords; the team leader
(``totruong.tk01``) shares the sub-area's households out evenly; then each member goes door to
door from their to-do, day after day, and their phones push the visits (``sync_push``, dated on
the day of the visit), with what each person present was guided to, and a day to come back
where something is left. The leader visits a few households himself on Saturdays.

What cannot be done through a service is when it happened: the plan, its activation and the
shares are dated now by their services, so they are moved back to the campaign's first days,
as the history of the rest of the demo is. The commune's other villages move on with the demo's
own yearly history (``residents.py``), so the commune's burn-up climbs too.
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from langso.accounts import services as accounts
from langso.accounts.models import User
from langso.campaigns import selectors
from langso.campaigns import services as campaigns
from langso.campaigns.models import Assignment, Campaign
from langso.core.dates import FOREVER, today, valid_on
from langso.learning import cert_services
from langso.people.models import Resident
from langso.teams.models import Membership, Team, TeamRole
from langso.units.models import Unit, UnitVersion
from langso.visits.services import sync_push

NAME = "Chiến dịch 90 ngày: định danh điện tử mức 2"
BASIS = "125/KH-UBND"
LENGTH = 90
# The demo's today is the campaign's 28th day: four weeks of visits behind it.
DAYS_IN = 28
ACCOUNTS_MADE = 2
# How likely a member's guidance at the door moves a person to true, per goal: the e-ID needs
# the chip ID card and a phone at hand, the public-service account a bit more; scam guidance is
# given to whoever listens.
SUCCESS = {"vneid_l2": 0.55, "dvc_account": 0.45, "scam_aware": 0.9}
TOPICS = {"vneid_l2": "vneid", "dvc_account": "dvc_account", "scam_aware": "scam_awareness"}
VISITS_A_DAY = 2
# The five basic skills of Công văn 3240 (langso/learning/content/framework.json).
BASIC_SKILLS = ("3240.1", "3240.2", "3240.3", "3240.4", "3240.5")
COME_BACK_AFTER = 7


@dataclass
class _Household:
    id: int
    people: dict[int, list[str]]  # resident id → goals still left for them
    due: date
    skills: dict[int, set[str]] = field(default_factory=dict)  # resident id → skills shown

    @property
    def done(self) -> bool:
        return not any(self.people.values())


def build(*, commune: Unit, village: Unit, password: str, rng: random.Random) -> Campaign:
    """The campaign on ``commune`` with ``village`` (Tiểu khu 01) worked door to door."""
    day = today()
    starts_on = day - timedelta(days=DAYS_IN - 1)
    officer = User.objects.get(username="xa.thuanchau")
    leader = User.objects.get(username="totruong.tk01")
    commune_code = _code(commune, day)
    village_code = _code(village, day)
    campaign = campaigns.campaign_create(
        actor=officer,
        name=NAME,
        basis_number=BASIS,
        basis_date=starts_on - timedelta(days=4),
        unit_code=commune_code,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=LENGTH - 1),
        goals=[
            campaigns.GoalData(indicator="vneid_l2", target_share=Decimal("0.80")),
            campaigns.GoalData(indicator="dvc_account", target_share=Decimal("0.60")),
            campaigns.GoalData(indicator="scam_aware", target_count=1500),
        ],
    )
    campaigns.campaign_activate(actor=officer, campaign=campaign)
    # The sub-area with the commune's office asked more of itself.
    campaigns.targets_set(
        actor=officer,
        campaign=campaign,
        unit_code=village_code,
        goals=[campaigns.GoalData(indicator="vneid_l2", target_share=Decimal("0.85"))],
    )
    _more_accounts(officer, village, password, rng)
    campaigns.assignments_split_even(actor=leader, campaign=campaign, village_code=village_code)
    _back_to_the_start(campaign, starts_on)
    _door_to_door(campaign, village, leader, starts_on, day, rng)
    _certificates(officer, village, day)
    return campaign


def _certificates(officer: User, village: Unit, day: date) -> None:
    """The commune officer issues certificates to the sub-area's people who showed every basic
    skill, and revokes one issued by mistake (the commune does not issue them by itself)."""
    version = UnitVersion.objects.get(valid_on(day), unit=village)
    issued = cert_services.certificates_issue_village(actor=officer, village=version).issued
    if len(issued) > 1:
        cert_services.certificate_revoke(
            actor=officer,
            code=issued[-1].code,
            reason="Cấp nhầm người trùng tên; sẽ cấp lại sau khi kiểm tra.",
        )


def _code(unit: Unit, day: date) -> str:
    return UnitVersion.objects.get(valid_on(day), unit=unit).code


def _more_accounts(officer: User, village: Unit, password: str, rng: random.Random) -> None:
    """Accounts for members of the village's team who have none yet, as the commune officer
    makes them; each member opens their link and sets a password."""
    day = today()
    team = Team.objects.get(valid_on(day), unit=village)
    waiting = list(
        Membership.objects.filter(
            team=team, role=TeamRole.MEMBER, left_on=FOREVER, person__user__isnull=True
        )
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    for person_id in rng.sample(waiting, min(ACCOUNTS_MADE, len(waiting))):
        activation = accounts.account_create(actor=officer, person_id=person_id)
        accounts.activation_complete(token=activation.token, password=password)


def _back_to_the_start(campaign: Campaign, starts_on: date) -> None:
    """The plan was entered the day after it was signed, activated and shared out on its first
    morning: the dates the services stamped (now) moved back there, as the demo's past is."""
    zone = timezone.get_current_timezone()
    entered = datetime.combine(starts_on - timedelta(days=3), time(9, 30), tzinfo=zone)
    opened = datetime.combine(starts_on, time(8, 0), tzinfo=zone)
    Campaign.objects.filter(pk=campaign.pk).update(created_at=entered, activated_at=opened)
    Assignment.objects.filter(campaign=campaign).update(assigned_at=opened + timedelta(minutes=30))


def _door_to_door(
    campaign: Campaign,
    village: Unit,
    leader: User,
    starts_on: date,
    day: date,
    rng: random.Random,
) -> None:
    """Each member, every working day until yesterday, visits households from their to-do
    (most left to do first, then those whose day to come back has come)."""
    queues: dict[int, list[_Household]] = {}
    members = sorted(selectors.assignable_members(village.pk, leaders=False))
    users = {user.pk: user for user in User.objects.filter(pk__in=[*members, leader.pk])}
    for member in members:
        rows = selectors.to_do(actor=users[member], campaign=campaign, member_id=member)
        queues[member] = [
            _Household(
                id=row.id,
                people={person.id: list(person.left) for person in row.people},
                due=starts_on,
            )
            for row in rows
        ]
    everyone = [household for queue in queues.values() for household in queue]
    current = starts_on
    while current < day:
        if current.weekday() < 6:
            for member, queue in queues.items():
                ready = [h for h in queue if h.due <= current and not h.done]
                visits = [_visit(household, current, rng) for household in ready[: _how_many(rng)]]
                _push(users[member], visits)
            if current.weekday() == 5 and everyone:
                # The leader's own rounds: someone else's household still counts for the
                # village, and the leader's page shows who did what.
                household = rng.choice(everyone)
                if not household.done:
                    _push(users[leader.pk], [_visit(household, current, rng)])
        current += timedelta(days=1)


def _how_many(rng: random.Random) -> int:
    return rng.choice((VISITS_A_DAY - 1, VISITS_A_DAY, VISITS_A_DAY, VISITS_A_DAY + 1))


def _visit(household: _Household, on: date, rng: random.Random) -> list[dict[str, Any]]:
    """The events a phone sends for one visit: the visit, and a day to come back when someone
    present or absent still has something left."""
    zone = timezone.get_current_timezone()
    moment = datetime.combine(on, time(rng.randint(7, 16), rng.randint(0, 59)), tzinfo=zone)
    people = list(household.people)
    present = [person for person in people if rng.random() < 0.75] or people[:1]
    observations = []
    topics: set[str] = set()
    for person in present:
        for code in list(household.people[person]):
            topics.add(TOPICS[code])
            guided = rng.random() < SUCCESS[code]
            observations.append({"resident_id": person, "indicator": code, "value": guided})
            if guided:
                household.people[person].remove(code)
    visit_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    events: list[dict[str, Any]] = [
        {
            "kind": "visit",
            "id": str(visit_id),
            "household_id": household.id,
            "occurred_at": moment.isoformat(),
            "recorded_at": moment.isoformat(),
            "topics": sorted(topics) or ["other"],
            "residents_present": present,
            "observations": observations,
            "skills": _skills_seen(household, present, visit_id),
            "duration_minutes": rng.randint(10, 45),
        }
    ]
    household.due = on + timedelta(days=COME_BACK_AFTER)
    if not household.done:
        events.append(
            {
                "kind": "follow_up",
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "household_id": household.id,
                "due_on": household.due.isoformat(),
            }
        )
    return events


def _skills_seen(household: _Household, present: list[int], visit_id: uuid.UUID) -> list[Any]:
    """The basic skills the member saw some of the people present do on their own: about a
    half are asked to show them, and most of those manage most. A generator seeded by the
    visit, so that the skills leave every other figure of the demo as it was."""
    draw = random.Random(visit_id.int)
    # Only people of 15 and over are asked (the age of the "proficient" indicator).
    born = dict(Resident.objects.filter(pk__in=present).values_list("pk", "birth_year"))
    oldest_born = today().year - 15
    seen = []
    for person in present:
        year = born.get(person)
        if year is None or year > oldest_born:
            continue
        if draw.random() >= 0.5:
            continue
        shown = household.skills.setdefault(person, set())
        for code in BASIC_SKILLS:
            if code not in shown and draw.random() < 0.9:
                shown.add(code)
                seen.append({"resident_id": person, "skill": code, "value": True})
    return seen


def _push(member: User, visits: list[list[dict[str, Any]]]) -> None:
    """One push from the member's phone: the day's visits, in the order they were made."""
    events = [event for visit in visits for event in visit]
    if not events:
        return
    results = sync_push(actor=member, device_id=f"demo-{member.username}", events=events)
    refused = [result for result in results if result["status"] != "created"]
    if refused:
        raise RuntimeError(f"the demo's visits were refused: {refused[:3]}")
