"""The team page and members' phone numbers: masked as far as each member allows, the "Hiện số"
button where the reader may ask, the number once after a reason, the member's own choice."""

import pytest
from django.test import Client
from django.urls import reverse

from langso.core.models import AuditAction, AuditEntry
from langso.core.vault import vault
from langso.teams.models import Person, PhoneVisibility
from langso.teams.services import PHONE_PURPOSE
from tests.roles import World, verified_superuser_client
from tests.teams.phones import DIGITS, Crew, choose

pytestmark = pytest.mark.django_db

MASK = "*******678"
# The page groups a masked number as people read a whole one (core.phone.show_phone).
SHOWN = "**** *** 678"
SHOWN_321 = "**** *** 321"


def page(client: Client, world: World) -> str:
    response = client.get(reverse("teams:team", args=[world.team_a1.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def reveal_url(world: World, person: Person) -> str:
    return reverse("teams:member_phone_reveal", args=[world.team_a1.pk, person.pk])


def test_the_team_page_shows_masked_numbers_and_never_a_whole_one(world: World, crew: Crew) -> None:
    text = page(world.client(world.leader), world)
    assert SHOWN in text and SHOWN_321 in text
    assert MASK not in text
    assert "tel:" not in text
    for digits in DIGITS:
        assert digits not in text, digits


def test_a_member_who_hides_their_number_shows_nothing_of_it_to_the_team(
    world: World, crew: Crew
) -> None:
    choose(crew.mai, PhoneVisibility.HIDDEN)
    assert SHOWN not in page(world.client(world.member), world)
    assert SHOWN in page(world.client(world.leader), world)


def test_the_show_button_is_there_only_where_the_reader_may_ask(world: World, crew: Crew) -> None:
    leader = page(world.client(world.leader), world)
    assert reveal_url(world, crew.mai) in leader and "Hiện số" in leader
    member = page(world.client(world.member), world)
    assert reveal_url(world, crew.mai) not in member  # Mai shows the last digits only
    assert reveal_url(world, crew.own) in member  # one's own number
    choose(crew.mai, PhoneVisibility.TEAM)
    assert reveal_url(world, crew.mai) in page(world.client(world.member), world)
    assert reveal_url(world, crew.mai) not in page(world.client(crew.commune_member), world)


def test_revealing_shows_the_number_once_with_a_call_link_and_is_audited(
    world: World, crew: Crew
) -> None:
    client = world.client(world.leader)
    response = client.post(reveal_url(world, crew.mai), {"reason": "Gọi họp tổ tối nay"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert 'href="tel:+84912345678"' in text
    assert "0912 345 678" in text
    assert "Số điện thoại của Hà Thị Mai" in text
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id, entry.actor_id, entry.reason) == (
        AuditAction.REVEAL_MEMBER_PHONE,
        str(crew.mai.pk),
        world.leader.pk,
        "Gọi họp tổ tối nay",
    )
    # Shown on that answer only.
    assert "0912 345 678" not in page(client, world)


def test_a_reveal_without_a_reason_comes_back_with_the_error_where_it_was_asked(
    world: World, crew: Crew
) -> None:
    response = world.client(world.leader).post(reveal_url(world, crew.mai), {"reason": "  "})
    assert response.status_code == 400
    text = response.content.decode()
    assert f'id="reason-{crew.mai.pk}-error"' in text
    assert 'aria-invalid="true"' in text
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("who", ["member", "member_b", "outsider", "commune_member"])
def test_a_reveal_by_someone_who_may_not_is_404_and_leaves_no_entry(
    world: World, crew: Crew, who: str
) -> None:
    user = crew.commune_member if who == "commune_member" else getattr(world, who)
    response = world.client(user).post(reveal_url(world, crew.mai), {"reason": "Gọi"})
    assert response.status_code == 404
    assert "0912 345 678" not in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_a_member_chooses_on_the_team_page_what_the_team_sees(world: World, crew: Crew) -> None:
    client = world.client(world.member)
    text = page(client, world)
    assert 'id="my-phone"' in text
    assert "Số điện thoại của tôi" in text
    assert "với tổ: chỉ hiện ba số cuối" in text
    response = client.post(
        reverse("teams:my_phone", args=[world.team_a1.pk]), {"visibility": "hidden"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/teams/{world.team_a1.pk}/#my-phone")
    crew.own.refresh_from_db()
    assert crew.own.phone_visibility == PhoneVisibility.HIDDEN
    assert SHOWN_321 not in page(world.client(crew.commune_member), world)
    assert SHOWN_321 in page(world.client(world.leader), world)


def test_only_the_member_sees_their_own_choice(world: World, crew: Crew) -> None:
    for user in (world.leader, world.commune_officer, crew.commune_member):
        assert 'id="my-phone"' not in page(world.client(user), world)


def test_an_unknown_choice_is_shown_again_with_the_form(world: World, crew: Crew) -> None:
    response = world.client(world.member).post(
        reverse("teams:my_phone", args=[world.team_a1.pk]), {"visibility": "everyone"}
    )
    assert response.status_code == 400
    assert 'id="id_visibility_error"' in response.content.decode()
    crew.own.refresh_from_db()
    assert crew.own.phone_visibility == PhoneVisibility.MASKED


@pytest.mark.parametrize("who", ["leader", "outsider"])
def test_someone_who_is_no_team_member_has_no_choice_to_make(
    world: World, crew: Crew, who: str
) -> None:
    response = world.client(getattr(world, who)).post(
        reverse("teams:my_phone", args=[world.team_a1.pk]), {"visibility": "team"}
    )
    assert response.status_code == 404
    assert set(Person.objects.values_list("phone_visibility", flat=True)) == {"masked"}


def test_a_number_typed_into_a_refused_member_form_is_not_written_back(world: World) -> None:
    response = world.client(world.leader).post(
        reverse("teams:member_add", args=[world.team_a1.pk]),
        {"full_name": "", "phone": "0912 345 678", "role": "member", "organisation": "other"},
    )
    assert response.status_code == 400
    assert "0912 345 678" not in response.content.decode()


def test_the_admin_finds_a_member_by_their_whole_number_and_shows_it_masked(
    world: World, crew: Crew
) -> None:
    _user, client = verified_superuser_client()
    listing = reverse("admin:teams_person_changelist")
    found = client.get(listing, {"q": "0912.345.678"}).content.decode()
    assert "Hà Thị Mai" in found and MASK in found
    assert "Lò Thị Xuân" not in found
    assert "Hà Thị Mai" not in client.get(listing, {"q": "345678"}).content.decode()
    page = client.get(reverse("admin:teams_person_change", args=[crew.mai.pk])).content.decode()
    assert MASK in page
    for digits in DIGITS:
        assert digits not in page, digits


def test_a_number_typed_by_hand_before_numbers_were_checked_is_revealed_as_it_was_written(
    world: World, crew: Crew
) -> None:
    """The migration kept such a number sealed as it was written; showing it must not fail."""
    box = vault()
    Person.objects.filter(pk=crew.mai.pk).update(
        phone_sealed=box.seal(PHONE_PURPOSE, "0912 345 (nhà)"), phone_masked="***********hà)"
    )
    response = world.client(world.leader).post(reveal_url(world, crew.mai), {"reason": "Gọi"})
    assert response.status_code == 200
    assert "0912 345 (nhà)" in response.content.decode()
