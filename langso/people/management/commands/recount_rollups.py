from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from langso.people import recount


class Command(BaseCommand):
    help = (
        "Count every village's indicator figures from scratch and compare them with the "
        "roll-ups; --repair books the differences as today's change. Run it once a year, "
        "after 1 January, when people join populations by age."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        found = recount.differences()
        for (village, code), (kept, counted) in sorted(found.items()):
            self.stdout.write(f"village {village} {code}: kept {kept}, counted {counted}")
        if options["repair"]:
            self.stdout.write(f"Repaired {recount.repair()} roll-ups.")
        elif found:
            raise CommandError(f"{len(found)} roll-ups differ from a recount.")
        else:
            self.stdout.write("Every roll-up equals a recount.")
