"""Check inputs from a file or standard input: ``manage.py check_links [FILE|-] --format jsonl``.

One input per line in (a link, a phone number, an account or a message), one JSON object per
line out with the API's fields; a line that cannot be checked gets ``{"input", "error"}``.
Works on a freshly migrated database: the catalog ships with the migrations."""

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError

from langso.core.errors import DomainError
from langso.trust import selectors
from langso.trust.reasons import render

BATCH = selectors.MAX_ITEMS


class Command(BaseCommand):
    help = "Check links, phone numbers and bank accounts, one per line; JSON lines out."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", nargs="?", default="-", help="Input file, or - (default).")
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        try:
            source: TextIO = (
                sys.stdin if name == "-" else Path(name).open(encoding="utf-8", errors="replace")  # noqa: SIM115
            )
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}") from error
        batch: list[str] = []
        with source:
            for line in source:
                text = line.rstrip("\n")
                if not text.strip():
                    continue
                batch.append(text)
                if len(batch) == BATCH:
                    self._write(batch)
                    batch = []
            if batch:
                self._write(batch)

    def _write(self, batch: list[str]) -> None:
        try:
            answers = [render(result) for result in selectors.check_items(batch)]
        except DomainError:
            # One bad line must not hide the others' answers: check them one by one.
            answers = [self._one(text) for text in batch]
        for answer in answers:
            self.stdout.write(json.dumps(answer, ensure_ascii=False))

    def _one(self, text: str) -> dict[str, Any]:
        try:
            return render(selectors.check_items([text])[0])
        except DomainError as error:
            return {"input": text[:200], "error": error.as_dict()}
