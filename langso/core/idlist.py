"""A long list of ids as one SQL parameter.

``filter(village_id__in=ids)`` with the 2,300 villages of a province makes Django prepare each id
(about 20 µs each: 45 ms a request when a read asks five such queries) and the database parse
2,300 parameters per query. ``filter(village_id__in=id_list(ids))`` sends one parameter instead: a
JSON array that SQLite's ``json_each`` unpacks, an array PostgreSQL's ``unnest`` does.
"""

import json
from collections.abc import Collection

from django.db import connection
from django.db.models.expressions import RawSQL


def id_list(ids: Collection[int]) -> RawSQL:
    """A subquery of ``ids`` (integers) for an ``__in`` lookup."""
    values = [int(value) for value in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (values,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(values),))
