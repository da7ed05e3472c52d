"""What the tests of members' accounts share: a team member's record, an officer of commune B."""

from django.conf import settings
from django.utils import translation

from langso.accounts import services
from langso.accounts.models import Role, User
from langso.teams.models import Membership, Person, TeamRole
from tests.roles import PASSWORD, World


def person_in(world: World, name: str = "Lò Văn Xuân") -> Person:
    """A person on village A1's team (the world's leader Lò Văn Xuân, unless named)."""
    return Membership.objects.get(team=world.team_a1, person__full_name=name).person


def leader_person(world: World) -> Person:
    membership = Membership.objects.get(team=world.team_a1, role=TeamRole.LEADER)
    return membership.person


def officer_b(world: World) -> User:
    """A commune officer of commune B (Xã Mường É): another commune than village A1's."""
    user, _ = services.user_provision(username="officer_b", password=PASSWORD, full_name="Cán bộ B")
    services.role_grant(user=user, role=Role.COMMUNE_OFFICER, unit=world.commune_b)
    return user


def speak_vietnamese_again() -> None:
    """The language middleware leaves the language of the last page active in the test's
    thread; tests after an English page expect Vietnamese, the default."""
    translation.activate(settings.LANGUAGE_CODE)
