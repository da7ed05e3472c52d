"""Who acts: a user, an anonymous visitor, or the system itself, and never ``None``.

The system (``SYSTEM``) is the platform acting on its own account: a management command run by
an operator, the demo, a data migration. It may do anything and is recorded as nobody. It is an
object of its own so that "no check" is always written out: a forgotten actor is a type error
(and a ``TypeError`` at run time), not a silent pass. ``langso.access`` decides what each actor
may do; this module only names them, so that ``core`` (the audit log) can use the type too.
"""

from typing import Final, TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class SystemActor:
    """The platform itself. Deliberately not a superuser: code that asks ``is_superuser`` is
    asking about a person, and a person's powers are not the system's."""

    pk: Final = None
    id: Final = None
    is_authenticated: Final = True
    is_anonymous: Final = False
    is_active: Final = True
    is_superuser: Final = False
    is_staff: Final = False

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemActor()

# A visitor without an account: a citizen filing feedback on the public form, whoever else may be
# logged in on that browser.
ANONYMOUS: Final = AnonymousUser()

Actor: TypeAlias = AbstractBaseUser | AnonymousUser | SystemActor


def actor_id(actor: Actor) -> int | None:
    """The user to record as having done something: none for the system and visitors."""
    if actor is SYSTEM or not actor.is_authenticated:
        return None
    pk = actor.pk
    return None if pk is None else int(pk)


def require_actor(actor: object) -> None:
    """Refuse ``None`` (or anything else) where an actor is expected, loudly."""
    if not isinstance(actor, AbstractBaseUser | AnonymousUser | SystemActor):
        raise TypeError(f"{actor!r} is not an actor; the system itself is langso.access.SYSTEM")
