"""The officers' outreach pages: the list of announcements, the composer and its live preview,
a draft's actions (send, schedule, cancel, edit), the delivery dashboard and its spreadsheet.
Thin: the services write, the selectors read, ``access`` decides. The leaders' Zalo-group
checklist, the public pages and the templates are in ``group_views`` and ``template_views``."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso import access
from langso.access import SYSTEM
from langso.campaigns import selectors as campaign_selectors
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.indicators.models import Population
from langso.indicators.selectors import indicator_name
from langso.indicators.services import catalog
from langso.learning import guide_selectors
from langso.outreach import audience as audiences
from langso.outreach import export, selectors, services
from langso.outreach import render as outreach_render
from langso.outreach.audience import Audience
from langso.outreach.forms import (
    LOCAL_FORMAT,
    TEXT_MAX,
    TITLE_MAX,
    AnnouncementForm,
    ScheduleForm,
    StatusForm,
    add_domain_error,
)
from langso.outreach.models import (
    Announcement,
    AnnouncementStatus,
    Channel,
    DeliveryStatus,
    LinkKind,
    TeamAudience,
)
from langso.trust import selectors as trust_selectors
from langso.units import selectors as units
from langso.units.models import Level, UnitVersion

PER_PAGE = 50
# The links an officer may choose among, newest or first in order: enough for a choice list.
LINK_CHOICES = 100
TEMPLATES_SHOWN = 200
LINK_REF_MAX = 200

# How a status reads next to an announcement's title, and the style of its badge.
STATE_CLASS = {
    AnnouncementStatus.DRAFT: "wait-state",
    AnnouncementStatus.SCHEDULED: "wait-state",
    AnnouncementStatus.SENDING: "wait-state",
    AnnouncementStatus.SENT: "ok-state",
    AnnouncementStatus.CANCELLED: "",
}


# Choices of the composer --------------------------------------------------------------------


def unit_choices(actor: Any) -> list[Any]:
    """The units an officer may address: their province and its communes, or their commune
    and its villages (grouped under it), as the composer's checkboxes."""
    choices: list[Any] = []
    for branch in units.managed_branches(actor, today()):
        root = branch.root
        choices.append(
            (
                _("All of %(unit)s") % {"unit": root.name},
                [(root.code, _("The whole of %(unit)s") % {"unit": root.name})],
            )
        )
        if branch.children:
            choices.append((branch.label, [(child.code, child.name) for child in branch.children]))
    return choices


def link_choices(actor: Any) -> list[Any]:
    """What an announcement may link to: a published guide, a campaign under way the officer
    sees, or a confirmed scam warning of the checker."""
    groups: list[Any] = []
    guides = [
        (f"guide:{guide.slug}", guide.published.title if guide.published else guide.slug)
        for guide in guide_selectors.published_guides()[:LINK_CHOICES]
    ]
    if guides:
        groups.append((_("Guides"), guides))
    campaigns = [
        (f"campaign:{campaign.pk}", campaign.name)
        for campaign in campaign_selectors.active_for(actor=actor)[:LINK_CHOICES]
    ]
    if campaigns:
        groups.append((_("Campaigns under way"), campaigns))
    # A warning's link opens the checker with the warned-of link or number filled in.
    warnings = [
        (f"warning:{shown}", shown)
        for shown in trust_selectors.confirmed_shown(limit=LINK_CHOICES)
        if len(shown) <= LINK_REF_MAX
    ]
    if warnings:
        groups.append((_("Scam warnings"), warnings))
    return groups


def indicator_choices() -> list[tuple[str, str]]:
    """The catalog's indicators of people (a household's broadband is not a person's lack)."""
    return [
        (code, indicator_name(indicator))
        for code, indicator in catalog().items()
        if indicator.population == Population.RESIDENTS
    ]


def composer(actor: Any, data: Any = None, files: Any = None, **kwargs: Any) -> AnnouncementForm:
    return AnnouncementForm(
        data,
        files,
        units=unit_choices(actor),
        links=link_choices(actor),
        indicators=indicator_choices(),
        connected=selectors.connected(),
        **kwargs,
    )


def initial_of(announcement: Announcement) -> dict[str, Any]:
    """A saved draft as the composer's first values."""
    audience = announcement.audience or {}
    residents = audience.get("residents") or {}
    lacking = list(residents.get("lacking") or [])
    send_at = announcement.send_at
    return {
        "title": announcement.title,
        "text": announcement.text,
        "deadline": announcement.deadline,
        "link": f"{announcement.link_kind}:{announcement.link_ref}"
        if announcement.link_kind
        else "",
        "units": unit_codes(announcement),
        "teams": audience.get("teams", "none"),
        "residents": "lacking" if lacking else ("all" if residents.get("all") else "none"),
        "lacking": lacking,
        "min_age": residents.get("min_age"),
        "channels": list(announcement.channels or []),
        "when": "later" if send_at else "now",
        "send_at": timezone.localtime(send_at).strftime(LOCAL_FORMAT) if send_at else None,
        "urgent": announcement.urgent,
    }


def unit_codes(announcement: Announcement) -> list[str]:
    day = today()
    return [
        version.code
        for unit in announcement.units.all()
        if (version := units.version_on(unit, access.unit_day(unit, day))) is not None
    ]


def draft_of(announcement: Announcement, **changes: Any) -> services.Draft:
    """A saved draft's words and choices, for the services, with ``changes`` made."""
    audience = Audience.from_json({**(announcement.audience or {})})
    fields: dict[str, Any] = {
        "title": announcement.title,
        "text": announcement.text,
        "audience": Audience(
            units=tuple(unit_codes(announcement)),
            teams=audience.teams,
            residents_all=audience.residents_all,
            lacking=audience.lacking,
            min_age=audience.min_age,
        ),
        "channels": tuple(announcement.channels or ()),
        "link_kind": announcement.link_kind,
        "link_ref": announcement.link_ref,
        "deadline": announcement.deadline,
        "send_at": announcement.send_at,
        "urgent": announcement.urgent,
    }
    return services.Draft(**{**fields, **changes})


# The list -------------------------------------------------------------------------------------


@dataclass
class Row:
    announcement: Announcement
    status: str
    state: str
    reach: int
    when: datetime | None


def row_of(announcement: Announcement) -> Row:
    reach = sum(int(count) for count in (announcement.reach or {}).values())
    if announcement.status == AnnouncementStatus.SCHEDULED:
        when = announcement.send_at
    elif announcement.status in (AnnouncementStatus.SENDING, AnnouncementStatus.SENT):
        when = announcement.queued_at
    else:
        when = None
    return Row(
        announcement=announcement,
        status=str(announcement.get_status_display()),
        state=STATE_CLASS.get(AnnouncementStatus(announcement.status), ""),
        reach=reach,
        when=when,
    )


@login_required
@require_GET
def announcement_list(request: HttpRequest) -> HttpResponse:
    found = selectors.announcements(actor=request.user)
    # The home's counts lead here filtered ("?status=draft"); an unknown status shows them all.
    status = request.GET.get("status", "")
    if status in AnnouncementStatus.values:
        found = found.filter(status=status)
    else:
        status = ""
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/list.html",
        {
            "page": page,
            "rows": [row_of(announcement) for announcement in page],
            "may_create": access.is_officer(request.user),
            "status": status,
            "statuses": AnnouncementStatus.choices,
            "query": f"status={status}" if status else "",
        },
    )


# The composer -------------------------------------------------------------------------------


def _save(request: HttpRequest, form: AnnouncementForm, draft: Announcement | None) -> Any:
    data = form.cleaned_data
    kind, ref = form.link_parts()
    words = services.Draft(
        title=data["title"],
        text=data["text"],
        audience=form.audience(),
        channels=tuple(data["channels"]),
        link_kind=kind,
        link_ref=ref,
        deadline=data.get("deadline"),
        send_at=form.moment(),
        urgent=bool(data.get("urgent")),
    )
    image = data.get("image")
    if draft is None:
        return services.announcement_create(actor=request.user, draft=words, image=image)
    return services.announcement_update(
        actor=request.user, announcement=draft, draft=words, image=image
    )


def _compose(request: HttpRequest, draft: Announcement | None) -> HttpResponse:
    actor = request.user
    status = 200
    if request.method == "POST":
        form = composer(actor, request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = _save(request, form, draft)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("The announcement is saved as a draft. Check it, then send it."),
                )
                return redirect("outreach:announcement", saved.pk)
        status = 400
    elif draft is not None:
        form = composer(actor, initial=initial_of(draft))
    else:
        form = composer(actor, initial={"channels": [Channel.APP]})
    templates = list(selectors.templates(actor=actor).order_by("name")[:TEMPLATES_SHOWN])
    return render(
        request,
        "outreach/compose.html",
        {
            "form": form,
            "draft": draft,
            "templates": templates,
            "template_data": [
                {"title": template.title, "text": template.text} for template in templates
            ],
            "panel": _panel(actor, form),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def announcement_new(request: HttpRequest) -> HttpResponse:
    access.access_outreach_desk(request.user)
    return _compose(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def announcement_edit(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = access.access_announcement(request.user, announcement_id, manage=True)
    if announcement.status != AnnouncementStatus.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("outreach:announcement", announcement.pk)
    return _compose(request, announcement)


@dataclass
class ChannelPreview:
    channel: str
    label: str
    reach: int | None
    text: str
    segments: outreach_render.Segments | None


def _panel(actor: Any, form: AnnouncementForm) -> dict[str, Any]:
    """What the side panel shows for the composer's current values: the people each chosen
    channel reaches and the text as each shows it; a refusal instead of counts while the
    audience is not complete yet."""
    data = form.data
    title = " ".join(str(data.get("title", "")).split())[:TITLE_MAX]
    text = str(data.get("text", "")).replace("\r\n", "\n").strip()[:TEXT_MAX]
    chosen = [code for code in dict.fromkeys(_list(data, "channels")) if code in Channel.values]
    problem = ""
    reach: dict[str, int] = {}
    audience = _audience_typed(data)
    sender = ""
    if audience is None or not chosen:
        problem = _("Choose units, who receives it and a channel to see how many it reaches.")
    else:
        try:
            reach = selectors.reach(actor=actor, audience=audience, channels=chosen)
            sender = _sender(actor, audience)
        except DomainError as error:
            problem = str(error.message)
    previews: dict[str, dict[str, object]] = {}
    if title or text:
        previews = outreach_render.previews(
            title=title,
            text=text,
            link=_link_typed(data),
            sender=sender,
            deadline=_day_typed(data),
            channels=chosen,
        )
    rows = []
    for code in chosen:
        shown = previews.get(code, {})
        segments = shown.get("segments")
        rows.append(
            ChannelPreview(
                channel=code,
                label=str(Channel(code).label),
                reach=reach.get(code),
                text=str(shown.get("text", "")),
                segments=segments if isinstance(segments, outreach_render.Segments) else None,
            )
        )
    return {"rows": rows, "problem": problem}


def _sender(actor: Any, audience: Audience) -> str:
    """The issuing unit's name, which opens every SMS and Zalo message."""
    day = today()
    chosen = audiences.units_addressed(actor, audiences.clean(audience), day)
    return services.issuer_name(services.issuing_unit(actor, chosen, day).pk)


def _link_typed(data: Any) -> str:
    kind, _sep, ref = str(data.get("link", "")).partition(":")
    if kind not in (LinkKind.GUIDE, LinkKind.CAMPAIGN, LinkKind.WARNING) or not ref:
        return ""
    if kind == LinkKind.CAMPAIGN and not (ref.isdigit() and len(ref) <= 18):
        return ""
    return outreach_render.link_url(kind, ref[:200])


def _day_typed(data: Any) -> date | None:
    try:
        return date.fromisoformat(str(data.get("deadline", "")))
    except ValueError:
        return None


def _list(data: Any, name: str) -> list[str]:
    if isinstance(data, QueryDict):
        return data.getlist(name)
    value = data.get(name) if hasattr(data, "get") else None
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)] if value else []


def _audience_typed(data: Any) -> Audience | None:
    """The audience the composer holds now, or None while it names no unit (the services
    refuse the rest with their own words)."""
    codes = [code for code in _list(data, "units") if code]
    if not codes:
        return None
    residents = str(data.get("residents", "none"))
    age_text = str(data.get("min_age", "") or "").strip()
    min_age = int(age_text) if age_text.isdigit() and len(age_text) <= 3 else None
    teams = str(data.get("teams", "none"))
    return Audience(
        units=tuple(codes[: audiences.MAX_UNITS + 1]),
        teams=teams if teams in TeamAudience.values else TeamAudience.NONE,
        residents_all=residents == "all",
        lacking=tuple(_list(data, "lacking")) if residents == "lacking" else (),
        min_age=min_age if residents != "none" else None,
    )


@login_required
@require_POST
def composer_preview(request: HttpRequest) -> HttpResponse:
    """The side panel again, for htmx, as the officer types and ticks."""
    access.access_outreach_desk(request.user)
    form = composer(request.user, request.POST)
    return render(
        request, "outreach/_preview.html", {"panel": _panel(request.user, form), "form": form}
    )


# A draft's actions ----------------------------------------------------------------------------


@login_required
@require_POST
def announcement_send(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = access.access_announcement(request.user, announcement_id, manage=True)
    try:
        sent = services.announcement_send(actor=request.user, announcement=announcement)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if sent.status == AnnouncementStatus.SCHEDULED and sent.send_at:
            messages.success(
                request,
                _("The announcement will be sent on %(when)s.")
                % {"when": timezone.localtime(sent.send_at).strftime("%H:%M %d/%m/%Y")},
            )
        else:
            messages.success(request, _("The announcement is being sent."))
    return redirect("outreach:announcement", announcement.pk)


@login_required
@require_POST
def announcement_schedule(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = access.access_announcement(request.user, announcement_id, manage=True)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("outreach:announcement", announcement.pk)
    try:
        draft = services.announcement_update(
            actor=request.user,
            announcement=announcement,
            draft=draft_of(announcement, send_at=form.cleaned_data["send_at"]),
        )
        services.announcement_send(actor=request.user, announcement=draft)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("The announcement will be sent on %(when)s.")
            % {"when": timezone.localtime(form.cleaned_data["send_at"]).strftime("%H:%M %d/%m/%Y")},
        )
    return redirect("outreach:announcement", announcement.pk)


@login_required
@require_POST
def announcement_cancel(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = access.access_announcement(request.user, announcement_id, manage=True)
    try:
        services.announcement_cancel(actor=request.user, announcement=announcement)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("The announcement is cancelled. Messages already sent stay sent.")
        )
    return redirect("outreach:announcement", announcement.pk)


# The dashboard --------------------------------------------------------------------------------


def _may_manage(actor: Any, announcement: Announcement) -> bool:
    try:
        access.access_announcement(actor, announcement.pk, manage=True)
    except NotFound:
        return False
    return True


def status_filter(request: HttpRequest) -> tuple[StatusForm, str | None, str | None]:
    form = StatusForm(request.GET, statuses=DeliveryStatus.choices)
    if not form.is_valid():
        return StatusForm(statuses=DeliveryStatus.choices), None, None
    return (
        form,
        form.cleaned_data.get("status") or None,
        form.cleaned_data.get("channel") or None,
    )


@dataclass
class ChannelRow:
    label: str
    counts: list[int]


# The statuses of the counts table, in the order a message goes through them.
SHOWN_STATUSES = [
    DeliveryStatus.QUEUED,
    DeliveryStatus.SENT,
    DeliveryStatus.DELIVERED,
    DeliveryStatus.FAILED,
    DeliveryStatus.OPTED_OUT,
    DeliveryStatus.CANCELLED,
]


def channel_rows(board: dict[str, Any]) -> list[ChannelRow]:
    counts: dict[str, dict[str, int]] = board.get("channels", {})
    return [
        ChannelRow(
            label=str(channel.label),
            counts=[counts[channel].get(status, 0) for status in SHOWN_STATUSES],
        )
        for channel in Channel
        if channel in counts
    ]


@login_required
@require_GET
def announcement_page(request: HttpRequest, announcement_id: int) -> HttpResponse:
    actor = request.user
    announcement = access.access_announcement(actor, announcement_id)
    board = selectors.dashboard(announcement=announcement)
    filter_form, status, channel = status_filter(request)
    # The failed messages are what an officer comes for: shown first, unless asked otherwise.
    if "status" not in request.GET:
        status = DeliveryStatus.FAILED
        filter_form = StatusForm(initial={"status": status}, statuses=DeliveryStatus.choices)
    deliveries = selectors.deliveries(announcement=announcement, status=status, channel=channel)
    page = Paginator(deliveries, PER_PAGE).get_page(request.GET.get("page"))
    units_page = Paginator(board.get("units", []), PER_PAGE).get_page(request.GET.get("upage"))
    query = QueryDict(mutable=True)
    query["status"] = status or ""
    if channel:
        query["channel"] = channel
    app = board.get("app", {})
    kind = announcement.link_kind
    image = announcement.image
    return render(
        request,
        "outreach/announcement.html",
        {
            "announcement": announcement,
            "row": row_of(announcement),
            "issuer": services.issuer_name(announcement.unit_id),
            "board": board,
            "channel_rows": channel_rows(board),
            "status_labels": [status.label for status in SHOWN_STATUSES],
            "app_rate": round(100 * app["rate"]) if app.get("rate") is not None else 0,
            "units_page": units_page if board.get("units") else None,
            "filter_form": filter_form,
            "filter_problem": ""
            if filter_form.is_bound is False or filter_form.is_valid()
            else _("That status or channel does not exist; every message is shown."),
            "status": status,
            "page": page,
            "deliveries": [
                (delivery, selectors.masked_to(delivery), export.reason(delivery))
                for delivery in page
            ],
            "query": query.urlencode(),
            "xlsx_query": query.urlencode(),
            "manage": _may_manage(actor, announcement),
            "draft": announcement.status == AnnouncementStatus.DRAFT,
            "cancellable": announcement.status
            in (
                AnnouncementStatus.DRAFT,
                AnnouncementStatus.SCHEDULED,
                AnnouncementStatus.SENDING,
            ),
            "now": timezone.now(),
            "schedule_form": ScheduleForm(
                initial={
                    "send_at": (timezone.localtime() + timedelta(hours=1)).strftime(LOCAL_FORMAT)
                }
            ),
            **_group_context(request, board),
            "audience_words": audience_words(announcement),
            "units_words": ", ".join(
                selectors.unit_names({unit.pk for unit in announcement.units.all()}).values()
            ),
            "channel_words": ", ".join(
                str(Channel(code).label) for code in announcement.channels if code in Channel.values
            ),
            "link": outreach_render.link_url(kind, announcement.link_ref) if kind else "",
            "link_label": link_label(announcement),
            "image_url": reverse("outreach:image", args=[image.sha256]) if image else "",
        },
    )


def link_label(announcement: Announcement) -> str:
    """What the link leads to, named: the guide's or campaign's title, the warned-of link."""
    kind, ref = announcement.link_kind, announcement.link_ref
    if kind == LinkKind.GUIDE:
        found = guide_selectors.published_guides().filter(slug=ref).first()
        return found.published.title if found and found.published else ref
    if kind == LinkKind.CAMPAIGN and ref.isdigit():
        campaign = campaign_selectors.campaigns(actor=SYSTEM).filter(pk=int(ref)).first()
        return campaign.name if campaign else ref
    return ref


def audience_words(announcement: Announcement) -> list[str]:
    """The audience as the officer chose it, said back in words."""
    audience = announcement.audience or {}
    lines = []
    teams = audience.get("teams", "none")
    if teams == "leaders":
        lines.append(_("Team leaders and deputies"))
    elif teams == "members":
        lines.append(_("Every team member"))
    residents = audience.get("residents") or {}
    lacking = list(residents.get("lacking") or [])
    known = catalog()
    if lacking:
        names = ", ".join(
            indicator_name(known[code]) if code in known else code for code in lacking
        )
        lines.append(_("Residents who still lack: %(names)s") % {"names": names})
    elif residents.get("all"):
        lines.append(_("Every resident who agreed to be contacted"))
    if residents.get("min_age") is not None and (lacking or residents.get("all")):
        lines.append(_("aged %(age)s or more") % {"age": residents["min_age"]})
    return lines


GROUPS_PER_PAGE = 10


def _group_context(request: HttpRequest, board: dict[str, Any]) -> dict[str, Any]:
    """The Zalo groups' posts a page at a time (a commune has dozens of teams, each with its
    ready text), with how many were posted and opened in all."""
    # Deferred import: the group pages build on this module's helpers.
    from langso.outreach.group_views import post_lines

    posts = list(board.get("group_posts", []))
    page = Paginator(posts, GROUPS_PER_PAGE).get_page(request.GET.get("gpage"))
    return {
        "posts": post_lines(list(page.object_list)),
        "posts_page": page,
        "posts_total": len(posts),
        "posts_posted": sum(1 for post in posts if post.posted_at is not None),
        "posts_opens": sum(post.opens for post in posts),
    }


@login_required
@require_GET
def deliveries_xlsx(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = access.access_announcement(request.user, announcement_id)
    _form, status, channel = status_filter(request)
    deliveries = selectors.deliveries(announcement=announcement, status=status, channel=channel)
    content = export.workbook(
        announcement=announcement,
        board=selectors.dashboard(announcement=announcement),
        deliveries=deliveries,
        authority=authority_of(announcement),
    )
    services.deliveries_export_record(
        actor=request.user,
        announcement=announcement,
        rows=deliveries.count(),
        status=status or "",
        channel=channel or "",
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="thong-bao-{announcement.pk}-{today().isoformat()}.xlsx"'
    )
    return response


def authority_of(announcement: Announcement) -> UnitVersion | None:
    """The People's Committee a report is issued under: the issuing unit, or for an
    announcement issued for a village, its commune (a village has no People's Committee)."""
    day = access.unit_day(announcement.unit, today())
    version = units.version_on(announcement.unit, day)
    if version is not None and version.unit.level == Level.VILLAGE and version.parent_id:
        return units.version_on(version.parent_id, day) or version
    return version
