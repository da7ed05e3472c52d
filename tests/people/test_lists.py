"""The household and resident lists of a village or a commune: filters, sorting, pages, the XLSX
export and the printed sheet, bad parameters and who may open them."""

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from langso.access import SYSTEM
from langso.core.dates import today
from langso.core.models import AuditAction, AuditEntry
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_record
from langso.people import services
from langso.people.models import Household, Resident
from langso.people.services import ResidentData
from langso.visits import services as visits
from tests.roles import World

pytestmark = pytest.mark.django_db

CCCD = "014185000189"
PHONE = "0912876678"
THIS_YEAR = today().year


@dataclass
class Village:
    """Households of villages A1 and A2 (commune A) and B1 (commune B), each worth finding."""

    visited: Household  # A1 no. 1: visited yesterday; Xuân has VNeID, her son is too young
    lacking: Household  # A1 no. 2: never visited; nobody has anything; an old man
    business: Household  # A1 no. 10: a business with fibre, never visited
    elsewhere: Household  # A2 no. 3: in the other village of the commune
    other_commune: Household  # B1 no. 7
    xuan: Resident
    child: Resident
    old: Resident
    young_adult: Resident


def _person(household: Household, name: str, born: int, **extra: Any) -> Resident:
    return services.resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(full_name=name, birth_year=born, **extra),
    )


def _mark(subject: Any, code: str) -> None:
    observation_record(
        actor=SYSTEM,
        indicator=Indicator.objects.get(code=code),
        subject=subject,
        value=True,
        observed_at=timezone.now() - timedelta(days=3),
        source=Source.VISIT,
    )


def _visit(world: World, household: Household, days_ago: int, note: str = "") -> None:
    results = visits.sync_push(
        actor=world.member,
        device_id="t",
        events=[
            {
                "id": str(uuid.uuid4()),
                "household_id": household.pk,
                "occurred_at": (timezone.now() - timedelta(days=days_ago)).isoformat(),
                "topics": ["vneid", "scam_awareness"],
                "note": note,
            }
        ],
    )
    assert results[0]["status"] == "created"


@pytest.fixture
def village(world: World) -> Village:
    a1, a2, b1 = world.village_a1, world.village_a2, world.village_b1
    visited = services.household_create(actor=SYSTEM, village=a1, number="1")
    xuan = _person(visited, "Lò Thị Xuân", 1985, sex="F", is_head=True, id_number=CCCD, phone=PHONE)
    child = _person(visited, "Lò Văn Tùng", THIS_YEAR - 8, sex="M", relationship="Con")
    _mark(services.resident_subject(xuan), "vneid_l2")
    lacking = services.household_create(actor=SYSTEM, village=a1, number="2")
    old = _person(lacking, "Cầm Văn Ơn", THIS_YEAR - 70, sex="M", is_head=True)
    young_adult = _person(lacking, "Cầm Thị Ánh", THIS_YEAR - 20, sex="F", relationship="Con")
    business = services.household_create(actor=SYSTEM, village=a1, number="10", is_business=True)
    _person(business, "Bạc Văn Hùng", 1975, sex="M", is_head=True)
    _mark(services.household_subject(business), "household_broadband")
    elsewhere = services.household_create(actor=SYSTEM, village=a2, number="3")
    _person(elsewhere, "Hà Thị Mai", 1990, sex="F", is_head=True)
    other_commune = services.household_create(actor=SYSTEM, village=b1, number="7")
    _person(other_commune, "Quàng Văn Inh", 1990, sex="M", is_head=True)
    _visit(world, visited, days_ago=1, note="Hẹn quay lại chiều thứ Năm")
    return Village(
        visited, lacking, business, elsewhere, other_commune, xuan, child, old, young_adult
    )


def url(world: World, name: str, unit: str = "village_a1") -> str:
    return reverse(f"people:{name}", args=[world.code(getattr(world, unit))])


def households_in(text: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="household-(\d+)">', text)]


def residents_in(text: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<th scope="row"><a href="/residents/(\d+)/">', text)]


def get(world: World, who: str, address: str, query: dict[str, str] | None = None) -> Any:
    return world.client(getattr(world, who)).get(address, query or {})


def text(response: Any) -> str:
    assert response.status_code == 200, response.content[:2000]
    return str(response.content.decode())


# Filters narrow the list


def test_the_commune_lists_every_household_of_its_villages_and_no_other(
    world: World, village: Village
) -> None:
    found = households_in(
        text(get(world, "commune_officer", url(world, "households", "commune_a")))
    )
    assert set(found) == {
        village.visited.pk,
        village.lacking.pk,
        village.business.pk,
        village.elsewhere.pk,
    }


def test_the_village_filter_keeps_one_village(world: World, village: Village) -> None:
    address = url(world, "households", "commune_a")
    found = households_in(
        text(get(world, "commune_officer", address, {"village": world.code(world.village_a2)}))
    )
    assert found == [village.elsewhere.pk]


def test_a_household_indicator_keeps_the_households_that_count_for_it_and_lack_it(
    world: World, village: Village
) -> None:
    broadband = households_in(
        text(get(world, "member", url(world, "households"), {"lacks": "household_broadband"}))
    )
    assert broadband == [village.visited.pk, village.lacking.pk]
    # Only businesses count for business indicators.
    shop = households_in(
        text(get(world, "member", url(world, "households"), {"lacks": "business_qr_payment"}))
    )
    assert shop == [village.business.pk]


def test_a_resident_indicator_keeps_households_where_someone_old_enough_lacks_it(
    world: World, village: Village
) -> None:
    """Xuân has VNeID and her son is too young for it: nobody in her household lacks it."""
    found = households_in(
        text(get(world, "member", url(world, "households"), {"lacks": "vneid_l2"}))
    )
    assert found == [village.lacking.pk, village.business.pk]


def test_an_age_band_keeps_households_with_someone_of_that_age(
    world: World, village: Village
) -> None:
    found = households_in(text(get(world, "member", url(world, "households"), {"age": "60+"})))
    assert found == [village.lacking.pk]


def test_not_visited_since_keeps_households_without_a_visit_from_that_day(
    world: World, village: Village
) -> None:
    yesterday = (today() - timedelta(days=1)).isoformat()
    found = households_in(
        text(get(world, "member", url(world, "households"), {"since": yesterday}))
    )
    assert found == [village.lacking.pk, village.business.pk]
    earlier = (today() - timedelta(days=5)).isoformat()
    found = households_in(text(get(world, "member", url(world, "households"), {"since": earlier})))
    assert found == [village.lacking.pk, village.business.pk]
    today_only = today().isoformat()
    found = households_in(
        text(get(world, "member", url(world, "households"), {"since": today_only}))
    )
    assert village.visited.pk in found


def test_filters_combine_the_same_person_for_age_and_lacking(
    world: World, village: Village
) -> None:
    """A 70-year-old lacks VNeID in household 2; in household 1 the only one lacking it is a
    child: "someone of 60 and over who lacks VNeID" is household 2 alone."""
    query = {"lacks": "vneid_l2", "age": "60+", "since": today().isoformat()}
    found = households_in(text(get(world, "member", url(world, "households"), query)))
    assert found == [village.lacking.pk]
    query = {"lacks": "vneid_l2", "age": "0-14"}
    assert households_in(text(get(world, "member", url(world, "households"), query))) == []


def test_resident_filters_each_narrow_the_list(world: World, village: Village) -> None:
    address = url(world, "residents")
    everyone = residents_in(text(get(world, "member", address)))
    assert set(everyone) == set(
        Resident.objects.filter(village=world.village_a1).values_list("pk", flat=True)
    )
    lacking = residents_in(text(get(world, "member", address, {"lacks": "vneid_l2"})))
    assert village.xuan.pk not in lacking and village.child.pk not in lacking
    assert village.old.pk in lacking and village.young_adult.pk in lacking
    assert residents_in(text(get(world, "member", address, {"age": "18-35"}))) == [
        village.young_adult.pk
    ]
    since = residents_in(text(get(world, "member", address, {"since": today().isoformat()})))
    assert village.xuan.pk in since
    yesterday = (today() - timedelta(days=1)).isoformat()
    not_since = residents_in(text(get(world, "member", address, {"since": yesterday})))
    assert village.xuan.pk not in not_since and village.old.pk in not_since
    combined = {"lacks": "vneid_l2", "age": "60+", "q": "cam van"}
    assert residents_in(text(get(world, "member", address, combined))) == [village.old.pk]


def test_the_resident_list_of_a_commune_names_each_village(world: World, village: Village) -> None:
    page = text(get(world, "commune_officer", url(world, "residents", "commune_a")))
    assert "Hà Thị Mai" in page and "Tiểu khu 3" in page
    assert "Quàng Văn Inh" not in page


# Sorting


def test_households_sort_by_number_head_and_last_visit(world: World, village: Village) -> None:
    address = url(world, "households")
    by_number = households_in(text(get(world, "member", address)))
    assert by_number == [village.visited.pk, village.lacking.pk, village.business.pk]
    by_head = households_in(text(get(world, "member", address, {"sort": "head"})))
    # Bạc, Cầm, Lò: by the head's name without diacritics.
    assert by_head == [village.business.pk, village.lacking.pk, village.visited.pk]
    by_visit = households_in(text(get(world, "member", address, {"sort": "visit"})))
    assert by_visit[-1] == village.visited.pk


def test_residents_sort_by_name_and_age(world: World, village: Village) -> None:
    address = url(world, "residents")
    by_name = residents_in(text(get(world, "member", address)))
    names = list(Resident.objects.filter(pk__in=by_name).values_list("pk", "full_name_folded"))
    assert by_name == [pk for pk, _name in sorted(names, key=lambda row: row[1])]
    oldest = residents_in(text(get(world, "member", address, {"sort": "oldest"})))
    assert oldest[0] == village.old.pk and oldest[-1] == village.child.pk
    youngest = residents_in(text(get(world, "member", address, {"sort": "youngest"})))
    assert youngest == list(reversed(oldest))


# Pages


def _many(world: World, count: int, first: int = 100) -> None:
    """``count`` households of two people aged 30 and 28, none of whom has anything yet."""
    for number in range(first, first + count):
        home = services.household_create(actor=SYSTEM, village=world.village_a1, number=str(number))
        _person(home, "Lò Văn Pánh", THIS_YEAR - 30, is_head=True)
        _person(home, "Lò Thị Ỏn", THIS_YEAR - 28)


def test_pages_hold_fifty_and_their_links_keep_the_filters(world: World, village: Village) -> None:
    _many(world, 60)
    query = {"lacks": "vneid_l2", "age": "18-35", "sort": "head"}
    first = text(get(world, "member", url(world, "households"), query))
    assert len(households_in(first)) == 50
    link = re.search(r'href="\?([^"]*page=2)" rel="next"', first)
    assert link is not None
    params = link.group(1).replace("&amp;", "&")
    assert "lacks=vneid_l2" in params and "age=18-35" in params and "sort=head" in params
    second = text(world.client(world.member).get(url(world, "households") + "?" + params))
    # 60 new households of people aged 30 and 28, and household 2's 20-year-old: 61 in all.
    assert len(households_in(second)) == 11
    assert not set(households_in(first)) & set(households_in(second))
    residents = text(get(world, "member", url(world, "residents"), {"page": "3"}))
    assert (
        len(residents_in(residents))
        == Resident.objects.filter(village=world.village_a1).count() - 100
    )


@pytest.mark.parametrize("page", ["abc", "0", "-1", "٣", "1.5", "9" * 40])
def test_a_page_that_is_no_number_shows_the_first(
    world: World, village: Village, page: str
) -> None:
    found = households_in(text(get(world, "member", url(world, "households"), {"page": page})))
    assert found[0] == village.visited.pk


def test_a_page_past_the_end_shows_the_last_and_says_so(world: World, village: Village) -> None:
    _many(world, 60)
    page = text(get(world, "member", url(world, "households"), {"page": "99999"}))
    assert len(households_in(page)) == 13
    assert "99999" in page
    residents = text(get(world, "member", url(world, "residents"), {"page": "99999"}))
    assert residents_in(residents)


# Bad filters answer a page that says what is wrong


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("lacks", "no_such_thing", "no_such_thing"),
        ("since", "hôm qua", "YYYY-MM-DD"),
        ("since", "2026-02-30", "YYYY-MM-DD"),
        ("since", "3000-01-01", "1900"),
        ("age", "200+", "200+"),
        ("sort", "password", "password"),
        ("village", "03727.001", "03727.001"),
    ],
)
@pytest.mark.parametrize("kind", ["households", "residents"])
def test_a_bad_filter_is_refused_on_the_page_with_its_field(
    world: World, village: Village, kind: str, name: str, value: str, says: str
) -> None:
    response = get(world, "commune_officer", url(world, kind, "commune_a"), {name: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert "has-error" in page and says in page
    assert not households_in(page) and not residents_in(page)
    for what in (f"{kind}_xlsx", f"{kind}_print"):
        before = AuditEntry.objects.count()
        refused = get(world, "commune_officer", url(world, what, "commune_a"), {name: value})
        assert refused.status_code == 400
        assert b"INVALID_INPUT" in refused.content
        assert AuditEntry.objects.count() == before


def test_a_household_indicator_is_no_filter_of_residents(world: World, village: Village) -> None:
    response = get(world, "member", url(world, "residents"), {"lacks": "household_broadband"})
    assert response.status_code == 400


# The export


def _sheet(content: bytes) -> list[list[Any]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row and row[0] == "STT")
    return rows[header:]


def test_the_export_holds_exactly_the_filtered_rows_masked_and_is_audited(
    world: World, village: Village
) -> None:
    query = {"lacks": "household_broadband"}
    response = get(world, "member", url(world, "households_xlsx"), query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-ho-')
    rows = _sheet(response.content)
    assert [row[1] for row in rows[1:]] == ["1", "2"]
    assert "Internet cáp quang" in rows[0]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor_id == world.member.pk
    assert entry.object_id == world.code(world.village_a1)
    assert entry.detail == {"list": "households", "rows": 2, "filters": query}


def test_the_resident_export_masks_numbers_and_follows_the_filters(
    world: World, village: Village
) -> None:
    response = get(world, "member", url(world, "residents_xlsx"), {"sort": "oldest"})
    content = response.content
    rows = _sheet(content)
    names = [row[1] for row in rows[1:]]
    assert names[0] == "Cầm Văn Ơn" and names[-1] == "Lò Văn Tùng"
    assert len(names) == Resident.objects.filter(village=world.village_a1).count()
    xuan = next(row for row in rows if row[1] == "Lò Thị Xuân")
    assert "**********89" in xuan and "*******678" in xuan
    flat = " ".join(str(cell) for row in rows for cell in row)
    for plain in (CCCD, PHONE, "912876678", "0912 876 678"):
        assert plain not in flat
    # The XLSX is a zip: look for the clear numbers in its raw bytes too.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            assert CCCD.encode() not in archive.read(name)
    lacking = get(world, "member", url(world, "residents_xlsx"), {"lacks": "vneid_l2"})
    exported = {row[1] for row in _sheet(lacking.content)[1:]}
    assert "Lò Thị Xuân" not in exported and "Cầm Văn Ơn" in exported


# The printed sheet


def test_the_printed_sheet_has_the_filtered_rows_and_boxes_to_tick(
    world: World, village: Village
) -> None:
    page = text(get(world, "member", url(world, "residents_print"), {"lacks": "vneid_l2"}))
    assert "people/print.css" in page
    assert "Cầm Văn Ơn" in page and "Lò Thị Xuân" not in page
    assert "VNeID mức 2" in page
    assert 'class="box"' in page
    households = text(get(world, "commune_officer", url(world, "households_print", "commune_a")))
    assert "Hà Thị Mai" in households and "Lò Thị Xuân" in households
    assert "Tiểu khu 3" in households
    assert "Quàng Văn Inh" not in households


# Who may open the lists


LIST_ROUTES = [
    "households",
    "residents",
    "households_xlsx",
    "residents_xlsx",
    "households_print",
    "residents_print",
]


@pytest.mark.parametrize("route", LIST_ROUTES)
@pytest.mark.parametrize(
    ("who", "unit", "allowed"),
    [
        ("commune_officer", "commune_a", True),
        ("commune_officer", "commune_b", False),
        ("commune_officer", "village_b1", False),
        ("member", "village_a1", True),
        ("member", "village_a2", False),
        ("member", "commune_a", False),
        ("member_b", "village_a1", False),
        ("leader", "village_a2", False),
        ("outsider", "village_a1", False),
        ("province_officer", "commune_b", True),
    ],
)
def test_the_lists_open_only_in_scope(
    world: World, village: Village, route: str, who: str, unit: str, allowed: bool
) -> None:
    before = AuditEntry.objects.count()
    response = get(world, who, url(world, route, unit))
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", LIST_ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(world: World, route: str) -> None:
    response = world.client(None).get(url(world, route))
    assert response.status_code == 302


def test_lists_above_a_commune_are_refused_for_export_and_print(world: World) -> None:
    for route in ("households_xlsx", "households_print", "residents_xlsx"):
        response = get(world, "province_officer", reverse(f"people:{route}", args=["14"]))
        assert response.status_code == 400
    page = text(get(world, "province_officer", reverse("people:residents", args=["14"])))
    assert reverse("people:households", args=["03721"]) in page


# Queries


SORTS = {"households": "visit", "residents": "oldest"}


@pytest.mark.parametrize("route", ["households", "residents"])
def test_a_page_costs_as_many_queries_for_fifty_rows_as_for_one(
    world: World, route: str, django_assert_max_num_queries: Any
) -> None:
    client = world.client(world.commune_officer)
    address = url(world, route, "commune_a")
    query = {"lacks": "vneid_l2", "since": today().isoformat(), "sort": SORTS[route]}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address, query).status_code == 200
        return len(captured.captured_queries)

    _many(world, 1)
    few = queries()
    _many(world, 60, first=200)
    with django_assert_max_num_queries(few):
        assert client.get(address, query).status_code == 200
    assert queries() == few
    # The list itself costs about 15; the header menu and its badges (feedback, moderation,
    # flagged shop links) and the page's actions cost about 11 more, the same on every page.
    assert few <= 31
