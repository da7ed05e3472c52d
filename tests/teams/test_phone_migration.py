"""The migrations that seal members' plain phone numbers and drop the plain column, run on a
database that has them (and on one that has none)."""

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from langso.core.vault import Vault, vault
from langso.teams import services
from langso.teams.models import Person
from tests.teams.phones import E164, OWN_E164, number_of

sealing = importlib.import_module("langso.teams.migrations.0003_seal_member_phones")

BEFORE = [("teams", "0002_person_phone_sealed")]


# The function that works out the stored form of one number


@pytest.mark.parametrize("written", ["+84912345678", "0912 345 678", "84 912.345.678"])
def test_a_plain_number_is_sealed_in_its_e164_form(written: str) -> None:
    sealed, index, masked = sealing.sealed_form(vault(), written)
    assert vault().open(services.PHONE_PURPOSE, sealed) == E164
    assert index == services.phone_index(E164)
    assert masked == "*******678"


def test_a_number_typed_by_hand_that_is_no_number_is_sealed_as_it_was_written() -> None:
    sealed, index, masked = sealing.sealed_form(vault(), " 0912 345 (nhà) ")
    assert vault().open(services.PHONE_PURPOSE, sealed) == "0912 345 (nhà)"
    assert index == services.phone_index("0912 345 (nhà)")
    assert masked == "***********hà)"


# The migrations on a database


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to ``targets``; returns the apps of that state (historical models)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before(transactional_db: None) -> Iterator[Any]:
    """The database as it was before numbers were sealed; migrated forward again afterwards
    (and the vault's key, which a test may change, forgotten)."""
    try:
        yield migrate(BEFORE)
    finally:
        vault.cache_clear()
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())
        vault.cache_clear()


def columns() -> set[str]:
    with connection.cursor() as cursor:
        return {
            c.name for c in connection.introspection.get_table_description(cursor, "teams_person")
        }


def test_plain_numbers_are_sealed_with_the_installations_key_and_the_column_dropped(
    before: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGSO_PII_KEY", "the-key-of-this-installation")
    vault.cache_clear()
    old = before.get_model("teams", "Person")
    stored = old.objects.create(full_name="Hà Thị Mai", full_name_folded="ha thi mai", phone=E164)
    typed = old.objects.create(
        full_name="Lò Thị Xuân", full_name_folded="lo thi xuan", phone="0987 654 321"
    )
    none = old.objects.create(full_name="Quàng Văn Inh", full_name_folded="quang van inh")
    assert "phone" in columns()

    migrate([("teams", "0004_person_phone_plain_removed")])

    assert "phone" not in columns()
    mai, xuan, inh = (Person.objects.get(pk=p.pk) for p in (stored, typed, none))
    assert (number_of(mai), number_of(xuan)) == (E164, OWN_E164)
    assert (mai.phone_masked, xuan.phone_masked) == ("*******678", "*******321")
    assert Person.objects.get(phone_index=services.phone_index(OWN_E164)) == xuan
    assert (inh.phone_sealed, inh.phone_index, inh.phone_masked) == (None, None, "")
    # Sealed under the key from the environment, not under the local key file's.
    assert mai.phone_sealed is not None
    opened = Vault("the-key-of-this-installation").open("phone", bytes(mai.phone_sealed))
    assert opened == E164
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM teams_person")
        everything = repr(cursor.fetchall())
    assert "912345678" not in everything and "987654321" not in everything

    # Going back (to run the code before this change) puts the numbers back as they were.
    back = migrate(BEFORE)
    phones = dict(back.get_model("teams", "Person").objects.values_list("pk", "phone"))
    assert phones == {stored.pk: E164, typed.pk: OWN_E164, none.pk: ""}


def test_a_database_without_numbers_needs_no_key(
    before: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_key() -> Vault:
        raise AssertionError("the vault was opened for a database without numbers")

    monkeypatch.setattr(sealing, "vault", no_key)
    old = before.get_model("teams", "Person")
    old.objects.create(full_name="Quàng Văn Inh", full_name_folded="quang van inh")
    migrate([("teams", "0004_person_phone_plain_removed")])
    assert Person.objects.get().phone_sealed is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own file")
def test_the_sqlite_file_keeps_no_trace_of_the_plain_numbers(before: Any) -> None:
    """Freed pages and cells keep their old bytes unless SQLite erases them: Debian's build does
    by default, others do not, so the migration asks for it."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete = OFF")
    old = before.get_model("teams", "Person")
    old.objects.bulk_create(
        old(full_name=f"Người {i}", full_name_folded=f"nguoi {i}", phone=f"+849100{i:05d}")
        for i in range(1500)
    )
    migrate([("teams", "0004_person_phone_plain_removed")])
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # The database file itself, as it is on the disk (not a clean copy made by VACUUM).
    data = Path(connection.settings_dict["NAME"]).read_bytes()
    assert "Người 1499".encode() in data
    left = [i for i in range(1500) if f"9100{i:05d}".encode() in data]
    assert left == []
