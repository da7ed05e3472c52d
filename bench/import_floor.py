"""How fast SQLite alone can store what an import of N residents stores, with no Python work.

The spreadsheet-import target is 30,000 rows/s into SQLite. This measures the floor under it:
the rows an import writes for a list like the one `bench/import_residents.py` builds (one
resident per row, one household per 4.5 rows, 1.2 indicator marks per row, each an
observation and a current status), prepared as plain tuples before the clock starts and sent
with `sqlite3.executemany` into the migrated schema (same indexes, same pragmas as the app),
in one transaction. Whatever the importer does in Python comes on top of this.

Last line, one JSON object: {"rows", "write_s", "write_rows_per_s", "per_table_s"}.

    .venv/bin/python bench/import_floor.py [--rows 200000]
"""

import argparse
import json
import os
import random
import secrets
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STAMP = "2026-11-29 03:00:00"
DAY = "2026-11-29"
VILLAGES = 400
FAMILY = ("Lò", "Quàng", "Cầm", "Lường", "Tòng", "Vì", "Nguyễn", "Trần", "Sùng", "Giàng")
GIVEN = ("Xuân", "Hoan", "Chính", "Hương", "Thoa", "Pọm", "Minh", "Lan", "Páo", "Mỷ")


def migrated(data_dir: str) -> Path:
    path = Path(data_dir) / "floor.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["LANGSO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return path


Rows = list[tuple[object, ...]]


def tables(rows: int, rng: random.Random) -> dict[str, tuple[str, Rows]]:
    """The rows of each table, in the order an import writes them."""
    households = rows * 2 // 9
    # Spread over 400 villages with varied names, as in the import benchmark's list: the
    # (village, name) and (household, name) indexes then grow at many places, as they do
    # for a real list, not only at their end.
    household_rows: Rows = [
        (i, 1 + i % VILLAGES, f"H{i:06d}", "Lò Văn Pánh", 0, DAY, STAMP, STAMP)
        for i in range(1, households + 1)
    ]
    residents: Rows = []
    for i in range(1, rows + 1):
        has_id, has_phone = rng.random() < 0.72, rng.random() < 0.5
        residents.append(
            (
                i,
                1 + i % households,
                1,
                "Lò Thị Xuân",
                "lo thi xuan",
                "1982-06-05",
                1982,
                "F",
                "Thái",
                "Vợ",
                0,
                "cccd",
                secrets.token_bytes(41) if has_id else None,
                secrets.token_hex(16) if has_id else None,
                "0141******21",
                secrets.token_bytes(41) if has_phone else None,
                secrets.token_hex(16) if has_phone else None,
                "0987***321" if has_phone else "",
                DAY,
                STAMP,
                STAMP,
            )
        )
    observations: Rows = []
    statuses: Rows = []
    codes = ("vneid_l2", "dvc_account", "smartphone")
    for i in range(1, rows + 1):
        for code in codes:
            if rng.random() < 0.4:
                key = uuid.uuid4().hex
                village = residents[i - 1][2]
                observations.append(
                    (key, code, i, None, village, 1, STAMP, STAMP, None, "import", "x")
                )
                statuses.append((code, i, None, village, 1, STAMP, key, STAMP))
    return {
        "people_household": (
            "id, village_id, number, head_name, is_business, counted_since, created_at, updated_at",
            household_rows,
        ),
        "people_resident": (
            "id, household_id, village_id, full_name, full_name_folded, birth_date, birth_year, "
            "sex, ethnicity, relationship, is_head, id_kind, id_sealed, id_index, id_masked, "
            "phone_sealed, phone_index, phone_masked, counted_since, created_at, updated_at",
            residents,
        ),
        "indicators_observation": (
            "id, indicator_id, resident_id, household_id, village_id, value, observed_at, "
            "recorded_at, recorded_by_id, source, source_ref",
            observations,
        ),
        "indicators_status": (
            "indicator_id, resident_id, household_id, village_id, value, observed_at, "
            "observation_id, changed_at",
            statuses,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="a first look: 5,000 rows")
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(rows=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = migrated(scratch)
        from django.conf import settings

        data = tables(args.rows, random.Random(7))
        db = sqlite3.connect(path, isolation_level=None)
        for pragma in settings.DATABASES["default"]["OPTIONS"]["init_command"].split(";"):
            if pragma.strip():
                db.execute(pragma)
        db.executemany(
            "INSERT INTO units_unit (id, level, created_at) VALUES (?, 3, ?)",
            [(village, STAMP) for village in range(1, VILLAGES + 1)],
        )
        db.execute("BEGIN IMMEDIATE")
        per_table: dict[str, float] = {}
        started = time.perf_counter()
        for table, (columns, rows) in data.items():
            marks = ", ".join("?" * len(columns.split(",")))
            clock = time.perf_counter()
            db.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
            per_table[table] = round(time.perf_counter() - clock, 2)
        db.execute("COMMIT")
        seconds = time.perf_counter() - started
        counts = {table: len(rows) for table, (_columns, rows) in data.items()}
        print(f"rows written: {counts}")
        print(
            json.dumps(
                {
                    "rows": args.rows,
                    "write_s": round(seconds, 2),
                    "write_rows_per_s": round(args.rows / seconds),
                    "per_table_s": per_table,
                }
            )
        )


if __name__ == "__main__":
    main()
