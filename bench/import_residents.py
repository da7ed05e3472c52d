"""Spreadsheet import speed: Làng Số against django-import-export (bulk mode), same file, same run.

Builds an N-row household list (default 200,000) as .xlsx, then imports it into a fresh SQLite
database (or, with --postgres, a new database on that PostgreSQL server) twice: with Làng Số's
importer (validation, sealing, households, roll-ups, indicator marks) and with
django-import-export's bulk mode, tuned as its documentation advises, into the same Resident
model with the same checks and sealing where that library allows them (see
run_peer). Each prints what it stored. Last line, one JSON object:
{"rows", "database", "langso_rows_per_s", "django_import_export_rows_per_s", "ratio"}.

    .venv/bin/python bench/import_residents.py [--rows 200000] [--marks 3] [--skip-peer]
        [--postgres postgres://postgres@127.0.0.1:5432]
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FAMILY = ("Lò", "Quàng", "Cầm", "Lường", "Tòng", "Vì", "Nguyễn", "Trần", "Sùng", "Giàng")
GIVEN = ("Xuân", "Hoan", "Chính", "Hương", "Thoa", "Pọm", "Minh", "Lan", "Páo", "Mỷ")
ETHNIC = ("Thái", "Thái", "Thái", "Kinh", "Mông", "Khơ Mú")
PREFIXES = ("091", "094", "096", "097", "098", "086", "033", "035", "038", "070")
RELATIONS = ("Vợ", "Chồng", "Con", "Con", "Con", "Mẹ", "Cháu")
HEADER = (
    "STT",
    "Số hộ",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Số CCCD",
    "Số điện thoại",
    "Thôn, bản",
    "Quan hệ với chủ hộ",
    "VNeID mức 2",
    "Tài khoản DVC",
    "Điện thoại thông minh",
)


def build(path: Path, rows: int, villages: int, seed: int = 119, marks: int = 3) -> None:
    import xlsxwriter

    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    sheet.write_row(0, 0, ["DANH SÁCH HỘ GIA ĐÌNH"])
    sheet.write_row(2, 0, HEADER[: 10 + marks])
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    line, household, serial = 3, 0, 0
    while line - 3 < rows:
        household += 1
        village = f"Bản {1 + household % villages:03d}"
        size = min(rng.randint(2, 7), rows - (line - 3))
        for member in range(size):
            serial += 1
            female = rng.random() < 0.5
            year = rng.randint(1945, 1990) if member == 0 else rng.randint(1950, 2020)
            born = date(year, rng.randint(1, 12), rng.randint(1, 28))
            century = (0 if year < 2000 else 2) + (1 if female else 0)
            has_id = year <= 2011 and rng.random() < 0.8
            cccd = f"014{century}{year % 100:02d}{serial:06d}" if has_id else None
            prefix = rng.choice(
                ("091", "094", "096", "097", "098", "086", "033", "035", "038", "070")
            )
            phone = f"{prefix}{rng.randint(1_000_000, 9_999_999)}" if rng.random() < 0.5 else None
            sheet.write_number(line, 0, line - 2)
            sheet.write_string(line, 1, f"H{household:06d}")
            sheet.write_string(
                line, 2, f"{rng.choice(FAMILY)} {'Thị' if female else 'Văn'} {rng.choice(GIVEN)}"
            )
            sheet.write_datetime(line, 3, born, date_format)
            sheet.write_string(line, 4, "Nữ" if female else "Nam")
            sheet.write_string(line, 5, rng.choice(ETHNIC))
            if cccd:
                sheet.write_string(line, 6, cccd)
            if phone:
                sheet.write_string(line, 7, phone)
            sheet.write_string(line, 8, village)
            sheet.write_string(line, 9, "Chủ hộ" if member == 0 else rng.choice(RELATIONS))
            for column in (10, 11, 12)[:marks]:
                if rng.random() < 0.4:
                    sheet.write_string(line, column, "x")
            line += 1
    book.close()


def fresh_postgres(server: str) -> str:
    """A new, empty database on the PostgreSQL server at ``server`` (dropped by drop_postgres)."""
    import psycopg

    name = f"langso_bench_{os.getpid()}"
    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server.rstrip('/')}/{name}"


def drop_postgres(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(data_dir: str, database_url: str | None = None) -> None:
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{data_dir}/bench.sqlite3"
    os.environ["LANGSO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from langso.units import national

    national.load(province="14")


def run_langso(path: Path) -> tuple[float, dict[str, object]]:
    from langso.access import SYSTEM
    from langso.people.importing import import_residents
    from langso.units import selectors

    commune = selectors.unit_get(actor=SYSTEM, code="03727").unit
    data = path.read_bytes()
    started = time.perf_counter()
    report = import_residents(
        actor=SYSTEM, unit=commune, data=data, filename=path.name, create_villages=True
    )
    return time.perf_counter() - started, report.as_dict()


def clear() -> None:
    """Empty what the first importer wrote, so the second meets the same database."""
    from django.db import connection, transaction

    from langso.indicators.models import (
        CommuneChange,
        CommuneRollup,
        Observation,
        RollupChange,
        RollupMonth,
        Status,
        VillageCommune,
        VillageRollup,
    )
    from langso.people.models import Household, Resident

    tables = (
        Status,
        Observation,
        VillageRollup,
        RollupChange,
        RollupMonth,
        CommuneRollup,
        CommuneChange,
        VillageCommune,
        Resident,
        Household,
    )
    if connection.vendor == "postgresql":
        # Deleting row by row leaves PostgreSQL a foreign-key check per deleted observation at
        # commit, each scanning the statuses' dead rows (Status.observation has no index: the
        # product never deletes an observation): hours. TRUNCATE empties them at once.
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            names = ", ".join(quote(model._meta.db_table) for model in tables)
            cursor.execute(f"TRUNCATE {names} CASCADE")
        return
    with transaction.atomic():
        for model in tables:
            model.objects.all().delete()


def run_peer(path: Path) -> tuple[float, int, int]:
    """django-import-export 4 in bulk mode: the same file, into the same Resident model.

    Tuned as the library's documentation advises for speed ("Bulk imports": use_bulk,
    force_init_instance when every row is new, skip_diff when no diff is needed, and a foreign-key
    widget that caches its lookups instead of reading the database for each row), and doing the
    same checks where the library allows them, through its widgets and hooks, with our own
    validators: a required name, real dates, sex, ethnicity, the CCCD against the birth date and
    sex, the phone number; ID and phone numbers are sealed, blind-indexed and masked and the name
    folded, as the model requires. Households are made beforehand, untimed, since a resident
    resource cannot form them; it does not update roll-ups or record the marks as observations.
    """
    import tablib
    from import_export import fields, resources, widgets

    from langso.access import SYSTEM
    from langso.core.dates import today
    from langso.core.phone import normalize_phone
    from langso.core.text import fold
    from langso.core.validators import parse_id_number
    from langso.people import cells
    from langso.people.models import Household, Resident
    from langso.people.services import seal_id, seal_phone
    from langso.units import selectors

    commune = selectors.unit_get(actor=SYSTEM, code="03727").unit
    village = selectors.children(actor=SYSTEM, unit=commune, on=today())[0].unit

    class HouseholdWidget(widgets.ForeignKeyWidget):  # type: ignore[misc]
        """The documented remedy for a ForeignKeyWidget's read per row: the village's
        households, read once and kept by number."""

        def __init__(self) -> None:
            super().__init__(Household, field="number")
            self.by_number: dict[str, Household] | None = None

        def clean(self, value, row=None, **kwargs):  # type: ignore[no-untyped-def]
            if self.by_number is None:
                self.by_number = {h.number: h for h in Household.objects.filter(village=village)}
            if not value:
                return None
            if str(value) not in self.by_number:
                raise ValueError(f"Số hộ {value} không có")
            return self.by_number[str(value)]

    class ParsedWidget(widgets.Widget):  # type: ignore[misc]
        def __init__(self, parse) -> None:  # type: ignore[no-untyped-def]
            super().__init__()
            self.parse = parse

        def clean(self, value, row=None, **kwargs):  # type: ignore[no-untyped-def]
            return self.parse(value) or ""

    class ResidentResource(resources.ModelResource):  # type: ignore[misc]
        full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
        birth_date = fields.Field(
            attribute="birth_date", column_name="Ngày sinh", widget=widgets.DateWidget()
        )
        sex = fields.Field(
            attribute="sex", column_name="Giới tính", widget=ParsedWidget(cells.parse_sex)
        )
        ethnicity = fields.Field(
            attribute="ethnicity", column_name="Dân tộc", widget=ParsedWidget(cells.parse_ethnicity)
        )
        relationship = fields.Field(attribute="relationship", column_name="Quan hệ với chủ hộ")
        household = fields.Field(
            attribute="household", column_name="Số hộ", widget=HouseholdWidget()
        )

        class Meta:
            model = Resident
            fields = ("full_name", "birth_date", "sex", "ethnicity", "relationship", "household")
            import_id_fields: tuple[str, ...] = ()
            use_bulk = True
            batch_size = 2000
            force_init_instance = True
            skip_diff = True

        def before_save_instance(self, instance, row, **kwargs):  # type: ignore[no-untyped-def]
            if not instance.full_name:
                raise ValueError("Họ và tên is required")
            instance.full_name_folded = fold(instance.full_name)
            instance.village_id = instance.household.village_id
            instance.birth_year = instance.birth_date.year if instance.birth_date else None
            instance.is_head = instance.relationship == "Chủ hộ"
            if row.get("Số CCCD"):
                number = parse_id_number(
                    str(row["Số CCCD"]), birth_date=instance.birth_date, sex=instance.sex or None
                )
                sealed = seal_id(number.number)
                instance.id_kind = number.kind
                instance.id_sealed, instance.id_index, instance.id_masked = sealed
            if row.get("Số điện thoại"):
                sealed = seal_phone(normalize_phone(str(row["Số điện thoại"])))
                instance.phone_sealed, instance.phone_index, instance.phone_masked = sealed

    dataset = tablib.Dataset()
    with path.open("rb") as handle:
        dataset.load(handle, format="xlsx", skip_lines=2)
    numbers = sorted(set(dataset["Số hộ"]))
    Household.objects.bulk_create(
        [Household(village=village, number=number) for number in numbers], batch_size=2000
    )
    started = time.perf_counter()
    dataset = tablib.Dataset()
    with path.open("rb") as handle:
        dataset.load(handle, format="xlsx", skip_lines=2)
    result = ResidentResource().import_data(dataset, dry_run=False, raise_errors=False)
    seconds = time.perf_counter() - started
    print(f"django-import-export stored: {stored()}")
    return seconds, Resident.objects.count(), len(result.row_errors())


def stored() -> dict[str, int]:
    """What an importer left in the database, to see that both stored the same residents."""
    from langso.indicators.models import Observation
    from langso.people.models import Resident

    residents = Resident.objects.all()
    return {
        "residents": residents.count(),
        "with_sealed_id": residents.exclude(id_index=None).count(),
        "with_sealed_phone": residents.exclude(phone_index=None).count(),
        "with_folded_name": residents.exclude(full_name_folded="").count(),
        "observations": Observation.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--villages", type=int, default=400)
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument(
        "--postgres",
        metavar="SERVER",
        help="run on a new database on this PostgreSQL server (postgres://user@host:port) "
        "instead of SQLite",
    )
    parser.add_argument(
        "--marks", type=int, default=3, choices=range(4), help="indicator columns in the list"
    )
    parser.add_argument(
        "--quick", action="store_true", help="a first look: 5,000 rows, 20 villages"
    )
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(rows=5_000, villages=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "danh-sach.xlsx"
        started = time.perf_counter()
        build(path, args.rows, args.villages, marks=args.marks)
        print(
            f"built {args.rows} rows in {time.perf_counter() - started:.1f} s "
            f"({path.stat().st_size / 1e6:.1f} MB)"
        )
        database_url = fresh_postgres(args.postgres) if args.postgres else None
        setup_django(scratch, database_url)
        try:
            measure(args, path, "postgresql" if database_url else "sqlite")
        finally:
            if database_url:
                drop_postgres(database_url)


def measure(args: argparse.Namespace, path: Path, database: str) -> None:
    seconds, report = run_langso(path)
    print(f"Làng Số stored: {stored()}")
    langso_rate = args.rows / seconds
    print(
        f"Làng Số: {seconds:.2f} s, {langso_rate:,.0f} rows/s; created {report['created']}, "
        f"rejected {report['rejected']}, errors {len(report['errors'])}"  # type: ignore[arg-type]
    )
    result: dict[str, object] = {
        "rows": args.rows,
        "database": database,
        "langso_rows_per_s": round(langso_rate),
    }
    if args.skip_peer:
        result.update(django_import_export_rows_per_s=None, ratio=None)
    else:
        clear()
        seconds, imported, errors = run_peer(path)
        peer_rate = args.rows / seconds
        print(
            f"django-import-export (bulk): {seconds:.2f} s, {peer_rate:,.0f} rows/s; "
            f"imported {imported}, row errors {errors}"
        )
        result.update(
            django_import_export_rows_per_s=round(peer_rate),
            ratio=round(langso_rate / peer_rate, 1),
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
