"""The cert part of the learning API (mounted under /api/v1 by langso.api)."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Status

from langso import access
from langso.core.ratelimit import client_address, enforce
from langso.learning import cert_pdf, certcodes
from langso.learning import cert_selectors as selectors
from langso.learning import cert_services as services
from langso.learning.cert_schemas import (
    CertificateIn,
    CertificateOut,
    CertificateSkillOut,
    IssuedOut,
    RevokeIn,
)
from langso.learning.cert_views import CHECK_PER_IP

router = Router(tags=["certificates"])


def _public(result: selectors.PublicCertificate) -> CertificateOut:
    invalid = result.status == "invalid"
    return CertificateOut(
        valid=result.valid,
        status=result.status,  # type: ignore[arg-type]
        code=None if invalid else result.code,
        name_masked=None if invalid else result.name_masked,
        skills=[CertificateSkillOut(code=code, name=name) for code, name in result.skills],
        issued_on=result.issued_on,
        commune=None if invalid else result.commune,
        revoked_on=result.revoked_on,
    )


@router.post("/certificates", response={201: IssuedOut}, summary="Issue a certificate")
def certificate_issue(request: HttpRequest, payload: CertificateIn) -> Status[IssuedOut]:
    """Officers above the person's village. 409 ``CERTIFICATE_STANDARD_NOT_REACHED`` when the
    person has not been seen doing every basic skill, 409 ``CERTIFICATE_ALREADY_IN_FORCE``
    (with ``details.code``) when one is in force, 404 for a person out of the caller's hands."""
    issued = services.certificate_issue(actor=request.user, resident=payload.resident)
    return Status(
        201,
        IssuedOut(
            code=issued.code,
            url=request.build_absolute_uri(reverse("certificates:verify", args=[issued.code])),
            pdf=request.build_absolute_uri(
                reverse("api:certificate_pdf", kwargs={"certificate_code": issued.code})
            ),
        ),
    )


@router.get(
    "/certificates/{certificate_code}",
    auth=None,
    response=CertificateOut,
    summary="Check a certificate (public)",
)
def certificate_check(request: HttpRequest, certificate_code: str) -> CertificateOut:
    """Public, rate limited. ``genuine``, ``revoked`` or ``invalid``: a tampered, made-up or
    unknown code is ``invalid`` alike. Lower case, spaces and missing dashes are accepted."""
    enforce(CHECK_PER_IP, client_address(request))
    return _public(selectors.public_certificate(code=certificate_code))


@router.post(
    "/certificates/{certificate_code}/revoke",
    response=CertificateOut,
    summary="Revoke a certificate",
)
def certificate_revoke(
    request: HttpRequest, certificate_code: str, payload: RevokeIn
) -> CertificateOut:
    """Officers above the holder's village; a reason is required (400
    ``CERTIFICATE_REASON_REQUIRED``) and audited. 409 ``CERTIFICATE_ALREADY_REVOKED``."""
    revoked = services.certificate_revoke(
        actor=request.user, code=certificate_code, reason=payload.reason
    )
    return _public(selectors.public_certificate(code=revoked.code))


@router.get(
    "/certificates/{certificate_code}/pdf",
    url_name="certificate_pdf",
    summary="The certificate as a printable PDF",
    openapi_extra={
        "responses": {
            200: {
                "description": "One A4 page",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def certificate_pdf(request: HttpRequest, certificate_code: str) -> HttpResponse:
    """Whoever reads the holder's village."""
    found = access.access_certificate(request.user, certcodes.normalize(certificate_code) or "")
    content = cert_pdf.certificate_pdf(found, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-chung-nhan-{found.code}.pdf"'
    return response
