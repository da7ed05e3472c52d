"""The checker: one input in, a verdict with its reasons out.

``Engine.analyse`` reads the input and finds everything that needs no data but the catalog
(the lookalike engine, lure words, the link's shape); ``Engine.apply`` adds what the block lists
and community reports say, which the caller looked up in one go for a whole batch
(``lookup_keys`` lists what to look up). ``Engine.check`` does both with no list data: what
``check_links`` answers on a freshly migrated database and what the speed benchmark measures.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import idna

from langso.core import banks, vietqr
from langso.core.phone import display_phone
from langso.core.text import fold
from langso.trust.engine.codes import (
    Finding,
    Kind,
    Payment,
    Reason,
    Result,
    Strength,
    Verdict,
    finding,
)
from langso.trust.engine.extract import (
    Account,
    BankNames,
    as_account,
    as_account_strict,
    as_phone,
    extract,
    fold_spans,
    looks_like_link,
    original,
)
from langso.trust.engine.hosts import (
    PSL,
    Link,
    LinkError,
    Trick,
    looks_like_host,
    parents,
    parse_link,
)
from langso.trust.engine.lookalike import BrandIndex, Catalog, Hit, scripts, skeleton
from langso.trust.engine.words import (
    ABUSED_TLDS,
    CODE_REQUEST,
    DEEP_SUBDOMAINS,
    LONG_HOST,
    LURE_TOKENS,
    LURE_WORDS,
    MESSAGE_LURES,
    SHORTENERS,
)

_LURES = re.compile("|".join(sorted(LURE_WORDS, key=len, reverse=True)))
_CODE_REQUEST = re.compile(CODE_REQUEST)
_MESSAGE_LURES = re.compile("|".join(re.escape(p) for p in MESSAGE_LURES))
_SHOWN = 80
_SPACE = re.compile(r"\s")
# Digits with the separators people write numbers with: a phone or an account, not a link.
_NUMBER = re.compile(r"[+\d][\d.\-()/]*")
# A link that browsers read whole although it holds tabs or line breaks (they drop them): one
# address from its scheme on, not several lines of a message.
_BROKEN_LINK = re.compile(r"(?i)(?:https?|hxxps?)://[^\s]*(?:[\t\r\n]+[^\s]+)+")
# Names written as hosts ("vietcombank.com.vn") in text that is not the host of a link.
_HOST_WORDS = re.compile(r"[\w\-]+(?:\.[\w\-]+)+")
_WORDS = re.compile(r"[\w\-]+(?:\.[\w\-]+)*")


@dataclass(frozen=True, slots=True)
class Listing:
    """A block-list entry that names a host: its source, the date of the list, and a path
    prefix ("" for the whole host)."""

    source: str
    listed_on: str
    path: str = ""
    community: bool = False


@dataclass(frozen=True, slots=True)
class Reports:
    confirmed: int = 0
    pending: int = 0


@dataclass
class Known:
    """What the lists say about the keys of a batch (see ``Engine.lookup_keys``)."""

    listings: dict[str, list[Listing]] = field(default_factory=dict)
    hosts: dict[str, Reports] = field(default_factory=dict)
    phones: dict[str, Reports] = field(default_factory=dict)
    # Account numbers to (bank slug, reports); "" stands for a report that named no bank.
    accounts: dict[str, list[tuple[str, Reports]]] = field(default_factory=dict)


NOTHING_KNOWN = Known()
# Reports that moderators have not confirmed yet make an item suspicious from this many on.
PENDING_SUSPICIOUS = 3


@dataclass
class Keys:
    hosts: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    accounts: set[str] = field(default_factory=set)


def decide(findings: Iterable[Finding]) -> Verdict:
    strengths = [f.strength for f in findings]
    if Strength.SCAM in strengths:
        return Verdict.SCAM
    if Strength.TRUSTED in strengths:
        return Verdict.TRUSTED
    if Strength.STRONG in strengths or strengths.count(Strength.WEAK) >= 2:
        return Verdict.SUSPICIOUS
    return Verdict.UNKNOWN


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


class Engine:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.index = BrandIndex(catalog)
        names: dict[str, str] = {}
        for brand in catalog.brands:
            if brand.sector == "bank":
                for label in brand.labels:
                    names.setdefault(label, brand.slug)
                names.setdefault(fold(brand.name), brand.slug)
        names.setdefault("mb", "mb")
        names.setdefault("mb bank", "mb")
        self.banks = BankNames(names)
        self.bank_names = {b.slug: b.name for b in catalog.brands if b.sector == "bank"}

    # Reading an input ---------------------------------------------------------------------

    def analyse(self, text: str) -> Result:
        """What the input is and what the catalog alone says about it. A single link that
        cannot be read raises ``LinkError``; inside a message it becomes a reason."""
        item = text.strip()
        if vietqr.looks_like(item):
            return self.payment_code(item)
        spaced = _SPACE.search(item) is not None
        if spaced and _BROKEN_LINK.fullmatch(item) and item.count("://") == 1:
            return self.link(item)
        if not spaced and looks_like_link(item) and not _NUMBER.fullmatch(item):
            return self.link(item)
        if not spaced or as_account_strict(item):
            phone = as_phone(item)
            if phone:
                return self._phone(item, phone)
            account = as_account(item, self.banks)
            if account is not None:
                return self._account(item, account)
        return self._message(item)

    def link(self, text: str) -> Result:
        try:
            link = parse_link(text)
        except LinkError as error:
            if Trick.ENCODED_HOST not in error.tricks:
                raise
            # Browsers refuse a host whose %-codes hide a "/" or another separator, but the
            # person reads a name in it ("evil.example%2F.vietcombank.com.vn"): that is a trick,
            # not a typing mistake.
            trick = finding(Reason.LINK_TRICK, trick=Trick.ENCODED_HOST)
            return self._settle(Result(text, Kind.LINK, Verdict.UNKNOWN, [trick], _short(text)))
        findings = self.link_findings(link)
        path = link.shown_path
        path = path if len(path) <= _SHOWN else path[: _SHOWN - 1] + "…"
        result = Result(
            text, Kind.LINK, Verdict.UNKNOWN, findings, link.unicode_host + path, link.host
        )
        result.link = link
        return self._settle(result)

    def _phone(self, text: str, e164: str) -> Result:
        findings = []
        if not e164.startswith("+84"):
            findings.append(finding(Reason.FOREIGN_PHONE, number=display_phone(e164)))
        return self._settle(
            Result(text, Kind.PHONE, Verdict.UNKNOWN, findings, display_phone(e164), e164)
        )

    def _account(self, text: str, account: Account) -> Result:
        bank = self.bank_names.get(account.bank, "")
        shown = f"{bank} {account.number}".strip()
        return self._settle(Result(text, Kind.ACCOUNT, Verdict.UNKNOWN, [], shown, account.key))

    def payment_code(self, text: str) -> Result:
        """A VietQR code pasted as text: the account it pays, looked up in the lists like any
        account, and whether it reads whole. A code whose check sum does not match, or that
        does not read at all, is suspicious: a scammer's sticker over a shop's code changes
        the account, and a code edited by hand keeps its old check sum."""
        try:
            code = vietqr.decode(text)
        except vietqr.VietQRInvalid as error:
            broken = finding(Reason.PAYMENT_CODE_INVALID, fault=error.code)
            result = Result(text, Kind.MESSAGE, Verdict.UNKNOWN, [broken], _short(text))
            result.payment = Payment(problem=str(error.code))
            return self._settle(result)
        bank = banks.by_bin(code.bank_bin)
        name = bank.short_name if bank is not None else code.bank_bin
        # The catalog's slug of the bank, so that a report naming another bank does not count;
        # a bank the catalog does not know matches reports of the number at any bank.
        slug = ""
        if bank is not None:
            slug = self.banks.find(fold(bank.short_name)) or self.banks.find(fold(bank.name))
        masked = vietqr.mask_account(code.account)
        findings = [] if code.crc_valid else [finding(Reason.PAYMENT_CODE_DAMAGED)]
        result = Result(
            text,
            Kind.ACCOUNT,
            Verdict.UNKNOWN,
            findings,
            f"{name} {masked}",
            f"{slug}:{code.account}",
        )
        result.payment = Payment(
            bank_bin=code.bank_bin,
            bank_name=name,
            account_masked=masked,
            amount=code.amount,
            purpose=code.purpose,
            crc_valid=code.crc_valid,
        )
        return self._settle(result)

    def _message(self, text: str) -> Result:
        found = extract(text, self.banks)
        parts: list[Result] = []
        for raw in found.links:
            try:
                parts.append(self.link(raw))
            except LinkError as error:
                invalid = finding(Reason.LINK_INVALID, link=_short(raw), problem=error.problem)
                parts.append(Result(raw, Kind.LINK, Verdict.SUSPICIOUS, [invalid], _short(raw)))
        for raw, e164 in found.phones:
            parts.append(self._phone(raw, e164))
        for raw, account in found.accounts:
            parts.append(self._account(raw, account))
        # Phrases are found without diacritics but quoted as the message wrote them.
        folded, origin = fold_spans(text)
        findings: list[Finding] = []
        secret = _CODE_REQUEST.search(folded)
        if secret:
            asked = original(text, origin, secret.start(), secret.end())
            findings.append(finding(Reason.ASKS_FOR_CODE, phrase=asked))
        lures = (
            original(text, origin, m.start(), m.end()) for m in _MESSAGE_LURES.finditer(folded)
        )
        for phrase in dict.fromkeys(lures):
            findings.append(finding(Reason.MESSAGE_LURE, phrase=phrase))
        result = Result(text, Kind.MESSAGE, Verdict.UNKNOWN, findings, _short(text), "", parts)
        return self._settle(result)

    # The lookalike analysis of a host ------------------------------------------------------

    def link_findings(self, link: Link) -> list[Finding]:
        findings: list[Finding] = []
        if link.userinfo:
            findings.append(
                finding(Reason.AT_TRICK, shown=_short(link.userinfo), real=link.unicode_host)
            )
        if link.ip:
            findings.append(finding(Reason.IP_HOST, ip=link.ip))
            return findings + self._disguise_findings(link)
        if link.was_punycode:
            findings.append(finding(Reason.IDN_DECODED, ascii=link.host, shown=link.unicode_host))
        registrable = link.registrable
        brand = self.index.official_brand(registrable)
        if brand is not None:
            findings.append(
                finding(Reason.OFFICIAL_DOMAIN, brand=brand.name, domain=_unicode(registrable))
            )
            return findings
        government = self.catalog.government_suffix
        if registrable.endswith("." + government):
            findings.append(finding(Reason.GOVERNMENT_DOMAIN, domain=_unicode(registrable)))
            return findings
        findings += self._disguise_findings(link)
        if registrable in SHORTENERS or link.host in SHORTENERS:
            findings.append(finding(Reason.SHORTENER, host=link.host))
        labels = link.labels
        own = registrable.count(".") + 1 if registrable else len(labels)
        name_labels = labels[-own:][:1] if registrable else labels
        sub_labels = [label for label in labels[:-own] if label != "www"]
        for label in name_labels:
            self._brand_finding(label, findings, subdomain=False, registrable=registrable)
        for label in sub_labels:
            if self._brand_finding(label, findings, subdomain=True, registrable=registrable):
                break
        for label in labels:
            if not label.isascii():
                found = scripts(label)
                if len(found) > 1:
                    findings.append(
                        finding(Reason.MIXED_SCRIPT, label=label, scripts=", ".join(sorted(found)))
                    )
                    break
        self._lure_findings(labels[:-1] if registrable else labels, findings)
        tld = link.host.rsplit(".", 1)[-1]
        if tld in ABUSED_TLDS:
            findings.append(finding(Reason.ABUSED_TLD, tld="." + tld))
        if len(link.host) > LONG_HOST or len(sub_labels) >= DEEP_SUBDOMAINS:
            findings.append(finding(Reason.LONG_HOST, length=len(link.host), depth=len(labels)))
        return findings

    def _disguise_findings(self, link: Link) -> list[Finding]:
        """Tricks that make a person read another host than the one a browser opens, and a
        brand or official domain shown where the host seems to be but is not: in the user-info
        ("vietcombank.com.vn@evil.example") or glued after the real host without a "/"
        ("evil.example\\.vietcombank.com.vn", "evil.example#.vietcombank.com.vn"). A name
        further on, after a "/", is not looked at: redirect links carry their target there
        (Facebook's "l.php?u=https://…") and a person sees the slash end the name."""
        findings = [finding(Reason.LINK_TRICK, trick=trick) for trick in link.tricks]
        for text, words in ((link.userinfo, _WORDS), (link.glued, _HOST_WORDS)):
            for word in words.findall(text):
                brand = self._brand_named(word.strip(".-"))
                if brand:
                    findings.append(
                        finding(
                            Reason.DISGUISED_LINK,
                            shown=_short(word.strip(".-")),
                            brand=brand,
                            real=link.unicode_host,
                        )
                    )
                    return findings
        return findings

    def _brand_named(self, word: str) -> str:
        """The brand (or government site) a word written outside the host names: an official
        or .gov.vn domain, or a protected label in any of its parts; "" for none."""
        if "." in word and looks_like_host(word):
            host = word.lower()
            if not host.isascii():
                try:
                    host = idna.encode(host, uts46=True).decode("ascii")
                except (idna.IDNAError, UnicodeError):
                    host = ""
            registrable = (PSL.privatesuffix(host) or "") if host else ""
            brand = self.index.official_brand(registrable)
            if brand is not None:
                return brand.name
            if registrable.endswith("." + self.catalog.government_suffix):
                return _unicode(registrable)
        for label in word.split("."):
            hit = self.index.match(skeleton(label))
            if hit is not None:
                return hit.brand.name
        return ""

    def _brand_finding(
        self, label: str, findings: list[Finding], *, subdomain: bool, registrable: str
    ) -> bool:
        hit = self.index.match(skeleton(label))
        if hit is None:
            return False
        brand = hit.brand
        official = _unicode(brand.official)
        if not label.isascii():
            odd = "".join(dict.fromkeys(c for c in label if not c.isascii()))
            findings.append(
                finding(Reason.HOMOGLYPH, brand=brand.name, official=official, letters=odd)
            )
        elif subdomain:
            findings.append(
                finding(
                    Reason.BRAND_IN_SUBDOMAIN,
                    brand=brand.name,
                    official=official,
                    domain=_unicode(registrable),
                )
            )
        else:
            findings.append(_impersonation(hit, official))
        return True

    def _lure_findings(self, labels: list[str], findings: list[Finding]) -> None:
        for label in labels:
            folded = skeleton(label)
            match = _LURES.search(folded.replace("-", ""))
            word = match.group(0) if match else ""
            if not word:
                tokens = re.split(r"[-_\d]+", folded)
                word = next((t for t in tokens if t in LURE_TOKENS), "")
            if word:
                findings.append(finding(Reason.LURE_WORD, word=word))
                return

    # Lists ---------------------------------------------------------------------------------

    def lookup_keys(self, results: Iterable[Result]) -> Keys:
        keys = Keys()
        for result in results:
            for item in [result, *result.parts]:
                if item.link is not None:
                    keys.hosts.update(parents(item.link.host, item.link.registrable))
                elif item.kind is Kind.PHONE:
                    keys.phones.add(item.key)
                elif item.kind is Kind.ACCOUNT:
                    keys.accounts.add(item.key.split(":", 1)[1])
        return keys

    def apply(self, result: Result, known: Known) -> Result:
        """Add what the lists say, and settle the verdict again."""
        if known is NOTHING_KNOWN:
            return result
        for part in result.parts:
            self.apply(part, known)
        extra: list[Finding] = []
        if result.link is not None:
            extra += self._listed(result.link, known)
        elif result.kind is Kind.PHONE:
            extra += _reported(known.phones.get(result.key))
        elif result.kind is Kind.ACCOUNT:
            bank, number = result.key.split(":", 1)
            confirmed = pending = 0
            for reported_bank, reports in known.accounts.get(number, []):
                if not bank or not reported_bank or reported_bank == bank:
                    confirmed += reports.confirmed
                    pending += reports.pending
            extra += _reported(Reports(confirmed, pending) if confirmed or pending else None)
        if extra:
            result.findings = extra + [f for f in result.findings if f.code not in _UNKNOWN_CODES]
        return self._settle(result)

    def _listed(self, link: Link, known: Known) -> list[Finding]:
        found: list[Finding] = []
        reports = Reports()
        for host in parents(link.host, link.registrable):
            for listing in known.listings.get(host, []):
                if listing.path and not link.path.startswith(listing.path):
                    continue
                if listing.community:
                    found.append(finding(Reason.COMMUNITY_CONFIRMED, count=1))
                else:
                    found.append(
                        finding(Reason.BLOCKLISTED, source=listing.source, date=listing.listed_on)
                    )
            host_reports = known.hosts.get(host)
            if host_reports:
                reports = Reports(
                    reports.confirmed + host_reports.confirmed,
                    reports.pending + host_reports.pending,
                )
        unique = list(dict.fromkeys(found))
        if not any(f.code is Reason.COMMUNITY_CONFIRMED for f in unique):
            unique += [f for f in _reported(reports) if f.code is not Reason.COMMUNITY_CONFIRMED]
        return unique

    def check(self, text: str, known: Known = NOTHING_KNOWN) -> Result:
        return self.apply(self.analyse(text), known)

    # The verdict ---------------------------------------------------------------------------

    def _settle(self, result: Result) -> Result:
        findings = [f for f in result.findings if f.code not in _UNKNOWN_CODES]
        if result.kind is Kind.MESSAGE:
            verdict = _message_verdict(findings, result.parts)
            if not result.parts and result.payment is None:
                findings.append(finding(Reason.NOTHING_TO_CHECK))
        else:
            verdict = decide(findings)
            if verdict is Verdict.UNKNOWN:
                findings.append(finding(_UNKNOWN_BY_KIND[result.kind]))
        result.findings = findings
        result.verdict = verdict
        return result


def _message_verdict(findings: list[Finding], parts: list[Result]) -> Verdict:
    """The worst of the parts; the message's own signs count together with the warning signs
    of parts that are not trusted. A message is trusted only when every part is and the text
    itself shows no sign."""
    verdicts = {part.verdict for part in parts}
    if Verdict.SCAM in verdicts:
        return Verdict.SCAM
    signs = list(findings)
    for part in parts:
        if part.verdict is not Verdict.TRUSTED:
            signs += [f for f in part.findings if f.strength is Strength.WEAK]
    if Verdict.SUSPICIOUS in verdicts or decide(signs) is Verdict.SUSPICIOUS:
        return Verdict.SUSPICIOUS
    if parts and verdicts == {Verdict.TRUSTED} and not findings:
        return Verdict.TRUSTED
    return Verdict.UNKNOWN


_UNKNOWN_BY_KIND = {
    Kind.LINK: Reason.UNKNOWN_LINK,
    Kind.PHONE: Reason.UNKNOWN_PHONE,
    Kind.ACCOUNT: Reason.UNKNOWN_ACCOUNT,
}
_UNKNOWN_CODES = frozenset(
    {Reason.UNKNOWN_LINK, Reason.UNKNOWN_PHONE, Reason.UNKNOWN_ACCOUNT, Reason.NOTHING_TO_CHECK}
)


def _impersonation(hit: Hit, official: str) -> Finding:
    if hit.how == "fuzzy":
        return finding(Reason.LOOKALIKE, brand=hit.brand.name, official=official, label=hit.token)
    return finding(Reason.BRAND_IMPERSONATION, brand=hit.brand.name, official=official)


def _reported(reports: Reports | None) -> list[Finding]:
    if reports is None:
        return []
    if reports.confirmed:
        return [finding(Reason.COMMUNITY_CONFIRMED, count=reports.confirmed)]
    if reports.pending:
        code = (
            Reason.COMMUNITY_REPORTED_OFTEN
            if reports.pending >= PENDING_SUSPICIOUS
            else Reason.COMMUNITY_REPORTED
        )
        return [finding(code, count=reports.pending)]
    return []


def _unicode(domain: str) -> str:
    if "xn--" not in domain:
        return domain
    try:
        return str(idna.decode(domain))
    except (idna.IDNAError, UnicodeError):
        return domain
