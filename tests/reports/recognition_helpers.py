"""A small village's worth of recorded work, made through the services, for the recognition
tests: members linked to their logins, visits with their lengths, and people moved to yes."""

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from langso.access import SYSTEM
from langso.accounts.models import User
from langso.indicators import rollups
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_record
from langso.people.services import ResidentData, household_create, resident_create
from langso.reports import recognition_services as services
from langso.reports.recognition_models import Commendation, Criteria
from langso.teams import services as teams
from langso.teams.models import Membership, Person, TeamRole
from langso.units.models import Unit
from langso.visits import services as sync
from tests.roles import World


def link_members(world: World) -> tuple[Person, Person]:
    """The leader's login linked to the leader of team A1, and the member's to a new member."""
    leader = Membership.objects.get(team=world.team_a1, role=TeamRole.LEADER).person
    teams.person_link_user(person_id=leader.pk, user=world.leader)
    member = teams.member_add(actor=SYSTEM, team=world.team_a1, full_name="Lò Thị Mai").person
    teams.person_link_user(person_id=member.pk, user=world.member)
    leader.refresh_from_db()
    member.refresh_from_db()
    return leader, member


def visits(
    user: User,
    village: Unit,
    count: int,
    *,
    guided: tuple[str, ...] = ("vneid_l2",),
    minutes: int = 30,
    already: tuple[str, ...] = (),
) -> list[int]:
    """``count`` households of ``village`` visited today by ``user``, each head moved from no
    (an import an hour before) to yes on ``guided``, and confirmed on ``already`` (yes before:
    not moved); the households' ids."""
    made = []
    for i in range(count):
        household = household_create(actor=SYSTEM, village=village, head_name=f"Hộ {i}")
        head = resident_create(
            actor=SYSTEM,
            household=household,
            data=ResidentData(full_name=f"Lò Văn Pánh {i}", birth_year=1980, is_head=True),
        )
        subject = rollups.Subject(
            "resident", head.pk, village.pk, birth_year=head.birth_year, since=None
        )
        for code, before in [*((c, False) for c in guided), *((c, True) for c in already)]:
            observation_record(
                actor=SYSTEM,
                indicator=Indicator.objects.get(code=code),
                subject=subject,
                value=before,
                observed_at=timezone.now() - timedelta(hours=1),
                source=Source.IMPORT,
            )
        observations: list[dict[str, Any]] = [
            {"resident_id": head.pk, "indicator": code, "value": True} for code in guided
        ]
        for code in already:
            observations.append({"resident_id": head.pk, "indicator": code, "value": True})
        event = {
            "id": str(uuid.uuid4()),
            "household_id": household.pk,
            "occurred_at": (timezone.now() - timedelta(minutes=5 + i)).isoformat(),
            "topics": ["vneid"],
            "residents_present": [head.pk],
            "duration_minutes": minutes,
            "observations": observations,
        }
        results = sync.sync_push(actor=user, device_id="t", events=[event])
        assert results[0]["status"] == "created", results
        made.append(household.pk)
    return made


def criteria(
    world: World, *, households: int = 3, vneid: int = 2, subject: str = "member"
) -> Criteria:
    return services.criteria_create(
        actor=world.commune_officer,
        unit_code=world.code(world.commune_a),
        name="Thành viên tiêu biểu năm 2026",
        subject=subject,
        conditions=[
            {"measure": "households", "at_least": households},
            {"measure": "indicator:vneid_l2", "at_least": vneid},
        ],
    )


def proposal(world: World, **options: Any) -> Commendation:
    """Criteria, work by the member (meets them) and the leader (does not), and the proposal of
    commune A for this month."""
    from langso.core.dates import today
    from langso.reports.recognition_selectors import month_of

    link_members(world)
    found = criteria(world, **options)
    visits(world.member, world.village_a1, 3)
    visits(world.leader, world.village_a1, 1)
    start, end = month_of(today())
    return services.commendation_propose(
        actor=world.commune_officer,
        unit_code=world.code(world.commune_a),
        start=start,
        end=end,
        criteria_id=found.pk,
    )
