from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from langso.core.errors import DomainError
from langso.learning.guide_loader import default_folder, guides_load


class Command(BaseCommand):
    help = (
        "Load the guides written as Markdown files (one *.md per guide, pictures in images/): "
        "store the pictures, save a new version of each guide whose text changed, publish it. "
        "Safe to rerun: an unchanged guide is left as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "folder",
            nargs="?",
            default=None,
            help=f"The folder of the guides (default {default_folder()}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"]) if options["folder"] else default_folder()
        if not folder.is_dir():
            raise CommandError(f"No folder {folder}.")
        try:
            loaded = guides_load(folder=folder)
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        if options["verbosity"] == 0:
            return
        for item in loaded:
            done = []
            if item.created:
                done.append("created")
            if item.pictures_added:
                done.append(f"{item.pictures_added} new picture(s)")
            if item.new_version:
                done.append(f"saved version {item.new_version}")
            if item.published:
                done.append(f"published version {item.published}")
            line = f"{item.slug}: {', '.join(done) if done else 'unchanged'}"
            if item.skills_ignored:
                line += (
                    f" (skills not in the framework, left out: {', '.join(item.skills_ignored)})"
                )
            self.stdout.write(line)
        changed = sum(1 for item in loaded if item.changed())
        self.stdout.write(f"{len(loaded)} guide(s) read, {changed} changed.")
