"""Who may act on certificates.

Everyone who reads a village (its team, the officers above it) sees the certificates of its
people and may print them: a team member hands the paper over at the door. Issuing, revoking
and a commune's settings are the officers' (commune and province), who speak for the People's
Committee that the paper names. Anyone at all checks a code on the public page, which does not
come here.
"""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from langso.access import (
    Actor,
    access_resident,
    access_unit_by_code,
    holds_role,
    may_manage_unit,
    scope_filter,
)
from langso.core.dates import today
from langso.core.errors import NotFound
from langso.learning.errors import CertificateError
from langso.learning.models import Certificate
from langso.people.errors import PeopleError, RowError
from langso.people.models import Resident
from langso.units.errors import UnitError
from langso.units.models import Level, Unit, UnitVersion

__all__ = [
    "access_certificate",
    "access_certificate_commune",
    "access_certificate_desk",
    "access_certificate_issue",
    "access_certificate_village",
    "certificates_filter",
    "may_manage_certificates",
    "no_certificate",
]


def no_certificate() -> NotFound:
    return NotFound(
        CertificateError.NOT_FOUND, _("There is no such certificate."), field="certificate_code"
    )


def may_manage_certificates(actor: Actor, village: Unit | int, on: date | None = None) -> bool:
    """Issue and revoke the certificates of a village's people: the officers above it."""
    return may_manage_unit(actor, village, on or today())


def certificates_filter(actor: Actor) -> Q:
    """The certificates of villages in the actor's scope today."""
    return scope_filter(actor, today(), "village_id")


def access_certificate_desk(actor: Actor) -> None:
    """The list of certificates: whoever holds a role (it lists their own units' only)."""
    if not holds_role(actor):
        raise no_certificate()


def access_certificate(actor: Actor, code: str, *, manage: bool = False) -> Certificate:
    """The certificate with ``code`` (its printed form) if its village is in the actor's scope
    (and, with ``manage``, the actor may revoke it)."""
    found = (
        Certificate.objects.filter(certificates_filter(actor), code=code)
        .select_related("resident", "village")
        .first()
    )
    if found is None or (manage and not may_manage_certificates(actor, found.village_id)):
        raise no_certificate()
    return found


def access_certificate_issue(actor: Actor, resident: int | Resident) -> Resident:
    """A resident the actor may issue a certificate to: an officer above their village."""
    found = access_resident(actor, resident)
    if not may_manage_certificates(actor, found.village_id):
        raise NotFound(PeopleError.RESIDENT_NOT_FOUND, _("There is no such resident."))
    return found


def access_certificate_village(actor: Actor, code: str) -> UnitVersion:
    """A village (by today's code) the actor reads."""
    version = access_unit_by_code(actor, code, today())
    if version.unit.level != Level.VILLAGE:
        raise NotFound(RowError.VILLAGE_UNKNOWN, _("There is no such village."), field="code")
    return version


def access_certificate_commune(actor: Actor, code: str) -> UnitVersion:
    """A commune (by today's code) whose certificate settings the actor may change."""
    version = access_unit_by_code(actor, code, today(), manage=True)
    if version.unit.level != Level.COMMUNE:
        raise NotFound(UnitError.NOT_FOUND, _("There is no such commune."), field="code")
    return version
