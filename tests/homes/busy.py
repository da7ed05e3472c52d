"""A commune with work waiting for every role: households nobody visited, residents lacking
indicators, teams without a Zalo group, members without a login, feedback new and overdue, an
import waiting for confirmation and a scam report waiting for moderation."""

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from django.test import Client
from django.utils import timezone

from langso.access import SYSTEM
from langso.feedback.models import Report
from langso.people import import_jobs
from langso.people import services as people
from langso.people.models import Household
from langso.teams import services as teams
from langso.trust import services as trust
from langso.visits import services as visits
from tests.feedback.helpers import file_report
from tests.people import files
from tests.roles import World

# More than one page of the lists (50 rows a page), so that "every page" means something.
HOUSEHOLDS_A1 = 55
VISITED_A1 = 2


@dataclass
class Busy:
    world: World
    households: list[Household]
    reports: list[Report]


def visit_event(household: Household, days_ago: int) -> dict[str, object]:
    when = timezone.localtime(timezone.now() - timedelta(days=days_ago))
    return {
        "id": str(uuid.uuid4()),
        "kind": "visit",
        "household_id": household.pk,
        "occurred_at": when.isoformat(),
        "topics": ["vneid"],
        "observations": [],
        "note": "",
    }


def build_busy(world: World) -> Busy:
    year = timezone.localdate().year
    households = []
    for number in range(1, HOUSEHOLDS_A1 + 1):
        household = people.household_create(
            actor=SYSTEM, village=world.village_a1, number=str(number), head_name=f"Lò Văn {number}"
        )
        people.resident_create(
            actor=SYSTEM,
            household=household,
            data=people.ResidentData(
                full_name=f"Lò Văn {number}", birth_year=year - 30, sex="M", is_head=True
            ),
        )
        households.append(household)
    quiet = people.household_create(actor=SYSTEM, village=world.village_a2, number="1")
    people.resident_create(
        actor=SYSTEM, household=quiet, data=people.ResidentData(full_name="Cầm Thị Thoa")
    )
    answers = visits.sync_push(
        actor=world.member,
        device_id="test",
        events=[visit_event(h, 1) for h in households[:VISITED_A1]],
    )
    assert [a["status"] for a in answers] == ["created"] * VISITED_A1
    teams.zalo_set(actor=SYSTEM, team=world.team_a1, invite_link="https://zalo.me/g/huana01")
    reports = [
        file_report(world),
        file_report(
            world, place=world.code(world.commune_a), made_at=timezone.now() - timedelta(days=60)
        ),
    ]
    job = import_jobs.import_job_create(
        actor=world.commune_officer,
        unit=world.village_a1,
        filename="ds.xlsx",
        data=files.xlsx(files.household_list()),
        create_villages=False,
    )
    import_jobs.import_job_check(str(job.pk))
    trust.report_create(actor=world.member, text="https://evil-vietcombank.top/")
    # An ID number given in A1 that a resident of A2 holds: the commune's officers decide.
    people.resident_create(
        actor=SYSTEM,
        household=quiet,
        data=people.ResidentData(full_name="Quàng Văn Inh", sex="M", id_number="014090001234"),
    )
    people.resident_create(
        actor=world.member,
        household=households[-1],
        data=people.ResidentData(full_name="Quàng Văn In", sex="M", id_number="014090001234"),
    )
    # A name a member found wrong at the door: the commune's officers accept or refuse it.
    head = households[0].residents.get()
    correction = {"kind": "correction", "id": str(uuid.uuid4()), "resident_id": head.pk}
    correction["full_name"] = "Lò Văn Một"
    answers = visits.sync_push(actor=world.member, device_id="test", events=[correction])
    assert [a["status"] for a in answers] == ["created"]
    return Busy(world=world, households=households, reports=reports)


# Reading pages ----------------------------------------------------------------------------------

COUNT_LINK = re.compile(r'<a href="([^"]+)"><span class="num">([\d.,]+)</span>')
FEEDBACK_ROW = re.compile(r'href="/feedback/reports/([A-Z0-9]{8})/"')
MODERATION_ROW = re.compile(r'action="/kiem-tra/kiem-duyet/(\d+)"')
CONFLICT_ROW = re.compile(r'action="/id-conflicts/(\d+)/"')
CORRECTION_ROW = re.compile(r'data-correction="([0-9a-f-]{36})"')
PAGE_LINK = re.compile(r'href="(\?[^"]*page=\d+[^"]*)"')


def counts_on_home(client: Client) -> list[tuple[str, int]]:
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    return [
        (url.replace("&amp;", "&"), int(n.replace(".", "").replace(",", "")))
        for url, n in COUNT_LINK.findall(html)
    ]


def _page_key(address: str) -> tuple[str, str, str]:
    """The list and the page an address shows (page 1 with or without ``page=1``)."""
    parts = urlsplit(address)
    query = parse_qs(parts.query)
    page = query.pop("page", ["1"])[0]
    return parts.path, urlencode(sorted(query.items()), doseq=True), page


def rows_of_list(client: Client, url: str) -> int:
    """The rows of a list over all its pages, following its page links."""
    seen: set[tuple[str, str, str]] = set()
    waiting = [url]
    rows: set[str] = set()
    while waiting:
        address = waiting.pop()
        key = _page_key(address)
        if key in seen:
            continue
        seen.add(key)
        answer = client.get(address)
        assert answer.status_code == 200, address
        html = answer.content.decode()
        if "/feedback/reports/" in address:
            found = FEEDBACK_ROW.findall(html)
        elif "/kiem-tra/kiem-duyet" in address:
            found = MODERATION_ROW.findall(html)
        elif "/id-conflicts/" in address:
            found = CONFLICT_ROW.findall(html)
        elif "/corrections/" in address:
            found = CORRECTION_ROW.findall(html)
        else:
            found = [f"{key}#{i}" for i in range(html.count("data-row"))]
        rows.update(found)
        for link in PAGE_LINK.findall(html):
            waiting.append(urljoin(address, link.replace("&amp;", "&")))
    return len(rows)
