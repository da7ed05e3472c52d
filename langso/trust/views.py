"""The public check page (/kiem-tra), the public report form, and the officers' moderation
page. They work without JavaScript: plain forms, plain POSTs."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from langso.core.errors import DomainError
from langso.core.numbers import format_int
from langso.core.ratelimit import client_address, enforce
from langso.core.web import with_retry_after
from langso.trust import scan, selectors, services
from langso.trust.errors import TrustError
from langso.trust.forms import CheckForm, ModerateForm, ReportForm
from langso.trust.models import ReportKind, ReportStatus
from langso.trust.reasons import KINDS, VERDICTS
from langso.trust.reasons import render as render_result
from langso.trust.selectors import MAX_BODY_BYTES, TooLarge

MODERATION_PER_PAGE = 50


def _refuse_huge(request: HttpRequest) -> None:
    """A form post larger than any valid one is refused before Django reads it: the picture
    form's (its address says ``?scan``) has room for one picture, the text form's for text."""
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    if _scanning(request):
        if size > scan.MAX_BODY:
            raise scan.too_large(size)
        return
    if size > MAX_BODY_BYTES:
        raise TooLarge(
            TrustError.TOO_LARGE,
            _("What you sent is too large; paste one message of at most a few pages."),
        )


def _shown(result: dict[str, Any]) -> dict[str, Any]:
    result["verdict_label"] = VERDICTS[result["verdict"]]
    result["kind_label"] = KINDS[result["kind"]]
    payment = result.get("vietqr")
    if payment and payment["amount"] is not None:
        payment["amount_shown"] = format_int(payment["amount"])
    for part in result["parts"]:
        _shown(part)
    return result


def _scanning(request: HttpRequest) -> bool:
    """A post of the picture form. Said in its address rather than in a field, so that the size
    allowed is known before the body is read."""
    return request.method == "POST" and "scan" in request.GET


def _scanned(request: HttpRequest) -> list[dict[str, Any]]:
    """The QR codes of the picture sent, each checked as if its text had been pasted."""
    address = client_address(request)
    enforce(selectors.check_limit(), address)
    codes = scan.read_picture(scan.upload(request), address=address)
    results = selectors.check_items([code.text for code in codes])
    return [
        {"code": code, "result": _shown(scan.answer(code, result))}
        for code, result in zip(codes, results, strict=True)
    ]


def check_page(request: HttpRequest) -> HttpResponse:
    """Public: a text box, and a picture of a QR code; the answer comes back on the same page,
    in colours, with reasons."""
    context: dict[str, Any] = {"form": CheckForm(), "scan_max_mb": scan.MAX_BYTES // 2**20}
    refusal: DomainError | None = None
    try:
        if request.method == "POST":
            _refuse_huge(request)
        if _scanning(request):
            context["scanned"] = _scanned(request)
        elif "q" in (data := request.POST if request.method == "POST" else request.GET):
            enforce(selectors.check_limit(), client_address(request))
            form = CheckForm(data)
            context["form"] = form
            text = data.get("q", "")
            selectors.check_sizes([text], field="q")
            if form.is_valid():
                results = selectors.check_items([form.cleaned_data["q"]])
                context["result"] = _shown(render_result(results[0]))
    except DomainError as error:
        context["error"] = {"code": str(error.code), "message": str(error.message)}
        refusal = error
    status = refusal.status if refusal else 200
    return with_retry_after(render(request, "trust/check.html", context, status=status), refusal)


def report_page(request: HttpRequest) -> HttpResponse:
    """Public: report a scam link, number or account; officers moderate it."""
    refusal: DomainError | None = None
    context: dict[str, Any] = {}
    if request.method == "POST":
        try:
            _refuse_huge(request)
            enforce(selectors.report_limit(), client_address(request))
            form = ReportForm(request.POST)
            if form.is_valid():
                services.report_create(
                    actor=request.user,
                    text=form.cleaned_data["text"],
                    story=form.cleaned_data["story"],
                )
                messages.success(
                    request, _("Thank you. Your report was received and will be checked.")
                )
                return redirect("trust:check")
        except DomainError as error:
            form = ReportForm(None if error.code == TrustError.TOO_LARGE else request.POST)
            context["error"] = {"code": str(error.code), "message": str(error.message)}
            refusal = error
    else:
        form = ReportForm(initial={"text": request.GET.get("text", "")[:500]})
    context["form"] = form
    status = refusal.status if refusal else 200
    return with_retry_after(render(request, "trust/report.html", context, status=status), refusal)


@login_required
def moderation_page(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("status", ReportStatus.PENDING)
    if wanted not in ReportStatus.values:
        wanted = ReportStatus.PENDING
    kind = request.GET.get("kind", "")
    if kind not in ReportKind.values:
        kind = ""
    order = "newest" if request.GET.get("order") == "newest" else "oldest"
    found = selectors.reports_for_moderation(
        actor=request.user, status=wanted, kind=kind, newest_first=order == "newest"
    )
    page = Paginator(found, MODERATION_PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.report_counts(actor=request.user, kind=kind)
    # The page links keep the chosen status, kind and order; a default is left out of the link.
    chosen = {"status": wanted, "kind": kind, "order": "" if order == "oldest" else order}
    return render(
        request,
        "trust/moderation.html",
        {
            "page": page,
            "reports": page.object_list,
            "status": wanted,
            "kind": kind,
            "order": order,
            "query": urlencode({k: v for k, v in chosen.items() if v}),
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in ReportStatus.choices
            ],
            "kinds": ReportKind.choices,
            "sources": selectors.block_sources(),
            "form": ModerateForm(),
        },
    )


@login_required
@require_POST
def moderate(request: HttpRequest, report_id: int) -> HttpResponse:
    form = ModerateForm(request.POST)
    if not form.is_valid():
        selectors.reports_for_moderation(actor=request.user)
        messages.error(request, _("Choose confirm or reject."))
        return redirect("trust:moderation")
    services.report_moderate(
        actor=request.user,
        report_id=report_id,
        decision=form.cleaned_data["decision"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("The report was moderated."))
    return redirect("trust:moderation")
