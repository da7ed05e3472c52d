"""Every read of citizen reports.

Public reads (the tracking page, Open311, the place search) see only what is public by design:
category, place, status, dates, public replies, and the description when its author published
it. Officer reads take ``actor=`` and return only the reports of communes the actor handles;
anything else answers 404, like a report that does not exist.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import CharField, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from langso import access
from langso.access import SYSTEM, Actor
from langso.core.dates import today
from langso.core.errors import NotFound
from langso.feedback.codes import normalize_code
from langso.feedback.errors import FeedbackError
from langso.feedback.models import (
    OPEN_STATUSES,
    Category,
    EventKind,
    Report,
    ReportEvent,
    ReportPhoto,
    Status,
)
from langso.feedback.similarity import distance_m, likeness, words
from langso.outreach import selectors as outreach
from langso.outreach.models import Delivery
from langso.units import selectors as units
from langso.units import tree
from langso.units.models import Level, Unit, UnitVersion

DUPLICATE_WINDOW = timedelta(days=7)
DUPLICATE_RADIUS_M = 200
DUPLICATE_LIKENESS = 0.3


def _not_found() -> NotFound:
    return NotFound(FeedbackError.REPORT_NOT_FOUND, _("There is no report with this code."))


# Public


def categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True))


@dataclass(frozen=True)
class PlaceChoice:
    code: str
    name: str
    context: str
    kind: str


def places(*, query: str, limit: int = 15) -> list[PlaceChoice]:
    """Communes and villages whose name matches ``query``, ignoring case and diacritics.

    Unit names are public, so no scope applies; only today's units are offered.
    """
    day = today()
    found = [
        version
        for version in units.search(actor=SYSTEM, query=query[:100], on=day, limit=limit * 3)
        if version.level in (Level.COMMUNE, Level.VILLAGE)
    ][:limit]
    return _place_choices(found, day)


def managed_places(*, actor: Actor, query: str, limit: int = 15) -> list[PlaceChoice]:
    """The communes and villages matching ``query`` that ``actor`` handles today: the places an
    officer may enter a petition for (``services.report_file`` refuses any other)."""
    day = today()
    found: list[UnitVersion] = []
    for version in units.search(actor=actor, query=query[:100], on=day, limit=limit * 3):
        # The search's scope follows every role the user holds; only officer roles manage.
        if version.level in (Level.COMMUNE, Level.VILLAGE) and access.may_manage_unit(
            actor, version.unit, day
        ):
            found.append(version)
            if len(found) == limit:
                break
    return _place_choices(found, day)


def _place_choices(found: list[UnitVersion], day: date) -> list[PlaceChoice]:
    choices = []
    for version in found:
        path = [v.name for v in reversed(units.breadcrumbs(version.unit, day))]
        context = ", ".join(path[:2]) if version.level == Level.VILLAGE else ", ".join(path[:1])
        choices.append(
            PlaceChoice(
                code=version.code,
                name=version.name,
                context=context,
                kind=version.get_kind_display(),
            )
        )
    return choices


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    status: str
    text: str

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label) if self.status else ""


@dataclass(frozen=True)
class PublicReport:
    """All that anyone may learn about a report from its code."""

    code: str
    category: Category
    status: str
    place: str
    made_at: datetime
    updated_at: datetime
    due_on: date
    closed_at: datetime | None
    description: str
    overdue: bool
    duplicate_of: str
    timeline: list[PublicEvent] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def public_events(report: Report) -> list[PublicEvent]:
    events = report.events.filter(
        Q(public=True) | Q(kind=EventKind.FILED) | Q(kind=EventKind.STATUS)
    ).order_by("at", "id")
    timeline = []
    for event in events:
        status: str
        if event.kind == EventKind.FILED:
            status, text = str(Status.NEW), ""
        elif event.kind == EventKind.STATUS:
            status, text = event.status_to, event.text
        elif event.kind == EventKind.ROUTED:
            status = ""
            text = _("Forwarded to %(place)s.") % {"place": event.text}
        else:
            status, text = "", event.text
        timeline.append(PublicEvent(at=event.at, status=status, text=text))
    return timeline


def is_overdue(report: Report, on: date | None = None) -> bool:
    return report.status in OPEN_STATUSES and report.due_on < (on or today())


def public_report(*, code: str) -> PublicReport:
    report = (
        Report.objects.select_related("category", "duplicate_of")
        .filter(code=normalize_code(code))
        .first()
    )
    if report is None:
        raise _not_found()
    return PublicReport(
        code=report.code,
        category=report.category,
        status=report.status,
        place=report.place,
        made_at=report.made_at,
        updated_at=report.updated_at,
        due_on=report.due_on,
        closed_at=report.closed_at,
        description=report.description if report.description_public else "",
        overdue=is_overdue(report),
        duplicate_of=report.duplicate_of.code if report.duplicate_of else "",
        timeline=public_events(report),
    )


# Officers


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    category: str = ""
    overdue: bool = False
    mine: bool = False
    unrouted: bool = False
    code: str = ""


def queue(*, actor: Actor, filters: QueueFilter | None = None) -> QuerySet[Report]:
    """The reports ``actor`` handles, overdue first, then by deadline."""
    chosen = filters or QueueFilter()
    qs = Report.objects.filter(access.handled_reports_filter(actor)).select_related(
        "category", "assigned_to"
    )
    if chosen.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif chosen.status in Status.values:
        qs = qs.filter(status=chosen.status)
    if chosen.category:
        qs = qs.filter(category__code=chosen.category)
    if chosen.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=today())
    if chosen.mine and actor.is_authenticated:
        qs = qs.filter(assigned_to_id=actor.pk)
    if chosen.unrouted:
        qs = qs.filter(commune__isnull=True)
    if chosen.code:
        qs = qs.filter(code=normalize_code(chosen.code))
    return qs.order_by("due_on", "made_at", "id")


def report_for(*, actor: Actor, code: str) -> Report:
    """A report the actor handles, by its code as a citizen may type it."""
    return access.access_feedback_report_by_code(actor, normalize_code(code))


def events(*, actor: Actor, report: Report) -> list[ReportEvent]:
    access.access_feedback_report(actor, report)
    return list(report.events.select_related("actor").order_by("at", "id"))


def photo_for(*, actor: Actor, photo_id: int) -> ReportPhoto:
    return access.access_feedback_photo(actor, photo_id)


@dataclass(frozen=True)
class Candidate:
    report: Report
    likeness: float
    distance_m: float | None


def duplicate_candidates(*, actor: Actor, report: Report) -> list[Candidate]:
    """Reports that may repeat ``report``: the same category, the same village or within 200 m,
    made within 7 days of it, with similar words. Most alike first."""
    access.access_feedback_report(actor, report)
    nearby = Report.objects.filter(
        access.handled_reports_filter(actor),
        category_id=report.category_id,
        made_at__gte=report.made_at - DUPLICATE_WINDOW,
        made_at__lte=report.made_at + DUPLICATE_WINDOW,
    ).exclude(Q(pk=report.pk) | Q(status=Status.DUPLICATE))
    if report.commune_id is not None:
        nearby = nearby.filter(commune_id=report.commune_id)
    else:
        nearby = nearby.filter(province_id=report.province_id)
    mine = words(report.description)
    found = []
    for other in nearby.select_related("category")[:200]:
        distance = None
        if report.latitude is not None and other.latitude is not None:
            distance = distance_m(
                float(report.latitude),
                float(report.longitude or 0),
                float(other.latitude),
                float(other.longitude or 0),
            )
        same_village = report.village_id is not None and other.village_id == report.village_id
        if not same_village and (distance is None or distance > DUPLICATE_RADIUS_M):
            continue
        score = likeness(mine, words(other.description))
        if score >= DUPLICATE_LIKENESS:
            found.append(Candidate(report=other, likeness=score, distance_m=distance))
    return sorted(found, key=lambda c: (-c.likeness, c.report.made_at))


def outbox(*, actor: Actor) -> QuerySet[Delivery]:
    """The messages to the reporters of the reports ``actor`` handles: outreach's deliveries of
    feedback (``source_ref`` is the report's id, as text), newest first, each with the tracking
    code of its report as ``report_code``."""
    handled = (
        Report.objects.filter(access.handled_reports_filter(actor))
        .annotate(ref=Cast("pk", output_field=CharField()))
        .values("ref")
    )
    # Found by the report's primary key (the reference read as a number), one row per message
    # shown: a page of fifty looks up fifty reports, not every report.
    code = Report.objects.filter(pk=Cast(OuterRef("source_ref"), IntegerField())).values("code")
    return outreach.feedback_replies(source_refs=handled).annotate(report_code=Subquery(code[:1]))


# Dashboard


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    code: str = ""


@dataclass
class Dashboard:
    title: str
    code: str
    start: date
    end: date
    total: int
    by_status: list[Count]
    by_category: list[Count]
    by_commune: list[Count]
    median_days: float | None
    answered: int
    on_time: int
    overdue: list[Report]

    @property
    def on_time_share(self) -> float | None:
        return 100 * self.on_time / self.answered if self.answered else None


def _unit_name(unit_id: int | None, day: date) -> tuple[str, str]:
    if unit_id is None:
        return _("Waiting to be routed"), ""
    version = units.version_on(unit_id, day)
    if version is None:
        version = UnitVersion.objects.filter(unit_id=unit_id).order_by("-valid_from").first()
    return (version.name, version.code) if version else (str(unit_id), "")


def dashboard(
    *, actor: Actor, code: str = "", start: date | None = None, end: date | None = None
) -> Dashboard:
    """Counts by status, category and commune of reports made from ``start`` to ``end``
    (default: the last 90 days), the median time to resolve, the share answered on time (by
    the deadline) and every open report past its deadline."""
    access.access_feedback_desk(actor)
    day = today()
    last = end or day
    first = start or last - timedelta(days=89)
    scope = Report.objects.filter(access.handled_reports_filter(actor))
    title, unit_code = _("All reports you handle"), ""
    if code:
        version = access.access_unit_by_code(actor, code, day, manage=True)
        under = tree.subtree(Unit(pk=version.unit_id), day)
        scope = scope.filter(Q(commune_id__in=under) | Q(province_id__in=under))
        title, unit_code = version.name, version.code
    tz = timezone.get_current_timezone()
    lower = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    upper = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    rows = list(
        scope.filter(made_at__gte=lower, made_at__lt=upper).values_list(
            "status", "category_id", "commune_id", "made_at", "closed_at", "due_on"
        )
    )
    statuses = Counter(row[0] for row in rows)
    by_category = Counter(row[1] for row in rows)
    by_commune = Counter(row[2] for row in rows)
    names = {c.pk: c for c in Category.objects.all()}
    resolve_days = [
        (row[4] - row[3]).total_seconds() / 86_400
        for row in rows
        if row[0] == Status.RESOLVED and row[4] is not None
    ]
    answered = [row for row in rows if row[0] in (Status.RESOLVED, Status.REJECTED) and row[4]]
    on_time = sum(1 for row in answered if timezone.localdate(row[4]) <= row[5])
    overdue = list(
        scope.filter(status__in=OPEN_STATUSES, due_on__lt=day)
        .select_related("category")
        .order_by("due_on", "made_at")[:200]
    )
    language_code = get_language()
    commune_counts = []
    for commune_id, count in by_commune.most_common():
        name, commune_code = _unit_name(commune_id, day)
        commune_counts.append(Count(label=name, count=count, code=commune_code))
    return Dashboard(
        title=title,
        code=unit_code,
        start=first,
        end=last,
        total=len(rows),
        by_status=[Count(label=str(s.label), count=statuses[s.value], code=s) for s in Status],
        by_category=[
            Count(label=names[cid].name(language_code), count=count, code=names[cid].code)
            for cid, count in by_category.most_common()
        ],
        by_commune=commune_counts,
        median_days=statistics.median(resolve_days) if resolve_days else None,
        answered=len(answered),
        on_time=on_time,
        overdue=overdue,
    )


# Open311


def _latest_public_text() -> Subquery:
    return Subquery(
        ReportEvent.objects.filter(report=OuterRef("pk"), public=True)
        .exclude(text="")
        .order_by("-at", "-id")
        .values("text")[:1]
    )


def _open311_reports() -> QuerySet[Report]:
    return Report.objects.select_related("category", "duplicate_of").annotate(
        latest_public_text=_latest_public_text()
    )


@dataclass(frozen=True)
class RequestQuery:
    codes: list[str] = field(default_factory=list)
    service_codes: list[str] = field(default_factory=list)
    lower: datetime | None = None
    upper: datetime | None = None
    statuses: set[str] | None = None
    jurisdiction: str = ""
    page: int = 1
    page_size: int = 1000


def open311_requests(*, query: RequestQuery) -> list[Report]:
    """Service requests for GET requests: by ids (which override every other filter but the
    jurisdiction), else by service codes, requested_datetime range and open/closed status;
    newest first, ``page_size`` (at most 1000) at a time."""
    qs = _open311_reports()
    if query.jurisdiction:
        qs = qs.filter(province_code=query.jurisdiction)
    if query.codes:
        qs = qs.filter(code__in=[normalize_code(code) for code in query.codes])
    else:
        if query.service_codes:
            qs = qs.filter(category__code__in=query.service_codes)
        if query.lower is not None:
            qs = qs.filter(made_at__gte=query.lower)
        if query.upper is not None:
            qs = qs.filter(made_at__lte=query.upper)
        if query.statuses == {"open"}:
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif query.statuses == {"closed"}:
            qs = qs.exclude(status__in=OPEN_STATUSES)
    size = max(1, min(query.page_size, 1000))
    first = (max(1, query.page) - 1) * size
    return list(qs.order_by("-made_at", "-id")[first : first + size])


def open311_request(*, code: str, jurisdiction: str = "") -> Report:
    qs = _open311_reports().filter(code=normalize_code(code))
    if jurisdiction:
        qs = qs.filter(province_code=jurisdiction)
    report = qs.first()
    if report is None:
        raise _not_found()
    return report


def open311_token(*, token: str, jurisdiction: str = "") -> Report:
    qs = Report.objects.filter(token=token.strip()[:32])
    if jurisdiction:
        qs = qs.filter(province_code=jurisdiction)
    report = qs.first()
    if report is None:
        raise NotFound(FeedbackError.REPORT_NOT_FOUND, _("There is no such token."))
    return report


def catalog_changed_at() -> datetime | None:
    latest = Category.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return latest
