"""Coordinates and durations within their ranges, held by the database.

Before the sync checked them, a push could store any number: a latitude of 1e308 on SQLite
(which then broke the visits pages of its village, commune and province for everyone), a NaN
on PostgreSQL's numeric. Those values are first set to NULL (the visit itself is kept: where
and how long were never known), then the constraints are added, which SQLite does by copying
the table and would refuse to do over a bad row.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# (column, lowest, highest): the ranges of the constraints below.
RANGES = (("latitude", -90, 90), ("longitude", -180, 180), ("duration_minutes", 0, 24 * 60))


def repair(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Set every stored value outside its range to NULL.

    ``NOT (value >= low AND value <= high)`` catches what a plain range test would let through:
    PostgreSQL orders NaN above every number (so ``NaN <= high`` is false), and SQLite orders
    text (``'Infinity'``, ``'abc'``) above every number. NULL stays NULL (the test is unknown).
    """
    visit = apps.get_model("visits", "Visit")
    quote = schema_editor.connection.ops.quote_name
    table = quote(visit._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for column, low, high in RANGES:
            name = quote(column)
            cursor.execute(
                f"UPDATE {table} SET {name} = NULL "  # noqa: S608 - names are ours
                f"WHERE NOT ({name} >= %s AND {name} <= %s)",
                [low, high],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_visits"),
    ]

    operations = [
        # Going back keeps the repaired values: the bad ones are not worth restoring.
        migrations.RunPython(repair, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.CheckConstraint(
                condition=models.Q(("latitude__isnull", True))
                | models.Q(("latitude__gte", -90), ("latitude__lte", 90)),
                name="visit_latitude_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.CheckConstraint(
                condition=models.Q(("longitude__isnull", True))
                | models.Q(("longitude__gte", -180), ("longitude__lte", 180)),
                name="visit_longitude_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.CheckConstraint(
                condition=models.Q(("duration_minutes__isnull", True))
                | models.Q(("duration_minutes__gte", 0), ("duration_minutes__lte", 1440)),
                name="visit_duration_range",
            ),
        ),
    ]
