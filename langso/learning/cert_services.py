"""Writes about certificates: issue, revoke, a commune's settings, and issuing by the system.

A certificate freezes what its paper says on the day it is issued (the masked name, the skills,
the commune's name), so a later rename or skill change does not alter a paper already handed
out. One certificate is in force per person (a database constraint): a new one only after the
old is revoked. Issuing and revoking are written to the audit log.

Issuing by the system: a commune that turns ``auto_issue`` on has a certificate issued for each
of its people as soon as they reach the standard. ``certificates_issue_reached`` is the hook the
skill recording calls after it stores observations; the command ``certificates_issue_auto``
does the same for every such commune and is safe to rerun (a periodic job, or after a sync
that bypassed the hook). The system never issues again to a person who already had one: a
revoked certificate was an officer's decision, and only an officer reverses it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import SYSTEM, Actor, actor_id
from langso.core.audit import audit_record
from langso.core.dates import today
from langso.core.errors import Conflict, DomainError
from langso.core.models import AuditAction
from langso.core.text import mask_name, one_line
from langso.learning import certcodes
from langso.learning.cert_selectors import commune_of, standard_reached, standard_reached_many
from langso.learning.errors import CertificateError
from langso.learning.models import Certificate, CertificateSettings
from langso.people.models import Resident
from langso.units.models import Unit, UnitVersion

REASON_MAX = 500
OBJECT_TYPE = "certificate"


def _in_force_conflict(existing: Certificate) -> Conflict:
    return Conflict(
        CertificateError.ALREADY_IN_FORCE,
        _("This person already holds certificate %(code)s. Revoke it before issuing another.")
        % {"code": existing.code},
        field="resident",
        details={"code": existing.code},
    )


def _issue(*, actor: Actor, resident: Resident, reason: str) -> Certificate:
    """Issue to ``resident`` (access already checked), inside the caller's transaction."""
    if resident.departed:
        raise Conflict(
            CertificateError.PERSON_DEPARTED,
            _("%(name)s is no longer on the register: no certificate can be issued.")
            % {"name": resident.full_name},
            field="resident",
        )
    skills = standard_reached(resident)
    if skills is None:
        raise Conflict(
            CertificateError.STANDARD_NOT_REACHED,
            _(
                "%(name)s has not yet been seen doing every basic digital skill: "
                "no certificate can be issued."
            )
            % {"name": resident.full_name},
            field="resident",
        )
    existing = Certificate.objects.filter(resident=resident, revoked_at__isnull=True).first()
    if existing is not None:
        raise _in_force_conflict(existing)
    day = today()
    commune = commune_of(resident.village, day)
    certificate = Certificate(
        code=certcodes.new_code(),
        resident=resident,
        # A village always sits in a commune; the village itself stands in if one ever did not.
        commune_id=commune.unit_id if commune is not None else resident.village_id,
        village_id=resident.village_id,
        name_masked=mask_name(resident.full_name),
        skills=skills,
        commune_name=commune.name if commune is not None else "",
        issued_on=day,
        issued_by_id=actor_id(actor),
    )
    try:
        # A savepoint: two officers pressing "issue" at once meet the one-in-force constraint,
        # and the second gets the same conflict as if it had come later.
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        existing = Certificate.objects.filter(resident=resident, revoked_at__isnull=True).first()
        if existing is None:
            raise
        raise _in_force_conflict(existing) from None
    audit_record(
        actor=actor,
        action=AuditAction.CERTIFICATE_ISSUE,
        object_type=OBJECT_TYPE,
        object_id=certificate.code,
        reason=reason,
        detail={"resident": resident.pk, "skills": skills},
    )
    return certificate


@transaction.atomic
def certificate_issue(*, actor: Actor, resident: Resident | int) -> Certificate:
    """Issue a certificate to a person who reached the standard. Officers above the person's
    village only (others: no such resident). Refused with 409 when the standard is not reached
    or a certificate is already in force (the answer names it)."""
    found = access.access_certificate_issue(actor, resident)
    return _issue(actor=actor, resident=found, reason=_("issued by an officer"))


@dataclass
class BatchResult:
    issued: list[Certificate]
    already: int  # already held one in force


@transaction.atomic
def certificates_issue_village(*, actor: Actor, village: UnitVersion) -> BatchResult:
    """Issue to everyone of a village who reached the standard and holds none in force."""
    access.access_certificate_village(actor, village.code)
    if not access.may_manage_certificates(actor, village.unit):
        raise access.no_certificate()
    people = list(Resident.objects.filter(village=village.unit).select_related("village"))
    reached = standard_reached_many(p.pk for p in people)
    holding = set(
        Certificate.objects.filter(village=village.unit, revoked_at__isnull=True).values_list(
            "resident_id", flat=True
        )
    )
    issued = [
        _issue(actor=actor, resident=p, reason=_("issued with the village's batch"))
        for p in people
        if p.pk in reached and p.pk not in holding
    ]
    return BatchResult(issued=issued, already=sum(1 for p in people if p.pk in holding))


def _clean_reason(reason: str) -> str:
    clean = one_line(reason or "")
    if not clean:
        raise DomainError(
            CertificateError.REASON_REQUIRED,
            _("Say why the certificate is revoked."),
            field="reason",
        )
    if len(clean) > REASON_MAX:
        raise DomainError(
            CertificateError.REASON_TOO_LONG,
            _("The reason may be at most %(limit)s characters long (%(length)s given).")
            % {"limit": REASON_MAX, "length": len(clean)},
            field="reason",
        )
    return clean


@transaction.atomic
def certificate_revoke(*, actor: Actor, code: str, reason: str) -> Certificate:
    """Revoke a certificate (officers above its village), with a reason, audited. The public
    page then says it was revoked, and when, but not why."""
    printed = certcodes.normalize(code) or ""
    found = access.access_certificate(actor, printed, manage=True)
    clean = _clean_reason(reason)
    certificate = Certificate.objects.select_for_update().get(pk=found.pk)
    if certificate.revoked_at is not None:
        raise Conflict(
            CertificateError.ALREADY_REVOKED,
            _("Certificate %(code)s was already revoked on %(day)s.")
            % {
                "code": certificate.code,
                "day": timezone.localtime(certificate.revoked_at).strftime("%d/%m/%Y"),
            },
            field="certificate_code",
        )
    certificate.revoked_at = timezone.now()
    certificate.revoked_by_id = actor_id(actor)
    certificate.revoke_reason = clean
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        action=AuditAction.CERTIFICATE_REVOKE,
        object_type=OBJECT_TYPE,
        object_id=certificate.code,
        reason=clean,
        detail={"resident": certificate.resident_id},
    )
    return certificate


# Settings and issuing by the system -------------------------------------------------------------


def auto_issue_on(commune: Unit | int) -> bool:
    commune_id = commune.pk if isinstance(commune, Unit) else commune
    return CertificateSettings.objects.filter(commune_id=commune_id, auto_issue=True).exists()


@transaction.atomic
def certificate_settings_set(
    *, actor: Actor, commune: UnitVersion, auto_issue: bool
) -> tuple[CertificateSettings, list[Certificate]]:
    """A commune's officers turn issuing by the system on or off. Turning it on issues at once
    to those who already reached the standard; returns the settings and what was issued."""
    access.access_certificate_commune(actor, commune.code)
    settings, _created = CertificateSettings.objects.get_or_create(commune=commune.unit)
    changed = settings.auto_issue != auto_issue
    settings.auto_issue = auto_issue
    settings.changed_by_id = actor_id(actor)
    settings.save()
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.CERTIFICATE_SETTINGS,
            object_type="certificate_settings",
            object_id=commune.code,
            reason=_("issue automatically: on") if auto_issue else _("issue automatically: off"),
            detail={"auto_issue": auto_issue},
        )
    issued = certificates_issue_commune(commune=commune.unit) if auto_issue else []
    return settings, issued


def _issue_by_system(people: Iterable[Resident]) -> list[Certificate]:
    """Issue, as the system, to those of ``people`` who reached the standard and never held a
    certificate (a revoked one stays revoked until an officer issues again)."""
    candidates = [p for p in people if not p.departed]
    reached = standard_reached_many(p.pk for p in candidates)
    ever = set(
        Certificate.objects.filter(resident_id__in=list(reached)).values_list(
            "resident_id", flat=True
        )
    )
    issued = []
    for person in candidates:
        if person.pk in reached and person.pk not in ever:
            try:
                # A savepoint each: an officer issuing to the same person at this moment wins,
                # and the skill recording that called the hook goes on undisturbed.
                with transaction.atomic():
                    issued.append(
                        _issue(actor=SYSTEM, resident=person, reason=_("issued automatically"))
                    )
            except Conflict:
                continue
    return issued


@transaction.atomic
def certificates_issue_reached(resident_ids: Iterable[int]) -> list[Certificate]:
    """The hook for the skill recording: after storing skill observations of ``resident_ids``,
    issue to those of them who now reached the standard, when their commune issues
    automatically. Cheap when no commune does (one query). Safe to call again, and inside the
    caller's transaction (each issue has its own savepoint; a conflict skips that person)."""
    wanted = list(dict.fromkeys(resident_ids))
    communes = set(
        CertificateSettings.objects.filter(auto_issue=True).values_list("commune_id", flat=True)
    )
    if not wanted or not communes:
        return []
    day = today()
    people = list(Resident.objects.filter(pk__in=wanted).select_related("village"))
    chosen = []
    for person in people:
        commune = commune_of(person.village, day)
        if commune is not None and commune.unit_id in communes:
            chosen.append(person)
    return _issue_by_system(chosen)


@transaction.atomic
def certificates_issue_commune(*, commune: Unit) -> list[Certificate]:
    """Issue by the system to the people of one commune (its villages today)."""
    day = today()
    villages = UnitVersion.objects.filter(
        parent=commune, valid_from__lte=day, valid_until__gt=day
    ).values("unit_id")
    people = Resident.objects.filter(village__in=villages).select_related("village").iterator()
    return _issue_by_system(people)


def certificates_issue_auto() -> dict[str, int]:
    """Every commune that issues automatically: issue to whoever reached the standard. One
    transaction per commune, so one commune's trouble does not undo another's work."""
    done: dict[str, int] = {}
    day = today()
    for settings in CertificateSettings.objects.filter(auto_issue=True):
        version = UnitVersion.objects.filter(
            unit_id=settings.commune_id, valid_from__lte=day, valid_until__gt=day
        ).first()
        if version is None:
            continue
        done[version.code] = len(certificates_issue_commune(commune=version.unit))
    return done
