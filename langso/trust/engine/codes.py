"""What the checker answers: kinds of input, verdicts, and the stable codes of its reasons."""

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from langso.trust.engine.hosts import Link


class Kind(StrEnum):
    LINK = "link"
    PHONE = "phone"
    ACCOUNT = "account"
    MESSAGE = "message"


class Verdict(StrEnum):
    TRUSTED = "trusted"
    UNKNOWN = "unknown"
    SUSPICIOUS = "suspicious"
    SCAM = "scam"


# How bad each verdict is, to take the worst of a message's parts.
SEVERITY = {Verdict.TRUSTED: 0, Verdict.UNKNOWN: 1, Verdict.SUSPICIOUS: 2, Verdict.SCAM: 3}


class Strength(IntEnum):
    """What one reason does to the verdict on its own."""

    INFO = 0  # Shown, changes nothing.
    WEAK = 1  # A warning sign: two of them make an item suspicious.
    STRONG = 2  # Suspicious on its own.
    SCAM = 3  # On a block list or confirmed by moderators.
    TRUSTED = 4  # An official domain (a scam listing still wins).


class Reason(StrEnum):
    """Stable codes: clients and tests rely on them; messages live in ``trust.reasons``."""

    OFFICIAL_DOMAIN = "OFFICIAL_DOMAIN"
    GOVERNMENT_DOMAIN = "GOVERNMENT_DOMAIN"
    BLOCKLISTED = "BLOCKLISTED"
    COMMUNITY_CONFIRMED = "COMMUNITY_CONFIRMED"
    COMMUNITY_REPORTED = "COMMUNITY_REPORTED"
    COMMUNITY_REPORTED_OFTEN = "COMMUNITY_REPORTED_OFTEN"
    BRAND_IMPERSONATION = "BRAND_IMPERSONATION"
    BRAND_IN_SUBDOMAIN = "BRAND_IN_SUBDOMAIN"
    LOOKALIKE = "LOOKALIKE"
    HOMOGLYPH = "HOMOGLYPH"
    MIXED_SCRIPT = "MIXED_SCRIPT"
    LURE_WORD = "LURE_WORD"
    ABUSED_TLD = "ABUSED_TLD"
    IP_HOST = "IP_HOST"
    SHORTENER = "SHORTENER"
    AT_TRICK = "AT_TRICK"
    LINK_TRICK = "LINK_TRICK"
    DISGUISED_LINK = "DISGUISED_LINK"
    LONG_HOST = "LONG_HOST"
    LINK_INVALID = "LINK_INVALID"
    IDN_DECODED = "IDN_DECODED"
    FOREIGN_PHONE = "FOREIGN_PHONE"
    ASKS_FOR_CODE = "ASKS_FOR_CODE"
    MESSAGE_LURE = "MESSAGE_LURE"
    UNKNOWN_LINK = "UNKNOWN_LINK"
    UNKNOWN_PHONE = "UNKNOWN_PHONE"
    UNKNOWN_ACCOUNT = "UNKNOWN_ACCOUNT"
    NOTHING_TO_CHECK = "NOTHING_TO_CHECK"
    PAYMENT_CODE_DAMAGED = "PAYMENT_CODE_DAMAGED"
    PAYMENT_CODE_INVALID = "PAYMENT_CODE_INVALID"


STRENGTH: dict[Reason, Strength] = {
    Reason.OFFICIAL_DOMAIN: Strength.TRUSTED,
    Reason.GOVERNMENT_DOMAIN: Strength.TRUSTED,
    Reason.BLOCKLISTED: Strength.SCAM,
    Reason.COMMUNITY_CONFIRMED: Strength.SCAM,
    Reason.COMMUNITY_REPORTED: Strength.WEAK,
    Reason.COMMUNITY_REPORTED_OFTEN: Strength.STRONG,
    Reason.BRAND_IMPERSONATION: Strength.STRONG,
    Reason.BRAND_IN_SUBDOMAIN: Strength.STRONG,
    Reason.LOOKALIKE: Strength.STRONG,
    Reason.HOMOGLYPH: Strength.STRONG,
    Reason.MIXED_SCRIPT: Strength.STRONG,
    Reason.LURE_WORD: Strength.WEAK,
    Reason.ABUSED_TLD: Strength.WEAK,
    Reason.IP_HOST: Strength.STRONG,
    Reason.SHORTENER: Strength.STRONG,
    Reason.AT_TRICK: Strength.STRONG,
    Reason.LINK_TRICK: Strength.STRONG,
    Reason.DISGUISED_LINK: Strength.STRONG,
    Reason.LONG_HOST: Strength.WEAK,
    Reason.LINK_INVALID: Strength.STRONG,
    Reason.IDN_DECODED: Strength.INFO,
    Reason.FOREIGN_PHONE: Strength.STRONG,
    Reason.ASKS_FOR_CODE: Strength.STRONG,
    Reason.MESSAGE_LURE: Strength.WEAK,
    Reason.UNKNOWN_LINK: Strength.INFO,
    Reason.UNKNOWN_PHONE: Strength.INFO,
    Reason.UNKNOWN_ACCOUNT: Strength.INFO,
    Reason.NOTHING_TO_CHECK: Strength.INFO,
    # A VietQR code whose check sum does not match was damaged or altered (a sticker pasted
    # over a shop's code); one that claims to be a payment code and does not read, likewise.
    Reason.PAYMENT_CODE_DAMAGED: Strength.STRONG,
    Reason.PAYMENT_CODE_INVALID: Strength.STRONG,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason with the facts its sentence names (brand, official domain, word…)."""

    code: Reason
    params: tuple[tuple[str, str], ...] = ()

    @property
    def strength(self) -> Strength:
        return STRENGTH[self.code]

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


def finding(code: Reason, **params: object) -> Finding:
    return Finding(code, tuple((key, str(value)) for key, value in params.items()))


@dataclass(frozen=True, slots=True)
class Payment:
    """What a pasted VietQR code says (``core.vietqr``), or, for one that does not read, the
    ``VIETQR_*`` code of its first broken field in ``problem``."""

    bank_bin: str = ""
    bank_name: str = ""
    account_masked: str = ""
    amount: int | None = None
    purpose: str | None = None
    crc_valid: bool = False
    problem: str = ""


@dataclass(slots=True)
class Result:
    """The answer for one input: what it is, the verdict, and why.

    ``key`` is what lists are looked up by (ASCII host, E.164 number, ``bank:number``);
    ``display`` is what the person should read (the decoded Unicode host, the formatted number).
    A message has its extracted items in ``parts``.
    """

    input: str
    kind: Kind
    verdict: Verdict
    findings: list[Finding]
    display: str = ""
    key: str = ""
    parts: list["Result"] = field(default_factory=list)
    link: Link | None = None
    payment: Payment | None = None
