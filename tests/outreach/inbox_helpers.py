"""Announcements in members' field-app inboxes, sent through the services, for the inbox's
tests: team members of villages A1 and B1 with their logins."""

import uuid
from datetime import datetime
from typing import Any

from langso.access import SYSTEM
from langso.accounts.models import User
from langso.outreach import services
from langso.outreach.audience import Audience
from langso.outreach.models import Announcement, Channel, Delivery
from langso.teams import services as teams
from langso.teams.models import Membership, TeamRole
from langso.units.models import Unit
from tests.roles import World


def crew(world: World) -> None:
    """Logins for the team members: ``leader`` is team A1's leader, ``member`` one of its
    members (Cà Thị Hoa), ``member_b`` a member of team B1, in the other commune."""
    head = Membership.objects.get(team=world.team_a1, role=TeamRole.LEADER)
    teams.person_link_user(person_id=head.person_id, user=world.leader)
    hoa = teams.member_add(actor=SYSTEM, team=world.team_a1, full_name="Cà Thị Hoa")
    teams.person_link_user(person_id=hoa.person_id, user=world.member)
    dua = teams.member_add(actor=SYSTEM, team=world.team_b1, full_name="Vừ Thị Dua")
    teams.person_link_user(person_id=dua.person_id, user=world.member_b)


def announce(
    world: World,
    units: list[Unit],
    *,
    title: str,
    text: str = "",
    teams: str = "members",
    **more: Any,
) -> Announcement:
    """An announcement to the teams of ``units`` through the field app, sent now by the
    province's officer (whose area holds both communes)."""
    draft = services.Draft(
        title=title,
        text=text or f"{title}: nội dung thông báo.",
        audience=Audience(units=tuple(world.code(unit) for unit in units), teams=teams),
        channels=(Channel.APP,),
        **more,
    )
    officer = world.province_officer
    announcement = services.announcement_create(actor=officer, draft=draft)
    return services.announcement_send(actor=officer, announcement=announcement)


def delivery_of(announcement: Announcement, user: User) -> Delivery:
    return Delivery.objects.get(announcement=announcement, user=user, channel=Channel.APP)


def receipt(delivery: Delivery, read_at: datetime | str | None = None) -> dict[str, Any]:
    """A receipt as the field app sends it: held, and read at ``read_at`` when given."""
    body: dict[str, Any] = {"id": str(uuid.uuid4()), "delivery": delivery.pk}
    if read_at is not None:
        body["read_at"] = read_at if isinstance(read_at, str) else read_at.isoformat()
    return body
