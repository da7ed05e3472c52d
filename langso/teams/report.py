"""The coverage report in words and as a spreadsheet, the way the article and officials write it."""

import io
from collections.abc import Callable

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from langso.core.dates import format_date, today
from langso.core.numbers import format_int
from langso.core.xlsx import title_block
from langso.teams.selectors import Coverage, CoverageReport


def _lower_first(name: str) -> str:
    """ "Huyện Thuận Châu" → "huyện Thuận Châu", to sit inside a sentence."""
    return name[:1].lower() + name[1:]


def summary(coverage: Coverage) -> str:
    """One paragraph in the style of the province's own reports, written from the data."""
    values = {
        "area": _lower_first(coverage.name),
        "on": format_date(coverage.on),
        "teams": format_int(coverage.teams),
        "members": format_int(coverage.members),
        "communes_with": format_int(coverage.communes_with_team),
        "communes": format_int(coverage.communes_total),
        "communes_listed": format_int(coverage.communes_with_villages),
        "commune_members": format_int(coverage.members_commune_level),
        "villages_with": format_int(coverage.villages_with_team),
        "villages": format_int(coverage.villages_total),
        "village_members": format_int(coverage.members_village_level),
        "zalo_communes": format_int(coverage.zalo_groups_commune_level),
        "zalo_villages": format_int(coverage.zalo_groups_village_level),
    }
    if coverage.on >= today():
        opening = ngettext(
            "Across %(area)s there is now %(teams)s community digital technology team "
            "with %(members)s members",
            "Across %(area)s there are now %(teams)s community digital technology teams "
            "with %(members)s members",
            coverage.teams,
        )
    else:
        opening = ngettext(
            "On %(on)s, across %(area)s there was %(teams)s community digital technology team "
            "with %(members)s members",
            "On %(on)s, across %(area)s there were %(teams)s community digital technology "
            "teams with %(members)s members",
            coverage.teams,
        )
    clauses = []
    if coverage.communes_total:
        clauses.append(
            _(
                "%(communes_with)s of %(communes)s commune-level units have a team "
                "(%(commune_members)s members)"
            )
            % values
        )
    if coverage.villages_total:
        clauses.append(
            _(
                "%(villages_with)s of %(villages)s villages, hamlets and sub-areas have a team "
                "(%(village_members)s members)"
            )
            % values
        )
    if coverage.communes_total and coverage.communes_with_villages < coverage.communes_total:
        # Without it "336 of 336 villages" under a province of 75 communes reads as full
        # coverage when only the communes that listed their villages are counted.
        clauses.append(
            _("villages are listed in only %(communes_listed)s of %(communes)s commune-level units")
            % values
        )
    zalo = (
        _(
            "%(zalo_communes)s commune-level and %(zalo_villages)s village-level Zalo groups keep "
            "them in touch"
        )
        % values
    )
    detail = "; ".join([*clauses, zalo])
    return _("%(opening)s: %(detail)s.") % {"opening": opening % values, "detail": detail}


COLUMNS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("communes_total", lambda: _("Commune-level units")),
    ("communes_with_team", lambda: _("with a team")),
    ("communes_with_villages", lambda: _("with a village list")),
    ("villages_total", lambda: _("Villages")),
    ("villages_with_team", lambda: _("with a team")),
    ("teams", lambda: _("Teams")),
    ("members", lambda: _("Members")),
    ("members_commune_level", lambda: _("commune level")),
    ("members_village_level", lambda: _("village level")),
    ("zalo_groups_commune_level", lambda: _("Zalo groups, commune level")),
    ("zalo_groups_village_level", lambda: _("Zalo groups, village level")),
)


def workbook(report: CoverageReport, *, parent_name: str | None) -> bytes:
    """An XLSX with the official title block, one row per child unit and a total row."""
    total = report.total
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Coverage")[:31])
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
    cell = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "#,##0"})
    total_label = book.add_format({"border": 1, "bold": True})
    total_number = book.add_format({"border": 1, "bold": True, "num_format": "#,##0"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    last_col = 2 + len(COLUMNS)

    top = title_block(
        book,
        sheet,
        authority=parent_name or total.name,
        title=_("REPORT"),
        subtitle=_("Community digital technology teams of %(unit)s") % {"unit": total.name},
        on=total.on,
        last_col=last_col,
    )
    sheet.write(top, 0, _("No."), header)
    sheet.write(top, 1, _("Unit"), header)
    sheet.write(top, 2, _("Code"), header)
    for index, (_key, label) in enumerate(COLUMNS, start=3):
        sheet.write(top, index, label(), header)
    sheet.set_row(top, 45)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 32)
    sheet.set_column(2, 2, 12)
    sheet.set_column(3, last_col, 12)

    row = top + 1
    for number_in_list, (version, coverage) in enumerate(report.rows, start=1):
        sheet.write_number(row, 0, number_in_list, cell)
        sheet.write_string(row, 1, version.name, cell)
        sheet.write_string(row, 2, version.code, cell)
        for index, (key, _label) in enumerate(COLUMNS, start=3):
            sheet.write_number(row, index, getattr(coverage, key), number)
        row += 1
    sheet.write_string(row, 0, "", total_label)
    sheet.write_string(row, 1, _("Total"), total_label)
    sheet.write_string(row, 2, total.unit, total_label)
    for index, (key, _label) in enumerate(COLUMNS, start=3):
        sheet.write_number(row, index, getattr(total, key), total_number)
    sheet.merge_range(row + 2, 0, row + 5, last_col, summary(total), wrap)
    sheet.freeze_panes(top + 1, 3)
    book.close()
    return buffer.getvalue()
