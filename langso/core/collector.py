"""Keeping Python's cycle collector still through work that makes millions of objects.

Each batch of new objects starts a collection, and every so often one walks everything alive.
Reading a 200,000-row list and writing what it says keeps millions of small objects alive
(cells, rows, the tuples sent to the database): the collector would walk them again and again
and find nothing, since none of them is part of a reference cycle. On such an import that was
a third of the reading time and a quarter of the writing time. Reference counting still frees
everything as usual; only cycles wait until the work is done.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block, and as it was afterwards (also after an error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
