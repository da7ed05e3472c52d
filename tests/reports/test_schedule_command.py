"""``manage.py reports_schedule``: the day's scheduled drafts, said in words, safe to rerun.

The world of ``tests.roles`` has officers on commune A and on the province, so the first working
day of a month makes two drafts of the month just ended.
"""

from collections.abc import Iterator
from datetime import date, datetime, time
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from langso.access import SYSTEM
from langso.reports import services
from langso.reports.models import Report, ReportStatus
from tests.reform import VIETNAM
from tests.roles import World

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, a working day: November's monthly reports are due.
FIRST = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(datetime.combine(FIRST, time(6), VIETNAM), tick=False):
        yield


def run(*arguments: str) -> str:
    out = StringIO()
    call_command("reports_schedule", *arguments, stdout=out)
    return out.getvalue()


def test_the_first_working_day_of_a_month_makes_its_drafts_and_says_how_many(
    settled_world: World,
) -> None:
    said = run("--on", "2026-12-01")
    assert said.splitlines()[-1] == "2 drafts made on 2026-12-01."
    code = settled_world.code(settled_world.commune_a)
    assert f"monthly report of {code} " in said
    assert "2026-11-01 to 2026-11-30" in said
    made = Report.objects.all()
    assert {r.unit_id for r in made} == {settled_world.commune_a.pk, settled_world.province.pk}
    assert all(r.scheduled and r.status == ReportStatus.DRAFT for r in made)


def test_run_again_it_makes_nothing_more(settled_world: World) -> None:
    run("--on", "2026-12-01")
    said = run("--on", "2026-12-01")
    assert said.startswith("No draft made on 2026-12-01")
    assert Report.objects.count() == 2


def test_a_draft_made_by_hand_is_left_alone_and_the_other_is_made(settled_world: World) -> None:
    mine = services.report_create(
        actor=SYSTEM,
        kind="monthly",
        unit="14",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
    )
    said = run("--on", "2026-12-01")
    assert said.splitlines()[-1] == "One draft made on 2026-12-01."
    assert Report.objects.exclude(pk=mine.pk).get().unit_id == settled_world.commune_a.pk
    assert not Report.objects.get(pk=mine.pk).scheduled


def test_without_a_day_it_makes_todays_drafts(settled_world: World) -> None:
    assert run().splitlines()[-1] == "2 drafts made on 2026-12-01."


def test_a_day_that_begins_no_period_makes_nothing(settled_world: World) -> None:
    said = run("--on", "2026-12-02")
    assert said.startswith("No draft made on 2026-12-02: it is not the first working day")
    assert not Report.objects.exists()


@pytest.mark.parametrize("given", ["2026-13-01", "1/12/2026", "hôm nay", ""])
def test_a_day_that_is_not_a_date_is_refused(settled_world: World, given: str) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--on", given)
    assert not Report.objects.exists()
