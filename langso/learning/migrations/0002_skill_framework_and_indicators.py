"""The skill framework (``content/framework.json``) and the two indicators computed from it."""

from typing import Any

from django.db import migrations

from langso.learning import framework


def load(apps: Any, schema_editor: Any) -> None:
    framework.load(apps.get_model("learning", "SkillGroup"), apps.get_model("learning", "Skill"))
    framework.indicators_load(apps.get_model("indicators", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_guides_skills_certificates"),
        ("indicators", "0006_indicator_computed"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
