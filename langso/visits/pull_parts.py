"""What apps above ``visits`` add to the field app's pull, without ``visits`` depending on them.

``campaigns`` sits above ``visits`` (it reads the follow-up days a member sets), so the sync
cannot import it. Instead an app registers a part when it starts (``AppConfig.ready``): a name
and a reader that takes the actor and answers a small JSON value (a member's active campaigns
and the households given to them). The pull sends a part whole, on the first page of a round,
when it differs from what the phone was last sent; the cursor keeps a digest of each part sent,
so a part that did not change costs nothing but that digest. Sending the value whole rather than
its changes keeps the phone honest without tombstones: whatever takes something out of a part (a
household moved to another member, a campaign closed or past its end, a role ended, a merge)
changes the value, and the phone replaces what it held.
"""

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from langso.access import Actor

PartReader = Callable[..., Any]

# A name is a key of the pull's ``parts`` and of the cursor; a digest is 16 hex digits.
NAME = re.compile(r"^[a-z][a-z_]{0,39}$")
DIGEST = re.compile(r"^[0-9a-f]{16}$")
MAX_PARTS = 8

_parts: dict[str, PartReader] = {}


def part_register(name: str, reader: PartReader) -> None:
    """Add ``reader`` (called as ``reader(actor=...)``) to every pull under ``name``."""
    if not NAME.match(name):
        raise ValueError(f"A pull part's name is lower-case letters and underscores: {name!r}")
    if name not in _parts and len(_parts) >= MAX_PARTS:
        raise ValueError(f"A pull carries at most {MAX_PARTS} parts")
    _parts[name] = reader


def digest(value: Any) -> str:
    """What tells a part sent before from a changed one (sorted JSON, so order of keys is not a
    change; dates as ISO text, as the API writes them)."""
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def parts_read(actor: Actor, sent: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The parts that differ from the digests in ``sent`` (what the phone holds), and the
    digests of every part as the phone will hold them after this pull."""
    changed: dict[str, Any] = {}
    digests: dict[str, str] = {}
    for name, reader in sorted(_parts.items()):
        value = reader(actor=actor)
        digests[name] = digest(value)
        if sent.get(name) != digests[name]:
            changed[name] = value
    return changed, digests
