"""Reactivating a deactivated account (a new activation link, audited), and the account
operations in the JSON API: the same services and access checks as the pages."""

from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.test import Client

from langso.accounts import selectors, services
from langso.accounts.errors import AccountError, LinkProblem
from langso.accounts.models import ActivationLink, User
from langso.core.errors import Conflict, NotFound
from langso.core.models import AuditAction, AuditEntry
from tests.accounts.helpers import leader_person, officer_b
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mật-khẩu-bản-Hua-Nà-7"
INTRUDERS = ["member", "leader", "member_b", "outsider", "officer_b"]


def who_is(world: World, who: str) -> User:
    return officer_b(world) if who == "officer_b" else getattr(world, who)


def api(user: User) -> Client:
    token = services.token_issue(user=user, device_name="test")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")


def writes() -> tuple[int, ...]:
    return (
        AuditEntry.objects.count(),
        ActivationLink.objects.count(),
        User.objects.count(),
        User.objects.filter(is_active=True).count(),
    )


# The service ---------------------------------------------------------------------------------


def test_a_reactivated_account_logs_in_only_with_the_password_set_on_its_new_link(
    world: World,
) -> None:
    services.account_deactivate(actor=world.commune_officer, user=world.member)

    activation = services.account_reactivate(actor=world.commune_officer, user=world.member)

    member = User.objects.get(pk=world.member.pk)
    assert member.is_active
    assert selectors.account_status(member) == selectors.AccountStatus.WAITING
    assert authenticate(username="member", password=PASSWORD) is None  # the old one is gone
    services.activation_complete(token=activation.token, password=NEW_PASSWORD)
    assert authenticate(username="member", password=NEW_PASSWORD) == member
    [entry] = AuditEntry.objects.filter(
        action=AuditAction.ACCOUNT_REACTIVATE, object_id=str(member.pk)
    )
    assert entry.actor_id == world.commune_officer.pk


def test_an_active_account_is_not_reactivated(world: World) -> None:
    before = writes()
    with pytest.raises(Conflict) as refused:
        services.account_reactivate(actor=world.commune_officer, user=world.member)
    assert refused.value.code == AccountError.ACCOUNT_ACTIVE
    assert writes() == before
    assert authenticate(username="member", password=PASSWORD) is not None


@pytest.mark.parametrize("who", INTRUDERS)
def test_only_an_officer_who_manages_the_account_reactivates_it(world: World, who: str) -> None:
    services.account_deactivate(actor=world.commune_officer, user=world.member)
    actor = who_is(world, who)
    before = writes()
    with pytest.raises(NotFound):
        services.account_reactivate(actor=actor, user=world.member)
    assert writes() == before
    assert not User.objects.get(pk=world.member.pk).is_active


# The page ------------------------------------------------------------------------------------


def test_the_deactivated_accounts_page_offers_reactivation_and_shows_the_link(
    world: World,
) -> None:
    services.account_deactivate(actor=world.commune_officer, user=world.member)
    client = world.client(world.commune_officer)
    page = client.get(f"/accounts/users/{world.member.pk}/devices/").content.decode()
    assert f"/accounts/users/{world.member.pk}/reactivate/" in page

    answer = client.post(f"/accounts/users/{world.member.pk}/reactivate/")

    assert answer.status_code == 200
    assert "/accounts/activate/" in answer.content.decode()
    assert User.objects.get(pk=world.member.pk).is_active


def test_reactivating_an_active_account_on_the_page_says_so(world: World) -> None:
    client = world.client(world.commune_officer)
    answer = client.post(f"/accounts/users/{world.member.pk}/reactivate/", follow=True)
    assert answer.status_code == 200
    assert "không bị khóa" in answer.content.decode()
    assert not ActivationLink.objects.filter(user=world.member).exists()


# The member is the deactivated account itself: it cannot log in at all.
@pytest.mark.parametrize("who", [w for w in INTRUDERS if w != "member"])
def test_others_get_404_when_reactivating_on_the_page(world: World, who: str) -> None:
    services.account_deactivate(actor=world.commune_officer, user=world.member)
    intruder = who_is(world, who)
    before = writes()
    answer = world.client(intruder).post(f"/accounts/users/{world.member.pk}/reactivate/")
    assert answer.status_code == 404
    assert writes() == before


# The API -------------------------------------------------------------------------------------


def test_an_officer_manages_an_account_through_the_api(world: World) -> None:
    client = api(world.commune_officer)
    person = leader_person(world)

    made = client.post(f"/api/v1/members/{person.pk}/account")
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["link"].startswith("http://testserver/accounts/activate/")
    assert made["Cache-Control"] == "no-store"
    user_id = body["user_id"]

    listed = client.get("/api/v1/accounts", {"q": body["full_name"]}).json()
    assert [row["status"] for row in listed["results"] if row["id"] == user_id] == ["waiting"]

    reset = client.post(f"/api/v1/accounts/{user_id}/reset").json()
    token = reset["link"].rsplit("/", 2)[-2]
    assert services.activation_find(body["link"].rsplit("/", 2)[-2]) == LinkProblem.UNKNOWN

    assert client.post(f"/api/v1/accounts/{user_id}/deactivate").json() == {"deactivated": True}
    assert client.post(f"/api/v1/accounts/{user_id}/deactivate").json() == {"deactivated": False}
    assert services.activation_find(token) == LinkProblem.UNKNOWN

    back = client.post(f"/api/v1/accounts/{user_id}/reactivate")
    assert back.status_code == 200
    services.activation_complete(
        token=back.json()["link"].rsplit("/", 2)[-2], password=NEW_PASSWORD
    )
    assert User.objects.get(pk=user_id).is_active


@pytest.mark.parametrize(
    ("method", "address", "code"),
    [
        ("post", "/api/v1/accounts/{member}/reactivate", "ACCOUNT_ACTIVE"),
        ("post", "/api/v1/members/{person}/account", "ACCOUNT_EXISTS"),
    ],
)
def test_conflicts_answer_409_with_their_code(
    world: World, method: str, address: str, code: str
) -> None:
    person = leader_person(world)
    services.account_create(actor=world.commune_officer, person_id=person.pk)
    before = writes()
    answer = getattr(api(world.commune_officer), method)(
        address.format(member=world.member.pk, person=person.pk)
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == code
    assert writes() == before


def test_a_deactivated_account_is_not_reset_through_the_api(world: World) -> None:
    services.account_deactivate(actor=world.commune_officer, user=world.member)
    answer = api(world.commune_officer).post(f"/api/v1/accounts/{world.member.pk}/reset")
    assert (answer.status_code, answer.json()["code"]) == (409, "ACCOUNT_DEACTIVATED")


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/accounts/0/reset",
        "/api/v1/accounts/abc/deactivate",
        "/api/v1/accounts/99999999999999999999/reactivate",
        "/api/v1/members/-1/account",
    ],
)
def test_bad_ids_answer_422_and_write_nothing(world: World, address: str) -> None:
    before = writes()
    answer = api(world.commune_officer).post(address)
    assert answer.status_code == 422
    assert answer.json()["code"] == "INVALID_INPUT"
    assert writes() == before


@pytest.mark.parametrize("query", [{"page": "0"}, {"page": "x"}, {"q": "x" * 101}])
def test_bad_list_parameters_answer_422(world: World, query: dict[str, Any]) -> None:
    answer = api(world.commune_officer).get("/api/v1/accounts", query)
    assert answer.status_code == 422


def test_a_page_past_the_end_gives_the_last_page(world: World) -> None:
    answer = api(world.commune_officer).get("/api/v1/accounts", {"page": "999"}).json()
    assert answer["page"] == answer["pages"]


@pytest.mark.parametrize("who", INTRUDERS)
def test_others_get_404_from_every_account_operation_and_nothing_is_written(
    world: World, who: str
) -> None:
    person = leader_person(world)
    client = api(who_is(world, who))
    services.account_deactivate(actor=world.commune_officer, user=world.leader)
    before = writes()
    for method, address in [
        ("post", f"/api/v1/members/{person.pk}/account"),
        ("post", f"/api/v1/accounts/{world.member.pk}/reset"),
        ("post", f"/api/v1/accounts/{world.member.pk}/deactivate"),
        ("post", f"/api/v1/accounts/{world.leader.pk}/reactivate"),
    ]:
        answer = getattr(client, method)(address)
        assert answer.status_code in (401, 404), (who, address, answer.status_code)
        assert writes() == before, (who, address)
    if who not in ("leader",):  # the deactivated leader's token no longer opens the API
        listed = client.get("/api/v1/accounts")
        assert listed.status_code == 404 or (
            who == "officer_b"
            and world.member.pk not in [r["id"] for r in listed.json()["results"]]
        )
