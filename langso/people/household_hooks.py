"""Who is told when the people of a household change (a move, a departure, a reinstatement, a
merge) and when two records of one person are merged.

An app above ``people`` may work something out from a household's people (``learning`` keeps
"a household with someone proficient in the basic skills"); ``people`` cannot import it, since
dependencies point one way, so the app registers a function when it starts and the people
services call ``households_changed`` inside their transaction, after the change. The same shape
as the sync's ``visits.pull_parts``.
"""

from collections.abc import Callable, Iterable

Listener = Callable[[list[int]], None]
MergeListener = Callable[[int, int], None]

_listeners: list[Listener] = []
_merge_listeners: list[MergeListener] = []


def household_listener_register(listener: Listener) -> None:
    """Call ``listener`` with the ids of the households whose people changed."""
    if listener not in _listeners:
        _listeners.append(listener)


def households_changed(household_ids: Iterable[int | None]) -> None:
    ids = sorted({household_id for household_id in household_ids if household_id is not None})
    if not ids:
        return
    for listener in _listeners:
        listener(ids)


def resident_merge_listener_register(listener: MergeListener) -> None:
    """Call ``listener(kept_id, gone_id)`` when two records of one person are merged, before
    their households are said to have changed: what the app keeps of the other record (its
    skills) is moved to the kept one."""
    if listener not in _merge_listeners:
        _merge_listeners.append(listener)


def residents_merged(kept_id: int, gone_id: int) -> None:
    for listener in _merge_listeners:
        listener(kept_id, gone_id)


_household_merge_listeners: list[MergeListener] = []


def household_merge_listener_register(listener: MergeListener) -> None:
    """Call ``listener(kept_id, gone_id)`` when two records of one household are merged, in the
    merge's transaction: what the app keeps of the other record (its businesses) goes to the
    kept one."""
    if listener not in _household_merge_listeners:
        _household_merge_listeners.append(listener)


def households_merged(kept_id: int, gone_id: int) -> None:
    for listener in _household_merge_listeners:
        listener(kept_id, gone_id)
