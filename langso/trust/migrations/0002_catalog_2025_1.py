"""Load the official-domain catalog, version 2025.1 (``langso/trust/catalog_data.py``).

A later version of the catalog is a new migration that runs the same sync; it makes the tables
hold that version exactly, so running it twice changes nothing."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from langso.trust.catalog_data import BRANDS, CATALOG_VERSION
    from langso.trust.services import catalog_sync

    catalog_sync(
        brands=BRANDS,
        version=CATALOG_VERSION,
        brand_model=apps.get_model("trust", "Brand"),
        domain_model=apps.get_model("trust", "OfficialDomain"),
    )


class Migration(migrations.Migration):
    dependencies = [("trust", "0001_catalog_lists_reports")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
