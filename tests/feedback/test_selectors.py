"""Reads: duplicate suggestions, the dashboard's figures, and the public view of a report."""

from datetime import timedelta

import pytest
from django.utils import timezone

from langso.access import SYSTEM
from langso.core.errors import NotFound
from langso.feedback import selectors, services
from langso.feedback.models import Report
from tests.feedback.helpers import LAT, LON, aware, file_report, officer_b
from tests.roles import World

pytestmark = pytest.mark.django_db


def test_duplicates_are_similar_reports_in_the_same_village_within_a_week(world: World) -> None:
    report = file_report(world, description="Đường vào bản Hua Nà bị sạt lở nặng")
    same = file_report(world, description="Sạt lở đường vào bản Hua Nà, xe không qua được")
    other_words = file_report(world, description="Cây đổ chắn ngang lối đi")
    other_category = file_report(
        world, category="dien", description="Đường vào bản Hua Nà bị sạt lở nặng"
    )
    other_village = file_report(
        world, place=world.code(world.village_a2), description="Đường vào bản bị sạt lở nặng"
    )
    found = selectors.duplicate_candidates(actor=world.commune_officer, report=report)
    assert [c.report for c in found] == [same]
    assert 0.3 <= found[0].likeness <= 1
    for unlike in (other_words, other_category, other_village):
        assert unlike not in [c.report for c in found]


def test_duplicates_within_200_metres_count_without_a_village(world: World) -> None:
    here = file_report(world, place="03721", latitude=LAT, longitude=LON)
    near = file_report(world, place="03721", latitude="21.4355", longitude=LON)  # ~111 m
    far = file_report(world, place="03721", latitude="21.4400", longitude=LON)  # ~610 m
    found = selectors.duplicate_candidates(actor=world.commune_officer, report=here)
    assert [c.report for c in found] == [near]
    assert found[0].distance_m is not None and 100 < found[0].distance_m < 120
    assert far not in [c.report for c in found]


def test_duplicates_are_only_looked_for_within_seven_days(world: World) -> None:
    now = timezone.now()

    def at(days: int) -> Report:
        return file_report(
            world, place="03721", latitude=LAT, longitude=LON, made_at=now - timedelta(days=days)
        )

    too_old, within, report = at(10), at(5), at(1)
    found = [c.report for c in selectors.duplicate_candidates(actor=SYSTEM, report=report)]
    assert found == [within]
    assert too_old not in found


def test_duplicate_suggestions_are_for_officers_of_the_report_only(world: World) -> None:
    report = file_report(world)
    with pytest.raises(NotFound):
        selectors.duplicate_candidates(actor=officer_b(world), report=report)


def test_the_dashboard_gives_the_median_time_to_resolve_and_the_share_on_time(
    world: World,
) -> None:
    officer = world.commune_officer
    fast = file_report(world, place="03721", made_at=timezone.now() - timedelta(days=2))
    slow = file_report(world, place="03721", made_at=timezone.now() - timedelta(days=6))
    late = file_report(world, place="03721", made_at=aware(2026, 1, 5, 9, 0))
    file_report(world, category="lua-dao")
    for item in (fast, slow):
        services.report_set_status(actor=officer, report=item, status="resolved", reply="Xong")
    services.report_set_status(actor=officer, report=late, status="rejected", reply="Không")
    board = selectors.dashboard(actor=officer, start=aware(2026, 1, 1, 0, 0).date())
    assert board.total == 4
    assert board.median_days is not None and 3.9 < board.median_days < 4.1
    assert board.answered == 3
    assert board.on_time == 2
    assert board.on_time_share == pytest.approx(200 / 3)
    counts = {c.code: c.count for c in board.by_status}
    assert counts == {
        "new": 1,
        "received": 0,
        "in_progress": 0,
        "resolved": 2,
        "rejected": 1,
        "duplicate": 0,
    }
    assert {c.code: c.count for c in board.by_category} == {"duong-sa": 3, "lua-dao": 1}
    assert [(c.label, c.count) for c in board.by_commune] == [("Xã Thuận Châu", 4)]
    assert board.overdue == []


def test_the_dashboard_lists_open_reports_past_their_deadline(world: World) -> None:
    late = file_report(world, place="03721", made_at=aware(2026, 1, 5, 9, 0))
    file_report(world)
    board = selectors.dashboard(actor=world.province_officer)
    assert board.overdue == [late]
    assert board.total == 1  # the last 90 days by default


def test_the_public_view_holds_no_personal_data(world: World) -> None:
    report = file_report(world, name="Lò Văn Xuân", phone="0912345678")
    public = selectors.public_report(code=report.code)
    values = " ".join(str(v) for v in public.__dict__.values())
    assert "Xuân" not in values and "0912" not in values and "L. V. X." not in values
    assert public.description == ""
    assert public.status_label
    with pytest.raises(NotFound):
        selectors.public_report(code="ZZZZ9999")
