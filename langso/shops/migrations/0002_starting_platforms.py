from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from langso.shops.platforms_data import PLATFORMS


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Platform = apps.get_model("shops", "Platform")
    for position, (code, name, domains, home, onboarding) in enumerate(PLATFORMS):
        Platform.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "domains": list(domains),
                "home": home,
                "onboarding": onboarding,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("shops", "0001_businesses_links_steps")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
