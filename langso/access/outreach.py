"""Who may act on announcements: compose and send them, read their dashboards, tick off the
posts in a team's Zalo group, and use a commune's message templates.

Officers (province, commune) write announcements for units they manage and see those issued by
a unit in their scope. A team's leader and deputies see their own team's Zalo group posts. A
member reads only what was sent to them (``outreach.inbox``). Anything else answers 404.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from langso.access import (
    Actor,
    actor_id,
    is_officer,
    is_unrestricted,
    may_manage_unit,
    scope,
)
from langso.core.dates import today
from langso.core.errors import NotFound
from langso.outreach.errors import OutreachError
from langso.outreach.models import Announcement, GroupPost, Template
from langso.teams.models import TeamRole

__all__ = [
    "access_announcement",
    "access_group_post",
    "access_outreach_desk",
    "access_template",
    "announcements_filter",
    "group_posts_filter",
    "may_compose",
    "templates_filter",
]


BIGGEST_ID = 2**63 - 1


def _pk(value: object) -> int:
    """An id named in a request, or -1 (found nowhere) for text that is not one (a number too
    big for the database would fail there, not answer 404)."""
    try:
        pk = int(str(value))
    except ValueError:
        return -1
    return pk if 0 < pk <= BIGGEST_ID else -1


def may_compose(actor: Actor) -> bool:
    """Officers write announcements (for the units they manage)."""
    return is_officer(actor)


def _no_announcement() -> NotFound:
    return NotFound(OutreachError.NOT_FOUND, _("There is no such announcement."))


def access_outreach_desk(actor: Actor) -> None:
    if not may_compose(actor):
        raise _no_announcement()


def announcements_filter(actor: Actor) -> Q:
    """Announcements issued by a unit in the actor's scope (officers only)."""
    if is_unrestricted(actor):
        return Q()
    if not is_officer(actor):
        return Q(pk__in=[])
    allowed = scope(actor, today())
    return Q() if allowed is None else Q(unit_id__in=allowed)


def access_announcement(
    actor: Actor, announcement_id: object, *, manage: bool = False
) -> Announcement:
    """The announcement, if the actor may read its dashboard (or send and cancel it, with
    ``manage``: officers who manage its issuing unit)."""
    pk = _pk(announcement_id)
    found = (
        Announcement.objects.filter(announcements_filter(actor), pk=pk)
        .select_related("unit", "created_by")
        .first()
    )
    if found is None or (manage and not may_manage_unit(actor, found.unit_id, today())):
        raise _no_announcement()
    return found


def group_posts_filter(actor: Actor) -> Q:
    """Posts for the teams the actor leads (leader or deputy, today), and for the teams under
    the units an officer sees."""
    if is_unrestricted(actor):
        return Q()
    user_id = actor_id(actor)
    if user_id is None:
        return Q(pk__in=[])
    now = today()
    led = Q(
        team__memberships__person__user_id=user_id,
        team__memberships__role__in=(TeamRole.LEADER, TeamRole.DEPUTY),
        team__memberships__joined_on__lte=now,
        team__memberships__left_on__gt=now,
    )
    if is_officer(actor):
        allowed = scope(actor, now)
        return led | (Q() if allowed is None else Q(team__unit_id__in=allowed))
    return led


def access_group_post(actor: Actor, post_id: object) -> GroupPost:
    pk = _pk(post_id)
    found = (
        GroupPost.objects.filter(
            pk__in=GroupPost.objects.filter(group_posts_filter(actor)).values("pk")
        )
        .filter(pk=pk)
        .select_related("announcement", "team")
        .first()
    )
    if found is None:
        raise _no_announcement()
    return found


def templates_filter(actor: Actor) -> Q:
    if is_unrestricted(actor):
        return Q()
    if not is_officer(actor):
        return Q(pk__in=[])
    allowed = scope(actor, today())
    return Q() if allowed is None else Q(unit_id__in=allowed)


def access_template(actor: Actor, template_id: object, *, manage: bool = False) -> Template:
    pk = _pk(template_id)
    found = Template.objects.filter(templates_filter(actor), pk=pk).select_related("unit").first()
    if found is None or (manage and not may_manage_unit(actor, found.unit_id, today())):
        raise NotFound(OutreachError.TEMPLATE_NOT_FOUND, _("There is no such template."))
    return found
