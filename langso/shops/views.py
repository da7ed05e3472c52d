"""The shops pages: the list of household businesses, a business with its shop links and
checklist, the form that registers or changes one, the officers' flagged links, the payment
stand's files, and the public market page of each commune.

Thin: the services write, the selectors read, ``access`` decides; a refusal is said on the form
or as a message, never as a server error. The market page is public and lean (no script, one
small inline style sheet) for a phone on 3G; it may be cached for five minutes.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso import access
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.core.web import plain_number
from langso.indicators.models import Source
from langso.shops import page_selectors, selectors, services
from langso.shops.forms import (
    BusinessForm,
    FilterForm,
    HouseholdSearchForm,
    StepForm,
    add_domain_error,
    initial_of,
)
from langso.shops.models import Business, Category
from langso.units.models import UnitVersion

PER_PAGE = 25
# Officers with more communes than this reach the market pages through the index.
MARKET_LINKS = 3
MEDIA = {"pdf": "application/pdf", "png": "image/png"}


# The list --------------------------------------------------------------------------------------


@login_required
@require_GET
def business_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    shown = page_selectors.unit_choices(actor)
    form = FilterForm(request.GET, units=[(v.code, v.name) for v in shown])
    unit: UnitVersion | None = None
    q, category, flagged, problem = "", "", False, ""
    if form.is_valid():
        code = form.cleaned_data.get("unit") or ""
        unit = next((version for version in shown if version.code == code), None)
        q = form.cleaned_data.get("q") or ""
        category = form.cleaned_data.get("category") or ""
        flagged = bool(form.cleaned_data.get("flagged"))
    else:
        problem = _("That choice is not among those offered; every business is shown.")
        form = FilterForm(units=[(v.code, v.name) for v in shown])
    found = selectors.businesses(
        actor=actor,
        unit=unit.unit if unit is not None else None,
        q=q,
        category=category,
        flagged=flagged,
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = QueryDict(mutable=True)
    for name, value in (("q", q), ("category", category), ("unit", unit.code if unit else "")):
        if value:
            query[name] = value
    if flagged:
        query["flagged"] = "on"
    officer = access.is_officer(actor)
    communes = page_selectors.officer_communes(actor) if officer else []
    return render(
        request,
        "shops/list.html",
        {
            "page": page,
            "rows": page_selectors.rows_of(list(page)),
            "form": form,
            "problem": problem,
            "filtered": bool(query),
            "query": query.urlencode(),
            "officer": officer,
            "flagged_count": selectors.flagged_links(actor=actor).count() if officer else 0,
            "market_communes": communes if len(communes) <= MARKET_LINKS else [],
            "market_index": len(communes) > MARKET_LINKS,
        },
    )


# One business ----------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, business: Business) -> dict[str, Any]:
    actor = request.user
    links = selectors.links_of(business)
    household = business.household
    return {
        "business": business,
        "household": household,
        "village": page_selectors.village_name(business),
        "categories": selectors.category_names(business.categories),
        "bank": selectors.bank_name(business.bank_bin),
        "account": selectors.masked_account(business),
        "links": [
            (page_selectors.link_line(link), page_selectors.reason_lines(link.reasons))
            for link in links
        ],
        "tracks": selectors.tracks_of(business),
        "may_clear": access.is_officer(actor)
        and access.may_manage_unit(actor, household.village_id, today()),
    }


@login_required
@never_cache
@require_GET
def business_page(request: HttpRequest, business_id: uuid.UUID) -> HttpResponse:
    business = selectors.business_get(actor=request.user, business_id=str(business_id))
    return render(request, "shops/business.html", _detail_context(request, business))


def _links_now(business: Business) -> dict[str, str]:
    return {link.platform_id: link.url for link in selectors.links_of(business)}


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def business_new(request: HttpRequest) -> HttpResponse:
    """With ``?household=``: the form for that household; without: find the household."""
    actor = request.user
    raw = request.GET.get("household", "")
    if not raw:
        return _household_search(request)
    household_id = plain_number(raw)
    if household_id is None:
        raise Http404
    household = access.access_household(actor, household_id)
    if household.merged_into_id is not None:
        raise Http404
    platforms = selectors.platforms()
    if request.method == "POST":
        form = BusinessForm(request.POST, platforms=platforms)
        if form.is_valid():
            try:
                business = services.business_create(
                    actor=actor, household=household, data=form.data_for_service(keep_account=False)
                )
            except NotFound:
                raise
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The business was registered."))
                return redirect("shops:business", business_id=business.pk)
    else:
        form = BusinessForm(platforms=platforms, initial={"name": household.head_name})
    return render(
        request,
        "shops/form.html",
        {"form": form, "household": household, "business": None},
        status=400 if form.errors else 200,
    )


def _household_search(request: HttpRequest) -> HttpResponse:
    form = HouseholdSearchForm(request.GET)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    found = page_selectors.household_matches(actor=request.user, q=q) if q else []
    names = page_selectors.household_village_names(found)
    return render(
        request,
        "shops/choose_household.html",
        {
            "form": form,
            "q": q,
            "households": [(home, names.get(home.village_id, "")) for home in found],
            "limit": page_selectors.HOUSEHOLD_MATCHES,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def business_edit(request: HttpRequest, business_id: uuid.UUID) -> HttpResponse:
    actor = request.user
    business = access.access_business_edit(actor, business_id)
    platforms = selectors.platforms()
    if request.method == "POST":
        form = BusinessForm(request.POST, platforms=platforms, business=business)
        if form.is_valid():
            try:
                services.business_update(
                    actor=actor, business=business, data=form.data_for_service(keep_account=True)
                )
            except NotFound:
                raise
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The business was saved."))
                return redirect("shops:business", business_id=business.pk)
    else:
        form = BusinessForm(
            platforms=platforms,
            business=business,
            initial=initial_of(business, _links_now(business)),
        )
    return render(
        request,
        "shops/form.html",
        {"form": form, "household": business.household, "business": business},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def business_close(request: HttpRequest, business_id: uuid.UUID) -> HttpResponse:
    business = access.access_business_edit(request.user, business_id)
    closed = request.POST.get("closed") != "0"
    services.business_close(actor=request.user, business=business, closed=closed)
    if closed:
        messages.success(request, _("The business is marked as closed; it left the market page."))
    else:
        messages.success(request, _("The business is open again."))
    return redirect("shops:business", business_id=business.pk)


@login_required
@require_POST
def step_record(request: HttpRequest, business_id: uuid.UUID) -> HttpResponse:
    business = access.access_business_edit(request.user, business_id)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That step could not be read; nothing was recorded."))
        return redirect("shops:business", business_id=business.pk)
    track = form.cleaned_data.get("track") or ""
    try:
        services.step_record(
            actor=request.user,
            business=business,
            platform=track,
            step=form.cleaned_data["step"],
            value=form.cleaned_data["value"],
            source=Source.MANUAL,
        )
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if form.cleaned_data["value"]:
            messages.success(request, _("The step is marked as done."))
        else:
            messages.success(request, _("The step is marked as not done."))
    url = reverse("shops:business", kwargs={"business_id": business.pk})
    return redirect(f"{url}#track-{track or 'qr'}")


@login_required
@require_GET
def stand_file(request: HttpRequest, business_id: uuid.UUID, fmt: str) -> HttpResponse:
    """The payment stand (A6 PDF) or its code (PNG); a business without an account is told so
    on its page."""
    business = selectors.business_get(actor=request.user, business_id=str(business_id))
    if fmt not in MEDIA:
        raise Http404
    try:
        document = services.stand_document(actor=request.user, business=business, fmt=fmt)
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("shops:business", business_id=business.pk)
    response = HttpResponse(document, content_type=MEDIA[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="ma-qr-thanh-toan.{fmt}"'
    # The code carries the full account number: not kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


# Flagged links ---------------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def flagged_page(request: HttpRequest) -> HttpResponse:
    actor = request.user
    access.access_flagged_desk(actor)
    found = selectors.flagged_links(actor=actor)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    links = list(page)
    names = page_selectors.household_village_names([link.business.household for link in links])
    return render(
        request,
        "shops/flagged.html",
        {
            "page": page,
            "rows": [
                (
                    page_selectors.link_line(link),
                    names.get(link.business.household.village_id, ""),
                    page_selectors.reason_lines(link.reasons),
                )
                for link in links
            ],
            "query": "",
        },
    )


@login_required
@require_POST
def flag_clear(request: HttpRequest, link_id: uuid.UUID) -> HttpResponse:
    link = access.access_shop_link_manage(request.user, link_id)
    services.link_flag_clear(actor=request.user, link=link)
    messages.success(request, _("Marked as looked at: the link is no longer flagged."))
    if request.POST.get("back") == "business":
        return redirect("shops:business", business_id=link.business_id)
    return redirect("shops:flagged")


# The public market pages -----------------------------------------------------------------------


# The market pages are compressed, unlike the other pages (docs/architecture.md, "Delivery"):
# they carry no secret (no CSRF token, no session data, nobody's personal data) for a BREACH
# attack to guess, and on a slow 3G link gzip takes 15 of their 19 KB off (docs/benchmarks.md).


def _public(response: HttpResponse) -> HttpResponse:
    """Anyone's page, the same for every visitor but for the language they chose."""
    patch_cache_control(response, public=True, max_age=300)
    patch_vary_headers(response, ["Cookie"])
    return response


@gzip_page
@require_GET
def market_index(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    communes = page_selectors.market_communes(q)
    return _public(
        render(request, "shops/market_index.html", {"q": q.strip(), "communes": communes})
    )


@gzip_page
@require_GET
def market_page(request: HttpRequest, commune_code: str) -> HttpResponse:
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    try:
        market = selectors.market(
            code=commune_code, category=category, page=request.GET.get("page")
        )
    except NotFound:
        raise Http404 from None
    page = market.page
    labels = dict(Category.choices)
    shown = list(page)
    villages = page_selectors.household_village_names([b.household for b in shown])
    query = QueryDict(mutable=True)
    if category:
        query["category"] = category
    return _public(
        render(
            request,
            "shops/market.html",
            {
                "commune": market.commune,
                "title": page_selectors.market_title(market.commune),
                "page": page,
                "rows": [
                    (
                        business,
                        villages.get(business.household.village_id, ""),
                        selectors.category_names(business.categories),
                    )
                    for business in shown
                ],
                "categories": [(code, str(label)) for code, label in Category.choices],
                "category": category,
                "category_label": str(labels[category]) if category else "",
                "query": query.urlencode(),
            },
        )
    )
