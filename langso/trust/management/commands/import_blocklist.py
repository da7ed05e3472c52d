"""Import a block list: ``manage.py import_blocklist FILE --format hosts --source chongluadao``.

Re-importing a source replaces its entries (safe to rerun); the list keeps its source name and
date (``--date``, default today)."""

import sys
import time
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from langso.core.errors import DomainError
from langso.trust.importing import READERS
from langso.trust.services import blocklist_import


class Command(BaseCommand):
    help = "Import a block list of scam hosts or URLs, replacing that source's entries."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="The list file, or - for standard input.")
        parser.add_argument("--format", required=True, choices=sorted(READERS), dest="fmt")
        parser.add_argument("--source", required=True, help="The list's name, e.g. chongluadao.")
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="Date of the list (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        try:
            content = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}") from error
        started = time.perf_counter()
        try:
            summary = blocklist_import(
                name=options["source"],
                fmt=options["fmt"],
                content=content,
                file_name="" if name == "-" else Path(name).name,
                listed_on=options["date"],
            )
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.message}") from error
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(summary.skipped.items())) or "none"
        self.stdout.write(
            f"{summary.source}: {summary.entries} entries imported "
            f"({summary.replaced} replaced; skipped: {skipped}) "
            f"in {time.perf_counter() - started:.2f} s"
        )
