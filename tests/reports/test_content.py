"""How a report names its period and keeps acronyms inside sentences."""

from datetime import date

import pytest

from langso.reports.content import lower_first, period_text


@pytest.mark.parametrize(
    ("kind", "start", "end", "words"),
    [
        ("month", date(2026, 11, 1), date(2026, 11, 30), "tháng 11 năm 2026"),
        ("month", date(2026, 9, 1), date(2026, 9, 13), "từ ngày 01/09/2026 đến ngày 13/09/2026"),
        ("quarter", date(2026, 10, 1), date(2026, 12, 31), "quý IV năm 2026"),
        ("quarter", date(2026, 11, 1), date(2027, 1, 31), "từ ngày 01/11/2026 đến ngày 31/01/2027"),
        ("half", date(2026, 1, 1), date(2026, 6, 30), "6 tháng đầu năm 2026"),
        ("half", date(2026, 7, 1), date(2026, 12, 31), "6 tháng cuối năm 2026"),
        ("year", date(2025, 1, 1), date(2025, 12, 31), "năm 2025"),
        ("year", date(2025, 1, 1), date(2025, 12, 30), "từ ngày 01/01/2025 đến ngày 30/12/2025"),
    ],
)
def test_a_whole_period_is_named_and_any_other_is_given_by_its_days(
    kind: str, start: date, end: date, words: str
) -> None:
    assert period_text(kind, start, end) == words


def test_a_campaign_is_named() -> None:
    assert period_text("campaign", date(2026, 9, 21), date(2026, 11, 30), "VNeID 90 ngày") == (
        "chiến dịch VNeID 90 ngày"
    )


def test_only_the_first_letter_is_lowered() -> None:
    assert lower_first("Định danh điện tử VNeID") == "định danh điện tử VNeID"
