"""Login locks: per user name and address first, per user name everywhere only past a much larger
count; the second factor and an officer open a locked name; every authenticate() is covered."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.urls import reverse

from langso.accounts import lockout, services
from langso.accounts.errors import AccountError
from langso.accounts.models import Role, User
from langso.core.errors import NotFound
from langso.core.models import AuditAction, AuditEntry
from tests.accounts.totp import enrol, totp_code, wrong_code
from tests.roles import PASSWORD, World

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
TOKEN = "/api/v1/auth/token"
ADDRESS_A = "203.0.113.7"
ADDRESS_B = "198.51.100.20"
WRONG = "not the password"
# 10:07:30 UTC: the 15-minute window of the address locks ends in 450 seconds, the hour of the
# name locks in 3,150.
MOMENT = datetime(2026, 3, 2, 10, 7, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Frozen before the world is built (ask for it first), so roles begin on the frozen day."""
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def web(address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.cookies["django_language"] = "en"
    return client


def post_login(client: Client, username: str, password: str, **extra: str) -> "Response":
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def ask_token(address: str, **payload: Any) -> "Response":
    return Client(REMOTE_ADDR=address).post(TOKEN, payload, content_type="application/json")


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail_from_many_addresses(username: str, failures: int) -> None:
    """Wrong passwords spread over addresses (four each, below the address lock)."""
    for number in range(failures):
        request = RequestFactory().post(LOGIN, REMOTE_ADDR=f"10.1.{number // 4}.1")
        assert authenticate(request, username=username, password=WRONG) is None


# Per user name and address


def test_five_wrong_passwords_from_one_address_lock_it_there_but_not_elsewhere(
    clock: time_machine.Traveller, world: World
) -> None:
    client_a = web(ADDRESS_A)
    for _ in range(5):
        assert post_login(client_a, "member", WRONG).status_code == 401

    refused = post_login(client_a, "member", PASSWORD)
    client_b = web(ADDRESS_B)
    accepted = post_login(client_b, "member", PASSWORD)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "450"
    assert "locked on this connection for 8 minutes" in refused.content.decode()
    assert not logged_in(client_a)
    assert accepted.status_code == 302
    assert logged_in(client_b)


def test_the_api_refuses_a_locked_address_with_retry_after(
    clock: time_machine.Traveller, world: World
) -> None:
    for _ in range(5):
        assert ask_token(ADDRESS_A, username="member", password=WRONG).status_code == 400

    refused = ask_token(ADDRESS_A, username="member", password=PASSWORD)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "450"
    body = refused.json()
    assert body["code"] == AccountError.LOCKED_OUT
    assert body["details"] == {"retry_after_seconds": 450, "lock": "address"}
    assert "8 phút" in body["message"]
    assert ask_token(ADDRESS_B, username="member", password=PASSWORD).status_code == 200


def test_refused_attempts_do_not_count_towards_the_name_lock(
    clock: time_machine.Traveller, world: World
) -> None:
    for _ in range(60):
        ask_token(ADDRESS_A, username="member", password=WRONG)

    assert lockout.login_lock(username="member", address=ADDRESS_B) is None
    assert ask_token(ADDRESS_B, username="member", password=PASSWORD).status_code == 200


def test_the_lock_ends_with_its_window(clock: time_machine.Traveller, world: World) -> None:
    client = web(ADDRESS_A)
    for _ in range(5):
        post_login(client, "member", WRONG)
    clock.move_to(MOMENT + timedelta(seconds=449))
    assert post_login(client, "member", PASSWORD).status_code == 429

    clock.move_to(MOMENT + timedelta(seconds=450))

    assert post_login(client, "member", PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_successful_login_forgets_the_wrong_passwords_of_its_address(
    clock: time_machine.Traveller, world: World
) -> None:
    for _ in range(4):
        post_login(web(ADDRESS_A), "member", WRONG)
    assert post_login(web(ADDRESS_A), "member", PASSWORD).status_code == 302
    for _ in range(4):
        post_login(web(ADDRESS_A), "member", WRONG)

    client = web(ADDRESS_A)
    assert post_login(client, "member", PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_token_forgets_the_wrong_passwords_of_its_address(
    clock: time_machine.Traveller, world: World
) -> None:
    for _ in range(4):
        ask_token(ADDRESS_A, username="member", password=WRONG)
    assert ask_token(ADDRESS_A, username="member", password=PASSWORD).status_code == 200
    for _ in range(4):
        ask_token(ADDRESS_A, username="member", password=WRONG)

    assert ask_token(ADDRESS_A, username="member", password=PASSWORD).status_code == 200


def test_the_admin_login_refuses_a_locked_name(clock: time_machine.Traveller) -> None:
    services.user_provision(username="root", password=PASSWORD, is_superuser=True)
    client = web(ADDRESS_A)
    for _ in range(5):
        client.post("/admin/login/", {"username": "root", "password": WRONG})

    client.post("/admin/login/", {"username": "root", "password": PASSWORD})

    assert not logged_in(client)


# Per user name, everywhere


def test_fifty_wrong_passwords_from_many_addresses_lock_the_name_everywhere(
    clock: time_machine.Traveller, world: World
) -> None:
    fail_from_many_addresses("member", 49)
    assert lockout.login_lock(username="member", address=ADDRESS_A) is None
    fail_from_many_addresses("member", 1)

    page = post_login(web(ADDRESS_A), "member", PASSWORD)
    api = ask_token(ADDRESS_B, username="member", password=PASSWORD)

    assert page.status_code == 429
    assert page["Retry-After"] == "3150"
    assert 'name="otp"' in page.content.decode()
    assert api.status_code == 429
    assert api["Retry-After"] == "3150"
    assert api.json()["details"]["lock"] == "account"
    assert post_login(web(ADDRESS_A), "leader", PASSWORD).status_code == 302


def test_a_user_with_an_authenticator_gets_in_while_the_name_is_locked(
    clock: time_machine.Traveller, world: World
) -> None:
    device = enrol(world.member)
    fail_from_many_addresses("member", 50)
    client = web(ADDRESS_A)
    assert post_login(client, "member", PASSWORD).status_code == 429

    response = post_login(client, "member", PASSWORD, otp=totp_code(device), next="/accounts/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    assert client.session["_auth_user_id"] == str(world.member.pk)
    assert client.session.get("otp_device_id") == device.persistent_id


def test_the_api_gives_a_token_with_the_code_while_the_name_is_locked(
    clock: time_machine.Traveller, world: World
) -> None:
    device = enrol(world.member)
    fail_from_many_addresses("member", 50)

    response = ask_token(ADDRESS_A, username="member", password=PASSWORD, otp=totp_code(device))

    assert response.status_code == 200
    assert set(response.json()) == {"token", "expires_in"}


def test_a_locked_name_answers_a_wrong_code_and_a_wrong_password_alike(
    clock: time_machine.Traveller, world: World
) -> None:
    device = enrol(world.member)
    fail_from_many_addresses("member", 50)

    wrong_code_answer = post_login(web(ADDRESS_A), "member", PASSWORD, otp=wrong_code(device))
    wrong_password = post_login(web(ADDRESS_B), "member", WRONG, otp=totp_code(device))

    assert wrong_code_answer.status_code == wrong_password.status_code == 401
    assert "Wrong user name, password or code." in wrong_code_answer.content.decode()
    assert "Wrong user name, password or code." in wrong_password.content.decode()


def test_the_code_does_not_open_a_name_locked_at_this_address(
    clock: time_machine.Traveller, world: World
) -> None:
    device = enrol(world.member)
    client = web(ADDRESS_A)
    for _ in range(5):
        post_login(client, "member", WRONG)

    response = post_login(client, "member", PASSWORD, otp=totp_code(device))

    assert response.status_code == 429
    assert not logged_in(client)


def test_a_user_without_an_authenticator_stays_out_while_the_name_is_locked(
    clock: time_machine.Traveller, world: World
) -> None:
    fail_from_many_addresses("member", 50)

    response = post_login(web(ADDRESS_A), "member", PASSWORD, otp="123456")

    assert response.status_code == 401
    assert lockout.login_lock(username="member", address=ADDRESS_A) is not None


# Lifting a lock


def test_an_officer_of_the_users_commune_lifts_the_locks(
    clock: time_machine.Traveller, world: World
) -> None:
    fail_from_many_addresses("member", 50)
    for _ in range(5):
        post_login(web(ADDRESS_A), "member", WRONG)

    services.login_unlock(actor=world.commune_officer, user=world.member)

    assert post_login(web(ADDRESS_A), "member", PASSWORD).status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_UNLOCK)
    assert entry.actor_id == world.commune_officer.pk
    assert (entry.object_type, entry.object_id) == ("user", str(world.member.pk))


def test_an_officer_of_another_commune_cannot_lift_the_lock(
    clock: time_machine.Traveller, world: World
) -> None:
    officer_b, _ = services.user_provision(username="officer_b", password=PASSWORD)
    services.role_grant(user=officer_b, role=Role.COMMUNE_OFFICER, unit=world.commune_b)
    fail_from_many_addresses("member", 50)

    for actor in (officer_b, world.member_b, world.leader, world.outsider):
        with pytest.raises(NotFound) as refused:
            services.login_unlock(actor=actor, user=world.member)
        assert refused.value.status == 404
        assert refused.value.code == AccountError.USER_NOT_FOUND

    assert lockout.login_lock(username="member", address=ADDRESS_A) is not None
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN_UNLOCK).exists()


def test_an_officer_unlocks_from_the_accounts_devices_page(
    clock: time_machine.Traveller, world: World
) -> None:
    """The page officers reach from the team page, next to the member with an account."""
    fail_from_many_addresses("member", 50)
    officer = world.client(world.commune_officer)
    page = officer.get(f"/accounts/users/{world.member.pk}/devices/").content.decode()
    assert 'id="unlock"' in page and "bị khóa" in page
    answer = officer.post(f"/accounts/users/{world.member.pk}/unlock/")
    assert answer.status_code == 302
    assert answer["Location"] == f"/accounts/users/{world.member.pk}/devices/"
    assert lockout.login_lock(username="member", address=ADDRESS_A) is None
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_UNLOCK).count() == 1
    refused = world.client(world.member_b).post(f"/accounts/users/{world.member.pk}/unlock/")
    assert refused.status_code == 404
    own = world.client(world.member).post(f"/accounts/users/{world.member.pk}/unlock/")
    assert own.status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_UNLOCK).count() == 1


def test_a_superuser_lifts_the_lock_of_anyone_from_the_admin(
    clock: time_machine.Traveller, world: World
) -> None:
    from tests.roles import verified_superuser_client

    _, admin = verified_superuser_client()
    fail_from_many_addresses("outsider", 50)

    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login", "_selected_action": [world.outsider.pk]},
    )

    assert response.status_code == 302
    assert lockout.login_lock(username="outsider", address=ADDRESS_A) is None
    assert AuditEntry.objects.filter(
        action=AuditAction.LOGIN_UNLOCK, object_id=str(world.outsider.pk)
    ).exists()


def test_counts_are_kept_under_keyed_hashes_only(
    clock: time_machine.Traveller, world: World
) -> None:
    from langso.core.models import RateCounter

    post_login(web(ADDRESS_A), "member", WRONG)

    for key in RateCounter.objects.values_list("key", flat=True):
        assert "member" not in key
        assert ADDRESS_A not in key


def test_a_request_less_authenticate_is_counted_as_one_unknown_address(
    clock: time_machine.Traveller, world: World
) -> None:
    for _ in range(5):
        assert authenticate(None, username="member", password=WRONG) is None

    assert authenticate(None, username="member", password=PASSWORD) is None
    assert isinstance(
        authenticate(
            RequestFactory().post(LOGIN, REMOTE_ADDR=ADDRESS_A),
            username="member",
            password=PASSWORD,
        ),
        User,
    )
