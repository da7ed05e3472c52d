"""Reading a link: scheme, the user-info trick, the host (IDNA UTS-46, NFC first), IP literals,
and the registrable domain through the Public Suffix List bundled with ``publicsuffixlist``."""

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import idna
from publicsuffixlist import PublicSuffixList

MAX_LINK = 2048
MAX_HOST = 253
MAX_LABEL = 63

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]{0,15}):(//)?")
_AUTHORITY_END = re.compile(r"[/?#\\]")
_PORT = re.compile(r"^(.*):(\d{0,5})$")
_ASCII_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_\-]{0,61}[a-z0-9_])?$")
_DECIMAL_IP = re.compile(r"^(?:0x[0-9a-f]{1,8}|\d{8,10})$")
_DOTTED_NUMBERS = re.compile(r"^(?:(?:0x[0-9a-f]+|\d+)\.){1,3}(?:0x[0-9a-f]+|\d+)$")
_TRIM = "<>\"'()[]{}«»“”‘’,;!?. \t\r\n"
# Dots other than "." that IDNA treats as label separators.
_DOTS = str.maketrans({"。": ".", "．": ".", "｡": "."})

PSL = PublicSuffixList()
# The same list without its default "*" rule: None for a made-up top-level domain, which tells a
# real host name ("abc.vn") from a file name ("abc.txt") inside a message.
PSL_KNOWN = PublicSuffixList(accept_unknown=False)


class Problem(StrEnum):
    """Why a link cannot be read (English; ``trust.reasons`` translates)."""

    EMPTY = "the link is empty"
    TOO_LONG = "the link is too long"
    BAD_IPV6 = "the IPv6 address is not valid"
    BAD_IP = "the IP address is not valid"
    EMPTY_LABEL = "the address has an empty part (two dots in a row)"
    BAD_LABEL = "the address has a part that is not allowed"
    BAD_PUNYCODE = "the encoded (punycode) name is broken"
    BAD_CHARACTERS = "the name uses characters not allowed in an address"
    BAD_PORT = "the port number is not valid"
    NO_HOST = "the link has no host name"
    HOST_TOO_LONG = "the host name is too long"
    NO_SUFFIX = "the host name has no domain ending (such as .vn)"


class LinkError(ValueError):
    """A link that cannot be read. ``problem`` is a short English phrase for the reason text."""

    def __init__(self, problem: Problem, *, value: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.value = value


@dataclass(frozen=True, slots=True)
class Link:
    raw: str
    host: str  # ASCII (punycode) and lower case
    unicode_host: str  # what a browser shows, decoded
    path: str  # everything after the host: path, query, fragment
    userinfo: str  # what stood before "@" (the "@" trick)
    ip: str  # the address when the host is an IP literal
    registrable: str  # ASCII registrable domain ("" for IPs and single labels)
    suffix: str  # ASCII public suffix

    @property
    def labels(self) -> list[str]:
        return self.unicode_host.split(".")

    @property
    def was_punycode(self) -> bool:
        return "xn--" in self.host and self.unicode_host != self.host


def _ip(host: str) -> str:
    """The address an IP-literal host means, also in the forms browsers accept (3232235777,
    0xC0A80001, 0300.0250.0.1); "" for a host name."""
    if host.startswith("[") and host.endswith("]"):
        try:
            return str(ipaddress.IPv6Address(host[1:-1]))
        except ValueError as error:
            raise LinkError(Problem.BAD_IPV6, value=host) from error
    if _DECIMAL_IP.match(host):
        number = int(host, 16) if host.startswith("0x") else int(host)
        if number < 2**32:
            return str(ipaddress.IPv4Address(number))
    if _DOTTED_NUMBERS.match(host):
        try:
            return str(ipaddress.IPv4Address(host))
        except ValueError:
            parts = [
                int(p, 16) if p.startswith("0x") else int(p, 8 if p[0] == "0" else 10)
                for p in host.split(".")
                if p
            ]
            if len(parts) == 4 and all(0 <= p < 256 for p in parts):
                return ".".join(str(p) for p in parts)
            raise LinkError(Problem.BAD_IP, value=host) from None
    return ""


def _ascii_host(host: str) -> tuple[str, str]:
    """(ASCII host, Unicode host) or LinkError. ASCII input takes a fast path without IDNA
    mapping; only labels starting "xn--" are decoded."""
    if host.isascii():
        host = host.lower()
        labels = host.split(".")
        shown = []
        for label in labels:
            if not label:
                raise LinkError(Problem.EMPTY_LABEL, value=host)
            if len(label) > MAX_LABEL or not _ASCII_LABEL.match(label):
                raise LinkError(Problem.BAD_LABEL, value=label)
            if label.startswith("xn--"):
                try:
                    shown.append(idna.decode(label))
                except (idna.IDNAError, UnicodeError) as error:
                    raise LinkError(Problem.BAD_PUNYCODE, value=label) from error
            else:
                shown.append(label)
        return host, ".".join(shown)
    try:
        ascii_host = idna.encode(host, uts46=True, transitional=False).decode("ascii")
        return ascii_host, idna.decode(ascii_host)
    except (idna.IDNAError, UnicodeError) as error:
        raise LinkError(Problem.BAD_CHARACTERS, value=host) from error


def parse_link(raw: str) -> Link:
    """Read one link or host name ("https://a.b/c", "a.b", "//a.b", "a.b:8080/x")."""
    text = unicodedata.normalize("NFC", raw).strip(_TRIM)
    if not text:
        raise LinkError(Problem.EMPTY)
    if len(text) > MAX_LINK:
        raise LinkError(Problem.TOO_LONG)
    scheme = _SCHEME.match(text)
    rest = text
    if scheme and (scheme.group(2) or scheme.group(1).lower() in {"http", "https"}):
        rest = text[scheme.end() :]
    rest = rest.lstrip("/\\")
    end = _AUTHORITY_END.search(rest)
    authority, path = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    userinfo = ""
    if "@" in authority:
        userinfo, authority = authority.rsplit("@", 1)
    port = _PORT.match(authority)
    if port and not authority.endswith("]"):
        authority = port.group(1)
        if not port.group(2) or int(port.group(2)) > 65535:
            raise LinkError(Problem.BAD_PORT, value=port.group(2))
    host = authority.translate(_DOTS).rstrip(".")
    if not host:
        raise LinkError(Problem.NO_HOST)
    if len(host) > MAX_HOST * 4:
        raise LinkError(Problem.HOST_TOO_LONG)
    ip = _ip(host.lower())
    if ip:
        return Link(text, ip, ip, path, userinfo, ip, "", "")
    ascii_host, unicode_host = _ascii_host(host)
    if len(ascii_host) > MAX_HOST:
        raise LinkError(Problem.HOST_TOO_LONG)
    if "." not in ascii_host:
        raise LinkError(Problem.NO_SUFFIX, value=unicode_host)
    suffix = PSL.publicsuffix(ascii_host) or ""
    registrable = PSL.privatesuffix(ascii_host) or ""
    return Link(text, ascii_host, unicode_host, path, userinfo, "", registrable, suffix)


def looks_like_host(token: str) -> bool:
    """Whether a word of a message is a bare host name with a real top-level domain."""
    host = token.lower().rstrip(".")
    if "." not in host or host.startswith(".") or ".." in host:
        return False
    tld = host.rsplit(".", 1)[1]
    if not tld.isalpha() and not tld.startswith("xn--"):
        return False
    try:
        ascii_host = host if host.isascii() else idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        # A broken name still deserves a look if its ending is real.
        ascii_host = "x." + tld if tld.isascii() else ""
    return bool(ascii_host) and PSL_KNOWN.publicsuffix(ascii_host) is not None


def parents(host: str, registrable: str) -> list[str]:
    """The host and each parent down to its registrable domain ("a.b.c.vn" → …, "c.vn")."""
    if not registrable:
        return [host]
    found = [host]
    while host != registrable and "." in host:
        host = host.split(".", 1)[1]
        found.append(host)
    return found
