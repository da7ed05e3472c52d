"""The guides' pages: the public ones anyone reads without logging in (the list, a guide, its
pictures, its poster and leaflet), and the editor's back office for province officers.

The public pages are for a cheap phone on a weak 3G line: a lean base template (no script, a
few hundred bytes of inline style), pictures that load lazily with their size reserved, and
conditional GET (ETag and Last-Modified) so that reloading a guide already read costs a 304
and no body. A guide's pictures are served by their digest, so a phone keeps them for ever.
"""

import base64
import io
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

import qrcode
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_GET, require_http_methods, require_POST

from langso import access
from langso.core.errors import DomainError
from langso.core.web import plain_number
from langso.learning import guide_pdf, guide_selectors, guide_services, markdown
from langso.learning.errors import GuideError
from langso.learning.guide_forms import GuideForm, ImageForm, NewGuideForm
from langso.learning.models import Guide, GuideVersion

# Part of every public ETag: a change of the templates must not leave phones on an old page.
PAGE_REVISION = "1"
PAGE_MAX_AGE = 300
PDF_MAX_AGE = 3600
IMAGE_MAX_AGE = 365 * 24 * 3600


def _published(slug: str) -> tuple[Guide, GuideVersion] | None:
    try:
        return guide_selectors.published_guide(slug=slug)
    except DomainError:
        return None


def _guide_etag(request: HttpRequest, slug: str) -> str | None:
    found = _published(slug)
    if found is None:
        return None
    return f"g{found[1].pk}-{get_language()}-{PAGE_REVISION}"


def _guide_modified(request: HttpRequest, slug: str) -> datetime | None:
    found = _published(slug)
    return found[0].published_at if found is not None else None


def _list_etag(request: HttpRequest) -> str:
    # The versions shown and their order: a guide moved in the list is a new list.
    versions = "-".join(
        f"{pk}.{position}"
        for pk, position in guide_selectors.published_guides().values_list(
            "published_id", "position"
        )
    )
    return f"l{versions}-{get_language()}-{PAGE_REVISION}"


def _public(response: HttpResponse, max_age: int = PAGE_MAX_AGE) -> HttpResponse:
    # Private: the page is in the reader's language (a cookie), which a shared cache would
    # mix up; the phone's own cache is what saves the reload.
    patch_cache_control(response, private=True, max_age=max_age)
    return response


@lru_cache(maxsize=512)
def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as a small PNG in the page itself: about 1 KB where the SVG path
    of ``core.qr`` weighs 9 KB, and no second request on a slow line. Kept per address:
    drawing it is most of a page's time."""
    image = qrcode.make(url, box_size=4, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _page_url(request: HttpRequest, guide: Guide) -> str:
    return request.build_absolute_uri(reverse("guides:page", args=[guide.slug]))


def _version_context(version: GuideVersion, *, cached: bool) -> dict[str, Any]:
    sizes = guide_selectors.image_sizes([version.steps, version.problems])
    if cached:
        steps = markdown.render_cached(version.pk, "steps", version.steps, sizes=sizes)
        problems = markdown.render_cached(version.pk, "problems", version.problems, sizes=sizes)
    else:
        steps = markdown.render(version.steps, sizes=sizes)
        problems = markdown.render(version.problems, sizes=sizes)
    return {"version": version, "steps_html": steps, "problems_html": problems}


# Public pages ---------------------------------------------------------------------------------


@require_GET
@condition(etag_func=_list_etag)
def guide_list(request: HttpRequest) -> HttpResponse:
    guides = list(guide_selectors.published_guides())
    response = render(request, "learning/guides/list.html", {"guides": guides})
    return _public(response)


@require_GET
@condition(etag_func=_guide_etag, last_modified_func=_guide_modified)
def guide_page(request: HttpRequest, slug: str) -> HttpResponse:
    guide, version = guide_selectors.published_guide(slug=slug)
    url = _page_url(request, guide)
    context = {"guide": guide, "qr": qr_data_uri(url), "url": url}
    context |= _version_context(version, cached=True)
    return _public(render(request, "learning/guides/page.html", context))


def _pdf(make: Callable[..., bytes], filename: str) -> Callable[[HttpRequest, str], HttpResponse]:
    @require_GET
    @condition(etag_func=_guide_etag, last_modified_func=_guide_modified)
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        guide, version = guide_selectors.published_guide(slug=slug)
        document = make(version, page_url=_page_url(request, guide))
        response = HttpResponse(document, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{guide.slug}-{filename}.pdf"'
        return _public(response, PDF_MAX_AGE)

    return view


guide_poster = _pdf(guide_pdf.poster_pdf, "poster")
guide_leaflet = _pdf(guide_pdf.leaflet_pdf, "to-gap")


@require_GET
def guide_image(request: HttpRequest, digest: str) -> HttpResponse:
    if markdown.image_digest(markdown.IMAGE_PREFIX + digest) is None:
        raise access.no_guide()
    if request.headers.get("If-None-Match", "").strip('W/"') == digest:
        # The address is the content's digest: a phone that has it has the right one.
        response = HttpResponse(status=304)
    else:
        image = guide_selectors.guide_image(digest=digest)
        response = HttpResponse(bytes(image.content), content_type=image.content_type)
    response["ETag"] = f'"{digest}"'
    patch_cache_control(response, public=True, max_age=IMAGE_MAX_AGE, immutable=True)
    return response


# The editor's back office -----------------------------------------------------------------------


def _editor_guide(request: HttpRequest, slug: str) -> Guide:
    return guide_selectors.guide_for_editor(actor=request.user, slug=slug)


@login_required
@never_cache
@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    rows = guide_selectors.guides_for_editor(actor=request.user)
    return render(request, "learning/guides/manage_list.html", {"rows": rows})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def manage_new(request: HttpRequest) -> HttpResponse:
    access.access_guide_editor(request.user)
    form = NewGuideForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                guide = guide_services.guide_create(
                    actor=request.user, slug=form.cleaned_data["slug"], text=form.text()
                )
            except DomainError as error:
                form.refuse(error)
            else:
                messages.success(
                    request,
                    _("The guide is saved as a draft: add its pictures, then publish it."),
                )
                return redirect("guides:edit", guide.slug)
        status = 400
    return render(
        request, "learning/guides/edit.html", {"form": form, "guide": None}, status=status
    )


def _initial(version: GuideVersion | None) -> dict[str, Any]:
    if version is None:
        return {}
    return {
        "title": version.title,
        "audience": version.audience,
        "summary": version.summary,
        "steps": version.steps,
        "problems": version.problems,
        "source_title": version.source_title,
        "source_url": version.source_url,
        "skills": ", ".join(version.skills),
    }


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def manage_edit(request: HttpRequest, slug: str) -> HttpResponse:
    guide = _editor_guide(request, slug)
    latest = guide.versions.order_by("-number").first()
    status = 200
    if request.method == "POST":
        form = GuideForm(request.POST)
        if form.is_valid():
            try:
                version = guide_services.guide_version_save(
                    actor=request.user, guide=guide, text=form.text()
                )
                if "publish" in request.POST:
                    guide_services.guide_publish(
                        actor=request.user, guide=guide, number=version.number
                    )
            except DomainError as error:
                form.refuse(error)
            else:
                if "publish" in request.POST:
                    message = _("Version %(number)s is saved and published.")
                else:
                    message = _(
                        "Version %(number)s is saved. The public still reads the published "
                        "version until you publish this one."
                    )
                messages.success(request, message % {"number": version.number})
                return redirect("guides:edit", guide.slug)
        status = 400
    else:
        form = GuideForm(initial=_initial(latest))
    context = {
        "form": form,
        "guide": guide,
        "latest": latest,
        "images": guide_selectors.guide_images(actor=request.user, guide=guide)[:24],
        "image_form": ImageForm(),
    }
    return render(request, "learning/guides/edit.html", context, status=status)


@login_required
@never_cache
@require_GET
def manage_versions(request: HttpRequest, slug: str) -> HttpResponse:
    guide = _editor_guide(request, slug)
    versions = guide_selectors.guide_versions(actor=request.user, guide=guide)
    return render(
        request, "learning/guides/versions.html", {"guide": guide, "versions": list(versions)}
    )


@login_required
@never_cache
@require_GET
def manage_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    guide = _editor_guide(request, slug)
    version = guide_selectors.guide_version(actor=request.user, guide=guide, number=number)
    context = {"guide": guide} | _version_context(version, cached=False)
    # The skills by their names: a code alone says nothing to an officer.
    context["skills"] = guide_selectors.skills_named(version.skills)
    return render(request, "learning/guides/version.html", context)


@login_required
@require_POST
def manage_publish(request: HttpRequest, slug: str) -> HttpResponse:
    guide = _editor_guide(request, slug)
    raw = request.POST.get("number", "").strip()
    number = plain_number(raw) if raw else None
    if raw and number is None:
        # A number that is no number names no version: refused, not read as "the latest".
        raise DomainError(
            GuideError.VERSION_NOT_FOUND,
            _("“Version”: this guide has no version %(number)s.") % {"number": raw[:20]},
            field="number",
        )
    version = guide_services.guide_publish(actor=request.user, guide=guide, number=number)
    messages.success(
        request,
        _("Version %(number)s is published: the public reads it now.") % {"number": version.number},
    )
    return redirect("guides:versions", guide.slug)


@login_required
@require_POST
def manage_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    guide = _editor_guide(request, slug)
    guide_services.guide_unpublish(actor=request.user, guide=guide)
    messages.success(request, _("The guide is withdrawn: the public no longer sees it."))
    return redirect("guides:versions", guide.slug)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def manage_images(request: HttpRequest, slug: str) -> HttpResponse:
    guide = _editor_guide(request, slug)
    form = ImageForm(request.POST or None, request.FILES or None)
    uploaded = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["image"]
            try:
                uploaded = guide_services.guide_image_upload(
                    actor=request.user, guide=guide, data=upload.read(), name=upload.name or ""
                )
            except DomainError as error:
                form.add_error("image", str(error.message))
                status = 400
        else:
            status = 400
    context = {
        "guide": guide,
        "form": form,
        "uploaded": uploaded,
        "images": guide_selectors.guide_images(actor=request.user, guide=guide)[:60],
    }
    template = (
        "learning/guides/_image_result.html"
        if request.headers.get("HX-Request")
        else "learning/guides/images.html"
    )
    return render(request, template, context, status=status)


@login_required
@never_cache
@require_POST
def manage_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The steps and problems being edited, as the public will see them (htmx, writes
    nothing)."""
    guide = _editor_guide(request, slug)
    steps = request.POST.get("steps", "")
    problems = request.POST.get("problems", "")
    sizes = guide_selectors.image_sizes([steps, problems])
    context = {
        "guide": guide,
        "steps_html": markdown.render(steps, sizes=sizes),
        "problems_html": markdown.render(problems, sizes=sizes),
    }
    return render(request, "learning/guides/_preview.html", context)
