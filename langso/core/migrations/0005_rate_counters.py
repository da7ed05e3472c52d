from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def unlogged(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """On PostgreSQL the counters skip the write-ahead log: a use then commits without waiting
    for the disk (bench/ratelimit.py: about 0.8 ms a hit instead of 4 ms). A crash empties the
    table and standbys do not see it: both only forget the counts of the current windows."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratecounter SET UNLOGGED")


def logged(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratecounter SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_id_conflicts"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=40)),
                ("key", models.CharField(max_length=100)),
                ("window_start", models.BigIntegerField()),
                ("expires_at", models.BigIntegerField()),
                ("count", models.IntegerField()),
            ],
            options={
                "verbose_name": "rate counter",
                "verbose_name_plural": "rate counters",
                "indexes": [models.Index(fields=["expires_at"], name="ratecounter_expires")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("name", "key", "window_start"), name="ratecounter_one_per_window"
                    )
                ],
            },
        ),
        migrations.RunPython(unlogged, logged),
    ]
