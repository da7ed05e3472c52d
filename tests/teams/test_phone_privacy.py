"""Team members' phone numbers never reach the database, a data dump or the audit log in the
clear."""

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from langso.teams import services
from tests.roles import World
from tests.teams.phones import DIGITS, build_crew


def _members_with_numbers(world: World) -> None:
    crew = build_crew(world)
    # A reveal is audited; the audit entry must not keep the number it revealed.
    services.member_phone_reveal(
        actor=world.leader, team=world.team_a1, person=crew.mai.pk, reason="Gọi họp tổ"
    )


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="VACUUM INTO copies a SQLite database; PostgreSQL's stored values are checked "
    "through dumpdata in the next test",
)
@pytest.mark.django_db(transaction=True)
def test_the_sqlite_database_file_holds_no_members_number(world: World, tmp_path: Any) -> None:
    _members_with_numbers(world)
    copy = tmp_path / "copy.sqlite3"
    # VACUUM cannot run inside a transaction: hence the transactional test.
    connection.cursor().execute("VACUUM INTO %s", [str(copy)])
    data = copy.read_bytes()
    # The copy holds the members (so the test would see a plain number if there were one)...
    assert "Hà Thị Mai".encode() in data
    assert b"*******678" in data
    # ... and none of the numbers.
    for digits in DIGITS:
        assert digits.encode("ascii") not in data, digits


@pytest.mark.django_db
def test_a_dump_of_every_table_holds_no_members_number(world: World) -> None:
    _members_with_numbers(world)
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue()
    assert "Hà Thị Mai" in dump
    assert "*******678" in dump
    assert "reveal_member_phone" in dump
    for digits in DIGITS:
        assert digits not in dump, digits
