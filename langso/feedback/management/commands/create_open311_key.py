from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from langso.core.errors import DomainError
from langso.feedback import services


class Command(BaseCommand):
    help = (
        "Create an API key for an Open311 client called NAME and print it. Only a digest of the "
        "key is stored: copy it now, it cannot be shown again. Each run makes a new key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Who the key is for, e.g. 'Ứng dụng Sơn La số'.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key, raw = services.open311_key_create(name=options["name"])
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        self.stderr.write(f"Open311 API key #{key.pk} for {key.name} (store it safely):")
        self.stdout.write(raw)
