"""Reads about certificates: who reached the standard, the certificates an actor sees, and what
the public page says about a code."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from langso import access
from langso.access import Actor
from langso.core.dates import today
from langso.learning import certcodes
from langso.learning.models import Certificate, Skill, SkillStatus
from langso.people.models import Resident
from langso.units import selectors as units
from langso.units import tree
from langso.units.models import Unit, UnitVersion

# The standard -----------------------------------------------------------------------------------


def basic_skill_codes() -> list[str]:
    """The codes of the basic skills, in the framework's order."""
    return list(Skill.objects.filter(basic=True).values_list("code", flat=True))


def standard_reached_many(resident_ids: Iterable[int]) -> dict[int, list[str]]:
    """Of ``resident_ids``, those who reached the standard, each with the skills it took.

    The one rule: a person reaches the standard when a member saw them do every basic skill
    (the current status of each is "can do"), and there is at least one basic skill. The
    skills framework decides which skills are basic; this rule does not name them.
    """
    basic = basic_skill_codes()
    wanted = list(dict.fromkeys(resident_ids))
    if not basic or not wanted:
        return {}
    shown: dict[int, set[str]] = {}
    for chunk in range(0, len(wanted), 500):
        rows = SkillStatus.objects.filter(
            resident_id__in=wanted[chunk : chunk + 500], skill_id__in=basic, value=True
        ).values_list("resident_id", "skill_id")
        for resident_id, skill_id in rows:
            shown.setdefault(resident_id, set()).add(skill_id)
    return {
        resident_id: list(basic)
        for resident_id in wanted
        if len(shown.get(resident_id, ())) == len(basic)
    }


def standard_reached(resident: Resident | int) -> list[str] | None:
    """The basic skills ``resident`` showed, when they have reached the standard; else None."""
    resident_id = resident.pk if isinstance(resident, Resident) else resident
    return standard_reached_many([resident_id]).get(resident_id)


def skill_names(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, name in the reader's language) of ``codes``, in the framework's order; a code the
    framework no longer has keeps its code as its name rather than vanishing from a paper."""
    wanted = list(codes)
    english = (get_language() or "vi").startswith("en")
    found = {
        skill.code: (skill.name_en if english and skill.name_en else skill.name_vi)
        for skill in Skill.objects.filter(code__in=wanted)
    }
    order = {code: i for i, code in enumerate(basic_skill_codes())}
    ordered = sorted(wanted, key=lambda code: (order.get(code, len(order)), code))
    return [(code, found.get(code, code)) for code in ordered]


# Certificates an actor sees ----------------------------------------------------------------------


def certificates(
    *, actor: Actor, village: Unit | None = None, status: str = ""
) -> QuerySet[Certificate]:
    """The certificates of the actor's villages, newest first; ``status`` "valid" or "revoked"
    narrows them."""
    found = Certificate.objects.filter(access.certificates_filter(actor))
    if village is not None:
        found = found.filter(village=village)
    if status == "valid":
        found = found.filter(revoked_at__isnull=True)
    elif status == "revoked":
        found = found.filter(revoked_at__isnull=False)
    return found.select_related("resident").order_by("-issued_at", "-pk")


def certificate_of(*, actor: Actor, resident: Resident) -> Certificate | None:
    """The certificate in force of a resident the actor reads (the caller checked that)."""
    access.access_resident(actor, resident)
    return Certificate.objects.filter(resident=resident, revoked_at__isnull=True).first()


def certificates_history(*, actor: Actor, resident: Resident) -> list[Certificate]:
    """Every certificate of a resident the actor reads, newest first."""
    access.access_resident(actor, resident)
    return list(Certificate.objects.filter(resident=resident).order_by("-issued_at", "-pk"))


@dataclass
class VillageRow:
    resident: Resident
    reached: bool
    certificate: Certificate | None


@dataclass
class VillageCertificates:
    rows: list[VillageRow]
    reached: int
    certified: int
    waiting: int  # reached the standard, no certificate in force


def village_certificates(*, actor: Actor, village: UnitVersion) -> VillageCertificates:
    """The people of a village the actor reads who reached the standard or hold a certificate,
    by name."""
    access.access_certificate_village(actor, village.code)
    people = list(Resident.objects.filter(village=village.unit).order_by("full_name_folded", "pk"))
    reached = standard_reached_many(person.pk for person in people)
    in_force = {
        c.resident_id: c
        for c in Certificate.objects.filter(village=village.unit, revoked_at__isnull=True)
    }
    rows = [
        VillageRow(resident=p, reached=p.pk in reached, certificate=in_force.get(p.pk))
        for p in people
        if p.pk in reached or p.pk in in_force
    ]
    return VillageCertificates(
        rows=rows,
        reached=sum(1 for row in rows if row.reached),
        certified=sum(1 for row in rows if row.certificate is not None),
        waiting=sum(1 for row in rows if row.reached and row.certificate is None),
    )


def village_in_force(*, actor: Actor, village: UnitVersion) -> list[Certificate]:
    """The certificates in force of a village, by name: the batch to print."""
    access.access_certificate_village(actor, village.code)
    return list(
        Certificate.objects.filter(village=village.unit, revoked_at__isnull=True)
        .select_related("resident")
        .order_by("resident__full_name_folded", "pk")
    )


def commune_of(village: Unit, on: date) -> UnitVersion | None:
    """The commune a village belongs to on ``on``."""
    version = units.version_on(village, on)
    if version is None or version.parent_id is None:
        return None
    return units.version_on(version.parent_id, on)


# The kinds of commune-level unit that begin an official name ("Xã Thuận Châu").
KIND_PREFIXES = ("Thị trấn ", "Đặc khu ", "Phường ", "Xã ")


def in_sentence(commune_name: str) -> str:
    """ "Xã Thuận Châu" as running text writes it: "xã Thuận Châu"."""
    for prefix in KIND_PREFIXES:
        if commune_name.startswith(prefix):
            return prefix.lower() + commune_name[len(prefix) :]
    return commune_name


def place_name(commune_name: str) -> str:
    """ "Xã Thuận Châu" → "Thuận Châu", for the place in "…, ngày … tháng … năm …"."""
    for prefix in KIND_PREFIXES:
        if commune_name.startswith(prefix):
            return commune_name[len(prefix) :]
    return commune_name


# The public page -------------------------------------------------------------------------------


@dataclass
class PublicCertificate:
    """What anyone with the code learns: never the holder's full name or the revoking reason."""

    status: str  # "genuine", "revoked" or "invalid"
    code: str = ""
    name_masked: str = ""
    skills: tuple[tuple[str, str], ...] = ()
    issued_on: date | None = None
    commune: str = ""
    revoked_on: date | None = None

    @property
    def valid(self) -> bool:
        return self.status == "genuine"

    @property
    def committee(self) -> str:
        """The commune as "People's Committee of …" continues it: "xã Thuận Châu"."""
        return in_sentence(self.commune)


INVALID = PublicCertificate(status="invalid")


def public_certificate(*, code: str) -> PublicCertificate:
    """The public answer for ``code``. A code whose signature fails is answered without asking
    the database; a well-signed code that is not on file gets the very same answer."""
    printed = certcodes.verify(code)
    if printed is None:
        return INVALID
    found = Certificate.objects.filter(code=printed).first()
    if found is None:
        return INVALID
    revoked_on = (
        timezone.localtime(found.revoked_at).date() if found.revoked_at is not None else None
    )
    return PublicCertificate(
        status="revoked" if revoked_on is not None else "genuine",
        code=found.code,
        name_masked=found.name_masked,
        skills=tuple(skill_names(found.skills)),
        issued_on=found.issued_on,
        commune=found.commune_name,
        revoked_on=revoked_on,
    )


@dataclass
class WaitingVillage:
    village: UnitVersion
    waiting: int


def waiting_villages(*, actor: Actor, under: Unit | None = None) -> list[WaitingVillage]:
    """The villages in the actor's scope (under ``under``, when given) where people reached the
    standard and hold no certificate in force, with how many: where an officer has work."""
    basic = basic_skill_codes()
    if not basic:
        return []
    day = today()
    reached = (
        SkillStatus.objects.filter(
            access.scope_filter(actor, day, "village_id"), skill_id__in=basic, value=True
        )
        .exclude(
            resident_id__in=Certificate.objects.filter(revoked_at__isnull=True).values(
                "resident_id"
            )
        )
        .values("village_id", "resident_id")
        .annotate(shown=Count("skill_id"))
        .filter(shown=len(basic))
    )
    if under is not None:
        reached = reached.filter(village_id__in=tree.subtree(under, day))
    counts: dict[int, int] = {}
    for row in reached:
        counts[row["village_id"]] = counts.get(row["village_id"], 0) + 1
    found = []
    for village_id, waiting in counts.items():
        version = units.version_on(village_id, day)
        if version is not None:
            found.append(WaitingVillage(version, waiting))
    return sorted(found, key=lambda row: (-row.waiting, row.village.name))
