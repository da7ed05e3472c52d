"""Who may act on guides.

Everyone, anonymous visitors included, reads the published guides: that is what they are for.
Province officers (and the unrestricted) write them, because a guide speaks for the whole
province's teams and must be checked against the official procedure once, not per commune.
Anyone else gets 404 from the editor's pages, as if they did not exist.
"""

from django.utils.translation import gettext as _

from langso.access import Actor, holds_role
from langso.accounts.models import Role
from langso.core.errors import NotFound
from langso.learning.errors import GuideError

__all__ = ["access_guide_editor", "may_edit_guides", "no_guide"]


def no_guide() -> NotFound:
    return NotFound(GuideError.NOT_FOUND, _("There is no such guide."))


def may_edit_guides(actor: Actor) -> bool:
    """Province officers and the unrestricted (superusers, the system)."""
    return holds_role(actor, frozenset({Role.PROVINCE_OFFICER}))


def access_guide_editor(actor: Actor) -> None:
    """The editor's pages and writes: 404 for anyone who may not edit guides."""
    if not may_edit_guides(actor):
        raise no_guide()
