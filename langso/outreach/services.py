"""Every write of outreach: announcements (draft, send, schedule, cancel), the deliveries they
queue, templates, the Zalo group checklist, opt-outs, and replies to citizens' reports.

Sending is two steps, as the outbox rule asks: ``announcement_send`` queues one delivery per
(recipient, channel) in one transaction and, once it commits, wakes the delivery worker
(``tasks.deliveries_drain``), which calls the providers outside any transaction
(``outreach.delivery``).
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from hashlib import sha256
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor, actor_id
from langso.core import bulk
from langso.core.audit import audit_record
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.core.idlist import id_list
from langso.core.models import AuditAction
from langso.core.text import fold
from langso.core.vault import vault
from langso.outreach import audience as audiences
from langso.outreach import render
from langso.outreach.audience import Audience
from langso.outreach.channels import registry
from langso.outreach.errors import OutreachError
from langso.outreach.models import (
    Announcement,
    AnnouncementImage,
    AnnouncementStatus,
    AnnouncementUnit,
    Channel,
    Delivery,
    DeliverySource,
    DeliveryStatus,
    GroupPost,
    LinkKind,
    OptOut,
    TeamAudience,
    Template,
)
from langso.people.models import CONTACT_PURPOSE, Consent, Resident
from langso.teams.models import Team
from langso.units import tree
from langso.units.models import LEVEL_OF_KIND, Level, Unit, UnitVersion

MAX_TITLE = 150
MAX_TEXT = 2000
MAX_TEMPLATE_NAME = 100
MAX_AHEAD = timedelta(days=366)
BATCH = 5000
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# No SMS at night (21:00 to 07:00, Vietnam time) unless the announcement is urgent.
QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(7, 0)
PHONE_PURPOSE = "phone"
OPT_OUT_WORDS = frozenset({"tc", "tu choi", "huy", "dung", "stop", "ngung"})


@dataclass(frozen=True)
class Draft:
    """What an officer writes: the words, the link, who and how, and when."""

    title: str
    text: str
    audience: Audience
    channels: tuple[str, ...]
    link_kind: str = LinkKind.NONE
    link_ref: str = ""
    deadline: date | None = None
    send_at: datetime | None = None
    urgent: bool = False


# Checking what an officer wrote -----------------------------------------------------------------


def _clean_words(draft: Draft) -> tuple[str, str]:
    title = " ".join(draft.title.split())
    text = draft.text.replace("\r\n", "\n").strip()
    if not title:
        raise DomainError(
            OutreachError.TITLE_REQUIRED, _("Give the announcement a title."), field="title"
        )
    if len(title) > MAX_TITLE:
        raise DomainError(
            OutreachError.TITLE_TOO_LONG,
            _("The title has %(count)d characters; at most %(limit)d.")
            % {"count": len(title), "limit": MAX_TITLE},
            field="title",
        )
    if not text:
        raise DomainError(
            OutreachError.TEXT_REQUIRED, _("Write the announcement's text."), field="text"
        )
    if len(text) > MAX_TEXT:
        raise DomainError(
            OutreachError.TEXT_TOO_LONG,
            _("The text has %(count)d characters; at most %(limit)d.")
            % {"count": len(text), "limit": MAX_TEXT},
            field="text",
        )
    if "\x00" in title + text:
        raise DomainError(OutreachError.TEXT_REQUIRED, _("The text holds a NUL."), field="text")
    render.check_variables(title, "title")
    render.check_variables(text, "text")
    return title, text


def _clean_channels(channels: tuple[str, ...]) -> list[str]:
    chosen = list(dict.fromkeys(channels))
    if not chosen:
        raise DomainError(
            OutreachError.CHANNEL_REQUIRED, _("Choose at least one channel."), field="channels"
        )
    connected = registry.connected()
    for channel in chosen:
        if channel not in Channel.values:
            raise DomainError(
                OutreachError.CHANNEL_UNKNOWN,
                _("There is no channel %(name)s.") % {"name": channel[:20]},
                field="channels",
            )
        if not connected.get(channel):
            raise DomainError(
                OutreachError.CHANNEL_NOT_CONNECTED,
                _("%(channel)s is not connected; ask whoever runs Làng Số to connect it.")
                % {"channel": Channel(channel).label},
                field="channels",
            )
    return chosen


def _clean_link(actor: Actor, kind: str, ref: str) -> tuple[str, str]:
    ref = ref.strip()
    if kind not in LinkKind.values:
        raise DomainError(OutreachError.LINK_UNKNOWN, _("No such kind of link."), field="link")
    if kind == LinkKind.NONE:
        return "", ""
    problem = DomainError(
        OutreachError.LINK_UNKNOWN,
        _("The linked guide, campaign or warning does not exist."),
        field="link",
    )
    if not ref or len(ref) > 200 or "\x00" in ref:
        raise problem
    if kind == LinkKind.GUIDE:
        # Outreach links to the public guides through the learning app's selectors.
        from langso.learning import guide_selectors

        try:
            guide_selectors.published_guide(slug=ref)
        except NotFound:
            raise problem from None
    elif kind == LinkKind.CAMPAIGN:
        if not ref.isdigit() or len(ref) > 18:
            raise problem
        try:
            access.access_campaign(actor, int(ref))
        except NotFound:
            raise problem from None
    return kind, ref


def _clean_send_at(send_at: datetime | None) -> datetime | None:
    if send_at is None:
        return None
    if timezone.is_naive(send_at):
        send_at = send_at.replace(tzinfo=VIETNAM)
    now = timezone.now()
    if send_at < now - timedelta(minutes=1):
        raise DomainError(
            OutreachError.SEND_AT_PAST, _("The sending time has passed."), field="send_at"
        )
    if send_at > now + MAX_AHEAD:
        raise DomainError(
            OutreachError.SEND_AT_TOO_FAR,
            _("The sending time is more than a year away."),
            field="send_at",
        )
    return send_at


def issuing_unit(actor: Actor, units: list[Unit], on: date) -> Unit:
    """The unit the announcement is issued by, which its messages are signed with: the lowest
    commune (or province) above every unit addressed that the actor manages. A commune officer
    writing to two of its villages issues it as the commune, never as a village. Every unit
    addressed was checked to be in the actor's hands already."""
    paths = [tree.ancestor_ids(unit, on) for unit in units]
    common = [unit_id for unit_id in paths[0] if all(unit_id in path for path in paths[1:])]
    kinds = dict(
        UnitVersion.objects.filter(
            unit_id__in=common, valid_from__lte=on, valid_until__gt=on
        ).values_list("unit_id", "kind")
    )
    for unit_id in common:
        level = LEVEL_OF_KIND.get(kinds.get(unit_id, ""), Level.VILLAGE)
        if level <= Level.COMMUNE and access.may_manage_unit(actor, unit_id, on):
            return Unit.objects.get(pk=unit_id)
    raise NotFound(OutreachError.UNIT_NOT_FOUND, _("No such unit in your area."), field="units")


def _image(data: bytes | None) -> AnnouncementImage | None:
    if not data:
        return None
    # The same cleaning as a guide's pictures: the pixels alone, re-encoded, no SVG.
    from langso.learning.guide_services import image_clean

    clean = image_clean(data, name=_("the picture"))
    digest = sha256(clean.content).hexdigest()
    found, _created = AnnouncementImage.objects.get_or_create(
        sha256=digest,
        defaults={
            "content_type": clean.content_type,
            "data": clean.content,
            "width": clean.width,
            "height": clean.height,
        },
    )
    return found


def _fill(
    actor: Actor, announcement: Announcement, draft: Draft, image: bytes | None
) -> list[Unit]:
    access.access_outreach_desk(actor)
    title, text = _clean_words(draft)
    chosen = audiences.clean(draft.audience)
    channels = _clean_channels(draft.channels)
    link_kind, link_ref = _clean_link(actor, draft.link_kind, draft.link_ref)
    if link_kind == LinkKind.CAMPAIGN and chosen.residents:
        # A campaign's page opens only for those who work on it.
        raise DomainError(
            OutreachError.LINK_FOR_TEAMS,
            _(
                "A campaign's page opens only for team members: link it in an announcement to "
                "teams alone."
            ),
            field="link",
        )
    on = today()
    units = audiences.units_addressed(actor, chosen, on)
    announcement.unit = issuing_unit(actor, units, on)
    announcement.title = title
    announcement.text = text
    announcement.audience = chosen.as_json()
    announcement.channels = channels
    announcement.link_kind = link_kind
    announcement.link_ref = link_ref
    announcement.deadline = draft.deadline
    announcement.send_at = _clean_send_at(draft.send_at)
    announcement.urgent = draft.urgent
    if image:
        announcement.image = _image(image)
    return units


def _set_units(announcement: Announcement, units: list[Unit]) -> None:
    AnnouncementUnit.objects.filter(announcement=announcement).delete()
    AnnouncementUnit.objects.bulk_create(
        AnnouncementUnit(announcement=announcement, unit=unit) for unit in units
    )


@transaction.atomic
def announcement_create(*, actor: Actor, draft: Draft, image: bytes | None = None) -> Announcement:
    """A draft announcement, checked whole (words, audience in the actor's scope, channels
    connected, link, time) before anything is written."""
    announcement = Announcement(created_by_id=actor_id(actor))
    units = _fill(actor, announcement, draft, image)
    announcement.save()
    _set_units(announcement, units)
    return announcement


@transaction.atomic
def announcement_update(
    *, actor: Actor, announcement: Announcement, draft: Draft, image: bytes | None = None
) -> Announcement:
    """A draft rewritten; once scheduled or sent it can no longer change (cancel it instead)."""
    found = access.access_announcement(actor, announcement.pk, manage=True)
    found = Announcement.objects.select_for_update().get(pk=found.pk)
    _require_status(found, {AnnouncementStatus.DRAFT})
    units = _fill(actor, found, draft, image)
    found.save()
    _set_units(found, units)
    return found


def _require_status(announcement: Announcement, allowed: set[str]) -> None:
    if announcement.status in allowed:
        return
    if announcement.status == AnnouncementStatus.CANCELLED:
        raise DomainError(OutreachError.ALREADY_CANCELLED, _("The announcement was cancelled."))
    raise DomainError(OutreachError.ALREADY_SENT, _("The announcement has already been sent."))


# Sending ----------------------------------------------------------------------------------------


def quiet_until(moment: datetime) -> datetime | None:
    """The end of the night quiet hours if ``moment`` falls inside them, else None."""
    local = moment.astimezone(VIETNAM)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return None
    morning = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(morning, QUIET_UNTIL, tzinfo=VIETNAM)


def first_attempt(channel: str, moment: datetime, *, urgent: bool) -> datetime:
    """When a delivery may first go: at once, or for an SMS that is not urgent, not before the
    quiet hours end."""
    if channel == Channel.SMS and not urgent:
        later = quiet_until(moment)
        if later is not None:
            return later
    return moment


@transaction.atomic
def announcement_send(*, actor: Actor, announcement: Announcement) -> Announcement:
    """Sends a draft: at its ``send_at`` if that is still ahead (scheduled), else now (every
    delivery queued, and the worker woken once this commits)."""
    found = access.access_announcement(actor, announcement.pk, manage=True)
    found = Announcement.objects.select_for_update().get(pk=found.pk)
    _require_status(found, {AnnouncementStatus.DRAFT})
    # A channel disconnected since the draft was saved is refused now rather than queued.
    _clean_channels(tuple(found.channels))
    now = timezone.now()
    if found.send_at is not None and found.send_at > now:
        found.status = AnnouncementStatus.SCHEDULED
        found.save(update_fields=["status"])
        from langso.outreach import tasks

        transaction.on_commit(lambda: tasks.schedule_dispatch(found.pk, found.send_at))
        return found
    return _queue(found, now)


def announcement_dispatch(*, announcement_id: int, now: datetime | None = None) -> bool:
    """Queues a scheduled announcement whose time has come (the task that ran at its time, or
    ``outreach_tick``); anything else (cancelled, already queued, not yet due) is left alone."""
    moment = now or timezone.now()
    with transaction.atomic():
        found = (
            Announcement.objects.select_for_update()
            .filter(pk=announcement_id, status=AnnouncementStatus.SCHEDULED)
            .first()
        )
        if found is None or (found.send_at is not None and found.send_at > moment):
            return False
        _queue(found, moment)
    return True


def announcements_due(*, now: datetime | None = None) -> int:
    """Queues every scheduled announcement whose time has passed (safe to rerun)."""
    moment = now or timezone.now()
    due = Announcement.objects.filter(
        status=AnnouncementStatus.SCHEDULED, send_at__lte=moment
    ).values_list("pk", flat=True)
    return sum(announcement_dispatch(announcement_id=pk, now=moment) for pk in list(due))


def issuer_name(unit_id: int) -> str:
    """The issuing unit's name today (or its last), which opens every SMS and Zalo message."""
    found = (
        UnitVersion.objects.filter(unit_id=unit_id, valid_from__lte=today())
        .order_by("-valid_from")
        .values_list("name", flat=True)
        .first()
    )
    return found or ""


def _queue(announcement: Announcement, now: datetime) -> Announcement:
    """Writes every delivery of ``announcement`` (in this transaction) and wakes the worker."""
    chosen = Audience.from_json(announcement.audience)
    on = today()
    ids = audiences.unit_ids(announcement.units.all(), on)
    channels = set(announcement.channels)
    connected = registry.connected()
    reach: dict[str, int] = dict.fromkeys(sorted(channels), 0)
    rows: list[tuple[Any, ...]] = []
    # Each channel's first attempt is the same for every recipient: worked out once.
    first = {
        channel: first_attempt(channel, now, urgent=announcement.urgent) for channel in channels
    }

    def flush() -> None:
        # Plain executemany of tuples (COPY on PostgreSQL): for 100,000 recipients, building
        # and preparing a model instance per row costs more than the database does.
        bulk.insert_rows(Delivery, QUEUE_FIELDS, rows)
        rows.clear()

    def add(
        channel: str,
        *,
        person_id: int | None = None,
        resident_id: int | None = None,
        user_id: int | None = None,
        team_id: int | None = None,
        village_id: int | None = None,
    ) -> None:
        if channel not in channels or not connected.get(channel):
            return
        reach[channel] += 1
        app = channel == Channel.APP
        rows.append(
            (
                announcement.pk,
                DeliverySource.ANNOUNCEMENT,
                channel,
                person_id,
                resident_id,
                user_id,
                village_id,
                team_id,
                announcement.urgent,
                DeliveryStatus.SENT if app else DeliveryStatus.QUEUED,
                first[channel],
                now,
                now if app else None,
            )
        )
        if len(rows) >= BATCH:
            flush()

    seen: set[int] = set()
    members = (
        audiences.memberships(chosen, ids, on)
        .order_by("person_id", "team_id")
        .values_list(
            "person_id",
            "team_id",
            "team__unit_id",
            "person__user_id",
            "person__user__email",
            "person__phone_index",
        )
    )
    for person_id, team_id, unit_id, user_id, email, phone_index in members.iterator():
        if person_id in seen:
            continue
        seen.add(person_id)
        where = {"person_id": person_id, "team_id": team_id, "village_id": unit_id}
        if user_id is not None:
            add(Channel.APP, user_id=user_id, **where)
            if email:
                add(Channel.EMAIL, user_id=user_id, **where)
        if phone_index:
            add(Channel.SMS, **where)
            add(Channel.ZALO, **where)
    for resident_id, village_id in audiences.resident_rows(chosen, ids, on):
        add(Channel.SMS, resident_id=resident_id, village_id=village_id)
        add(Channel.ZALO, resident_id=resident_id, village_id=village_id)
    flush()
    if chosen.teams != TeamAudience.NONE:
        # Every team addressed has its Zalo group, whoever of it has a login or a number.
        teams = Team.objects.filter(
            unit_id__in=id_list(ids), valid_from__lte=on, valid_until__gt=on
        ).values_list("pk", flat=True)
        GroupPost.objects.bulk_create(
            GroupPost(announcement=announcement, team_id=team_id, code=_post_code())
            for team_id in teams
        )
    announcement.reach = reach
    announcement.queued_at = now
    waiting = any(count for channel, count in reach.items() if channel != Channel.APP)
    announcement.status = AnnouncementStatus.SENDING if waiting else AnnouncementStatus.SENT
    announcement.save(update_fields=["reach", "queued_at", "status"])
    if waiting:
        from langso.outreach import tasks

        transaction.on_commit(tasks.wake)
    return announcement


# The columns a queued delivery is written with (``bulk.insert_rows``); the rest are empty
# text, zero or NULL, given here because a raw insert does not apply Django's defaults.
QUEUE_FIELDS = (
    "announcement",
    "source",
    "channel",
    "person",
    "resident",
    "user",
    "village",
    "team",
    "urgent",
    "status",
    "next_attempt_at",
    "created_at",
    "sent_at",
)


def _post_code() -> str:
    # 8 characters of an alphabet without look-alikes: short enough to type from a screenshot.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


@transaction.atomic
def announcement_cancel(*, actor: Actor, announcement: Announcement) -> Announcement:
    """Stops an announcement: a draft or a scheduled one is never sent; one being sent stops
    where it is (what already went out stays counted as sent)."""
    found = access.access_announcement(actor, announcement.pk, manage=True)
    found = Announcement.objects.select_for_update().get(pk=found.pk)
    _require_status(
        found,
        {AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED, AnnouncementStatus.SENDING},
    )
    Delivery.objects.filter(announcement=found, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.CANCELLED
    )
    found.status = AnnouncementStatus.CANCELLED
    found.cancelled_at = timezone.now()
    found.cancelled_by_id = actor_id(actor)
    found.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    return found


# Exports ---------------------------------------------------------------------------------------


def deliveries_export_record(
    *, actor: Actor, announcement: Announcement, rows: int, status: str, channel: str
) -> None:
    """Writes to the audit log that an announcement's deliveries left as a spreadsheet (masked
    numbers and members' logins: personal data all the same)."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="announcement",
        object_id=str(announcement.pk),
        reason=_("Deliveries of an announcement exported to a spreadsheet"),
        detail={"rows": rows, "status": status, "channel": channel},
    )


# Templates ------------------------------------------------------------------------------------


@transaction.atomic
def template_save(
    *,
    actor: Actor,
    unit_code: str,
    name: str,
    title: str,
    text: str,
    template: Template | None = None,
) -> Template:
    """A commune's template, new or changed."""
    access.access_outreach_desk(actor)
    unit = access.access_unit_by_code(actor, unit_code, today(), manage=True).unit
    clean_name = " ".join(name.split())
    if not clean_name:
        raise DomainError(
            OutreachError.TEMPLATE_NAME_REQUIRED, _("Name the template."), field="name"
        )
    if len(clean_name) > MAX_TEMPLATE_NAME:
        raise DomainError(
            OutreachError.TEMPLATE_NAME_REQUIRED,
            _("The name has more than %(limit)d characters.") % {"limit": MAX_TEMPLATE_NAME},
            field="name",
        )
    clean_title, clean_text = _clean_words(
        Draft(title=title or clean_name, text=text, audience=Audience(units=()), channels=())
    )
    found = (
        Template(created_by_id=actor_id(actor))
        if template is None
        else access.access_template(actor, template.pk, manage=True)
    )
    found.unit = unit
    found.name = clean_name
    found.title = clean_title if title else ""
    found.text = clean_text
    try:
        with transaction.atomic():
            found.save()
    except IntegrityError:
        raise DomainError(
            OutreachError.TEMPLATE_NAME_TAKEN,
            _("A template of this commune has that name already."),
            field="name",
        ) from None
    return found


@transaction.atomic
def template_delete(*, actor: Actor, template: Template) -> None:
    access.access_template(actor, template.pk, manage=True).delete()


# Zalo groups ----------------------------------------------------------------------------------


@transaction.atomic
def group_post_mark(*, actor: Actor, post: GroupPost, posted: bool) -> GroupPost:
    found = access.access_group_post(actor, post.pk)
    found.posted_at = timezone.now() if posted else None
    found.posted_by_id = actor_id(actor) if posted else None
    found.save(update_fields=["posted_at", "posted_by"])
    return found


def group_post_open(*, code: str) -> GroupPost | None:
    """Counts one open of a group's tracked link (public: anyone in the group may open it)."""
    if not code or len(code) > 12 or "\x00" in code:
        return None
    found = GroupPost.objects.filter(code=code).select_related("announcement").first()
    if found is None or found.announcement.status == AnnouncementStatus.CANCELLED:
        return None
    now = timezone.now()
    GroupPost.objects.filter(pk=found.pk).update(opens=F("opens") + 1)
    GroupPost.objects.filter(pk=found.pk, first_opened_at__isnull=True).update(first_opened_at=now)
    found.refresh_from_db()
    return found


# Opting out -----------------------------------------------------------------------------------


def _opt_out_mac(delivery_id: int) -> str:
    key = settings.SECRET_KEY.encode("utf-8")
    digest = hmac.new(key, f"langso/opt-out/{delivery_id}".encode(), sha256).hexdigest()
    return digest[:12]


def opt_out_token(delivery_id: int) -> str:
    """The token of a delivery's opt-out link: its id and a MAC, short enough for an SMS."""
    return f"{delivery_id:x}-{_opt_out_mac(delivery_id)}"


def _delivery_by_token(token: str) -> Delivery:
    problem = NotFound(
        OutreachError.OPT_OUT_LINK_INVALID, _("This link to stop messages is not valid.")
    )
    head, _sep, mac = token.partition("-")
    try:
        delivery_id = int(head, 16) if head and len(head) <= 15 else -1
    except ValueError:
        raise problem from None
    if delivery_id < 0 or not hmac.compare_digest(mac, _opt_out_mac(delivery_id)):
        raise problem
    found = Delivery.objects.filter(pk=delivery_id).select_related("resident", "person").first()
    if found is None:
        raise problem
    return found


def opt_out_check(*, token: str) -> Delivery:
    """The delivery a link names, if the link is genuine (for the confirmation page)."""
    return _delivery_by_token(token)


def _phone_index(delivery: Delivery) -> str | None:
    if delivery.resident is not None:
        return delivery.resident.phone_index
    if delivery.person is not None:
        return delivery.person.phone_index
    if delivery.address_sealed:
        phone = vault().open(PHONE_PURPOSE, bytes(delivery.address_sealed))
        return vault().index(PHONE_PURPOSE, phone)
    return None


@transaction.atomic
def _opt_out(phone_index: str, how: str) -> None:
    OptOut.objects.update_or_create(
        phone_index=phone_index, defaults={"how": how, "recorded_at": timezone.now()}
    )
    # Residents with that number record the withdrawn consent, as the law asks of a withdrawal.
    day = today()
    for resident in Resident.objects.filter(phone_index=phone_index):
        Consent.objects.create(
            resident=resident, given=False, purpose=CONTACT_PURPOSE, recorded_on=day
        )
    Delivery.objects.filter(
        status=DeliveryStatus.QUEUED,
        channel__in=(Channel.SMS, Channel.ZALO),
        source=DeliverySource.ANNOUNCEMENT,
    ).filter(_by_phone(phone_index)).update(status=DeliveryStatus.OPTED_OUT)


def _by_phone(phone_index: str) -> Q:
    return Q(resident__phone_index=phone_index) | Q(person__phone_index=phone_index)


def opt_out_by_token(*, token: str) -> None:
    """The person behind a delivery asks for no more announcements (the link in a message)."""
    found = _delivery_by_token(token)
    index = _phone_index(found)
    if index:
        _opt_out(index, "link")


def opt_out_by_reply(*, phone: str, text: str) -> bool:
    """A reply to a message (from the gateway's inbound hook): "TC", "HUY", "STOP", "NGUNG"
    and the like opt the number out. Answers whether it did."""
    if fold(text) not in OPT_OUT_WORDS:
        return False
    from langso.core.phone import normalize_phone

    try:
        e164 = normalize_phone(phone)
    except DomainError:
        return False
    _opt_out(vault().index(PHONE_PURPOSE, e164), "reply")
    return True


# Replies to citizens' feedback ------------------------------------------------------------------


def reply_queue(*, source_ref: str, phone_sealed: bytes, phone_masked: str, text: str) -> Delivery:
    """A message to a citizen who reported something (feedback's replies and status changes),
    through the same deliveries as announcements. With no SMS gateway connected it is kept in
    the local outbox for an officer to pass on. Call it inside the feedback service's
    transaction: the worker is woken once that commits."""
    connected = registry.connected().get(Channel.SMS, False)
    delivery = Delivery.objects.create(
        source=DeliverySource.FEEDBACK,
        source_ref=source_ref[:40],
        channel=Channel.SMS,
        address_sealed=phone_sealed,
        address_masked=phone_masked,
        text=text,
        urgent=True,
        status=DeliveryStatus.QUEUED if connected else DeliveryStatus.KEPT,
    )
    if connected:
        from langso.outreach import tasks

        transaction.on_commit(tasks.wake)
    return delivery
