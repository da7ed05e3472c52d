"""The pages of members' accounts: "Create account" on a team's member list, the link and its
QR shown once, the activation page on a phone (outside the login, rate limited, the same answer
for a used and an unknown link), reset and deactivation by an officer, one's own password, and
the officers' list of accounts."""

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from langso.accounts import services
from langso.accounts.account_views import ACTIVATION_PAGE
from langso.accounts.models import ActivationLink, User
from langso.core.models import AuditAction, AuditEntry
from tests.accounts.helpers import leader_person, officer_b, speak_vietnamese_again
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese_after() -> Iterator[None]:
    yield
    speak_vietnamese_again()


NEW_PASSWORD = "Mật-khẩu-bản-Hua-Nà-7"
ACCOUNTS = reverse("accounts:accounts")
PASSWORD_PAGE = reverse("accounts:password")
LOGIN = reverse("accounts:login")


def english(user: User | None = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def create_url(world: World) -> str:
    return reverse("accounts:account_create", kwargs={"person_id": leader_person(world).pk})


def activate_url(token: str) -> str:
    return reverse("accounts:activate", kwargs={"token": token})


def link_in(page: bytes) -> str:
    found = re.search(rb'id="activation-link">http://testserver(/accounts/activate/[^<]+/)<', page)
    assert found is not None
    return found.group(1).decode()


def alert(page: bytes) -> str:
    """The page's refusal (the rest differs by the address: the language switch names it)."""
    found = re.search(rb'<p class="alert" role="alert">([^<]+)</p>', page)
    assert found is not None
    return found.group(1).decode()


def created_link(world: World) -> str:
    page = english(world.commune_officer).post(create_url(world), {"team": world.team_a1.pk})
    assert page.status_code == 200
    return link_in(page.content)


# Creating from the team page


def test_the_team_page_offers_officers_to_create_an_account_for_a_member_without_one(
    world: World,
) -> None:
    team = reverse("teams:team", kwargs={"team_id": world.team_a1.pk})

    officer = english(world.commune_officer).get(team).content.decode()
    leader = english(world.leader).get(team).content.decode()

    assert create_url(world) in officer
    assert "Create account" in officer
    assert create_url(world) not in leader


def test_creating_shows_the_link_and_its_qr_once(world: World) -> None:
    page = english(world.commune_officer).post(create_url(world), {"team": world.team_a1.pk})

    text = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "<svg" in text
    assert "lo.van.xuan" in text
    token = link_in(page.content).rsplit("/", 2)[1]
    assert ActivationLink.objects.get().digest == services._digest(token)
    assert token not in ActivationLink.objects.get().digest
    assert reverse("teams:team", kwargs={"team_id": world.team_a1.pk}) in text
    # The team page now leads to the account instead.
    team = english(world.commune_officer).get(
        reverse("teams:team", kwargs={"team_id": world.team_a1.pk})
    )
    assert create_url(world) not in team.content.decode()


def test_creating_twice_is_refused_with_a_clear_answer(world: World) -> None:
    created_link(world)

    again = english(world.commune_officer).post(create_url(world))

    assert again.status_code == 409
    assert "already has an account" in again.content.decode()


@pytest.mark.parametrize("who", ["officer_b", "leader", "member"])
def test_others_get_404_when_creating_resetting_or_deactivating(world: World, who: str) -> None:
    actor = officer_b(world) if who == "officer_b" else getattr(world, who)
    client = english(actor)
    target = world.member.pk

    answers = [
        client.post(create_url(world)).status_code,
        client.post(reverse("accounts:account_reset", kwargs={"user_id": target})).status_code,
        client.post(reverse("accounts:account_deactivate", kwargs={"user_id": target})).status_code,
    ]
    listed = client.get(ACCOUNTS)

    assert answers == [404, 404, 404]
    # Another commune's officer has a list: of their own commune's accounts only.
    assert listed.status_code == (200 if who == "officer_b" else 404)
    assert "<code>member</code>" not in listed.content.decode()
    assert not ActivationLink.objects.exists()
    assert User.objects.get(pk=target).is_active
    assert not AuditEntry.objects.exists()


# The activation page


def test_a_member_sets_a_password_on_the_link_and_then_logs_in(world: World) -> None:
    link = created_link(world)
    phone = english()

    form = phone.get(link)
    done = phone.post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert form.status_code == 200
    assert "lo.van.xuan" in form.content.decode()
    assert done.status_code == 302
    assert done["Location"] == f"{LOGIN}?username=lo.van.xuan"
    login_page = phone.get(done["Location"])
    assert 'value="lo.van.xuan"' in login_page.content.decode()
    logged = phone.post(LOGIN, {"username": "lo.van.xuan", "password": NEW_PASSWORD})
    assert logged.status_code == 302
    assert phone.session["_auth_user_id"] == str(User.objects.get(username="lo.van.xuan").pk)


def test_a_used_link_answers_like_an_unknown_one(world: World) -> None:
    link = created_link(world)
    english().post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    used = english().get(link)
    unknown = english().get(activate_url("x" * 43))
    other = "Khác-hẳn-mật-khẩu-9"
    posted = english().post(link, {"password": other, "password_again": other})

    assert used.status_code == unknown.status_code == posted.status_code == 404
    assert alert(used.content) == alert(unknown.content) == alert(posted.content)
    assert "already been used" in used.content.decode()
    assert 'name="password"' not in used.content.decode()


def test_an_expired_link_says_so(world: World) -> None:
    link = created_link(world)

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        page = english().get(link)

    assert page.status_code == 410
    assert "expired" in page.content.decode()


def test_the_link_page_is_in_vietnamese_for_the_member(world: World) -> None:
    link = created_link(world)

    page = Client().get(link)
    gone = Client().get(activate_url("khong-co"))

    assert "Đặt mật khẩu" in page.content.decode()
    assert "Liên kết kích hoạt này không dùng được" in gone.content.decode()


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("ngan", "ngan", "too short"),
        ("1234567890123", "1234567890123", "entirely numeric"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "two passwords differ"),
        ("", "", "This field is required"),
    ],
)
def test_bad_passwords_are_refused_and_the_link_still_works(
    world: World, password: str, again: str, message: str
) -> None:
    link = created_link(world)

    answer = english().post(link, {"password": password, "password_again": again})

    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert english().get(link).status_code == 200
    assert not User.objects.get(username="lo.van.xuan").has_usable_password()


def test_the_activation_page_is_rate_limited_per_connection(world: World) -> None:
    link = created_link(world)
    client = english()
    for _visit in range(ACTIVATION_PAGE.count):
        assert client.get(activate_url("doan-mo")).status_code == 404

    refused = client.get(link)

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many attempts" in refused.content.decode()
    other = english()
    assert other.get(link, REMOTE_ADDR="10.1.2.3").status_code == 200


# Reset and deactivation


def test_an_officer_resets_a_password_and_the_old_link_stops(world: World) -> None:
    first = created_link(world)
    account = User.objects.get(username="lo.van.xuan")
    officer = english(world.commune_officer)

    page = officer.post(reverse("accounts:account_reset", kwargs={"user_id": account.pk}))

    second = link_in(page.content)
    assert english().get(first).status_code == 404
    assert english().get(second).status_code == 200
    assert (
        reverse("accounts:account_devices", kwargs={"user_id": account.pk}) in page.content.decode()
    )


def test_an_officer_deactivates_an_account_and_its_sessions_end(world: World) -> None:
    member = english(world.member)
    assert member.get(reverse("accounts:devices")).status_code == 200
    officer = english(world.commune_officer)

    done = officer.post(reverse("accounts:account_deactivate", kwargs={"user_id": world.member.pk}))
    page = officer.get(done["Location"])

    assert done.status_code == 302
    assert "deactivated" in page.content.decode()
    assert 'id="deactivate"' not in page.content.decode()
    assert 'id="unlock"' not in page.content.decode()
    after = member.get(reverse("accounts:devices"))
    assert after.status_code == 302 and after["Location"].startswith(LOGIN)
    assert english().post(LOGIN, {"username": "member", "password": PASSWORD}).status_code == 401


def test_a_reset_ends_the_browser_sessions_of_the_old_password(world: World) -> None:
    member = english(world.member)
    english(world.commune_officer).post(
        reverse("accounts:account_reset", kwargs={"user_id": world.member.pk})
    )

    after = member.get(reverse("accounts:devices"))

    assert after.status_code == 302


def test_the_account_page_shows_the_status_and_the_actions(world: World) -> None:
    created_link(world)
    account = User.objects.get(username="lo.van.xuan")

    page = english(world.commune_officer).get(
        reverse("accounts:account_devices", kwargs={"user_id": account.pk})
    )

    text = page.content.decode()
    assert "waiting for activation" in text
    assert "Team leader · Bản Hua Nà" in text or "team leader · Bản Hua Nà" in text
    assert 'id="reset"' in text and 'id="deactivate"' in text


# One's own password


def test_a_user_changes_their_password_and_stays_logged_in(world: World) -> None:
    client = english(world.member)

    done = client.post(
        PASSWORD_PAGE,
        {"current": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )

    assert done.status_code == 302
    assert client.get(reverse("accounts:devices")).status_code == 200
    world.member.refresh_from_db()
    assert world.member.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("sai-mật-khẩu", NEW_PASSWORD, NEW_PASSWORD, "current password is not right"),
        (PASSWORD, "12345678901", "12345678901", "entirely numeric"),
        (PASSWORD, NEW_PASSWORD, "khác", "two passwords differ"),
    ],
)
def test_bad_password_changes_are_refused(
    world: World, current: str, new: str, again: str, message: str
) -> None:
    answer = english(world.member).post(
        PASSWORD_PAGE, {"current": current, "password": new, "password_again": again}
    )

    assert answer.status_code == 400
    assert message in answer.content.decode()
    world.member.refresh_from_db()
    assert world.member.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action=AuditAction.PASSWORD_CHANGE).exists()


def test_the_security_page_leads_to_the_password_and_officers_to_their_accounts(
    world: World,
) -> None:
    officer = english(world.commune_officer).get(reverse("accounts:security")).content.decode()
    member = english(world.member).get(reverse("accounts:security")).content.decode()

    assert PASSWORD_PAGE in officer and PASSWORD_PAGE in member
    assert ACCOUNTS in officer
    assert ACCOUNTS not in member


# The list


def test_the_list_shows_each_accounts_status_and_searches(world: World) -> None:
    created_link(world)
    client = english(world.commune_officer)

    page = client.get(ACCOUNTS).content.decode()
    found = client.get(ACCOUNTS, {"q": "xuân"}).content.decode()

    assert "waiting for activation" in page and "active" in page
    assert "member_b" not in page
    assert "lo.van.xuan" in found and ">leader<" not in found
