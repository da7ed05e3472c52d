"""Team members' phone numbers are sealed like residents' (the next migration drops the plain
column).

Each number is sealed with the vault, so the key is the running installation's own:
``LANGSO_PII_KEY``, or the local key file of the embedded setup. A database where no member has
a number needs no key at all, and this migration then does not touch the vault (which would
create a key file as a side effect). Numbers were normalised to E.164 when entered, but the
admin let anyone type one by hand: such a number is normalised here if it can be, and otherwise
sealed as it was written, so that nothing is lost and nothing stays in the clear. Going back
(to run the code before this change) opens the sealed numbers into the plain column again.

On SQLite, the bytes that overwriting and dropping free are zeroed (``secure_delete``), so that
no plain number stays behind in the file's free space. SQLite's write-ahead log may still hold
copies of pages from before, until it is checkpointed: stop the server while migrating, so that
the migration's connection is the last one and SQLite removes the log when it closes.
"""

from django.db import migrations

from langso.core.errors import DomainError
from langso.core.phone import mask_phone, normalize_phone
from langso.core.vault import Vault, vault

# The purpose residents' numbers are sealed for: a phone number is a phone number.
PURPOSE = "phone"
BATCH = 500
FIELDS = ["phone", "phone_sealed", "phone_index", "phone_masked"]


def sealed_form(box: Vault, written: str) -> tuple[bytes, str, str]:
    """A plain number as it is stored now: sealed, blind index, masked."""
    try:
        number = normalize_phone(written)
    except DomainError:
        number = written.strip()
    return box.seal(PURPOSE, number), box.index(PURPOSE, number), mask_phone(number)


def seal(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        # Overwriting a row leaves its old bytes in the file unless SQLite is told to zero
        # them (see the previous migration).
        schema_editor.execute("PRAGMA secure_delete = ON")
    Person = apps.get_model("teams", "Person")
    # Each batch is the next rows still holding a plain number (the previous batch emptied
    # theirs), so no cursor stays open over the table while it is written.
    rows = Person.objects.exclude(phone="").only("id", "phone").order_by("id")
    batch = list(rows[:BATCH])
    if not batch:
        return
    box = vault()
    while batch:
        for person in batch:
            person.phone_sealed, person.phone_index, person.phone_masked = sealed_form(
                box, person.phone
            )
            person.phone = ""
        Person.objects.bulk_update(batch, FIELDS)
        batch = list(rows[:BATCH])


def unseal(apps, schema_editor):
    Person = apps.get_model("teams", "Person")
    rows = Person.objects.filter(phone_sealed__isnull=False).only("id", "phone_sealed")
    batch = list(rows.order_by("id")[:BATCH])
    if not batch:
        return
    box = vault()
    while batch:
        for person in batch:
            person.phone = box.open(PURPOSE, bytes(person.phone_sealed))
            person.phone_sealed, person.phone_index, person.phone_masked = None, None, ""
        Person.objects.bulk_update(batch, FIELDS)
        batch = list(rows.order_by("id")[:BATCH])


class Migration(migrations.Migration):
    dependencies = [("teams", "0002_person_phone_sealed")]

    operations = [migrations.RunPython(seal, unseal)]
