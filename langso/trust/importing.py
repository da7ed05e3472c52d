"""Reading block lists: five formats in, (host, path) pairs out, with what was skipped and why.

Hosts are stored ASCII (punycode) and lower case, without a leading "www."; a path is kept only
when the list names a page under a host that serves many unrelated users ("sites.google.com/
view/…"), where blocking the host would block everyone. Lines naming an official domain or such
a shared host without a path are skipped and counted, never imported: a list must not be able
to mark vietcombank.com.vn or play.google.com a scam.
"""

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from langso.trust.engine.hosts import LinkError, parse_link
from langso.trust.engine.words import SHARED_HOSTS

_COMMENT = re.compile(r"\s+#")
_HOSTS_LINE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){3}|::1?|::)\s+")


class ListUnreadable(ValueError):
    pass


@dataclass
class Parsed:
    entries: set[tuple[str, str]] = field(default_factory=set)
    skipped: Counter[str] = field(default_factory=Counter)


def _lines(text: str) -> Iterator[str]:
    """Lines without blanks and comments ("# …", "! …", or " # …" after an entry)."""
    for line in text.splitlines():
        line = _COMMENT.split(line.strip(), maxsplit=1)[0]
        if line and line[0] not in "#![":
            yield line


def _hosts(text: str) -> Iterator[str]:
    """A hosts file ("0.0.0.0 a.b c.d") or a plain list of host names (Pi-hole)."""
    for line in _lines(text):
        words = _HOSTS_LINE.sub("", line).split()
        yield from words


def _urls(text: str) -> Iterator[str]:
    yield from _lines(text)


def _chongluadao(text: str) -> Iterator[str]:
    """The JSON of the Chống Lừa Đảo API: a list of objects with a "url" ("*.a.b/*" allowed)."""
    data = _json(text)
    if isinstance(data, dict):
        data = data.get("data") or data.get("items") or []
    if not isinstance(data, list):
        raise ListUnreadable("a JSON list of objects with “url” was expected")
    for entry in data:
        url = entry.get("url") if isinstance(entry, dict) else entry
        # An entry without a URL is counted as invalid, like any unreadable line.
        yield url.replace("*.", "").removesuffix("/*") if isinstance(url, str) else ""


def _phishtank(text: str) -> Iterator[str]:
    """PhishTank's online-valid database, as JSON (a list with "url") or CSV (a "url" column)."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        data = _json(text)
        if not isinstance(data, list):
            raise ListUnreadable("a JSON list was expected")
        for entry in data:
            if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                yield entry["url"]
        return
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "url" not in reader.fieldnames:
        raise ListUnreadable("a CSV with a “url” column was expected")
    for row in reader:
        if row.get("url"):
            yield row["url"]


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ListUnreadable(f"not valid JSON (line {error.lineno})") from error


READERS: dict[str, Callable[[str], Iterator[str]]] = {
    "hosts": _hosts,
    "urls": _urls,
    "chongluadao-json": _chongluadao,
    "phishtank": _phishtank,
    "openphish": _urls,
}


def parse_list(
    text: str, fmt: str, *, is_official: Callable[[str], bool], keep_paths: bool = True
) -> Parsed:
    parsed = Parsed()
    for raw in READERS[fmt](text):
        try:
            link = parse_link(raw)
        except LinkError:
            parsed.skipped["invalid"] += 1
            continue
        host = link.host.removeprefix("www.")
        path = link.path.rstrip("/") if keep_paths else ""
        path = "" if path in {"", "/"} else path[:500]
        official = is_official(link.registrable)
        shared = host in SHARED_HOSTS or link.registrable in SHARED_HOSTS
        if (official or shared) and not path:
            parsed.skipped["official" if official else "shared_host"] += 1
            continue
        parsed.entries.add((host, path if official or shared else ""))
    return parsed
