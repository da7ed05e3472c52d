"""Large ids on demand: pages must not write an id of 1,000 or more as a localised number.

Vietnamese writes 3066 as "3.066"; an id shown that way in a link or a form value no longer
names anything. Test databases start their ids at 1, so such a bug shows only in a real
district (or, now and then, late in a long PostgreSQL test run). ``ids_from`` moves a table's id
counter so that the next row the services create gets ``first``.
"""

from django.db import connection, models


def ids_from(model: type[models.Model], first: int) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", [table, first]
            )
            return
        # SQLite: Django's tables use AUTOINCREMENT, which counts on from sqlite_sequence.
        cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
        cursor.execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first - 1]
        )
