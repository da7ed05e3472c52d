"""The Zalo groups' side of an announcement, and the pages a resident reaches from a message.

A team's Zalo group has no API: the announcement page and the leader's checklist give the
text to paste in each group, with a short tracked link ``/a/<code>`` whose opens are counted
per group, and a box the leader ticks once it is posted. ``/a/<code>`` itself is public (it is
read in a group by people without an account), and so is the link that stops messages
(``/huy-nhan-tin/<token>``), which never acts on a GET: link scanners open every link.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso import access
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.outreach import render as outreach_render
from langso.outreach import selectors, services
from langso.outreach.models import Announcement, AnnouncementImage, GroupPost, LinkKind
from langso.teams import selectors as teams
from langso.units import selectors as units

PER_PAGE = 50
LINK_LABELS: dict[str, Any] = {
    LinkKind.GUIDE: _lazy("Read the guide"),
    LinkKind.CAMPAIGN: _lazy("See the campaign"),
    LinkKind.WARNING: _lazy("Check this link or number"),
}


@dataclass
class PostLine:
    post: GroupPost
    team: str
    text: str
    short_link: str
    zalo: str


def short_link(post: GroupPost) -> str:
    return outreach_render.public_url(reverse("outreach:open", args=[post.code]))


def group_text(announcement: Announcement, *, village: str, link: str) -> str:
    """The words for a whole group: nobody's name (``{ten}`` reads "everyone", in Vietnamese
    "bà con"), the team's village, the deadline, then the tracked link to the announcement."""
    text = outreach_render.fill(
        announcement.text, name=_("everyone"), village=village, deadline=announcement.deadline
    )
    parts = [announcement.title, text]
    if link:
        parts.append(_("Read more: %(url)s") % {"url": link})
    return "\n\n".join(parts)


def post_lines(posts: QuerySet[GroupPost] | list[GroupPost]) -> list[PostLine]:
    """Each team's ready text with its own short link, and where its Zalo group opens."""
    day = today()
    lines = []
    for post in posts:
        link = short_link(post)
        version = units.version_on(post.team.unit_id, day)
        village = version.name if version else post.team.name
        group = teams.zalo_group(post.team, day)
        lines.append(
            PostLine(
                post=post,
                team=village,
                text=group_text(post.announcement, village=village, link=link),
                short_link=link,
                zalo=group.invite_link if group else "",
            )
        )
    return lines


@login_required
@require_GET
def groups_page(request: HttpRequest) -> HttpResponse:
    """A leader's checklist: the announcements to post in their team's Zalo group."""
    found = selectors.group_posts(actor=request.user).select_related("announcement", "team")
    # The home's count leads here with "?waiting=1": only those not marked posted yet.
    waiting = request.GET.get("waiting") == "1"
    if waiting:
        found = found.filter(posted_at__isnull=True)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/groups.html",
        {
            "page": page,
            "lines": post_lines(list(page)),
            "waiting": waiting,
            "query": "waiting=1" if waiting else "",
        },
    )


@login_required
@require_POST
def group_post_mark(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access.access_group_post(request.user, post_id)
    posted = request.POST.get("posted") == "1"
    try:
        post = services.group_post_mark(actor=request.user, post=post, posted=posted)
        problem = ""
    except DomainError as error:
        problem = str(error.message)
    if request.headers.get("HX-Request"):
        line = post_lines([post])[0]
        return render(
            request,
            "outreach/_post_mark.html",
            {"line": line, "problem": problem},
            status=400 if problem else 200,
        )
    return redirect(request.POST.get("next") or reverse("outreach:groups"))


# Public pages ---------------------------------------------------------------------------------


@require_GET
def public_open(request: HttpRequest, code: str) -> HttpResponse:
    """An announcement as a group reads it: counts the open, then shows the group's text."""
    post = services.group_post_open(code=code[:20])
    if post is None:
        return render(request, "outreach/public_missing.html", status=404)
    announcement = post.announcement
    version = units.version_on(post.team.unit_id, today())
    village = version.name if version else ""
    kind = announcement.link_kind
    image = announcement.image
    return render(
        request,
        "outreach/public.html",
        {
            "announcement": announcement,
            "issuer": services.issuer_name(announcement.unit_id),
            "sent_at": announcement.queued_at or announcement.created_at,
            "text": outreach_render.fill(
                announcement.text,
                name=_("everyone"),
                village=village,
                deadline=announcement.deadline,
            ),
            "link": outreach_render.link_url(kind, announcement.link_ref) if kind else "",
            "link_label": LINK_LABELS.get(kind, ""),
            "image_url": reverse("outreach:image", args=[image.sha256]) if image else "",
        },
    )


@require_GET
def public_image(request: HttpRequest, digest: str) -> HttpResponse:
    """An announcement's picture, by its digest (public as the page that shows it; re-encoded
    without metadata when it was saved)."""
    found = AnnouncementImage.objects.filter(sha256=digest[:64]).first()
    if found is None:
        raise Http404
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    # The digest names the content: the same address never shows other pixels.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    token = token[:300]
    if request.method == "POST":
        try:
            services.opt_out_by_token(token=token)
        except DomainError:
            return render(request, "outreach/opt_out_invalid.html", status=404)
        return render(request, "outreach/opt_out_done.html")
    try:
        services.opt_out_check(token=token)
    except DomainError:
        return render(request, "outreach/opt_out_invalid.html", status=404)
    return render(request, "outreach/opt_out.html", {"token": token})
