import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from langso.core.keyfile import local_secret
from langso.demo import thuan_chau


class Command(BaseCommand):
    help = (
        "Build the demo: Sơn La with real codes, Thuận Châu through 2023, 2025 and today, 336 "
        "demo villages with their teams, members and Zalo groups, and demo users for every "
        "role. Prints the logins. LANGSO_DEMO_PASSWORD sets the password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Build only when the database has no units and no users (used by make run).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password()
        if thuan_chau.is_loaded():
            self.stdout.write("The demo is already loaded.")
        elif options["if_empty"] and not thuan_chau.database_is_empty():
            self.stdout.write("The database already holds data: the demo is not loaded.")
            return
        else:
            started = time.perf_counter()
            thuan_chau.build(password=password)
            self.stdout.write(f"Demo built in {time.perf_counter() - started:.1f} s.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {password}):")
        for login in thuan_chau.logins():
            self.stdout.write(f"  {login.username:<18} {login.role:<22} {login.unit}")

    def _password(self) -> str:
        """LANGSO_DEMO_PASSWORD, else one generated once and kept beside the database."""
        given = os.environ.get("LANGSO_DEMO_PASSWORD")
        if given:
            return given
        return local_secret(
            Path(settings.DATA_DIR) / "demo_password",
            nbytes=9,
            what="demo password",
            env="LANGSO_DEMO_PASSWORD",
        )
