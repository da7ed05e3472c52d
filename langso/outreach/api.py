"""The announcements API: compose, count the reach, send, cancel, and read the deliveries."""

import hmac

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from langso import access
from langso.core.bounds import DbId
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.outreach import selectors, services
from langso.outreach.audience import Audience
from langso.outreach.channels import registry
from langso.outreach.errors import OutreachError
from langso.outreach.models import Announcement, AnnouncementStatus, DeliveryStatus
from langso.outreach.schemas import (
    AnnouncementIn,
    AnnouncementOut,
    AudienceIn,
    DeliveriesOut,
    DeliveriesQuery,
    DeliveryOut,
    InboundIn,
    InboundOut,
    ListQuery,
    ReachIn,
    ReachOut,
)

router = Router(tags=["announcements"])


def _audience(data: AudienceIn) -> Audience:
    residents = data.residents
    return Audience(
        units=tuple(data.units),
        teams=data.teams,
        residents_all=residents.all if residents else False,
        lacking=tuple(residents.lacking) if residents else (),
        min_age=residents.min_age if residents else None,
    )


def _out(announcement: Announcement) -> AnnouncementOut:
    version = (
        announcement.unit.versions.filter(valid_from__lte=today()).order_by("-valid_from").first()
    )
    return AnnouncementOut(
        id=announcement.pk,
        title=announcement.title,
        text=announcement.text,
        status=announcement.status,  # type: ignore[arg-type]
        status_name=str(AnnouncementStatus(announcement.status).label),
        unit=version.code if version else "",
        unit_name=version.name if version else "",
        audience=announcement.audience,
        channels=list(announcement.channels),
        urgent=announcement.urgent,
        send_at=announcement.send_at,
        deadline=announcement.deadline,
        reach=announcement.reach,
        created_at=announcement.created_at,
        queued_at=announcement.queued_at,
    )


@router.post("/announcements", response={201: AnnouncementOut}, summary="Write an announcement")
def announcement_create(request: HttpRequest, payload: AnnouncementIn) -> Status[AnnouncementOut]:
    """A draft, checked whole: the units addressed must be in the caller's hands (404 if not),
    the channels connected. Its ``reach`` is how many people each channel would reach now;
    ``POST …/send`` sends it."""
    draft = services.Draft(
        title=payload.title,
        text=payload.text,
        audience=_audience(payload.audience),
        channels=tuple(payload.channels),
        link_kind=payload.link.kind if payload.link else "",
        link_ref=payload.link.ref if payload.link else "",
        deadline=payload.deadline,
        send_at=payload.send_at,
        urgent=payload.urgent,
    )
    announcement = services.announcement_create(actor=request.user, draft=draft)
    announcement.reach = selectors.reach(
        actor=request.user, audience=draft.audience, channels=list(draft.channels)
    )
    return Status(201, _out(announcement))


@router.post("/announcements/reach", response=ReachOut, summary="Count who would be reached")
def announcement_reach(request: HttpRequest, payload: ReachIn) -> ReachOut:
    counts = selectors.reach(
        actor=request.user, audience=_audience(payload.audience), channels=list(payload.channels)
    )
    return ReachOut(reach=counts, connected=selectors.connected())


@router.get("/announcements", response=list[AnnouncementOut], summary="Announcements")
def announcement_list(request: HttpRequest, query: Query[ListQuery]) -> list[AnnouncementOut]:
    access.access_outreach_desk(request.user)
    found = selectors.announcements(actor=request.user)[query.offset : query.offset + query.limit]
    return [_out(announcement) for announcement in found]


@router.get("/announcements/{announcement_id}", response=AnnouncementOut, summary="One")
def announcement_get(request: HttpRequest, announcement_id: DbId) -> AnnouncementOut:
    return _out(access.access_announcement(request.user, announcement_id))


@router.post(
    "/announcements/{announcement_id}/send", response=AnnouncementOut, summary="Send or schedule"
)
def announcement_send(request: HttpRequest, announcement_id: DbId) -> AnnouncementOut:
    """Now, or at the draft's ``send_at`` if that is still ahead. 400
    ``OUTREACH_ALREADY_SENT`` for one already sent or scheduled."""
    found = access.access_announcement(request.user, announcement_id, manage=True)
    return _out(services.announcement_send(actor=request.user, announcement=found))


@router.post("/announcements/{announcement_id}/cancel", response=AnnouncementOut, summary="Cancel")
def announcement_cancel(request: HttpRequest, announcement_id: DbId) -> AnnouncementOut:
    """Before it is sent; while it is being sent, what has not gone out yet stays unsent."""
    found = access.access_announcement(request.user, announcement_id, manage=True)
    return _out(services.announcement_cancel(actor=request.user, announcement=found))


@router.get(
    "/announcements/{announcement_id}/deliveries",
    response=DeliveriesOut,
    summary="Deliveries: counts, or the rows of a status",
)
def announcement_deliveries(
    request: HttpRequest, announcement_id: DbId, query: Query[DeliveriesQuery]
) -> DeliveriesOut:
    """Counts per channel and status; with ``status`` (``queued``, ``sent``, ``delivered``,
    ``failed``, ``opted_out``, ``cancelled``) or ``channel``, also the matching rows, a page at
    a time, with masked addresses only."""
    found = access.access_announcement(request.user, announcement_id)
    counts = selectors.counts(announcement=found)
    if not query.status and not query.channel:
        return DeliveriesOut(counts=counts, total=None, rows=None)
    rows = selectors.deliveries(announcement=found, status=query.status, channel=query.channel)
    page = rows[query.offset : query.offset + query.limit]
    names = selectors.unit_names({row.village_id for row in page if row.village_id})
    return DeliveriesOut(
        counts=counts,
        total=rows.count(),
        rows=[
            DeliveryOut(
                id=row.pk,
                channel=row.channel,
                status=row.status,
                status_name=str(DeliveryStatus(row.status).label),
                to=selectors.masked_to(row),
                unit=names.get(row.village_id or 0, ""),
                attempts=row.attempts,
                error_code=row.error_code,
                error=row.error,
                sent_at=row.sent_at,
                read_at=row.read_at,
            )
            for row in page
        ],
    )


@router.post("/outreach/sms/inbound", auth=None, response=InboundOut, summary="A reply to an SMS")
def sms_inbound(request: HttpRequest, payload: InboundIn) -> InboundOut:
    """The SMS gateway forwards replies here, with the same bearer token Làng Số sends to it.
    A reply "TC", "HUY", "NGUNG" or "STOP" stops the commune's messages to that number."""
    token = registry.gateway_token()
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        raise DomainError(
            OutreachError.INBOUND_REFUSED, _("The gateway's token is missing or wrong.")
        )
    return InboundOut(opted_out=services.opt_out_by_reply(phone=payload.sender, text=payload.text))
