"""The communes' sums of their villages' roll-ups (``langso/indicators/communes.py``).

They are kept by the same writer as the village rows, so after anything the village rows see
(observations on any day, a village moved to another commune by a unit event) they must be the
village rows grouped by each village's latest commune: ``communes.differences()`` is empty. A
reader may use them for a day only when that day's tree is the latest one for the communes
asked (``matches_latest``).
"""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from langso.access import SYSTEM
from langso.indicators import communes
from langso.indicators.models import CommuneChange, CommuneRollup, RollupChange, VillageCommune
from langso.people import recount
from langso.units import services as units
from langso.units.models import EventKind, Kind
from tests.campaigns.helpers import home, observe, on_day
from tests.roles import World

pytestmark = pytest.mark.django_db

MOVE_DAY = date(2026, 10, 1)


def _commune_figure(commune: Any, indicator: str = "vneid_l2") -> tuple[int, int]:
    row = CommuneRollup.objects.filter(commune=commune, indicator_id=indicator).first()
    return (row.numerator, row.denominator) if row else (0, 0)


def _move_b1_to_a(world: World) -> None:
    event = units.event_record(
        actor=SYSTEM,
        key="test/move-b1",
        kind=EventKind.REPARENT,
        effective=MOVE_DAY,
        legal_basis="NQ thử",
    )
    units.unit_change(actor=SYSTEM, event=event, unit=world.village_b1, parent=world.commune_a)


def test_a_commune_holds_the_sum_of_its_villages(fixture_day: Any, world: World) -> None:
    a1 = home(world.village_a1, "1", people=2)
    b1 = home(world.village_b1, "2")
    with on_day(date(2026, 9, 20)):
        observe(a1[0], True, date(2026, 9, 18))
        observe(b1[0], True, date(2026, 9, 20))
    assert _commune_figure(world.commune_a) == (1, 2)
    assert _commune_figure(world.commune_b) == (1, 1)
    assert dict(VillageCommune.objects.values_list("village_id", "commune_id")) == {
        world.village_a1.pk: world.commune_a.pk,
        world.village_b1.pk: world.commune_b.pk,
    }
    # The day of each change, as the village rows have it.
    assert (
        CommuneChange.objects.filter(commune=world.commune_a, day=date(2026, 9, 18))
        .values_list("numerator_delta", flat=True)
        .get()
        == 1
    )
    assert communes.differences() == {}


def test_a_village_moved_to_another_commune_takes_its_sums(fixture_day: Any, world: World) -> None:
    home(world.village_a1, "1")
    b1 = home(world.village_b1, "2", people=3)
    with on_day(date(2026, 9, 20)):
        observe(b1[0], True, date(2026, 9, 19))
    assert _commune_figure(world.commune_b) == (1, 3)
    assert communes.matches_latest([world.commune_a.pk, world.commune_b.pk], date(2026, 9, 20))
    _move_b1_to_a(world)
    assert _commune_figure(world.commune_a) == (1, 4)
    assert _commune_figure(world.commune_b) == (0, 0)
    assert communes.differences() == {}
    # Its past days moved too: commune A's changes now sum to its figure.
    summed = CommuneChange.objects.filter(commune=world.commune_a, indicator_id="vneid_l2")
    assert summed.aggregate(n=Sum("numerator_delta"))["n"] == 1
    # Before the move the tree is not the latest one: readers must ask the villages. From the
    # move on it is, for A and B together and for each alone.
    assert not communes.matches_latest([world.commune_a.pk, world.commune_b.pk], date(2026, 9, 30))
    assert not communes.matches_latest([world.commune_b.pk], date(2026, 9, 30))
    assert not communes.matches_latest([world.commune_a.pk], date(2026, 9, 30))
    assert communes.matches_latest([world.commune_a.pk, world.commune_b.pk], MOVE_DAY)
    assert communes.matches_latest([world.commune_b.pk], MOVE_DAY)


def test_a_merge_of_communes_moves_every_village(fixture_day: Any, world: World) -> None:
    a2 = home(world.village_a2, "1")
    b1 = home(world.village_b1, "2")
    with on_day(date(2026, 9, 20)):
        observe(a2[0], True, date(2026, 9, 20))
        observe(b1[0], True, date(2026, 9, 20))
    event = units.event_record(
        actor=SYSTEM, key="test/merge", kind=EventKind.MERGE, effective=MOVE_DAY, legal_basis="NQ"
    )
    merged = units.units_merge(
        actor=SYSTEM,
        event=event,
        sources=[world.commune_a, world.commune_b],
        name="Xã Hợp Nhất",
        kind=Kind.COMMUNE,
        code="L-999-01",
        parent=world.province,
    )
    assert _commune_figure(merged) == (2, 2)
    assert communes.differences() == {}
    assert communes.matches_latest([merged.pk], MOVE_DAY + timedelta(days=3))
    assert not communes.matches_latest([world.commune_a.pk], MOVE_DAY - timedelta(days=1))


def test_a_village_made_later_does_not_unsettle_an_earlier_day(
    fixture_day: Any, world: World
) -> None:
    with on_day(date(2026, 9, 25)):
        later = units.unit_create(
            actor=SYSTEM, name="Bản Mới", kind=Kind.VILLAGE, parent=world.commune_a
        )
        person = home(later, "9")
        observe(person[0], True, date(2026, 9, 25))
    assert communes.matches_latest([world.commune_a.pk], date(2026, 9, 15))
    assert communes.differences() == {}


def test_a_recount_finds_and_mends_a_commune_that_drifted(fixture_day: Any, world: World) -> None:
    person = home(world.village_a1, "1")
    with on_day(date(2026, 9, 20)):
        observe(person[0], True, date(2026, 9, 20))
    CommuneRollup.objects.filter(commune=world.commune_a, indicator_id="vneid_l2").update(
        numerator=7
    )
    CommuneChange.objects.filter(commune=world.commune_a, day=date(2026, 9, 20)).delete()
    found = recount.differences()
    assert found[("commune", world.commune_a.pk, "vneid_l2", None)] == ((7, 1), (1, 1))
    assert found[("commune-day", world.commune_a.pk, "vneid_l2", date(2026, 9, 20))] == (
        (0, 0),
        (1, 0),
    )
    with pytest.raises(Exception, match="differ"):
        call_command("recount_rollups")
    call_command("recount_rollups", "--repair")
    assert recount.differences() == {}
    assert _commune_figure(world.commune_a) == (1, 1)


@settings(
    max_examples=15,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, 2),  # village A1, A2, B1
            st.booleans(),  # value
            st.integers(-5, 20),  # happened, days after 20 September
            st.integers(0, 6),  # arrived, days after it happened
        ),
        min_size=1,
        max_size=10,
    ),
    move=st.booleans(),
)
def test_the_communes_are_their_villages_after_any_stream(
    fixture_day: Any, world: World, steps: list[tuple[int, bool, int, int]], move: bool
) -> None:
    from django.db import transaction

    with transaction.atomic():
        villages = [world.village_a1, world.village_a2, world.village_b1]
        people = [home(village, str(n))[0] for n, village in enumerate(villages)]
        base = date(2026, 9, 20)
        for who, value, happened, delay in sorted(steps, key=lambda s: s[2] + s[3]):
            day = base + timedelta(days=happened)
            with on_day(day + timedelta(days=delay)):
                observe(people[who], value, max(day, date(2026, 9, 14)))
        if move:
            _move_b1_to_a(world)
        assert communes.differences() == {}
        # Rebuilt from the villages, the tables are the same rows.
        before = sorted(
            CommuneChange.objects.exclude(numerator_delta=0, denominator_delta=0).values_list(
                "commune_id", "indicator_id", "day", "numerator_delta", "denominator_delta"
            )
        )
        communes.rebuild()
        after = sorted(
            CommuneChange.objects.values_list(
                "commune_id", "indicator_id", "day", "numerator_delta", "denominator_delta"
            )
        )
        assert [row for row in after if row[3] or row[4]] == before
        assert RollupChange.objects.exists()
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_a_move_waits_for_a_writer_in_flight_and_loses_nothing(
    fixture_day: Any, world: World
) -> None:
    """PostgreSQL: a phone's change to village B1 is being written (not yet committed) when an
    officer moves B1 to commune A. The move waits for the write, then carries it; and a write
    that starts during the move books into A. (SQLite has one writer at a time.)"""
    import threading

    from django.db import connection, transaction

    from langso.indicators import rollups

    if connection.vendor != "postgresql":
        pytest.skip("one writer at a time on SQLite")
    day = date(2026, 9, 20)
    with on_day(day):
        person = home(world.village_b1, "1")[0]
    written, release = threading.Event(), threading.Event()
    problems: list[BaseException] = []

    def phone() -> None:
        try:
            with transaction.atomic():
                deltas = rollups.new_deltas()
                deltas[(world.village_b1.pk, "vneid_l2", day)] = [1, 0]
                rollups.apply(deltas)
                written.set()
                release.wait(timeout=30)
        except BaseException as error:  # reported below
            problems.append(error)
        finally:
            connection.close()

    def officer() -> None:
        try:
            _move_b1_to_a(world)
        except BaseException as error:  # reported below
            problems.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=phone)
    writer.start()
    assert written.wait(timeout=30)
    mover = threading.Thread(target=officer)
    mover.start()
    mover.join(timeout=1)
    # The move is held by the write in flight.
    assert mover.is_alive()
    release.set()
    writer.join(timeout=30)
    mover.join(timeout=30)
    assert problems == []
    assert not mover.is_alive()
    assert _commune_figure(world.commune_a) == (1, 1)
    assert _commune_figure(world.commune_b) == (0, 0)
    assert person.household.village_id == world.village_b1.pk
    assert communes.differences() == {}


def test_a_province_read_from_its_communes_says_what_its_villages_say(
    fixture_day: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The indicators API, the children's figures and the 12-month trend of the province, read
    from the communes' sums, equal the same read from the villages (``communes_under`` made to
    say no), today and on past days, before and after a village moved to another commune."""
    from langso.indicators import selectors
    from langso.units.models import UnitVersion

    people = home(world.village_a1, "1", people=2) + home(world.village_b1, "2", people=2)
    steps = [
        (0, date(2026, 9, 15), date(2026, 9, 16)),
        (2, date(2026, 9, 20), date(2026, 10, 3)),
        (1, date(2026, 10, 2), date(2026, 10, 2)),
        (3, date(2026, 10, 20), date(2026, 11, 2)),
    ]
    for who, happened, arrived in steps:
        with on_day(arrived):
            observe(people[who], True, happened)
    with on_day(date(2026, 10, 10)):
        _move_b1_to_a(world)  # effective 1 October, recorded later

    def read(day: date) -> Any:
        version = UnitVersion.objects.get(unit=world.province, valid_until__gt=day)
        _version, whole = selectors.figures(actor=SYSTEM, code=version.code, on=day)
        children = selectors.figures_by_child(actor=SYSTEM, version=version, on=day)
        return (
            [(f.indicator, f.numerator, f.denominator) for f in whole],
            {
                child.unit_id: {code: (f.numerator, f.denominator) for code, f in figs.items()}
                for child, figs in children
            },
            selectors.trend(version=version),
        )

    days = [date(2026, 9, 16), date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 25)]
    with on_day(date(2026, 11, 5)):
        fast = {day: read(day) for day in [*days, date(2026, 11, 5)]}
        used = {day: communes.communes_under(world.province, day) is not None for day in fast}
        monkeypatch.setattr(communes, "communes_under", lambda unit, on: None)
        slow = {day: read(day) for day in fast}
    for day in fast:
        assert fast[day] == slow[day], day
    # Before the move the tree is not the latest: the villages were read both times.
    assert used == {
        date(2026, 9, 16): False,
        date(2026, 9, 30): False,
        date(2026, 10, 1): True,
        date(2026, 10, 25): True,
        date(2026, 11, 5): True,
    }
    # And the figures moved: from 1 October commune A counts B1's people.
    assert fast[date(2026, 10, 1)][1][world.commune_a.pk]["vneid_l2"] == (2, 4)
    assert fast[date(2026, 10, 25)][1][world.commune_a.pk]["vneid_l2"] == (4, 4)
    assert fast[date(2026, 9, 30)][1][world.commune_a.pk]["vneid_l2"] == (1, 2)
