import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from langso.access import SYSTEM
from langso.accounts import services
from langso.accounts.models import Role, User
from langso.core.audit import audit_record
from langso.core.errors import DomainError
from langso.core.models import AuditAction
from langso.units import selectors


class Command(BaseCommand):
    help = (
        "Create a user, or update the one with that name, and give them a role on the unit "
        "with CODE as it is today. The password comes from LANGSO_PASSWORD, else it is asked "
        "for (an existing user keeps theirs when none is given). Safe to rerun."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[role.value for role in Role])
        parser.add_argument("--unit", required=True, help="Code of the unit, e.g. 14 or 03721.")
        parser.add_argument("--full-name", default="")
        parser.add_argument(
            "--no-input",
            action="store_true",
            help="Never prompt; a new user without LANGSO_PASSWORD cannot log in until set.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            version = selectors.unit_get(actor=SYSTEM, code=options["unit"])
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        password = os.environ.get("LANGSO_PASSWORD")
        exists = User.objects.filter(username=options["username"].strip()).exists()
        if password is None and not exists and not options["no_input"]:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            with transaction.atomic():
                user, created = services.user_provision(
                    username=options["username"],
                    password=password,
                    full_name=options["full_name"],
                )
                services.role_grant(user=user, role=Role(options["role"]), unit=version.unit)
                # Every change of an account is in the audit log, this command's too.
                if created or password is not None:
                    audit_record(
                        actor=SYSTEM,
                        action=AuditAction.ACCOUNT_CREATE
                        if created
                        else AuditAction.PASSWORD_CHANGE,
                        object_type="user",
                        object_id=str(user.pk),
                        reason="add_user",
                        detail={"role": options["role"], "unit": version.unit.pk},
                    )
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        self.stdout.write(
            f"{'Created' if created else 'Updated'} {user.username}: "
            f"{Role(options['role']).label} on {version.name} ({version.code})."
        )
