"""Pages of citizen feedback: the public form and tracking page, and the commune's queue.

The public pages need no account and show nothing personal. The officer pages open to officers
(commune or province officer roles) only: anyone else gets 404, as for a report that does not
exist. Team leaders and members do not get a read view: reports carry reporters' contact
details and photos, and handling them is the commune's job; volunteers follow a report the way
its citizen does, by its tracking code.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso import access
from langso.access import ANONYMOUS, Actor
from langso.accounts.models import User
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound, code_label
from langso.core.phone import show_phone
from langso.core.ratelimit import RateLimited, client_address, enforce
from langso.core.web import day_param, plain_number
from langso.feedback import images, report, selectors, services
from langso.feedback.codes import format_code, normalize_code
from langso.feedback.errors import FeedbackError
from langso.feedback.forms import (
    OfficerReportForm,
    QueueForm,
    ReportForm,
    TrackForm,
    add_domain_error,
)
from langso.feedback.models import Report, Status

# Three photos of 5 MB and the text fields, with room for the multipart framing.
MAX_BODY = services.MAX_PHOTOS * images.MAX_BYTES + 1024 * 1024
PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen_place(code: str, actor: Actor = ANONYMOUS) -> selectors.PlaceChoice | None:
    """The place a form names, to show it chosen again: any place for a citizen, only a place
    they handle for an officer."""
    if not code:
        return None
    found = (
        selectors.managed_places(actor=actor, query=code, limit=5)
        if actor.is_authenticated
        else selectors.places(query=code, limit=5)
    )
    for choice in found:
        if choice.code == code:
            return choice
    return None


def _form_page(
    request: HttpRequest,
    form: ReportForm,
    *,
    results: list[selectors.PlaceChoice] | None = None,
    status: int = 200,
) -> HttpResponse:
    code = (form.data if form.is_bound else form.initial).get("place", "")
    return render(
        request,
        "feedback/new.html",
        {
            "form": form,
            "results": results,
            "chosen": _chosen_place(str(code)),
            "max_photos": services.MAX_PHOTOS,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    """The citizen's form: what, where, photos, and (optionally) who to tell."""
    if request.method == "GET":
        return _form_page(request, ReportForm())
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        raise DomainError(
            FeedbackError.REQUEST_TOO_LARGE,
            _("What you sent is too large: at most three photos of 5 MB each."),
        )
    address = client_address(request)
    form = ReportForm(request.POST)
    if "find" in request.POST:
        # The place search of a phone without JavaScript: a search, not a filing.
        enforce(services.PLACES_PER_IP, address)
        query = request.POST.get("place_q", "")
        found = selectors.places(query=query) if query.strip() else []
        kept = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "find")}
        return _form_page(request, ReportForm(initial=kept), results=found)
    enforce(services.FILE_PER_IP_BURST, address)
    enforce(services.FILE_PER_IP_DAY, address)
    if request.POST.get("website", "").strip():
        raise DomainError(
            FeedbackError.SPAM_SUSPECTED,
            _("The form could not be sent. Please try again."),
        )
    uploads = request.FILES.getlist("photos")
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        if len(uploads) > services.MAX_PHOTOS:
            raise DomainError(
                FeedbackError.TOO_MANY_PHOTOS,
                _("At most %(count)s photos can be sent.") % {"count": services.MAX_PHOTOS},
                field="photos",
            )
        for upload in uploads:
            if (upload.size or 0) > images.MAX_BYTES:
                raise DomainError(
                    FeedbackError.PHOTO_TOO_LARGE, _("A photo may be at most 5 MB."), field="photos"
                )
        photos = [upload.read() for upload in uploads]
        images.photos_admit(photos, address=address)
        data = form.cleaned_data
        filed = services.report_file(
            data=services.ReportInput(
                category=data["category"],
                description=data["description"],
                place=data["place"],
                latitude=data["latitude"] or None,
                longitude=data["longitude"] or None,
                photos=photos,
                use_photo_location=data["use_photo_location"],
                name=data["name"],
                phone=data["phone"],
                wants_updates=data["wants_updates"],
                description_public=data["description_public"],
                consent=data["consent"],
            ),
            # The public form files as a citizen, whoever is logged in on this browser.
            actor=ANONYMOUS,
        )
    except RateLimited:
        raise
    except DomainError as exc:
        add_domain_error(form, exc)
        return _form_page(request, form, status=400)
    messages.success(
        request,
        _("Your report was sent. Keep its tracking code: %(code)s")
        % {"code": format_code(filed.code)},
    )
    return redirect("feedback:track_report", code=filed.code)


@require_GET
def places(request: HttpRequest) -> HttpResponse:
    """Communes and villages matching what the citizen types (a fragment for the form)."""
    enforce(services.PLACES_PER_IP, client_address(request))
    query = request.GET.get("place_q", "")
    found = selectors.places(query=query) if query.strip() else []
    return render(request, "feedback/_places.html", {"results": found, "query": query})


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("feedback:track_report", code=normalize_code(form.cleaned_data["code"]))
    return render(request, "feedback/track.html", {"form": form})


@require_GET
def track_report(request: HttpRequest, code: str) -> HttpResponse:
    """What anyone with the code may see: category, place, status, dates, public replies."""
    enforce(services.TRACK_PER_IP, client_address(request))
    public = selectors.public_report(code=code)
    response = render(
        request, "feedback/track_report.html", {"report": public, "code": format_code(public.code)}
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# Officers


def _officer(request: HttpRequest) -> None:
    access.access_feedback_desk(request.user)


@login_required
@never_cache
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _officer(request)
    form = QueueForm(request.GET or None)
    chosen = selectors.QueueFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        chosen = selectors.QueueFilter(
            status=data["status"],
            category=data["category"],
            overdue=data["overdue"],
            mine=data["mine"],
            unrouted=data["unrouted"],
            code=data["code"],
        )
    found = selectors.queue(actor=request.user, filters=chosen)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "feedback/queue.html",
        {
            "form": form if form.is_bound else QueueForm(),
            "page": page,
            "today": today(),
            "query": query.urlencode(),
        },
    )


def _entry_page(
    request: HttpRequest,
    form: OfficerReportForm,
    *,
    results: list[selectors.PlaceChoice] | None = None,
    status: int = 200,
) -> HttpResponse:
    code = (form.data if form.is_bound else form.initial).get("place", "")
    return render(
        request,
        "feedback/officer_new.html",
        {"form": form, "results": results, "chosen": _chosen_place(str(code), request.user)},
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def officer_new(request: HttpRequest) -> HttpResponse:
    """A petition received on paper, by phone or in person, entered by an officer for the
    citizen; the officer is sent to the new report with its tracking code to hand over."""
    _officer(request)
    if request.method == "GET":
        return _entry_page(request, OfficerReportForm())
    if "find" in request.POST:
        # The place search of a browser without JavaScript: a search, not a filing.
        query = request.POST.get("place_q", "")
        found = selectors.managed_places(actor=request.user, query=query) if query.strip() else []
        kept = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "find")}
        return _entry_page(request, OfficerReportForm(initial=kept), results=found)
    form = OfficerReportForm(request.POST)
    if not form.is_valid():
        return _entry_page(request, form, status=400)
    data = form.cleaned_data
    try:
        filed = services.report_enter(
            actor=request.user,
            data=services.ReportInput(
                category=data["category"],
                description=data["description"],
                place=data["place"],
                name=data["name"],
                phone=data["phone"],
                wants_updates=data["wants_updates"],
                consent=data["consent"],
            ),
            made_on=data["made"],
            intake=data["intake"],
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _entry_page(request, form, status=400)
    messages.success(
        request,
        _("The petition was entered. Give the citizen its tracking code: %(code)s")
        % {"code": format_code(filed.code)},
    )
    return redirect("feedback:report", code=filed.code)


@login_required
@never_cache
@require_GET
def officer_places(request: HttpRequest) -> HttpResponse:
    """The places the officer handles that match what they type (a fragment for the form)."""
    _officer(request)
    query = request.GET.get("place_q", "")
    found = selectors.managed_places(actor=request.user, query=query) if query.strip() else []
    return render(request, "feedback/_places.html", {"results": found, "query": query})


def _report_context(request: HttpRequest, item: Report, **extra: object) -> dict[str, object]:
    actor = request.user
    context: dict[str, object] = {
        "report": item,
        "code": format_code(item.code),
        "overdue": selectors.is_overdue(item),
        "events": selectors.events(actor=actor, report=item),
        "photos": list(item.photos.order_by("position").values_list("pk", flat=True)),
        "candidates": selectors.duplicate_candidates(actor=actor, report=item),
        "officers": services.officers_for(item),
        "transitions": [
            (value, Status(value).label) for value in sorted(services.TRANSITIONS[item.status])
        ],
        "contact": None,
    }
    context.update(extra)
    return context


@login_required
@never_cache
@require_GET
def report_page(request: HttpRequest, code: str) -> HttpResponse:
    _officer(request)
    item = selectors.report_for(actor=request.user, code=code)
    return render(request, "feedback/report.html", _report_context(request, item))


def _back(code: str) -> HttpResponse:
    return redirect("feedback:report", code=code)


@login_required
@require_POST
def report_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """One of the commune's actions on a report, named by its address (feedback/urls.py);
    refusals come back as a message."""
    _officer(request)
    item = selectors.report_for(actor=request.user, code=code)
    post = request.POST
    actor = request.user
    try:
        if action == "status":
            services.report_set_status(
                actor=actor, report=item, status=post.get("status", ""), reply=post.get("reply", "")
            )
        elif action == "assign":
            assignee_id = post.get("assignee", "")
            wanted = plain_number(assignee_id)
            assignee = User.objects.filter(pk=wanted).first() if wanted is not None else None
            if assignee_id and assignee is None:
                raise DomainError(
                    FeedbackError.ASSIGNEE_UNKNOWN,
                    _("Assign the report to an officer of its commune."),
                    field="assignee",
                )
            services.report_assign(actor=actor, report=item, assignee=assignee)
        elif action == "note":
            services.report_note(actor=actor, report=item, text=post.get("text", ""))
        elif action == "reply":
            services.report_reply(actor=actor, report=item, text=post.get("text", ""))
        elif action == "duplicate":
            services.report_mark_duplicate(
                actor=actor,
                report=item,
                original_code=post.get("original", ""),
                reply=post.get("reply", ""),
            )
        elif action == "route":
            services.report_route(actor=actor, report=item, place_code=post.get("place", ""))
        elif action == "hide":
            services.report_hide_description(actor=actor, report=item)
    except DomainError as exc:
        messages.error(request, f"{code_label(exc.code)}: {exc.message}")
    else:
        messages.success(request, _("Saved."))
    return _back(item.code)


@login_required
@never_cache
@require_POST
def report_reveal(request: HttpRequest, code: str) -> HttpResponse:
    """The reporter's name and phone, on this answer only, after the audit entry is written."""
    _officer(request)
    item = selectors.report_for(actor=request.user, code=code)
    try:
        contact = services.report_reveal(
            actor=request.user, report=item, reason=request.POST.get("reason", "")
        )
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, f"{code_label(exc.code)}: {exc.message}")
        return _back(item.code)
    shown = services.Contact(name=contact.name, phone=show_phone(contact.phone))
    return render(request, "feedback/report.html", _report_context(request, item, contact=shown))


@login_required
@never_cache
@require_GET
def photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    _officer(request)
    found = selectors.photo_for(actor=request.user, photo_id=photo_id)
    response = HttpResponse(bytes(found.content), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="{found.report_id}-{found.position}.jpg"'
    return response


def _dashboard(request: HttpRequest) -> selectors.Dashboard:
    return selectors.dashboard(
        actor=request.user,
        code=request.GET.get("unit", "").strip(),
        start=day_param(request, "from") if request.GET.get("from") else None,
        end=day_param(request, "to") if request.GET.get("to") else None,
    )


@login_required
@never_cache
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    board = _dashboard(request)
    params = {"unit": board.code, "from": board.start.isoformat(), "to": board.end.isoformat()}
    return render(
        request,
        "feedback/dashboard.html",
        {"board": board, "xlsx_query": urlencode(params), "today": today()},
    )


@login_required
@never_cache
@require_GET
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    board = _dashboard(request)
    response = HttpResponse(report.workbook(board), content_type=XLSX)
    name = slugify(board.code or "tong-hop")
    response["Content-Disposition"] = (
        f'attachment; filename="phan-anh-{name}-{board.start.isoformat()}-'
        f'{board.end.isoformat()}.xlsx"'
    )
    return response


@login_required
@never_cache
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    """Messages to reporters (outreach's deliveries of feedback), with the number masked."""
    _officer(request)
    page = Paginator(selectors.outbox(actor=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "feedback/outbox.html", {"page": page})
