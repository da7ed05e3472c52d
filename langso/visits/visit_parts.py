"""What apps above ``visits`` record as part of a visit, without ``visits`` depending on them.

A visit may carry the skills a member saw each person show (``skills`` in the visit event,
``schemas.SkillSeen``). The ``learning`` app owns skills and sits above ``visits``, so the sync
cannot import it; instead it registers a handler when it starts (``AppConfig.ready``). The sync
validates the part's shape and that its people belong to the household visited, asks the
handler's ``check`` before accepting the visit (a refusal is the visit's answer, with the
handler's code), and calls its ``record`` in the visit's transaction once the visit is stored.
A re-sent visit is answered from the visits already stored and never reaches the handler.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from langso.access import Actor


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class VisitPart:
    """One part of one visit, as the handler sees it: the items sent (validated models) and
    the people they name (``people.Resident``, by id)."""

    actor: Actor
    visit_id: uuid.UUID
    occurred_at: datetime
    items: list[Any]
    residents: dict[int, Any]


@dataclass(frozen=True, slots=True)
class Handler:
    check: Callable[[VisitPart], Refusal | None]
    record: Callable[[VisitPart], None]


_handlers: dict[str, Handler] = {}

# The parts a visit event may carry; a part is named by its field on ``schemas.VisitEvent``.
PARTS = frozenset({"skills"})


def handler_register(
    name: str, *, check: Callable[[VisitPart], Refusal | None], record: Callable[[VisitPart], None]
) -> None:
    if name not in PARTS:
        raise ValueError(f"A visit has no part {name!r}")
    _handlers[name] = Handler(check=check, record=record)


def handler(name: str) -> Handler | None:
    return _handlers.get(name)
