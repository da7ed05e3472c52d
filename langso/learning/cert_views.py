"""Certificate pages: the public check that a QR code opens, and the officers' pages (a village's
people who reached the standard, the list, a commune's settings, and the writes behind the
buttons on a resident's page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso import access
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.core.ratelimit import Limit, client_address, enforce
from langso.learning import cert_pdf, certcodes
from langso.learning import cert_selectors as selectors
from langso.learning import cert_services as services
from langso.learning.cert_forms import CheckForm, ListForm, RevokeForm, SettingsForm
from langso.learning.models import Certificate, CertificateSettings
from langso.units import selectors as units

# A person checks one paper, an inspector a few dozen; a script walking codes is stopped long
# before it learns anything (the signature refuses made-up codes anyway).
CHECK_PER_IP = Limit("cert-check-ip-10m", 120, 600)
PER_PAGE = 50
# The villages with people waiting for a certificate listed above the certificates, most first.
WAITING_SHOWN = 20


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def check(request: HttpRequest) -> HttpResponse:
    """The box to type a code from a paper whose QR code does not scan."""
    form = CheckForm(request.GET or None)
    if form.is_bound and form.is_valid():
        printed = certcodes.normalize(form.cleaned_data["code"])
        if printed is not None:
            return redirect("certificates:verify", code=printed)
        enforce(CHECK_PER_IP, client_address(request))
        return _public(
            render(
                request,
                "learning/certificates/verify.html",
                {"result": selectors.INVALID, "form": CheckForm()},
            )
        )
    return _public(render(request, "learning/certificates/check.html", {"form": form}))


# The answer may change (a revocation) and must be seen at once: no cache keeps it.
@never_cache
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone: genuine (masked name, skills, date, commune), revoked (and when), or not valid.
    An unknown code and a tampered one get the same page."""
    enforce(CHECK_PER_IP, client_address(request))
    result = selectors.public_certificate(code=code)
    return _public(
        render(
            request,
            "learning/certificates/verify.html",
            {"result": result, "form": CheckForm()},
        )
    )


# Back office -------------------------------------------------------------------------------


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _back_to_resident(resident_id: int) -> HttpResponse:
    return redirect(reverse("people:resident", args=[resident_id]) + "#certificate")


@login_required
@never_cache
@require_GET
def certificate_list(request: HttpRequest) -> HttpResponse:
    """The certificates of the actor's villages, newest first, by village and status."""
    actor = request.user
    access.access_certificate_desk(actor)
    day = today()
    village_ids = (
        selectors.certificates(actor=actor).order_by().values_list("village_id", flat=True)
    )
    versions = sorted(
        (v for v in (units.version_on(pk, day) for pk in set(village_ids)) if v is not None),
        key=lambda v: v.name,
    )
    form = ListForm(request.GET or None, villages=[(v.code, v.name) for v in versions])
    village, status = None, ""
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["village"]
        village = next((v.unit for v in versions if v.code == chosen), None)
        status = form.cleaned_data["status"]
    found = selectors.certificates(actor=actor, village=village, status=status)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    names = {v.unit_id: v for v in versions}
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "learning/certificates/list.html",
        {
            "form": form,
            "page": page,
            "rows": [(c, names.get(c.village_id)) for c in page.object_list],
            "query": query.urlencode(),
            # Where people reached the standard and wait for theirs (officers issue them).
            "waiting": selectors.waiting_villages(actor=actor)[:WAITING_SHOWN],
        },
    )


@login_required
@never_cache
@require_GET
def village_page(request: HttpRequest, code: str) -> HttpResponse:
    actor = request.user
    version = access.access_certificate_village(actor, code)
    summary = selectors.village_certificates(actor=actor, village=version)
    # Those still waiting for theirs first, then by name (the selector's order).
    waiting_first = sorted(summary.rows, key=lambda row: not (row.reached and not row.certificate))
    page = Paginator(waiting_first, PER_PAGE).get_page(request.GET.get("page"))
    commune = selectors.commune_of(version.unit, today())
    may_manage = access.may_manage_certificates(actor, version.unit)
    return render(
        request,
        "learning/certificates/village.html",
        {
            "village": version,
            "commune": commune,
            "summary": summary,
            "page": page,
            "may_manage": may_manage,
            "auto_issue": commune is not None and services.auto_issue_on(commune.unit_id),
        },
    )


@login_required
@never_cache
@require_POST
def village_issue(request: HttpRequest, code: str) -> HttpResponse:
    """Issue to everyone of the village who reached the standard and holds none."""
    actor = request.user
    version = access.access_certificate_village(actor, code)
    if not access.may_manage_certificates(actor, version.unit):
        raise access.no_certificate()
    try:
        result = services.certificates_issue_village(actor=actor, village=version)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        count = len(result.issued)
        if count:
            messages.success(
                request,
                ngettext("%(count)s certificate issued.", "%(count)s certificates issued.", count)
                % {"count": count},
            )
        else:
            messages.info(request, _("Everyone who reached the standard already holds one."))
    return redirect("certificates:village", code=version.code)


@login_required
@never_cache
@require_GET
def village_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """Every certificate in force of the village, one page each, in one PDF."""
    actor = request.user
    version = access.access_certificate_village(actor, code)
    chosen = selectors.village_in_force(actor=actor, village=version)
    if not chosen:
        messages.info(request, _("No certificate in force in this village to print."))
        return redirect("certificates:village", code=version.code)
    content = cert_pdf.certificates_pdf(chosen, base_url=_base_url(request))
    return _pdf(content, f"giay-chung-nhan-{version.code}.pdf")


@login_required
@never_cache
@require_GET
def certificate_pdf(request: HttpRequest, certificate_code: str) -> HttpResponse:
    found = access.access_certificate(
        request.user, certcodes.normalize(certificate_code) or "", manage=False
    )
    content = cert_pdf.certificate_pdf(found, base_url=_base_url(request))
    return _pdf(content, f"giay-chung-nhan-{found.code}.pdf")


@login_required
@never_cache
@require_POST
def resident_issue(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = access.access_certificate_issue(request.user, resident_id)
    try:
        issued = services.certificate_issue(actor=request.user, resident=resident)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Certificate %(code)s issued. Print it and hand it over.") % {"code": issued.code},
        )
    return _back_to_resident(resident.pk)


@login_required
@never_cache
@require_POST
def certificate_revoke(request: HttpRequest, certificate_code: str) -> HttpResponse:
    found: Certificate = access.access_certificate(
        request.user, certcodes.normalize(certificate_code) or "", manage=True
    )
    form = RevokeForm(request.POST)
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, _("Not revoked: %(problems)s") % {"problems": " ".join(problems)})
        return _back_to_resident(found.resident_id)
    try:
        services.certificate_revoke(
            actor=request.user, code=found.code, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Certificate %(code)s is revoked.") % {"code": found.code})
    return _back_to_resident(found.resident_id)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, commune_code: str) -> HttpResponse:
    """A commune's officers choose whether the system issues certificates by itself."""
    actor = request.user
    commune = access.access_certificate_commune(actor, commune_code)
    current = CertificateSettings.objects.filter(commune=commune.unit).first()
    initial = {"auto_issue": current.auto_issue if current is not None else False}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _settings, issued = services.certificate_settings_set(
            actor=actor, commune=commune, auto_issue=form.cleaned_data["auto_issue"]
        )
        messages.success(request, _("The settings are saved."))
        if issued:
            messages.info(
                request,
                ngettext(
                    "%(count)s certificate issued to people who had already reached the standard.",
                    "%(count)s certificates issued to people who had already reached the standard.",
                    len(issued),
                )
                % {"count": len(issued)},
            )
        return redirect("certificates:settings", commune_code=commune.code)
    villages = units.children(actor=actor, unit=commune.unit, on=today())
    return render(
        request,
        "learning/certificates/settings.html",
        {
            "commune": commune,
            "form": form,
            "villages": villages,
        },
    )
