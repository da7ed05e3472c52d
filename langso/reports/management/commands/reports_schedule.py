from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from langso.core.dates import today
from langso.reports import services
from langso.units.selectors import version_on


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"“{text}” is not a day: write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Make the scheduled report drafts due on a day (default today, in Vietnam): on the "
        "first working day of a month, quarter, half-year or year, a draft of the period just "
        "ended for every commune and province with an officer. Safe to rerun: drafts already "
        "made are left alone. Run it every morning."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on", type=_day, metavar="YYYY-MM-DD", help="the day to make drafts for"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day: date = options["on"] or today()
        made = services.reports_schedule(on=day)
        for report in made:
            version = version_on(report.unit, report.period_end)
            where = f"{version.code} {version.name}" if version else str(report.unit_id)
            self.stdout.write(
                f"  {report.kind_id} report of {where}, "
                f"{report.period_start.isoformat()} to {report.period_end.isoformat()}"
            )
        if not made:
            self.stdout.write(
                f"No draft made on {day.isoformat()}: it is not the first working day of a "
                "period, or every draft due then was already made."
            )
        elif len(made) == 1:
            self.stdout.write(f"One draft made on {day.isoformat()}.")
        else:
            self.stdout.write(f"{len(made)} drafts made on {day.isoformat()}.")
