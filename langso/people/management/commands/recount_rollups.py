from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from langso.people import recount


class Command(BaseCommand):
    help = (
        "Count every village's indicator figures from scratch and compare them with the "
        "roll-ups (and the communes' sums with their villages'); --repair books the differences as "
        "today's change and counts the communes' sums again. Run it once a year, "
        "after 1 January, when people join populations by age."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        found = recount.differences()
        for key, (kept, counted) in sorted(found.items(), key=str):
            if len(key) == 2:
                village, code = key
                self.stdout.write(f"village {village} {code}: kept {kept}, counted {counted}")
            else:
                what, unit, code, day = key
                where = f"{what} {unit} {code}" + (f" {day}" if day else "")
                self.stdout.write(f"{where}: kept {kept}, from the villages {counted}")
        if options["repair"]:
            self.stdout.write(f"Repaired {recount.repair()} roll-ups.")
        elif found:
            raise CommandError(f"{len(found)} roll-ups differ from a recount.")
        else:
            self.stdout.write("Every roll-up equals a recount.")
