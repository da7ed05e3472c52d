"""A campaign's progress in words and as a spreadsheet, the way a People's Committee reports it.

``summary`` writes the paragraph an officer would put at the top of a report ("Sau 45 ngày
triển khai, toàn xã Thuận Châu đã có 1.234 công dân …, tăng 321 người, đạt 87,5% chỉ tiêu …"),
from the figures of ``progress.progress``; the page shows it above the goals and the XLSX below
its title block. ``workbook`` writes the official title block, that paragraph, the unit's goals
and its children's.
"""

import io
import math
from datetime import date, datetime, time
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext, pgettext

from langso.campaigns import selectors
from langso.campaigns.models import Campaign
from langso.campaigns.progress import (
    PACE_DAYS,
    ChildProgress,
    GoalProgress,
    Progress,
    target_line,
)
from langso.core.dates import format_date, today
from langso.core.numbers import format_int, format_percent
from langso.core.xlsx import title_block
from langso.indicators.models import Population
from langso.units.models import Level, UnitVersion

# The words names of units begin with (their kind), lowered inside a sentence ("toàn xã Thuận
# Châu") and dropped where a place is named ("Thuận Châu, ngày …"). Longest first.
KIND_WORDS = sorted(
    [
        "Tỉnh",
        "Thành phố",
        "Huyện",
        "Quận",
        "Thị xã",
        "Xã",
        "Phường",
        "Thị trấn",
        "Đặc khu",
        "Bản",
        "Thôn",
        "Tổ dân phố",
        "Tiểu khu",
        "Xóm",
        "Ấp",
        "Khu phố",
        "Khối",
        "Tổ",
        "Làng",
        "Buôn",
        "Sóc",
        "Khu",
    ],
    key=len,
    reverse=True,
)


def _kind_word(name: str) -> str | None:
    for word in KIND_WORDS:
        if name.startswith(word + " "):
            return word
    return None


def in_sentence(name: str) -> str:
    """ "Xã Thuận Châu" → "xã Thuận Châu"; a name without a kind word stays as it is."""
    word = _kind_word(name)
    return word.lower() + name[len(word) :] if word else name


def place_of(name: str) -> str:
    """ "Xã Thuận Châu" → "Thuận Châu": the place a document is dated at."""
    word = _kind_word(name)
    return name[len(word) + 1 :] if word else name


def _lower_first(text: str) -> str:
    """ "Công dân từ 14 tuổi …" → "công dân từ 14 tuổi …"; "VNeID …" stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def people_word(population: str, count: int) -> str:
    """What the indicator counts, after a number: "người", "hộ", "hộ kinh doanh"."""
    if population == Population.HOUSEHOLDS:
        return npgettext("count", "household", "households", count)
    if population == Population.BUSINESSES:
        return npgettext("count", "household business", "household businesses", count)
    return npgettext("count", "person", "people", count)


def basis_text(campaign: Campaign) -> str:
    """ "Kế hoạch số 125/KH-UBND ngày 15/09/2026": the kind of document read from its symbol."""
    symbol = campaign.basis_number.upper()
    if "/QĐ" in symbol:
        kind = _("Decision no. %(number)s")
    elif "/KH" in symbol:
        kind = _("Plan no. %(number)s")
    else:
        kind = _("Document no. %(number)s")
    text = kind % {"number": campaign.basis_number}
    if campaign.basis_date is not None:
        text = _("%(document)s of %(date)s") % {
            "document": text,
            "date": format_date(campaign.basis_date),
        }
    return text


def campaign_days(campaign: Campaign) -> int:
    return (campaign.ends_on - campaign.starts_on).days + 1


def expected(goal: GoalProgress, campaign: Campaign, day: date) -> float | None:
    """How many the plan's straight line asks for on ``day``."""
    return target_line(goal, campaign, day)


def is_behind(goal: GoalProgress, campaign: Campaign, day: date) -> bool | None:
    """Below the plan's straight line on ``day`` (by a whole person): None without a target."""
    line = expected(goal, campaign, day)
    if line is None or goal.gap is None:
        return None
    return goal.gap > 0 and goal.achieved < math.floor(line)


def reached_percent(goal: GoalProgress) -> float | None:
    """The part of the target reached, in percent (capped at 100)."""
    reached = goal.reached
    return None if reached is None else min(100.0, round(100 * reached, 1))


def children_behind(found: Progress) -> list[ChildProgress]:
    """The children below the plan's line on any goal, laggards first."""
    return [
        child
        for child in found.children
        if any(is_behind(goal, found.campaign, found.on) for goal in child.goals)
    ]


def _children_word(version: UnitVersion, count: int) -> str:
    if version.unit.level == Level.PROVINCE:
        return npgettext("count", "commune-level unit", "commune-level units", count)
    if version.unit.level == Level.DISTRICT:
        return npgettext("count", "unit", "units", count)
    return npgettext("count", "village", "villages", count)


def _opening(found: Progress) -> str:
    campaign, on = found.campaign, found.on
    days = found.day_number
    if days == 0:
        return _("Before the campaign starts on %(start)s") % {
            "start": format_date(campaign.starts_on)
        }
    if on >= campaign.ends_on:
        return ngettext(
            "At the end of the campaign (%(end)s), after %(days)s day",
            "At the end of the campaign (%(end)s), after %(days)s days",
            days,
        ) % {"end": format_date(campaign.ends_on), "days": format_int(days)}
    text = ngettext(
        "After %(days)s day of the campaign", "After %(days)s days of the campaign", days
    ) % {"days": format_int(days)}
    if on < today():
        text = _("%(opening)s (as of %(on)s)") % {"opening": text, "on": format_date(on)}
    return text


def _area(version: UnitVersion) -> str:
    name = in_sentence(version.name)
    if version.unit.level == Level.VILLAGE:
        return name
    return _("all of %(unit)s") % {"unit": name}


def _goal_sentence(goal: GoalProgress, population: str, found: Progress, first: bool) -> str:
    """One goal in words: how many have it, the gain, the target, the gap and the pace."""
    campaign, on = found.campaign, found.on
    name = _lower_first(goal.name)
    if goal.population == 0:
        return _("There is no one to count yet for “%(name)s”.") % {"name": goal.name}
    values = {
        "opening": _opening(found),
        "area": _area(found.version),
        "achieved": format_int(goal.achieved),
        "name": name,
        "share": format_percent(100 * (goal.share or 0)),
        "population": format_int(goal.population),
        "gained": format_int(abs(goal.gained)),
        "gained_word": people_word(population, abs(goal.gained)),
    }
    if first:
        text = _("%(opening)s, %(area)s has %(achieved)s %(name)s (%(share)s of %(population)s)")
    else:
        text = _("There are %(achieved)s %(name)s (%(share)s of %(population)s)")
    text = text % values
    if found.day_number > 0:
        if goal.gained > 0:
            text += _(", up %(gained)s %(gained_word)s since the start") % values
        elif goal.gained == 0:
            text += _(", no more than at the start")
        else:
            text += _(", down %(gained)s %(gained_word)s since the start") % values
    wanted = goal.target_people
    if wanted is None:
        return text + _(" (no target set)") + "."
    reached = format_percent(reached_percent(goal) or 0)
    if goal.target_share is not None:
        target = format_percent(float(goal.target_share * 100), digits=_digits(goal))
        if goal.gap == 0:
            text += _(", meeting the target of %(target)s") % {"target": target}
        else:
            text += _(", %(reached)s of the target of %(target)s") % {
                "reached": reached,
                "target": target,
            }
    else:
        count = goal.target_count or 0
        target = f"{format_int(count)} {people_word(population, count)}"
        if goal.gap == 0:
            text += _(", meeting the target of %(target)s more") % {"target": target}
        else:
            text += _(", %(reached)s of the target of %(target)s more") % {
                "reached": reached,
                "target": target,
            }
    if goal.gap:
        text += _("; %(gap)s %(word)s still to go") % {
            "gap": format_int(goal.gap),
            "word": people_word(population, goal.gap),
        }
        if found.day_number > 0 and on < campaign.ends_on:
            if goal.forecast_on is None:
                text += ngettext(
                    ", with no gain in the last %(days)s day: behind schedule",
                    ", with no gain in the last %(days)s days: behind schedule",
                    PACE_DAYS,
                ) % {"days": PACE_DAYS}
            elif goal.on_track:
                text += ngettext(
                    "; at the pace of the last %(days)s day it is met on %(on)s, on schedule",
                    "; at the pace of the last %(days)s days it is met on %(on)s, on schedule",
                    PACE_DAYS,
                ) % {"days": PACE_DAYS, "on": format_date(goal.forecast_on)}
            else:
                text += ngettext(
                    "; at the pace of the last %(days)s day it is met on %(on)s, after the "
                    "end on %(end)s: behind schedule",
                    "; at the pace of the last %(days)s days it is met on %(on)s, after the "
                    "end on %(end)s: behind schedule",
                    PACE_DAYS,
                ) % {
                    "days": PACE_DAYS,
                    "on": format_date(goal.forecast_on),
                    "end": format_date(campaign.ends_on),
                }
    return text + "."


def _digits(goal: GoalProgress) -> int:
    percent = goal.target_share * 100 if goal.target_share is not None else 0
    return 0 if percent == int(percent) else (1 if percent * 10 == int(percent * 10) else 2)


def summary(found: Progress) -> str:
    """The progress in one paragraph, written from the data, in the reader's language."""
    populations = {
        goal.indicator_id: goal.indicator.population for goal in selectors.goals_of(found.campaign)
    }
    sentences = [
        _goal_sentence(goal, populations.get(goal.indicator, ""), found, index == 0)
        for index, goal in enumerate(found.goals)
    ]
    counted = [child for child in found.children if any(g.population for g in child.goals)]
    if counted and found.day_number > 0:
        behind = [child for child in children_behind(found) if child in counted]
        total = len(counted)
        word = _children_word(found.version, total)
        if behind:
            names = ", ".join(child.version.name for child in behind[:3])
            sentence = ngettext(
                "%(behind)s of %(total)s %(word)s is below the plan's pace; furthest "
                "behind: %(names)s",
                "%(behind)s of %(total)s %(word)s are below the plan's pace; furthest "
                "behind: %(names)s",
                len(behind),
            ) % {
                "behind": format_int(len(behind)),
                "total": format_int(total),
                "word": word,
                "names": names,
            }
        else:
            sentence = _("All %(total)s %(word)s keep to the plan's pace") % {
                "total": format_int(total),
                "word": word,
            }
        empty = len(found.children) - total
        if empty:
            sentence += _("; %(count)s %(word)s have no figures yet") % {
                "count": format_int(empty),
                "word": _children_word(found.version, empty),
            }
        sentences.append(sentence + ".")
    return " ".join(sentences)


# The spreadsheet ---------------------------------------------------------------------------------

GOAL_COLUMNS = 11  # No., indicator, population … on track


def _number(sheet: Any, row: int, col: int, value: float | None, style: Any) -> None:
    if value is None:
        sheet.write_blank(row, col, None, style)
    else:
        sheet.write_number(row, col, value, style)


def _target_text(goal: GoalProgress, population: str) -> str:
    if goal.target_share is not None:
        return format_percent(float(goal.target_share * 100), digits=_digits(goal))
    if goal.target_count is not None:
        return _("%(count)s more %(word)s") % {
            "count": format_int(goal.target_count),
            "word": people_word(population, goal.target_count),
        }
    return "—"


def on_track_text(goal: GoalProgress) -> str:
    if goal.on_track is None:
        return ""
    return _("on schedule") if goal.on_track else _("behind schedule")


def dated_at(place: str, day: date) -> str:
    """ "Thuận Châu, ngày 04 tháng 11 năm 2026" (Decree 30/2020/NĐ-CP)."""
    return _("%(place)s, %(day)s/%(month)s/%(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }


def workbook(*, found: Progress, authority: UnitVersion, text: str) -> bytes:
    """The XLSX of a campaign's progress in ``found.version`` on ``found.on``.

    ``authority`` is the campaign's unit, whose People's Committee issued the plan and reports
    on it; ``text`` the summary paragraph.
    """
    campaign = found.campaign
    populations = {
        goal.indicator_id: goal.indicator.population for goal in selectors.goals_of(campaign)
    }
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    header = book.add_format(
        {
            "bold": True,
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "bg_color": "#E8EEF7",
        }
    )
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    integer = book.add_format({"border": 1, "num_format": "#,##0", "valign": "top"})
    percent = book.add_format({"border": 1, "num_format": "0.0", "valign": "top"})
    day_cell = book.add_format({"border": 1, "num_format": "dd/mm/yyyy", "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    italic_right = book.add_format({"italic": True, "align": "center"})
    bold = book.add_format({"bold": True})

    sheet = book.add_worksheet(pgettext("sheet", "Progress")[:31])
    last_col = GOAL_COLUMNS - 1
    top = title_block(
        book,
        sheet,
        authority=authority.name,
        title=_("REPORT"),
        subtitle=_("Progress of %(campaign)s in %(unit)s")
        % {"campaign": campaign.name, "unit": found.version.name},
        on=found.on,
        last_col=last_col,
        left_last=2,
        right_first=4,
    )
    sheet.merge_range(2, 4, 2, last_col, dated_at(place_of(authority.name), today()), italic_right)
    row = top
    sheet.merge_range(
        row,
        0,
        row,
        last_col,
        _("Under %(basis)s, from %(start)s to %(end)s")
        % {
            "basis": basis_text(campaign),
            "start": format_date(campaign.starts_on),
            "end": format_date(campaign.ends_on),
        },
        wrap,
    )
    row += 1
    sheet.merge_range(row, 0, row + 3, last_col, text, wrap)
    # A merged range does not grow with its text: give its four rows the height the paragraph
    # needs at about 150 characters a line across the sheet's width.
    lines = math.ceil(len(text) / 150) + 1
    for extra in range(4):
        sheet.set_row(row + extra, max(15.0, lines * 15.0 / 4))
    row += 5

    labels = [
        _("No."),
        pgettext("campaign", "Indicator"),
        _("Population"),
        _("Baseline"),
        _("Achieved"),
        _("Gained"),
        pgettext("campaign", "Target"),
        _("Percent (%)"),
        _("Still to go"),
        _("Forecast"),
        _("Pace"),
    ]
    for col, label in enumerate(labels):
        sheet.write_string(row, col, label, header)
    sheet.set_row(row, 30)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, last_col, 13)
    for number, goal in enumerate(found.goals, start=1):
        row += 1
        sheet.write_number(row, 0, number, integer)
        sheet.write_string(row, 1, goal.name, cell)
        sheet.write_number(row, 2, goal.population, integer)
        sheet.write_number(row, 3, goal.baseline, integer)
        sheet.write_number(row, 4, goal.achieved, integer)
        sheet.write_number(row, 5, goal.gained, integer)
        sheet.write_string(row, 6, _target_text(goal, populations.get(goal.indicator, "")), cell)
        _number(sheet, row, 7, goal.percent, percent)
        _number(sheet, row, 8, goal.gap, integer)
        if goal.forecast_on is not None:
            sheet.write_datetime(row, 9, datetime.combine(goal.forecast_on, time.min), day_cell)
        else:
            sheet.write_blank(row, 9, None, day_cell)
        sheet.write_string(row, 10, on_track_text(goal), cell)

    if found.children:
        row += 2
        sheet.write_string(
            row,
            0,
            _("Units under %(unit)s, furthest behind first") % {"unit": found.version.name},
            bold,
        )
        row += 1
        sheet.merge_range(row, 0, row + 1, 0, _("No."), header)
        sheet.merge_range(row, 1, row + 1, 1, _("Unit"), header)
        col = 2
        for goal in found.goals:
            sheet.merge_range(row, col, row, col + 2, goal.name, header)
            sheet.write_string(row + 1, col, _("Percent (%)"), header)
            sheet.write_string(row + 1, col + 1, pgettext("campaign", "Target"), header)
            sheet.write_string(row + 1, col + 2, _("Still to go"), header)
            col += 3
        sheet.set_row(row, 45)
        sheet.set_column(last_col + 1, max(col - 1, last_col + 1), 13)
        row += 1
        for number, child in enumerate(found.children, start=1):
            row += 1
            sheet.write_number(row, 0, number, integer)
            sheet.write_string(row, 1, child.version.name, cell)
            col = 2
            for goal in child.goals:
                _number(sheet, row, col, goal.percent, percent)
                sheet.write_string(
                    row, col + 1, _target_text(goal, populations.get(goal.indicator, "")), cell
                )
                _number(sheet, row, col + 2, goal.gap, integer)
                col += 3
    book.close()
    return buffer.getvalue()
