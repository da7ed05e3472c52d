import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from langso.access import SYSTEM
from langso.core.errors import DomainError
from langso.people.importing import import_residents
from langso.units import selectors


class Command(BaseCommand):
    help = (
        "Import a household list (.xlsx, .xls, .ods or .csv) into a village, or into a commune "
        "whose village column names each row's village. Safe to rerun: the same list twice "
        "changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="Code of the village or commune.")
        parser.add_argument(
            "--create-villages",
            action="store_true",
            help="Create the villages the village column names that the commune does not have.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        as_json = options["format"] == "json"
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            unit = selectors.unit_get(actor=SYSTEM, code=options["unit"]).unit
            report = import_residents(
                actor=SYSTEM,
                unit=unit,
                data=data,
                filename=path.name,
                create_villages=options["create_villages"],
                dry_run=options["dry_run"],
            )
        except DomainError as exc:
            if as_json:
                self.stdout.write(json.dumps({**exc.as_dict()}, ensure_ascii=False))
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        body = report.as_dict()
        if as_json:
            self.stdout.write(json.dumps(body, ensure_ascii=False))
            return
        self.stdout.write(
            f"{'Dry run: ' if options['dry_run'] else ''}{body['rows']} rows: "
            f"{body['created']} created, {body['updated']} updated, "
            f"{body['unchanged']} unchanged, {body['rejected']} rejected."
        )
        for village in body["villages_created"]:
            self.stdout.write(f"  new village: {village['name']} {village['code']}")
        for error in body["errors"]:
            self.stdout.write(
                f"  {error['sheet']} row {error['row']}, {error['column']}: "
                f"[{error['code']}] {error['message']}"
            )
