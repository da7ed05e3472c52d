"""Every write to citizen reports: filing, the commune's handling, messages and API keys.

Each top-level function is one transaction; messages to reporters are queued as outreach
deliveries in it and handed to the gateway after it commits.
"""

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.accounts.models import User
from langso.core.audit import audit_record
from langso.core.dates import format_date
from langso.core.errors import Conflict, DomainError, NotFound
from langso.core.models import AuditAction
from langso.core.phone import mask_phone, normalize_phone
from langso.core.ratelimit import Limit, enforce
from langso.core.text import mask_name, multi_line, one_line
from langso.core.vault import vault
from langso.feedback import calendar, images, places
from langso.feedback.codes import format_code, new_code, normalize_code
from langso.feedback.errors import FeedbackError
from langso.feedback.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Category,
    Channel,
    EventKind,
    Intake,
    Open311Key,
    Report,
    ReportEvent,
    ReportPhoto,
    Status,
)
from langso.outreach import services as outreach

NAME_PURPOSE = "feedback_name"
PHONE_PURPOSE = "phone"
MAX_DESCRIPTION = 4000
MAX_PHOTOS = 3
MAX_TEXT = 2000
# Vietnam with its islands, generously: a point outside is a mistake or a test of the server.
LATITUDE_RANGE = (Decimal("6"), Decimal("24"))
LONGITUDE_RANGE = (Decimal("102"), Decimal("118"))

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED}),
    Status.RECEIVED: frozenset({Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED}),
    Status.IN_PROGRESS: frozenset({Status.RESOLVED, Status.REJECTED}),
    # A closed report can be opened again (the road broke again the next week).
    Status.RESOLVED: frozenset({Status.IN_PROGRESS}),
    Status.REJECTED: frozenset({Status.IN_PROGRESS}),
    Status.DUPLICATE: frozenset({Status.IN_PROGRESS}),
}
# Closing a report says why, publicly.
NEEDS_REPLY = frozenset({Status.RESOLVED, Status.REJECTED})

# Rate limits (core.ratelimit). Filing: a person files a few reports a day; a script files
# hundreds.
FILE_PER_IP_BURST = Limit("file-ip-10m", 5, 600)
FILE_PER_IP_DAY = Limit("file-ip-day", 20, 86_400)
FILE_PER_PHONE_DAY = Limit("file-phone-day", 3, 86_400)
FILE_PER_KEY_HOUR = Limit("file-key-hour", 300, 3_600)
# Reading: looking up codes one by one cannot become a way to walk through every report.
TRACK_PER_IP = Limit("track-ip-10m", 60, 600)
PLACES_PER_IP = Limit("places-ip-10m", 200, 600)
OPEN311_READ_PER_IP = Limit("o311-read-ip-10m", 300, 600)


@dataclass(frozen=True)
class ReportInput:
    """What a citizen (or an Open311 client) sends, or an officer enters for a citizen."""

    category: str
    description: str
    place: str = ""
    address_string: str = ""
    latitude: str | Decimal | None = None
    longitude: str | Decimal | None = None
    photos: Sequence[bytes] = ()
    use_photo_location: bool = False
    name: str = ""
    phone: str = ""
    wants_updates: bool = False
    description_public: bool = False
    consent: bool = False
    jurisdiction: str = ""


# Text


def clean_text(text: str, *, limit: int, field: str, multiline: bool = True) -> str:
    """Printable text (``core.text``: control characters removed, since XML 1.0 cannot carry
    them, and bidirectional controls, which disguise what text says), line breaks normalised,
    surrounding space trimmed, and a refusal naming the limit when too long."""
    clean = multi_line(text or "") if multiline else one_line(text or "")
    if len(clean) > limit:
        raise DomainError(
            FeedbackError.TEXT_TOO_LONG,
            _("At most %(limit)s characters fit here (%(length)s given).")
            % {"limit": limit, "length": len(clean)},
            field=field,
        )
    return clean


def _coordinate(
    value: str | Decimal | None, bounds: tuple[Decimal, Decimal], field: str
) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not bounds[0] <= number <= bounds[1]:
        raise DomainError(
            FeedbackError.POINT_INVALID,
            _("The location is not a point in Vietnam."),
            field=field,
        )
    return number.quantize(Decimal("0.000001"))


# Filing


def _check_category(code: str) -> Category:
    category = Category.objects.filter(code=code.strip(), is_active=True).first()
    if category is None:
        raise NotFound(
            FeedbackError.CATEGORY_UNKNOWN,
            _("Choose what the report is about."),
            field="category",
        )
    return category


def _unique_code() -> str:
    while True:
        code = new_code()
        if not Report.objects.filter(code=code).exists():
            return code


def _new_token() -> str:
    while True:
        token = secrets.token_hex(8)
        if not Report.objects.filter(token=token).exists():
            return token


@transaction.atomic
def report_file(
    *,
    data: ReportInput,
    channel: Channel = Channel.WEB,
    open311_key: Open311Key | None = None,
    actor: Actor,
    made_at: datetime | None = None,
    intake: Intake | None = None,
) -> Report:
    """File a report. It goes to the commune responsible for its place on the day it was made.

    ``actor`` is who files: an anonymous citizen (``AnonymousUser``, whoever is logged in on
    the public form), or an officer entering a report for a place they handle, or the system.
    ``made_at`` (default now) is for reports made earlier and entered later (a petition on
    paper); only the system or an officer of the place may give it. ``intake`` says how an
    officer received it (``report_enter``) and is written on the filed event.
    """
    now = timezone.now()
    when = made_at or now
    if made_at is not None and not actor.is_authenticated:
        raise DomainError(
            FeedbackError.DATE_INVALID,
            _("Only an officer can enter a report made earlier."),
            field="made",
        )
    if when > now:
        raise DomainError(
            FeedbackError.DATE_INVALID, _("A report cannot be made in the future."), field="made"
        )
    day = timezone.localdate(when)
    category = _check_category(data.category)
    description = clean_text(data.description, limit=MAX_DESCRIPTION, field="description")
    if not description:
        raise DomainError(
            FeedbackError.DESCRIPTION_REQUIRED,
            _("Describe the problem in a few words."),
            field="description",
        )
    if channel == Channel.WEB and not data.consent:
        raise DomainError(
            FeedbackError.CONSENT_REQUIRED,
            _("Tick the box to agree that the commune uses what you send to handle the report."),
            field="consent",
        )
    if len(data.photos) > MAX_PHOTOS:
        raise DomainError(
            FeedbackError.TOO_MANY_PHOTOS,
            _("At most %(count)s photos can be sent.") % {"count": MAX_PHOTOS},
            field="photos",
        )
    cleaned = images.clean_photos(data.photos)
    latitude = _coordinate(data.latitude, LATITUDE_RANGE, "lat")
    longitude = _coordinate(data.longitude, LONGITUDE_RANGE, "long")
    if (latitude is None) != (longitude is None):
        raise DomainError(
            FeedbackError.POINT_INVALID,
            _("A location needs both its latitude and its longitude."),
            field="lat",
        )
    if latitude is None and data.use_photo_location:
        for photo in data.photos:
            point = images.photo_location(photo)
            if point is not None:
                latitude = _coordinate(point[0], LATITUDE_RANGE, "lat")
                longitude = _coordinate(point[1], LONGITUDE_RANGE, "long")
                break
    if (
        channel == Channel.OPEN311
        and not data.place.strip()
        and not data.address_string.strip()
        and latitude is None
    ):
        raise DomainError(
            FeedbackError.PLACE_REQUIRED,
            _("A location is required: lat and long, address_string or address_id."),
            field="lat",
        )
    place = places.resolve(data, day, channel)
    if actor.is_authenticated and not access.may_manage_unit(
        actor, place.commune or place.province, day
    ):
        # Unit names are public (the place search shows them to anyone), so saying that the
        # place lies outside the officer's communes reveals nothing.
        raise DomainError(
            FeedbackError.PLACE_UNKNOWN,
            _("You can enter reports only for the communes and villages you handle."),
            field="place",
        )
    name = clean_text(data.name, limit=100, field="name", multiline=False)
    phone = normalize_phone(data.phone) if data.phone.strip() else ""
    if data.wants_updates and not phone:
        raise DomainError(
            FeedbackError.PHONE_REQUIRED,
            _("Give a phone number to receive updates."),
            field="phone",
        )
    box = vault()
    phone_index = box.index(PHONE_PURPOSE, phone) if phone else None
    if phone_index is not None and channel != Channel.OFFICER:
        # The limit keeps one number from flooding a commune with reports; an officer entering
        # a village's petitions may well write the same headman's number on several of them.
        enforce(
            FILE_PER_PHONE_DAY,
            phone_index,
            message=_("This phone number has sent too many reports today. Try again in %(wait)s."),
        )
    consent_purpose = (
        _("Handling this report and telling the reporter about it (%(channel)s)")
        % {"channel": Channel(channel).label}
    )[:300]
    report = Report.objects.create(
        code=_unique_code(),
        token=_new_token(),
        category=category,
        description=description,
        description_public=data.description_public,
        province=place.province,
        province_code=place.province_code,
        commune=place.commune,
        village=place.village,
        place=place.label[:300],
        place_code=place.code,
        agency=place.agency[:150],
        address_string=clean_text(
            data.address_string, limit=300, field="address_string", multiline=False
        ),
        latitude=latitude,
        longitude=longitude,
        status=Status.NEW,
        made_at=when,
        due_on=calendar.add_working_days(day, category.deadline_days),
        updated_at=now,
        channel=channel,
        open311_key=open311_key,
        name_sealed=box.seal(NAME_PURPOSE, name) if name else None,
        name_masked=mask_name(name) if name else "",
        phone_sealed=box.seal(PHONE_PURPOSE, phone) if phone else None,
        phone_index=phone_index,
        phone_masked=mask_phone(phone) if phone else "",
        wants_updates=data.wants_updates,
        consent_purpose=consent_purpose,
        consent_at=now,
    )
    ReportPhoto.objects.bulk_create(
        ReportPhoto(
            report=report,
            position=position,
            content=photo.content,
            width=photo.width,
            height=photo.height,
            size=len(photo.content),
        )
        for position, photo in enumerate(cleaned, start=1)
    )
    filed_text = ""
    if intake is not None:
        # Stored in Vietnamese, the working language of the communes, like every other text the
        # services write for people; the filed event is never public (``public_events``).
        with translation.override("vi"):
            filed_text = _("Received %(how)s.") % {"how": Intake(intake).label}
    _event(report, actor, EventKind.FILED, text=filed_text, public=False, at=when)
    with translation.override("vi"):
        if report.commune is not None:
            text = _(
                "Làng Số: your report %(code)s was received by %(place)s. "
                "The answer is due by %(due)s."
            ) % {
                "code": format_code(report.code),
                "place": place.label,
                "due": format_date(report.due_on),
            }
        else:
            text = _("Làng Số: your report %(code)s was received.") % {
                "code": format_code(report.code)
            }
    _notify(report, text)
    return report


# How far back an officer may date a petition. One found in a drawer months late is still entered
# with its real day; a day older than a year is far more likely a slip of the keyboard (2015 for
# 2025), and would file a report already overdue before anyone reads it.
MAX_ENTRY_AGE = timedelta(days=366)


def entry_moment(day: date) -> datetime:
    """The moment recorded for a petition made on ``day``, whose hour nobody wrote down.

    Today: now, when the officer takes it down at the counter or on the phone (noon may still
    be ahead, and a report cannot be made in the future). An earlier day: noon in Vietnam,
    inside office hours and twelve hours from either midnight, so the moment stays on that day
    however it is read (UTC is seven hours behind) and the deadline counts from that day. A
    later day gives a moment in the future, which ``report_file`` refuses.
    """
    now = timezone.now()
    if day == timezone.localdate(now):
        return now
    return datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def report_enter(*, actor: Actor, data: ReportInput, made_on: date, intake: Intake | str) -> Report:
    """A petition the commune received on paper, by phone or in person, entered by an officer.

    The report is filed as ``Channel.OFFICER`` for a place the officer handles (``report_file``
    refuses any other), dated the day the citizen made it, so its deadline counts from that
    day; how it came in is written on its filed event. The citizen's name or phone number is
    recorded only when the officer confirms the citizen agreed (``data.consent``); without
    them the report holds nothing about its reporter, and no consent is asked.
    """
    if intake not in Intake.values:
        raise DomainError(
            FeedbackError.INTAKE_REQUIRED,
            _("Say how the petition was received: on paper, by phone or in person."),
            field="intake",
        )
    if made_on < timezone.localdate() - MAX_ENTRY_AGE:
        raise DomainError(
            FeedbackError.DATE_INVALID,
            _("A petition made more than a year ago cannot be entered."),
            field="made",
        )
    if (data.name.strip() or data.phone.strip()) and not data.consent:
        raise DomainError(
            FeedbackError.CONSENT_REQUIRED,
            _(
                "Tick the box to confirm that the citizen agreed to give their name and phone "
                "number, or leave both empty."
            ),
            field="consent",
        )
    return report_file(
        data=data,
        channel=Channel.OFFICER,
        actor=actor,
        made_at=entry_moment(made_on),
        intake=Intake(intake),
    )


# Handling


def _event(
    report: Report,
    actor: Actor,
    kind: EventKind,
    *,
    text: str,
    public: bool,
    status_from: str = "",
    status_to: str = "",
    at: datetime | None = None,
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        at=at or timezone.now(),
        actor_id=access.actor_id(actor),
        kind=kind,
        text=text,
        public=public,
        status_from=status_from,
        status_to=status_to,
    )


def _touch(report: Report, *fields: str) -> None:
    report.updated_at = timezone.now()
    report.save(update_fields=[*fields, "updated_at"])


def _status_text(report: Report, reply: str) -> str:
    with translation.override("vi"):
        text = _("Làng Số: your report %(code)s is now: %(status)s.") % {
            "code": format_code(report.code),
            "status": Status(report.status).label,
        }
    return f"{text} {reply}".strip()


@transaction.atomic
def report_set_status(
    *, actor: Actor, report: Report, status: Status | str, reply: str = ""
) -> Report:
    """Move a report along: received, in progress, resolved or rejected (with a public reply),
    or open it again. Duplicates are marked with ``report_mark_duplicate``."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    access.access_feedback_report(actor, report)
    target = str(status)
    if target not in TRANSITIONS.get(report.status, frozenset()):
        raise Conflict(
            FeedbackError.STATUS_NOT_ALLOWED,
            _("A report that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": Status(report.status).label,
                "target": Status(target).label if target in Status.values else target,
            },
            field="status",
        )
    text = clean_text(reply, limit=MAX_TEXT, field="reply")
    if target in NEEDS_REPLY and not text:
        raise DomainError(
            FeedbackError.REPLY_REQUIRED,
            _("Write a public reply that says what was done or why the report is refused."),
            field="reply",
        )
    before = report.status
    report.status = target
    if target in CLOSED_STATUSES:
        report.closed_at = timezone.now()
    else:
        report.closed_at = None
        report.duplicate_of = None
    _touch(report, "status", "closed_at", "duplicate_of")
    _event(
        report,
        actor,
        EventKind.STATUS,
        text=text,
        public=True,
        status_from=before,
        status_to=target,
    )
    _notify(report, _status_text(report, text))
    return report


@transaction.atomic
def report_mark_duplicate(
    *, actor: Actor, report: Report, original_code: str, reply: str = ""
) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    access.access_feedback_report(actor, report)
    original = Report.objects.filter(code=normalize_code(original_code)).first()
    if original is not None and original.duplicate_of_id is not None:
        original = original.duplicate_of
    if (
        original is None
        or original.pk == report.pk
        or not access.may_handle_report(actor, original)
    ):
        raise DomainError(
            FeedbackError.DUPLICATE_TARGET,
            _("Give the tracking code of another report that this one repeats."),
            field="original",
        )
    if report.status not in OPEN_STATUSES:
        raise Conflict(
            FeedbackError.STATUS_NOT_ALLOWED,
            _("Only an open report can be marked as a duplicate."),
            field="status",
        )
    text = clean_text(reply, limit=MAX_TEXT, field="reply") or (
        _("This repeats report %(code)s, which the commune is handling.")
        % {"code": format_code(original.code)}
    )
    before = report.status
    report.status = Status.DUPLICATE
    report.duplicate_of = original
    report.closed_at = timezone.now()
    _touch(report, "status", "duplicate_of", "closed_at")
    _event(
        report,
        actor,
        EventKind.STATUS,
        text=text,
        public=True,
        status_from=before,
        status_to=Status.DUPLICATE,
    )
    _notify(report, _status_text(report, text))
    return report


def officers_for(report: Report) -> list[User]:
    """Officers who may handle ``report``: officer roles on its commune or above, today."""
    return access.report_handlers(report)


@transaction.atomic
def report_assign(*, actor: Actor, report: Report, assignee: User | None) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    access.access_feedback_report(actor, report)
    if assignee is not None and assignee not in officers_for(report):
        raise DomainError(
            FeedbackError.ASSIGNEE_UNKNOWN,
            _("Assign the report to an officer of its commune."),
            field="assignee",
        )
    report.assigned_to = assignee
    _touch(report, "assigned_to")
    _event(
        report,
        actor,
        EventKind.ASSIGNED,
        text=str(assignee) if assignee is not None else "",
        public=False,
    )
    return report


@transaction.atomic
def report_note(*, actor: Actor, report: Report, text: str) -> ReportEvent:
    """An internal note: seen by officers only."""
    access.access_feedback_report(actor, report)
    clean = clean_text(text, limit=MAX_TEXT, field="text")
    if not clean:
        raise DomainError(FeedbackError.NOTE_REQUIRED, _("Write the note."), field="text")
    _touch(report)
    return _event(report, actor, EventKind.NOTE, text=clean, public=False)


@transaction.atomic
def report_reply(*, actor: Actor, report: Report, text: str) -> ReportEvent:
    """A public reply: shown on the tracking page and sent to the reporter who asked."""
    access.access_feedback_report(actor, report)
    clean = clean_text(text, limit=MAX_TEXT, field="text")
    if not clean:
        raise DomainError(FeedbackError.REPLY_REQUIRED, _("Write the reply."), field="text")
    _touch(report)
    event = _event(report, actor, EventKind.REPLY, text=clean, public=True)
    with translation.override("vi"):
        prefix = _("Làng Số: reply to your report %(code)s:") % {"code": format_code(report.code)}
    _notify(report, f"{prefix} {clean}")
    return event


@transaction.atomic
def report_route(*, actor: Actor, report: Report, place_code: str) -> Report:
    """Send a report from the province's routing queue to the commune (or village) it concerns,
    as that place was on the day the report was made."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    access.access_feedback_report(actor, report)
    if report.commune_id is not None:
        raise Conflict(
            FeedbackError.ALREADY_ROUTED,
            _("This report already belongs to a commune."),
            field="place",
        )
    place = places.place_of_code(place_code.strip(), timezone.localdate(report.made_at))
    if place.province.pk != report.province_id:
        raise places.unknown_place()
    report.commune = place.commune
    report.village = place.village
    report.place = place.label[:300]
    report.place_code = place.code
    report.agency = place.agency[:150]
    _touch(report, "commune", "village", "place", "place_code", "agency")
    _event(report, actor, EventKind.ROUTED, text=place.label, public=True)
    return report


@transaction.atomic
def report_hide_description(*, actor: Actor, report: Report) -> Report:
    """Withdraw a published description (it names someone, or says what it should not)."""
    access.access_feedback_report(actor, report)
    report.description_public = False
    _touch(report, "description_public")
    _event(report, actor, EventKind.HIDDEN, text="", public=False)
    return report


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str


def report_reveal(*, actor: Actor, report: Report, reason: str) -> Contact:
    """The reporter's name and phone number, for an officer who handles the report and says
    why (to call them back). Every call is written to the audit log."""
    access.access_feedback_report(actor, report)
    clean = clean_text(reason, limit=300, field="reason", multiline=False)
    if not clean:
        raise DomainError(
            FeedbackError.REASON_REQUIRED,
            _("Say why you need the reporter's contact details."),
            field="reason",
        )
    if report.name_sealed is None and report.phone_sealed is None:
        raise DomainError(
            FeedbackError.NOTHING_TO_SHOW,
            _("The reporter left no name or phone number."),
            field="reason",
        )
    # One entry for what was shown: the name, the phone number, or both.
    shown = [
        field
        for field, sealed in (("name", report.name_sealed), ("phone", report.phone_sealed))
        if sealed is not None
    ]
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL_CONTACT,
        object_type="feedback_report",
        object_id=report.code,
        reason=clean,
        detail={"fields": shown},
    )
    box = vault()
    return Contact(
        name=box.open(NAME_PURPOSE, bytes(report.name_sealed)) if report.name_sealed else "",
        phone=box.open(PHONE_PURPOSE, bytes(report.phone_sealed)) if report.phone_sealed else "",
    )


# Messages

# A message to a reporter is a few SMS at most; a long public reply is read in full on the
# tracking page.
MAX_MESSAGE = 480


def _notify(report: Report, text: str) -> None:
    """Queues a message to the reporter, if they asked for updates, as an outreach delivery
    (``outreach.services.reply_queue``): sent after this transaction commits, or kept for the
    officers' outbox page while no SMS gateway is connected."""
    if not report.wants_updates or report.phone_sealed is None:
        return
    outreach.reply_queue(
        source_ref=str(report.pk),
        phone_sealed=bytes(report.phone_sealed),
        phone_masked=report.phone_masked,
        text=text[:MAX_MESSAGE],
    )


# Open311 keys


def key_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def open311_key_create(*, name: str) -> tuple[Open311Key, str]:
    """A new API key for an Open311 client; the key itself is returned once and never stored."""
    clean = clean_text(name, limit=100, field="name", multiline=False)
    if not clean:
        raise DomainError(FeedbackError.KEY_NAME_REQUIRED, _("Name the key."), field="name")
    raw = "o311_" + secrets.token_urlsafe(32)
    key = Open311Key.objects.create(name=clean, digest=key_digest(raw), prefix=raw[:10])
    return key, raw


def open311_key_use(raw: str) -> Open311Key | None:
    """The key ``raw`` stands for, if it is valid (and note that it was used)."""
    if not raw:
        return None
    key = Open311Key.objects.filter(digest=key_digest(raw), revoked_at__isnull=True).first()
    if key is not None:
        Open311Key.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key
