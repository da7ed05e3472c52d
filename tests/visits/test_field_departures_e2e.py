"""The field app drops who left the register, in a phone-sized Chromium against a live server:
after a pull, a resident who died is gone from the household's card, and a household merged
into another opens as the one kept."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from langso.access import SYSTEM
from langso.core.dates import today
from langso.people import edit_services as edits
from langso.people import merge_services as merges
from langso.people.models import LifeEventKind, Resident
from langso.people.services import ResidentData, household_create, resident_create
from tests.browser import phone
from tests.roles import World
from tests.visits.test_field_todo_e2e import clean, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_pull_drops_a_resident_who_died_and_a_merged_household_opens_as_the_one_kept(
    world: World, live_server: Any, chromium: Any
) -> None:
    people: dict[str, Resident] = {}
    households = []
    for head, others in (("Lò Văn Pánh", ["Lò Thị Ón"]), ("Lò Văn Chăm", [])):
        household = household_create(actor=SYSTEM, village=world.village_a1, head_name=head)
        households.append(household)
        for index, name in enumerate([head, *others]):
            people[name] = resident_create(
                actor=SYSTEM,
                household=household,
                data=ResidentData(full_name=name, birth_year=1980 + index, is_head=index == 0),
            )
    older, newer = households
    context, page, errors = phone(chromium, service_workers="block")
    page.goto(f"{live_server.url}/field/")
    login(page, world)
    page.wait_for_selector("#households li")
    expect(page.locator("#sync-state")).to_have_text(re.compile("Đã đồng bộ"))
    assert page.locator("#households > li").count() == 2
    page.click(f"[data-household='{newer.pk}']")
    expect(page.locator("h1")).to_have_text("Lò Văn Chăm")

    edits.resident_depart(
        actor=SYSTEM, resident=people["Lò Thị Ón"], kind=LifeEventKind.DIED, on=today()
    )
    merges.household_merge(actor=SYSTEM, first=older, second=newer)
    page.click("#sync")
    # The card left open was merged away: the household kept opens in its place, with both
    # heads' people and without the one who died.
    expect(page.locator("h1")).to_have_text("Lò Văn Pánh")
    expect(page.locator("p.ok")).to_contain_text("đã được gộp")
    expect(page.locator(f"[data-resident='{people['Lò Văn Chăm'].pk}']")).to_have_count(1)
    expect(page.locator(f"[data-resident='{people['Lò Thị Ón'].pk}']")).to_have_count(0)
    clean(page, "after the merge")
    page.click(".back")
    expect(page.locator("#households > li")).to_have_count(1)
    stored = page.evaluate(
        """() => new Promise((done) => {
            const open = indexedDB.open("langso-field");
            open.onsuccess = () => {
                const store = open.result.transaction("residents").objectStore("residents");
                const read = store.getAllKeys();
                read.onsuccess = () => done(read.result);
            };
        })"""
    )
    assert people["Lò Thị Ón"].pk not in stored
    assert sorted(stored) == sorted([people["Lò Văn Pánh"].pk, people["Lò Văn Chăm"].pk])
    assert errors == []
    context.close()
