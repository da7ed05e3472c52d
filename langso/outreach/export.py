"""An announcement's deliveries as a spreadsheet, under the official title block: the counts
per channel and status, per village, the Zalo groups, then one row per delivery (addresses
masked, reasons in words)."""

import io
from collections.abc import Iterable
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.core.dates import today
from langso.core.errors import code_label
from langso.core.xlsx import title_block
from langso.outreach import selectors
from langso.outreach.models import Announcement, Channel, Delivery, DeliveryStatus
from langso.units.models import UnitVersion

MOMENT = "%H:%M %d/%m/%Y"


def _moment(value: Any) -> str:
    return timezone.localtime(value).strftime(MOMENT) if value else ""


def reason(delivery: Delivery) -> str:
    """Why a delivery failed, in words; empty when it did not."""
    if delivery.error_code:
        return code_label(delivery.error_code)
    return ""


def workbook(
    *,
    announcement: Announcement,
    board: dict[str, Any],
    deliveries: Iterable[Delivery],
    authority: UnitVersion | None,
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Deliveries")[:31])
    header = book.add_format(
        {"bold": True, "border": 1, "align": "center", "text_wrap": True, "bg_color": "#E8EEF7"}
    )
    cell = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "#,##0"})
    bold = book.add_format({"bold": True})
    last_col = 7
    row = title_block(
        book,
        sheet,
        authority=authority.name if authority else "",
        title=_("REPORT"),
        subtitle=_("Deliveries of the announcement “%(title)s”") % {"title": announcement.title},
        on=today(),
        last_col=last_col,
    )
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, last_col, 16)

    statuses = list(DeliveryStatus)
    counts: dict[str, dict[str, int]] = board.get("channels", {})
    sheet.write_string(row, 0, _("Channel"), header)
    for col, status in enumerate(statuses, start=1):
        sheet.write_string(row, col, str(status.label).capitalize(), header)
    for channel in Channel:
        if channel not in counts:
            continue
        row += 1
        sheet.write_string(row, 0, str(channel.label).capitalize(), cell)
        for col, status in enumerate(statuses, start=1):
            sheet.write_number(row, col, counts[channel].get(status, 0), number)
    app = board.get("app", {})
    if app.get("total"):
        row += 2
        sheet.write_string(row, 0, _("Read in the field app"), cell)
        sheet.write_number(row, 1, app.get("read", 0), number)
        sheet.write_string(row, 2, _("of %(total)s") % {"total": app["total"]}, cell)
    row += 2

    sheet.write_string(row, 0, _("Village"), header)
    for col, heading in enumerate(
        [_("Messages"), _("Sent or delivered"), _("Failed"), _("Read")], start=1
    ):
        sheet.write_string(row, col, heading, header)
    for line in board.get("units", []):
        row += 1
        sheet.write_string(row, 0, str(line.get("name") or _("No village")), cell)
        for col, key in enumerate(["total", "sent", "failed", "read"], start=1):
            sheet.write_number(row, col, int(line.get(key) or 0), number)
    row += 2

    posts = board.get("group_posts", [])
    if posts:
        sheet.write_string(row, 0, _("Zalo groups"), bold)
        row += 1
        for col, heading in enumerate([_("Team"), _("Posted at"), _("Opens")]):
            sheet.write_string(row, col, heading, header)
        for post in posts:
            row += 1
            sheet.write_string(row, 0, post.team.name, cell)
            sheet.write_string(row, 1, _moment(post.posted_at) or _("not posted yet"), cell)
            sheet.write_number(row, 2, post.opens, number)
        row += 2

    sheet.write_string(row, 0, _("Each delivery"), bold)
    row += 1
    headings = [
        _("Channel"),
        _("To"),
        _("Village"),
        _("Status"),
        _("Attempts"),
        _("Sent at"),
        _("Read at"),
        _("Why it failed"),
    ]
    for col, heading in enumerate(headings):
        sheet.write_string(row, col, heading, header)
    names = selectors.unit_names({line["village_id"] for line in board.get("units", [])})
    for delivery in deliveries:
        row += 1
        values = [
            str(delivery.get_channel_display()).capitalize(),
            selectors.masked_to(delivery),
            names.get(delivery.village_id or 0, ""),
            str(delivery.get_status_display()).capitalize(),
        ]
        for col, value in enumerate(values):
            sheet.write_string(row, col, value, cell)
        sheet.write_number(row, 4, delivery.attempts, number)
        sheet.write_string(row, 5, _moment(delivery.sent_at), cell)
        sheet.write_string(row, 6, _moment(delivery.read_at), cell)
        sheet.write_string(row, 7, reason(delivery), cell)
    book.close()
    return buffer.getvalue()
