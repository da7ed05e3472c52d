"""The data folder, the SQLite database and its log files, and the local keys: owner-only."""

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from langso.core.datadir import private_dir, private_file, private_sqlite
from langso.core.keyfile import local_secret

ROOT = Path(__file__).resolve().parent.parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask of most machines (022), whatever the one running the tests: under it, files
    are made readable by everyone unless made otherwise on purpose."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("usual_umask")
def test_a_new_data_folder_and_its_missing_parents_are_owner_only(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    data = private_dir(tmp_path / "srv" / "langso" / "data")
    assert [mode(folder) for folder in (data, data.parent, data.parent.parent)] == [0o700] * 3
    # The folder that was there already is not ours to close.
    assert mode(tmp_path) == 0o755


@pytest.mark.usefixtures("usual_umask")
def test_an_existing_data_folder_and_files_lose_the_group_and_other_bits(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o775)
    private_dir(folder)
    assert mode(folder) == 0o700
    key = folder / "pii_key"
    key.write_text("bí mật\n")
    key.chmod(0o644)
    private_file(key)
    assert mode(key) == 0o600
    assert key.read_text() == "bí mật\n"


def test_a_new_file_is_owner_only_even_under_an_open_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        made = private_file(tmp_path / "langso.sqlite3")
    finally:
        os.umask(previous)
    assert mode(made) == 0o600
    assert made.stat().st_size == 0


def wal_connection(database: Path) -> sqlite3.Connection:
    """A connection that has written through the write-ahead log and keeps it open (SQLite
    removes -wal and -shm when the last connection closes)."""
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS t (x)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    return connection


@pytest.mark.usefixtures("usual_umask")
def test_a_database_made_before_its_first_connection_keeps_its_log_files_private(
    tmp_path: Path,
) -> None:
    database = tmp_path / "new" / "langso.sqlite3"
    private_sqlite(database)
    connection = wal_connection(database)
    try:
        for name in ("langso.sqlite3", "langso.sqlite3-wal", "langso.sqlite3-shm"):
            assert mode(database.parent / name) == 0o600, name
    finally:
        connection.close()
    assert mode(database.parent) == 0o700


@pytest.mark.usefixtures("usual_umask")
def test_an_existing_database_and_its_log_files_are_tightened_in_a_shared_folder(
    tmp_path: Path,
) -> None:
    shared = tmp_path / "srv"
    shared.mkdir()
    shared.chmod(0o755)
    database = shared / "langso.sqlite3"
    connection = wal_connection(database)
    try:
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert [mode(path) for path in files] == [0o644] * 3
        private_sqlite(database)
        assert [mode(path) for path in files] == [0o600] * 3
    finally:
        connection.close()
    # A folder the database only lives in is not the data folder: it stays as it was.
    assert mode(shared) == 0o755


@pytest.mark.usefixtures("usual_umask")
def test_a_local_key_made_readable_by_others_is_tightened_when_read(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.write_text("giu-nguyen\n")
    path.chmod(0o644)
    assert local_secret(path) == "giu-nguyen"
    assert mode(path) == 0o600


@pytest.mark.usefixtures("usual_umask")
def test_a_local_key_is_created_owner_only_in_a_new_private_folder(tmp_path: Path) -> None:
    path = tmp_path / "data" / "pii_key"
    local_secret(path)
    assert (mode(path), mode(path.parent)) == (0o600, 0o700)


REPORT = """
import json, os, stat
from pathlib import Path
from django.conf import settings
from django.db import connection
connection.cursor().execute("PRAGMA user_version = 7")  # a write, through the log
folder = Path(settings.DATA_DIR)
paths = [folder, *sorted(folder.rglob("*"))]
print(json.dumps({str(p.relative_to(folder)): stat.S_IMODE(p.stat().st_mode) for p in paths}))
"""


def test_migrate_on_a_fresh_data_folder_leaves_nothing_readable_by_others(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {
        **os.environ,
        "LANGSO_DATA_DIR": str(data),
        "DATABASE_URL": "",
        "LANGSO_CACHE_DIR": "",
        "LANGSO_PII_KEY": "",
        "LANGSO_SECRET_KEY": "",
    }

    def manage(*arguments: str) -> str:
        return subprocess.run(  # noqa: S603 - this project's manage.py
            [sys.executable, str(ROOT / "manage.py"), *arguments],
            env=env,
            cwd=tmp_path,
            umask=0o022,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    manage("migrate", "--noinput", "-v", "0")
    # A second process, still connected while it reports: SQLite removes -wal and -shm when
    # the last connection closes.
    modes: dict[str, int] = json.loads(manage("shell", "-c", REPORT).strip().splitlines()[-1])
    for name in (".", "langso.sqlite3", "langso.sqlite3-wal", "langso.sqlite3-shm"):
        assert name in modes, name
    assert {"secret_key", "static"} <= set(modes)
    readable = {name: oct(bits) for name, bits in modes.items() if bits & 0o077}
    assert readable == {}
