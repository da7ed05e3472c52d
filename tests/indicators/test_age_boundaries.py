"""Populations at their age limits: residents exactly 14, 15 and 18 this year count, a year
younger do not.

A population is "residents of age ≥ N" by birth year in the current year (in Vietnam): in 2026
the 15+ indicators take everyone born in 2011 or before, the adult ones everyone born in 2008 or
before. The clock is fixed in 2026, so the birth years below are the same whatever the real
year. Six residents, born:

====  ===  ==========  ======================  ======================
born  age  smartphone  epayment, dvc (15+)     vneid_l2 (14+)
          (18+)
====  ===  ==========  ======================  ======================
1986  40   in          in                      in
2008  18   in          in                      in
2009  17               in                      in
2011  15               in                      in
2012  14                                       in
2013  13
====  ===  ==========  ======================  ======================

Everyone was observed with a smartphone, an e-payment account and VNeID level 2, so each
numerator equals its denominator: 2, 4 and 5 (and ehealth, for everyone, 0 of 6).
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from langso.access import SYSTEM
from langso.dashboards import selectors as dashboards
from langso.dashboards.selectors import ResidentFilter
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_record
from langso.people import recount
from langso.people import services as people
from langso.people.importing import import_residents
from langso.people.services import ResidentData
from langso.units.models import Unit
from tests.people import files
from tests.reform import VIETNAM
from tests.roles import World

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, tzinfo=VIETNAM)
BORN = [1986, 2008, 2009, 2011, 2012, 2013]
OBSERVED = ["smartphone", "epayment", "vneid_l2"]
# (numerator, denominator) in 2026, counted by hand from the table above.
IN_2026 = {
    "smartphone": (2, 2),
    "digital_signature": (0, 2),
    "epayment": (4, 4),
    "dvc_account": (0, 4),
    "vneid_l2": (5, 5),
    "ehealth": (0, 6),
}


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def register_one_by_one(village: Unit) -> None:
    household = people.household_create(actor=SYSTEM, village=village)
    for number, year in enumerate(BORN):
        resident = people.resident_create(
            actor=SYSTEM,
            household=household,
            data=ResidentData(full_name=f"Lò Văn {year}", birth_year=year, is_head=number == 0),
        )
        for code in OBSERVED:
            observation_record(
                actor=SYSTEM,
                indicator=Indicator.objects.get(code=code),
                subject=people.resident_subject(resident),
                value=True,
                observed_at=NOW,
                source=Source.MANUAL,
            )


def import_list(village: Unit) -> None:
    rows: list[list[object]] = [
        ["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "ĐTTM", "Ví điện tử", "VNeID mức 2"]
    ]
    for number, year in enumerate(BORN):
        rows.append([f"Cà Thị {year}", year, "Chủ hộ" if number == 0 else "Con", "x", "x", "x"])
    report = import_residents(actor=SYSTEM, unit=village, data=files.xlsx(rows), filename="ds.xlsx")
    assert report.rejected == 0, report


def figures(client: Client, code: str) -> dict[str, tuple[int, int]]:
    response = client.get(f"/api/v1/units/{code}/indicators")
    assert response.status_code == 200, response.content
    body: list[dict[str, Any]] = response.json()
    return {
        item["indicator"]: (item["numerator"], item["denominator"])
        for item in body
        if item["indicator"] in IN_2026
    }


def test_residents_registered_one_by_one_count_from_exactly_the_minimum_age(world: World) -> None:
    register_one_by_one(world.village_a1)
    client = world.client(world.commune_officer)
    assert figures(client, world.code(world.village_a1)) == IN_2026


def test_an_imported_list_counts_from_exactly_the_minimum_age(world: World) -> None:
    import_list(world.village_a2)
    client = world.client(world.commune_officer)
    assert figures(client, world.code(world.village_a2)) == IN_2026


def test_a_recount_counts_from_exactly_the_minimum_age(world: World) -> None:
    register_one_by_one(world.village_a1)
    counted = recount.counted()
    assert {
        code: counts
        for (village, code), counts in counted.items()
        if village == world.village_a1.pk and code in IN_2026
    } == IN_2026
    assert recount.differences() == {}


def test_the_dashboard_counts_residents_from_exactly_the_minimum_age(world: World) -> None:
    """With a filter the dashboard counts residents itself (``population_q``), not the
    roll-ups: the same limits must hold there."""
    register_one_by_one(world.village_a1)

    def counted(**chosen: str) -> dict[str, tuple[int, int]]:
        _version, lines = dashboards.lines(
            actor=world.commune_officer,
            code=world.code(world.village_a1),
            on=NOW.date(),
            chosen=ResidentFilter(**chosen),
        )
        return {
            line.indicator: (line.figure.numerator, line.figure.denominator)
            for line in lines
            if line.figure is not None and line.indicator in IN_2026
        }

    assert counted(ethnicity="Thái") == {code: (0, 0) for code in IN_2026}  # nobody is Thái
    assert counted(sex="") == IN_2026  # no filter: the roll-ups
    # The age bands split the six between them, each from exactly its youngest age.
    bands = {band: counted(age_band=band) for band in ("0-14", "15-17", "18-35", "36-59")}
    assert bands["0-14"] == {  # born 2012 and 2013
        "smartphone": (0, 0),
        "digital_signature": (0, 0),
        "epayment": (0, 0),
        "dvc_account": (0, 0),
        "vneid_l2": (1, 1),
        "ehealth": (0, 2),
    }
    assert bands["15-17"] == {  # born 2009 and 2011
        "smartphone": (0, 0),
        "digital_signature": (0, 0),
        "epayment": (2, 2),
        "dvc_account": (0, 2),
        "vneid_l2": (2, 2),
        "ehealth": (0, 2),
    }
    assert bands["18-35"] == {  # born 2008
        "smartphone": (1, 1),
        "digital_signature": (0, 1),
        "epayment": (1, 1),
        "dvc_account": (0, 1),
        "vneid_l2": (1, 1),
        "ehealth": (0, 1),
    }
    assert bands["36-59"] == {  # born 1986
        "smartphone": (1, 1),
        "digital_signature": (0, 1),
        "epayment": (1, 1),
        "dvc_account": (0, 1),
        "vneid_l2": (1, 1),
        "ehealth": (0, 1),
    }


def test_people_join_populations_when_the_year_turns_in_vietnam(world: World) -> None:
    """At midnight in Vietnam (17:00 UTC) everyone is a year older: a recount then counts the
    17-, 14- and 13-year-olds in, and ``repair`` books it, as the yearly job does."""
    register_one_by_one(world.village_a1)

    def counted_in_a1() -> dict[str, tuple[int, int]]:
        return {
            code: counts
            for (village, code), counts in recount.counted().items()
            if village == world.village_a1.pk and code in IN_2026
        }

    with time_machine.travel(datetime(2026, 12, 31, 16, 59, tzinfo=UTC), tick=False):
        assert counted_in_a1() == IN_2026
        assert recount.differences() == {}
    with time_machine.travel(datetime(2026, 12, 31, 17, 0, 30, tzinfo=UTC), tick=False):
        in_2027 = {
            "smartphone": (3, 3),  # born 2009 is now 18
            "digital_signature": (0, 3),
            "epayment": (5, 5),  # born 2012 is now 15
            "dvc_account": (0, 5),
            "vneid_l2": (6, 6),  # born 2013 is now 14
            "ehealth": (0, 6),
        }
        assert counted_in_a1() == in_2027
        assert recount.repair() > 0
        assert recount.differences() == {}
        assert figures(world.client(world.commune_officer), world.code(world.village_a1)) == (
            in_2027
        )
