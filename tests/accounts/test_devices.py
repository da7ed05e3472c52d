"""The "Thiết bị đăng nhập" pages: a user's logins on devices, an officer's view of an account
they manage, revoking one or all (POST with the CSRF token), and where they are reached from."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from langso.access import SYSTEM
from langso.accounts import services
from langso.accounts.devices import describe, device_label
from langso.accounts.models import ApiToken
from langso.teams import services as teams
from tests.roles import World, verified_superuser_client

pytestmark = pytest.mark.django_db

DEVICES = reverse("accounts:devices")
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
SAMSUNG = (
    "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-A536E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
COC_COC = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "coc_coc_browser/120.0.180 Chrome/114.0.5735.204 Safari/537.36"
)


def token_of(token: str) -> ApiToken:
    return ApiToken.objects.get(digest=services._digest(token))


def csrf_client(world: World, user_name: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(getattr(world, user_name))
    return client


def csrf_token(client: Client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200
    return str(page.context["csrf_token"])


# Device labels


@pytest.mark.parametrize(
    ("user_agent", "name", "label"),
    [
        (ANDROID_CHROME, "", "Chrome trên Android"),
        (ANDROID_CHROME, "SM-A125F", "Chrome trên Android · SM-A125F"),
        (SAMSUNG, "", "Samsung Internet trên Android · Samsung SM-A536E"),
        (IPHONE, "", "Safari trên iOS · iPhone"),
        (COC_COC, "", "Coc Coc trên Windows"),
        ("python-requests/2.32.3", "Báo cáo tự động", "Python Requests · Báo cáo tự động"),
        ("", "", "Thiết bị không rõ"),
        ("\x00\x01", "", "Thiết bị không rõ"),
    ],
)
def test_a_device_is_shown_in_words_a_person_recognises(
    user_agent: str, name: str, label: str
) -> None:
    device = describe(user_agent, name=name)

    assert device_label(browser=device.browser, system=device.system, name=device.name) == label


def test_a_device_name_loses_control_characters_and_is_cut_to_the_column() -> None:
    device = describe("", name="Máy\x00 phòng\tvăn hoá " + "x" * 80)

    assert device.name.startswith("Máy phòng văn hoá x")
    assert len(device.name) == 60


# The user's own page


def test_devices_page_needs_a_login() -> None:
    response = Client().get(DEVICES)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_devices_page_lists_the_users_logins_in_vietnamese_and_no_one_elses(
    world: World,
) -> None:
    services.token_issue(user=world.member, user_agent=ANDROID_CHROME, device_name="SM-A125F")
    revoked = services.token_issue(user=world.member, user_agent=IPHONE)
    services.token_revoke(actor=world.commune_officer, token=token_of(revoked))
    services.token_issue(user=world.member_b, user_agent=COC_COC)

    response = world.client(world.member).get(DEVICES)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Thiết bị đăng nhập" in text
    assert "Chrome trên Android · SM-A125F" in text
    assert "Safari trên iOS · iPhone" in text
    assert "đã thu hồi" in text
    assert "commune_officer thu hồi lúc" in text
    assert "Coc Coc" not in text
    assert "Mozilla" not in text
    # One revoke button, for the login still active, and one to revoke all.
    assert len(re.findall(r'action="/accounts/devices/\d+/revoke/"', text)) == 1
    assert 'action="/accounts/devices/revoke-all/"' in text


def test_revoking_a_login_from_the_page_needs_the_csrf_token(world: World) -> None:
    token = services.token_issue(user=world.member, user_agent=ANDROID_CHROME)
    client = csrf_client(world, "member")
    path = reverse("accounts:device_revoke", args=[token_of(token).pk])

    refused = client.post(path)
    assert refused.status_code == 403
    assert services.token_user(token) == world.member

    response = client.post(path, {"csrfmiddlewaretoken": csrf_token(client, DEVICES)})

    assert response.status_code == 302
    assert response["Location"] == DEVICES
    assert services.token_user(token) is None
    page = client.get(DEVICES).content.decode()
    assert "Đã thu hồi phiên đăng nhập trên Chrome trên Android." in page


def test_revoking_a_login_by_get_is_not_allowed(world: World) -> None:
    token = services.token_issue(user=world.member)

    response = world.client(world.member).get(
        reverse("accounts:device_revoke", args=[token_of(token).pk])
    )

    assert response.status_code == 405
    assert services.token_user(token) == world.member


def test_revoking_someone_elses_login_from_the_page_is_not_found(world: World) -> None:
    token = services.token_issue(user=world.member_b)

    response = world.client(world.member).post(
        reverse("accounts:device_revoke", args=[token_of(token).pk])
    )

    assert response.status_code == 404
    assert services.token_user(token) == world.member_b


def test_revoke_all_from_the_page_ends_every_login_of_the_user(world: World) -> None:
    tokens = [services.token_issue(user=world.member) for _ in range(2)]
    other = services.token_issue(user=world.leader)

    response = world.client(world.member).post(reverse("accounts:devices_revoke_all"))

    assert response.status_code == 302
    assert response["Location"] == DEVICES
    assert all(services.token_user(token) is None for token in tokens)
    assert services.token_user(other) == world.leader


def test_the_page_is_reached_from_the_menu_and_the_security_page(world: World) -> None:
    client = world.client(world.member)

    for page in ("/", reverse("accounts:security")):
        assert f'href="{DEVICES}"' in client.get(page, follow=True).content.decode()


# Officers


def test_an_officer_sees_and_revokes_the_logins_of_a_member_they_manage(world: World) -> None:
    token = services.token_issue(user=world.member, user_agent=ANDROID_CHROME)
    client = world.client(world.commune_officer)
    page = reverse("accounts:account_devices", args=[world.member.pk])

    listed = client.get(page)
    assert listed.status_code == 200
    assert "Chrome trên Android" in listed.content.decode()

    response = client.post(reverse("accounts:account_devices_revoke_all", args=[world.member.pk]))

    assert response.status_code == 302
    assert response["Location"] == page
    assert services.token_user(token) is None
    assert token_of(token).revoked_by == world.commune_officer


@pytest.mark.parametrize(
    ("officer", "owner"), [("commune_officer", "member_b"), ("leader", "member")]
)
def test_the_logins_of_an_account_not_managed_are_not_found(
    world: World, officer: str, owner: str
) -> None:
    token = services.token_issue(user=getattr(world, owner))
    client = world.client(getattr(world, officer))
    user_id = getattr(world, owner).pk

    assert client.get(reverse("accounts:account_devices", args=[user_id])).status_code == 404
    revoke_all = reverse("accounts:account_devices_revoke_all", args=[user_id])
    assert client.post(revoke_all).status_code == 404
    revoke_one = reverse("accounts:device_revoke", args=[token_of(token).pk])
    assert client.post(revoke_one).status_code == 404
    assert services.token_user(token) == getattr(world, owner)


def test_a_superuser_acts_on_other_accounts_only_after_the_second_factor(world: World) -> None:
    from langso.accounts.services import user_provision

    token = services.token_issue(user=world.member)
    root, _ = user_provision(username="root", password="x-Làng-số-2025", is_superuser=True)
    unverified = Client()
    unverified.force_login(root)

    response = unverified.post(
        reverse("accounts:account_devices_revoke_all", args=[world.member.pk])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:security")
    assert services.token_user(token) == world.member
    _, verified = verified_superuser_client("quantri")
    verified.post(reverse("accounts:account_devices_revoke_all", args=[world.member.pk]))
    assert services.token_user(token) is None


def test_the_team_page_links_an_officer_to_the_devices_of_members_with_an_account(
    world: World,
) -> None:
    membership = teams.member_add(actor=SYSTEM, team=world.team_a1, full_name="Lò Thị Mai")
    teams.person_link_user(person_id=membership.person_id, user=world.member)
    link = reverse("accounts:account_devices", args=[world.member.pk])
    team_page = reverse("teams:team", args=[world.team_a1.pk])

    officer_sees = world.client(world.commune_officer).get(team_page).content.decode()
    leader_sees = world.client(world.leader).get(team_page).content.decode()
    other_officer = world.client(world.commune_officer).get(
        reverse("teams:team", args=[world.team_b1.pk])
    )

    assert f'href="{link}"' in officer_sees
    # The menu's Accounts entry is /accounts/users/; one member's account page besides it.
    assert (
        officer_sees.count('href="/accounts/users/') - officer_sees.count('href="/accounts/users/"')
        == 1
    )
    assert f'href="{link}"' not in leader_sees
    assert other_officer.status_code == 404
