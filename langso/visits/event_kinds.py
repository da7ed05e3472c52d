"""Kinds of field events that apps above ``visits`` apply, without ``visits`` depending on them.

A member registers a household's business at the door and ticks the steps of its onboarding
checklist, offline (issue 17). The ``shops`` app owns businesses and sits above ``visits``, so
the sync cannot import it; instead it registers each of its kinds when it starts
(``AppConfig.ready``), as apps register pull parts (``pull_parts``) and parts of a visit
(``visit_parts``): the pydantic model an event of the kind must fit, and the function that
applies it.

The sync treats such an event as it treats its own households and residents (``events``): the
model is checked first (a shape it does not fit is ``EVENT_INVALID``, naming the field), then
the event is applied in a savepoint of its own, in the order sent, and kept in the ledger
(``FieldEvent``), so a batch sent again is answered ``duplicate`` without being applied again.
The apply function refuses with its own app's ``DomainError`` (code and message); the answer
carries them. It names its household through ``Applying.household``, which takes a household's
number or the id of the event that added the household on the phone (in the same batch or an
earlier one) and refuses a household out of the member's villages as the sync does.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, TypeAdapter

from langso.access import Actor
from langso.people.models import Household
from langso.visits.models import FieldEventKind

# The kinds an app may register: named here, like the parts of a visit, so that the ledger's
# choices and the sync's answers know them whether or not their app is installed.
REGISTRABLE = frozenset({FieldEventKind.BUSINESS, FieldEventKind.BUSINESS_STEP})


@dataclass(frozen=True, slots=True)
class Applying:
    """One event to apply: who sent it, the event as its model read it, and how to find the
    household it names (``household(household_id, household_event)``)."""

    actor: Actor
    event: Any
    household: Callable[[int | None, uuid.UUID | None], Household]


@dataclass(frozen=True, slots=True)
class EventKind:
    adapter: TypeAdapter[Any]
    # What the event does; the household it concerns (for the ledger and the answer).
    apply: Callable[[Applying], Household]


_kinds: dict[str, EventKind] = {}


def kind_register(
    name: str, *, model: type[BaseModel], apply: Callable[[Applying], Household]
) -> None:
    """Have the sync take events of kind ``name``, read by ``model`` and applied by ``apply``."""
    if name not in REGISTRABLE:
        raise ValueError(f"The sync has no kind of event {name!r} for an app to apply")
    _kinds[name] = EventKind(adapter=TypeAdapter(model), apply=apply)


def kind(name: str) -> EventKind | None:
    return _kinds.get(name)
