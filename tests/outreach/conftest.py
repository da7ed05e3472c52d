import pytest

from tests.outreach.town import Town, build_town
from tests.roles import World


@pytest.fixture
def town(world: World) -> Town:
    return build_town(world)


@pytest.fixture
def sms_connected(settings: pytest.FixtureRequest) -> None:
    """The SMS channel counts as connected (the tests hand the engine their own adapter)."""
    settings.LANGSO_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # type: ignore[attr-defined]
    settings.LANGSO_SMS_GATEWAY_TOKEN = "test-token"  # type: ignore[attr-defined]


@pytest.fixture
def world_for_threads(transactional_db: None) -> Town:
    """The town in a transactional test, for threads (each has its own connection)."""
    from tests.roles import build_world

    return build_town(build_world())
