"""The sentence of each reason code, in the reader's language.

Each sentence is a gettext message with an English msgid; the Vietnamese catalog says it the
way a villager understands ("Tên miền này giả mạo Vietcombank: tên miền chính thức là
vietcombank.com.vn"). ``tests/trust`` checks that every code has a sentence.
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from langso.core.errors import code_label
from langso.trust.engine import Finding, Kind, Reason, Result, Verdict
from langso.trust.engine.codes import Payment
from langso.trust.engine.hosts import Problem, Trick

MESSAGES: dict[Reason, Promise] = {
    Reason.OFFICIAL_DOMAIN: _("This is an official website of %(brand)s (%(domain)s)."),
    Reason.GOVERNMENT_DOMAIN: _(
        "This is a government website: %(domain)s ends in .gov.vn, which only state agencies "
        "can register."
    ),
    Reason.BLOCKLISTED: _(
        "This address is on the “%(source)s” list of scam websites (list of %(date)s). "
        "Do not open it or enter anything."
    ),
    Reason.COMMUNITY_CONFIRMED: _(
        "Moderators have confirmed reports that this is a scam. Do not transfer money or give "
        "any codes."
    ),
    Reason.COMMUNITY_REPORTED: _(
        "%(count)s person(s) reported this as a scam; moderators have not checked yet. Be careful."
    ),
    Reason.COMMUNITY_REPORTED_OFTEN: _(
        "%(count)s people reported this as a scam; moderators have not checked yet. Treat it as "
        "a scam until they do."
    ),
    Reason.BRAND_IMPERSONATION: _(
        "This domain impersonates %(brand)s: the official domain is %(official)s."
    ),
    Reason.BRAND_IN_SUBDOMAIN: _(
        "The name %(brand)s is put in front of another website (%(domain)s) to fool you: "
        "the official domain of %(brand)s is %(official)s."
    ),
    Reason.LOOKALIKE: _(
        "“%(label)s” is written to look like %(brand)s but is a different name: the official "
        "domain is %(official)s."
    ),
    Reason.HOMOGLYPH: _(
        "This name looks like %(brand)s but uses other letters (%(letters)s): the official "
        "domain is %(official)s."
    ),
    Reason.MIXED_SCRIPT: _(
        "“%(label)s” mixes letters of different alphabets (%(scripts)s), a trick to imitate a "
        "known name."
    ),
    Reason.LURE_WORD: _(
        "The address contains “%(word)s”, a word scams use to lure people (gifts, loans, "
        "account checks)."
    ),
    Reason.ABUSED_TLD: _("The ending %(tld)s is cheap and often used by throw-away scam sites."),
    Reason.IP_HOST: _(
        "The link goes to a bare number address (%(ip)s) instead of a name: real organisations "
        "do not do that."
    ),
    Reason.SHORTENER: _(
        "This is a shortened link (%(host)s): you cannot see where it really leads."
    ),
    Reason.AT_TRICK: _(
        "The link shows “%(shown)s” before an @ sign, but it really opens %(real)s."
    ),
    Reason.LINK_TRICK: _(
        "The link is written with a trick (%(trick)s) that hides which website it really opens."
    ),
    Reason.DISGUISED_LINK: _(
        "The link shows “%(shown)s”, which looks like the address of %(brand)s, but it really "
        "opens another website: %(real)s."
    ),
    Reason.LONG_HOST: _(
        "The address is unusually long or has many parts, a way to hide the real website name."
    ),
    Reason.LINK_INVALID: _(
        "“%(link)s” is not a valid web address (%(problem)s): a broken link in a message is a "
        "warning sign."
    ),
    Reason.IDN_DECODED: _("The address is written in code (%(ascii)s); it really reads %(shown)s."),
    Reason.FOREIGN_PHONE: _(
        "%(number)s is a foreign number: banks, the police and public services in Vietnam do "
        "not call from abroad."
    ),
    Reason.ASKS_FOR_CODE: _(
        "The message asks for a code or password (“%(phrase)s”). Never give an OTP, password or "
        "card number to anyone."
    ),
    Reason.MESSAGE_LURE: _("The message uses a phrase common in scams (“%(phrase)s”)."),
    Reason.UNKNOWN_LINK: _(
        "We have no information about this website. No information does not mean safe: do not "
        "enter passwords or OTP codes; ask the team or call the organisation's official hotline."
    ),
    Reason.UNKNOWN_PHONE: _(
        "We have no report about this number. That does not mean it is safe: never transfer "
        "money or read out codes to a caller you do not know."
    ),
    Reason.UNKNOWN_ACCOUNT: _(
        "We have no report about this account. That does not mean it is safe: check who owns "
        "it with the person directly before transferring money."
    ),
    Reason.NOTHING_TO_CHECK: _(
        "We found no link, phone number or bank account in this text to check."
    ),
    Reason.PAYMENT_CODE_DAMAGED: _(
        "The check digits of this payment code do not match: it was damaged or altered, "
        "perhaps to send the money to another account. Do not pay with it; ask the seller."
    ),
    Reason.PAYMENT_CODE_INVALID: _(
        "This looks like a payment code but cannot be read (%(fault)s): it may have been "
        "altered. Do not pay with it."
    ),
}

# The short name of each reason, for a heading or a list; the sentence says the rest.
LABELS: dict[Reason, Promise] = {
    Reason.OFFICIAL_DOMAIN: _("Official website"),
    Reason.GOVERNMENT_DOMAIN: _("Government website"),
    Reason.BLOCKLISTED: _("On a list of scam websites"),
    Reason.COMMUNITY_CONFIRMED: _("Confirmed scam"),
    Reason.COMMUNITY_REPORTED: _("Reported as a scam"),
    Reason.COMMUNITY_REPORTED_OFTEN: _("Often reported as a scam"),
    Reason.BRAND_IMPERSONATION: _("Impersonates a known name"),
    Reason.BRAND_IN_SUBDOMAIN: _("Known name put in front of another website"),
    Reason.LOOKALIKE: _("Name written to look like another"),
    Reason.HOMOGLYPH: _("Look-alike letters"),
    Reason.MIXED_SCRIPT: _("Mixed alphabets"),
    Reason.LURE_WORD: _("Lure word in the address"),
    Reason.ABUSED_TLD: _("Ending often used by scams"),
    Reason.IP_HOST: _("Bare number address"),
    Reason.SHORTENER: _("Shortened link"),
    Reason.AT_TRICK: _("@ sign trick"),
    Reason.LINK_TRICK: _("Link written with a trick"),
    Reason.DISGUISED_LINK: _("Disguised link"),
    Reason.LONG_HOST: _("Unusually long address"),
    Reason.LINK_INVALID: _("Broken link"),
    Reason.IDN_DECODED: _("Address written in code"),
    Reason.FOREIGN_PHONE: _("Foreign number"),
    Reason.ASKS_FOR_CODE: _("Asks for a code or password"),
    Reason.MESSAGE_LURE: _("Scam phrase"),
    Reason.UNKNOWN_LINK: _("Unknown website"),
    Reason.UNKNOWN_PHONE: _("Unknown number"),
    Reason.UNKNOWN_ACCOUNT: _("Unknown account"),
    Reason.NOTHING_TO_CHECK: _("Nothing to check"),
    Reason.PAYMENT_CODE_DAMAGED: _("Damaged or altered payment code"),
    Reason.PAYMENT_CODE_INVALID: _("Unreadable payment code"),
}

VERDICTS: dict[Verdict, Promise] = {
    Verdict.TRUSTED: _("Trusted"),
    Verdict.SCAM: _("Scam"),
    Verdict.SUSPICIOUS: _("Suspicious"),
    Verdict.UNKNOWN: _("No information"),
}

KINDS: dict[Kind, Promise] = {
    Kind.LINK: _("link"),
    Kind.PHONE: _("phone number"),
    Kind.ACCOUNT: _("bank account"),
    Kind.MESSAGE: _("message"),
}


PROBLEMS: dict[Problem, Promise] = {
    Problem.EMPTY: _("the link is empty"),
    Problem.TOO_LONG: _("the link is too long"),
    Problem.BAD_IPV6: _("the IPv6 address is not valid"),
    Problem.BAD_IP: _("the IP address is not valid"),
    Problem.EMPTY_LABEL: _("the address has an empty part (two dots in a row)"),
    Problem.BAD_LABEL: _("the address has a part that is not allowed"),
    Problem.BAD_PUNYCODE: _("the encoded (punycode) name is broken"),
    Problem.BAD_CHARACTERS: _("the name uses characters not allowed in an address"),
    Problem.BAD_PORT: _("the port number is not valid"),
    Problem.NO_HOST: _("the link has no host name"),
    Problem.HOST_TOO_LONG: _("the host name is too long"),
    Problem.NO_SUFFIX: _("the host name has no domain ending (such as .vn)"),
}


TRICKS: dict[Trick, Promise] = {
    Trick.BACKSLASH: _("a backslash (\\) that browsers read as a slash (/)"),
    Trick.LINE_BREAK: _("tabs or line breaks inside the link, which browsers remove"),
    Trick.ENCODED_HOST: _("the website name partly written as character codes instead of letters"),
}


def problem_text(problem: str) -> str:
    try:
        return str(PROBLEMS[Problem(problem)])
    except ValueError:
        return problem


def message(item: Finding) -> str:
    """The sentence of one reason, with its facts filled in."""
    text = str(MESSAGES[item.code])
    if not item.params:
        return text
    params = dict(item.params)
    if "problem" in params:
        params["problem"] = problem_text(params["problem"])
    if "trick" in params:
        params["trick"] = str(TRICKS[Trick(params["trick"])])
    if "fault" in params:
        params["fault"] = code_label(params["fault"]).lower()
    return text % params


def render(result: Result) -> dict[str, Any]:
    """One result as the API, the page and ``check_links`` show it."""
    return {
        "input": result.input,
        "kind": str(result.kind),
        "verdict": str(result.verdict),
        "display": result.display,
        "reasons": [
            {"code": str(f.code), "label": str(LABELS[f.code]), "message": message(f)}
            for f in result.findings
        ],
        "parts": [render(part) for part in result.parts],
        "vietqr": _payment(result.payment),
    }


def _payment(payment: Payment | None) -> dict[str, Any] | None:
    """What a pasted VietQR code says, for the page and the API (``None`` for other input)."""
    if payment is None:
        return None
    return {
        "readable": not payment.problem,
        "problem": payment.problem or None,
        "problem_label": code_label(payment.problem) if payment.problem else None,
        "bank_bin": payment.bank_bin or None,
        "bank_name": payment.bank_name or None,
        "account_masked": payment.account_masked or None,
        "amount": payment.amount,
        "purpose": payment.purpose,
        "crc_valid": payment.crc_valid,
    }
