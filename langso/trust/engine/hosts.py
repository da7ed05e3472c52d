"""Reading a link the way a browser does (the WHATWG URL Standard, through ``ada-url``): the
real host after every trick browsers accept (a backslash for a slash, tabs and line breaks
dropped, user-info before the last "@", %-codes in the host, IPv4 in any base), then IDNA for
what the person sees and the registrable domain through the Public Suffix List bundled with
``publicsuffixlist``. What the link shows outside its real host is kept for the checker."""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import idna
from ada_url import HostType, parse_url
from publicsuffixlist import PublicSuffixList

MAX_LINK = 2048
MAX_HOST = 253
MAX_LABEL = 63

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# The schemes whose URLs have a host and read "\" as "/" (WHATWG "special" schemes).
_SPECIAL = frozenset({"http", "https", "ws", "wss", "ftp"})
# Links written "defanged" in warnings and lists ("hxxps://…") mean the same address.
_DEFANGED = {"hxxp": "http", "hxxps": "https"}
_AUTHORITY_END = re.compile(r"[/?#\\]")
_QUERY_OR_FRAGMENT = re.compile(r"[?#]")
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_NON_ASCII_ESCAPES = re.compile(r"(?:%[89a-fA-F][0-9a-fA-F])+")
_PORT = re.compile(r"^(.*):([^:\]]*)$")
_NUMBER = re.compile(r"^(?:0[xX][0-9a-fA-F]*|\d+)$")
_ASCII_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_\-]{0,61}[a-z0-9_])?$")
_TRIM = "<>\"'()[]{}«»“”‘’,;!?. \t\r\n"
# Browsers drop ASCII tabs and line breaks anywhere in a URL before reading it.
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
_ATTRIBUTES = ("href", "hostname", "host_type")
_PLAIN_HOST = re.compile(r"[A-Za-z0-9_\-.]+")
# Characters a decoded path must not show: controls, invisible formatting (bidi overrides),
# and spaces of every kind; such escapes stay written as %-codes.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})

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


class Trick(StrEnum):
    """A way of writing a link that browsers read differently from people (English;
    ``trust.reasons`` translates)."""

    BACKSLASH = "a backslash (\\) that browsers read as a slash (/)"
    LINE_BREAK = "tabs or line breaks inside the link, which browsers remove"
    ENCODED_HOST = "the website name partly written as character codes instead of letters"


class LinkError(ValueError):
    """A link that cannot be read. ``problem`` is a short English phrase for the reason text;
    ``tricks`` are the tricks seen in it before it failed."""

    def __init__(
        self, problem: Problem, *, value: str = "", tricks: tuple[Trick, ...] = ()
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.value = value
        self.tricks = tricks


@dataclass(frozen=True, slots=True)
class Link:
    raw: str
    host: str  # ASCII (punycode) and lower case
    unicode_host: str  # what a browser shows, decoded
    path: str  # what follows the host as a browser sends it: path, query, fragment
    userinfo: str  # what stood before the last "@" (the "@" trick), as written
    ip: str  # the address when the host is an IP literal
    registrable: str  # ASCII registrable domain ("" for IPs and single labels)
    suffix: str  # ASCII public suffix
    # What a person reads as the rest of the host but is not: the text after the real host up
    # to the first "/" ("\.vietcombank.com.vn", "#.vietcombank.com.vn"), as written.
    glued: str = ""
    tricks: tuple[Trick, ...] = ()

    @property
    def labels(self) -> list[str]:
        return self.unicode_host.split(".")

    @property
    def was_punycode(self) -> bool:
        return "xn--" in self.host and self.unicode_host != self.host

    @property
    def shown_path(self) -> str:
        """The path as an address bar shows it: %-codes of letters decoded ("/trang-chủ"),
        those of hidden or separating characters kept."""
        if "%" not in self.path:
            return self.path
        return _NON_ASCII_ESCAPES.sub(_decoded_escape, self.path)


def _decoded_escape(match: re.Match[str]) -> str:
    escaped = match.group(0)
    try:
        text = bytes.fromhex(escaped.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return escaped
    if any(unicodedata.category(c) in _HIDDEN_CATEGORIES for c in text):
        return escaped
    return text


def _unicode_host(host: str, *, typed_ascii: bool) -> str:
    """What the person sees for an ASCII host (punycode labels decoded), or LinkError for a
    name no registry can hold: empty or malformed labels, broken punycode, letters IDNA 2008
    refuses (browsers accept "☃.com"; no registry sells it)."""
    shown = []
    for label in host.split("."):
        if not label:
            raise LinkError(Problem.EMPTY_LABEL, value=host)
        if len(label) > MAX_LABEL or not _ASCII_LABEL.match(label):
            raise LinkError(Problem.BAD_LABEL, value=label)
        if label.startswith("xn--"):
            try:
                shown.append(idna.decode(label))
            except (idna.IDNAError, UnicodeError) as error:
                problem = Problem.BAD_PUNYCODE if typed_ascii else Problem.BAD_CHARACTERS
                raise LinkError(problem, value=label) from error
        else:
            shown.append(label)
    return ".".join(shown)


def _problem(hostport: str) -> Problem:
    """Why a browser refuses a link, told from its host and port as written."""
    if not hostport or hostport.startswith(":"):
        return Problem.NO_HOST
    if hostport.startswith("["):
        return Problem.BAD_IPV6
    port = _PORT.match(hostport)
    host = hostport
    if port:
        host = port.group(1)
        if not port.group(2).isdigit() or int(port.group(2)) > 65535:
            return Problem.BAD_PORT
    last = host.rstrip(".").rsplit(".", 1)[-1]
    if _NUMBER.match(last):
        return Problem.BAD_IP
    return Problem.BAD_CHARACTERS


def _url(text: str) -> str:
    """The text as a URL a browser would open: a special scheme kept, a defanged or unknown
    one read as http, none taken as http (what the address bar does with "abc.vn")."""
    scheme = _SCHEME.match(text)
    if scheme:
        name = scheme.group(1).lower()
        rest = text[scheme.end() :]
        if name in _SPECIAL:
            return name + ":" + rest
        if name in _DEFANGED:
            return _DEFANGED[name] + ":" + rest
        if rest.startswith("//"):
            return "http:" + rest
    return "http:" + text


def parse_link(raw: str) -> Link:
    """Read one link or host name ("https://a.b/c", "a.b", "//a.b", "a.b:8080/x") as a
    browser opens it."""
    text = unicodedata.normalize("NFC", raw).strip(_TRIM)
    if not text:
        raise LinkError(Problem.EMPTY)
    if len(text) > MAX_LINK:
        raise LinkError(Problem.TOO_LONG)
    if _PLAIN_HOST.fullmatch(text) and not _NUMBER.match(text.rsplit(".", 1)[-1]):
        # A bare name of ASCII letters, digits, "-", "_" and dots, not ending in a number (an
        # IPv4 address), is what a browser makes of it in lower case: the URL Standard changes
        # nothing else in such a name. Most checks are such names; they skip the parser.
        return _link(text, text.lower(), HostType.DEFAULT, "", "", "", ())
    tricks: list[Trick] = []
    joined = text.translate(_TAB_NEWLINE)
    if joined != text:
        tricks.append(Trick.LINE_BREAK)
    url = _url(joined)
    # After "http:", a special scheme skips every slash and backslash before the authority,
    # which ends at the first of / ? # or \ (WHATWG "authority state").
    scheme, rest = url.split(":", 1)
    if "\\" in _QUERY_OR_FRAGMENT.split(rest, maxsplit=1)[0]:
        tricks.append(Trick.BACKSLASH)
    body = rest.lstrip("/\\")
    end = _AUTHORITY_END.search(body)
    authority, after = (body[: end.start()], body[end.start() :]) if end else (body, "")
    userinfo, _, hostport = authority.rpartition("@")
    if "%" in hostport and _ESCAPE.search(hostport):
        tricks.append(Trick.ENCODED_HOST)
    try:
        parts = parse_url(url, _ATTRIBUTES)
    except ValueError:
        raise LinkError(_problem(hostport), value=hostport, tricks=tuple(tricks)) from None
    # A special scheme's href always has a path, and nothing before it holds a "/" (user-info
    # is %-encoded, a host cannot hold one).
    href = parts["href"]
    path = href[href.index("/", len(scheme) + 3) :] if after else ""
    glued = after.split("/", 1)[0]
    return _link(text, parts["hostname"], parts["host_type"], path, userinfo, glued, tuple(tricks))


def _link(
    text: str,
    host: str,
    host_type: HostType,
    path: str,
    userinfo: str,
    glued: str,
    tricks: tuple[Trick, ...],
) -> Link:
    """The link of a host as the URL Standard gives it (ASCII, lower case), once checked as a
    name a registry can hold."""
    if host_type is not HostType.DEFAULT:
        ip = host.strip("[]")
        return Link(text, ip, ip, path, userinfo, ip, "", "", glued, tricks)
    # A trailing dot names the same host from the root of the DNS.
    host = host.removesuffix(".")
    if not host:
        raise LinkError(Problem.NO_HOST)
    if len(host) > MAX_HOST:
        raise LinkError(Problem.HOST_TOO_LONG)
    unicode_host = _unicode_host(host, typed_ascii=text.isascii())
    if "." not in host:
        raise LinkError(Problem.NO_SUFFIX, value=unicode_host)
    suffix = PSL.publicsuffix(host) or ""
    registrable = PSL.privatesuffix(host) or ""
    return Link(text, host, unicode_host, path, userinfo, "", registrable, suffix, glued, tricks)


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
