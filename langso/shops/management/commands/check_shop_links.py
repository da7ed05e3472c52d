from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from langso.shops import services


class Command(BaseCommand):
    help = (
        "Check the household businesses' shop links again with the trust checker (those not "
        "checked for a week, or --all). A link that now looks suspicious or is on a scam list "
        "is flagged to its commune's officers. Safe to rerun. Run it every night, after the "
        "block lists are imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="check every link now")

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.links_check(every=options["all"])
        self.stdout.write(f"{result['checked']} links checked, {result['flagged']} newly flagged")
