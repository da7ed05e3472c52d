"""Masks keep only the trailing digits: two of an ID number, three of a phone number.

The old masks ("0141******89", "0912***678") showed the leading digits too, which for an ID
number repeat what the row says (province, century and sex, year of birth) and for a phone
name the carrier: together with the row they left a few thousand candidates. The new form is
worked out from the old one, so no key is needed; a phone number is taken to have the ten
digits of a Vietnamese mobile (a landline's mask gets one star too few, which hides nothing
more or less).
"""

from django.db import migrations

BATCH = 2_000


def _id_mask(old: str) -> str:
    return "*" * (len(old) - 2) + old[-2:] if len(old) > 4 else old


def _phone_mask(old: str) -> str:
    return "*" * 7 + old[-3:] if len(old) >= 3 else old


def shorten(apps, schema_editor):
    Resident = apps.get_model("people", "Resident")
    rows = Resident.objects.exclude(id_masked="", phone_masked="").only(
        "id", "id_masked", "phone_masked"
    )
    changed = []
    for resident in rows.iterator(chunk_size=BATCH):
        resident.id_masked = _id_mask(resident.id_masked) if resident.id_masked else ""
        resident.phone_masked = _phone_mask(resident.phone_masked) if resident.phone_masked else ""
        changed.append(resident)
        if len(changed) == BATCH:
            Resident.objects.bulk_update(changed, ["id_masked", "phone_masked"])
            changed = []
    Resident.objects.bulk_update(changed, ["id_masked", "phone_masked"])


class Migration(migrations.Migration):
    dependencies = [("people", "0002_import_jobs")]

    operations = [migrations.RunPython(shorten, migrations.RunPython.noop, elidable=True)]
