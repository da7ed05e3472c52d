"""Who is told when the tree changes: a unit event moved villages to another commune.

``indicators`` keeps each commune's sums of its villages' roll-ups (``indicators.communes``);
``units`` cannot import it, since dependencies point one way, so it registers a function when it
starts and the unit services call ``tree_changed`` inside their transaction, after the versions
are written. The same shape as ``people.household_hooks``.
"""

from collections.abc import Callable

Listener = Callable[[], object]

_listeners: list[Listener] = []


def tree_listener_register(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def tree_changed() -> None:
    for listener in _listeners:
        listener()
