"""Open311 GeoReport v2: what the endpoints say, written once and rendered as XML or JSON.

Each answer is built as plain Python data shaped like the specification's JSON; the XML is
generated from the same data by the Spark convention the specification uses to define its JSON
(a list lives in a container element whose children all carry one name: ``services`` holds
``service`` elements, ``service_requests`` holds ``request`` elements, and so on). The two
formats therefore cannot drift apart.

Conventions of this server (see docs/feedback.md): ``jurisdiction_id`` is the province code;
``service_request_id`` is the tracking code; ``address_id`` is a commune or village code;
dates are ISO 8601 in Vietnam's time (+07:00); the detailed status (new, received, in
progress, resolved, rejected, duplicate) travels in ``extended_attributes`` when the client
asks with ``extensions=true``; personal data never leaves the server.
"""

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from langso.core.errors import DomainError
from langso.core.text import without_bidi
from langso.feedback.errors import FeedbackError
from langso.feedback.models import OPEN_STATUSES, Category, Report, Status

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
# The element name of the items of each list (the Spark convention).
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}
MAX_SPAN = timedelta(days=90)
MAX_RESULTS = 1000
# Public coordinates are rounded to about 100 m: enough to find a pothole, not a doorstep.
PUBLIC_PLACES = Decimal("0.001")
# The hour of the deadline day by which the answer is expected (end of office hours).
EXPECTED_AT = time(17, 0)


# Rendering


def _fill(element: ET.Element, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item)
    elif isinstance(value, list):
        for item in value:
            _fill(ET.SubElement(element, ITEMS[element.tag]), item)
    else:
        element.text = str(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    # Like the pages and the API, no bidirectional control reaches another system's screen.
    body = without_bidi(ET.tostring(element, encoding="unicode"))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def to_json(value: Any) -> bytes:
    # Angle brackets and ampersands are escaped (\\u003c…) so that no text a citizen wrote can
    # ever be read as markup, even by a client that pastes the JSON into a page.
    text = without_bidi(json.dumps(value, ensure_ascii=False, default=str))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()


def render(fmt: str, root: str, value: Any) -> bytes:
    return to_xml(root, value) if fmt == "xml" else to_json(value)


def w3(value: datetime | None) -> str | None:
    """2026-02-14T09:30:00+07:00: ISO 8601 with the offset, as the w3 note asks."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def expected(due_on: date) -> str | None:
    tz = timezone.get_current_timezone()
    return w3(datetime.combine(due_on, EXPECTED_AT, tzinfo=tz))


def _public_coordinate(value: Decimal | None) -> float | None:
    if value is None:
        return None
    return float(value.quantize(PUBLIC_PLACES, rounding=ROUND_HALF_UP))


# Documents


def discovery(*, base_url: str, changeset: datetime | None) -> dict[str, Any]:
    stamp = w3(changeset or timezone.now())
    return {
        "changeset": stamp,
        "contact": _(
            "Làng Số, citizen feedback. Ask the province's officers in charge of the community "
            "digital technology teams."
        ),
        "key_service": _(
            "API keys for Open311 clients are issued by the province's officers "
            "(manage.py create_open311_key NAME)."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url,
                "changeset": stamp,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def service_notice(category: Category) -> str:
    return _("The commune answers within %(days)s working days.") % {"days": category.deadline_days}


def service(category: Category) -> dict[str, Any]:
    language = get_language()
    return {
        "service_code": category.code,
        "service_name": category.name(language),
        "description": category.description(language),
        "metadata": False,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def service_definition(category: Category) -> dict[str, Any]:
    return {"service_code": category.code, "attributes": []}


def status_notes(report: Report, latest_public_text: str | None) -> str:
    return latest_public_text or str(Status(report.status).label)


def service_request(
    report: Report,
    *,
    latest_public_text: str | None,
    extensions: bool,
    tracking_url: str,
) -> dict[str, Any]:
    language = get_language()
    closed = report.status not in OPEN_STATUSES
    closed_at = report.closed_at
    original = report.duplicate_of
    data: dict[str, Any] = {
        "service_request_id": report.code,
        "status": "closed" if closed else "open",
        "status_notes": status_notes(report, latest_public_text),
        "service_name": report.category.name(language),
        "service_code": report.category.code,
        "description": report.description if report.description_public else None,
        "agency_responsible": (
            _("People's Committee of %(unit)s") % {"unit": report.agency} if report.agency else None
        ),
        "service_notice": service_notice(report.category),
        "requested_datetime": w3(report.made_at),
        "updated_datetime": w3(closed_at if closed and closed_at else report.updated_at),
        "expected_datetime": expected(report.due_on),
        "address": report.place or None,
        "address_id": report.place_code or None,
        "zipcode": None,
        "lat": _public_coordinate(report.latitude),
        "long": _public_coordinate(report.longitude),
        "media_url": None,
    }
    if extensions:
        data["extended_attributes"] = {
            "detailed_status": report.status,
            "detailed_status_name": str(Status(report.status).label),
            "deadline": report.due_on.isoformat(),
            "overdue": not closed and report.due_on < timezone.localdate(),
            "duplicate_of": original.code if original is not None else None,
            "tracking_url": tracking_url,
        }
    return data


def errors(items: Iterable[tuple[int | str, str]]) -> list[dict[str, Any]]:
    return [{"code": code, "description": description} for code, description in items]


# Reading parameters


def _bad(field: str, message: str) -> DomainError:
    return DomainError(FeedbackError.DATE_INVALID, f"{field}: {message}", field=field)


def parse_w3(raw: str, field: str) -> datetime:
    """A w3 date-time (2010-01-01T00:00:00Z, with an offset, or a bare date, month or year);
    a time without a zone is taken as Vietnam's time."""
    text = raw.strip()
    value: datetime | None
    try:
        value = parse_datetime(text)
    except ValueError:
        value = None
    if value is None:
        day = None
        try:
            if len(text) == 4 and text.isdigit():
                day = date(int(text), 1, 1)
            elif len(text) == 7 and text[4] == "-":
                day = date(int(text[:4]), int(text[5:]), 1)
            else:
                day = parse_date(text)
        except ValueError:
            day = None
        if day is None:
            raise _bad(field, _("write the date in the w3 format, e.g. 2026-01-01T00:00:00Z."))
        value = datetime.combine(day, time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_current_timezone())
    return value


def date_range(start: str, end: str, now: datetime) -> tuple[datetime, datetime]:
    """The range of requested_datetime to search: at most 90 days, the last 90 by default."""
    lower = parse_w3(start, "start_date") if start.strip() else None
    upper = parse_w3(end, "end_date") if end.strip() else None
    if lower is not None and upper is not None:
        if upper < lower:
            raise _bad("end_date", _("the end is before the start."))
        if upper - lower > MAX_SPAN:
            raise _bad("end_date", _("a search may span at most 90 days."))
        return lower, upper
    if lower is not None:
        return lower, min(lower + MAX_SPAN, max(now, lower))
    if upper is not None:
        return upper - MAX_SPAN, upper
    return now - MAX_SPAN, now


def statuses(raw: str) -> set[str] | None:
    chosen = {part.strip().lower() for part in raw.split(",") if part.strip()}
    if not chosen:
        return None
    if not chosen <= {"open", "closed"}:
        raise DomainError(
            FeedbackError.STATUS_NOT_ALLOWED,
            "status: " + _("the status is open or closed."),
            field="status",
        )
    return chosen


def comma_list(raw: str, limit: int = MAX_RESULTS) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()][:limit]
