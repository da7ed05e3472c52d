"""Citizens' ID and phone numbers never reach the database, a data dump or a page in the clear."""

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from langso.access import SYSTEM
from langso.core.models import AuditEntry
from langso.people import services
from langso.people.models import Resident
from langso.people.services import ResidentData
from tests.roles import World

CCCD = "014185000189"  # a woman born in 1985 whose birth was registered in Sơn La
PHONE = "0912876678"
CMND = "012345678"  # an old 9-digit ID card
PHONE_2 = "0987654321"
# Each number in every form it could be stored in: as typed, national, E.164 and bare.
DIGITS = (CCCD, CMND, PHONE, "+84912876678", "912876678", PHONE_2, "+84987654321", "987654321")


def _residents(world: World) -> list[Resident]:
    household = services.household_create(actor=SYSTEM, village=world.village_a1, number="1")
    xuan = services.resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(
            full_name="Lò Thị Xuân",
            birth_year=1985,
            sex="F",
            is_head=True,
            id_number=CCCD,
            phone=PHONE,
        ),
    )
    pang = services.resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(
            full_name="Lò Văn Pánh", birth_year=1960, sex="M", id_number=CMND, phone=PHONE_2
        ),
    )
    services.consent_record(actor=world.member, resident=xuan, given=True, purpose="Hướng dẫn")
    # A reveal is audited; the audit entry must not keep the number it revealed.
    services.resident_reveal(actor=world.member, resident=xuan, what="id", reason="Cài VNeID")
    services.resident_reveal(actor=world.member, resident=pang, what="phone", reason="Gọi")
    return [xuan, pang]


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="VACUUM INTO copies a SQLite database; PostgreSQL's stored values are checked "
    "through dumpdata in the next test",
)
@pytest.mark.django_db(transaction=True)
def test_the_sqlite_database_file_holds_no_plain_id_or_phone_number(
    world: World, tmp_path: Any
) -> None:
    _residents(world)
    copy = tmp_path / "copy.sqlite3"
    # VACUUM cannot run inside a transaction: hence the transactional test.
    connection.cursor().execute("VACUUM INTO %s", [str(copy)])
    data = copy.read_bytes()
    # The copy holds the residents (so the test would see a plain number if there were one)...
    assert "Lò Thị Xuân".encode() in data
    assert b"**********89" in data
    assert b"*******678" in data
    # ... and none of the numbers.
    for digits in DIGITS:
        assert digits.encode("ascii") not in data, digits


@pytest.mark.django_db
def test_a_dump_of_every_table_holds_no_plain_id_or_phone_number(world: World) -> None:
    _residents(world)
    assert AuditEntry.objects.count() == 2
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue()
    assert "Lò Thị Xuân" in dump
    assert "**********89" in dump
    for digits in DIGITS:
        assert digits not in dump, digits


@pytest.mark.django_db
def test_numbers_are_stored_sealed_indexed_and_masked(world: World) -> None:
    xuan, pang = _residents(world)
    xuan.refresh_from_db()
    assert xuan.id_masked == "**********89"
    assert xuan.phone_masked == "*******678"
    assert (xuan.id_kind, pang.id_kind) == ("cccd", "cmnd")
    assert pang.id_masked == "*******78"
    assert pang.phone_masked == "*******321"
    for resident in (xuan, pang):
        for value in (resident.id_sealed, resident.phone_sealed):
            assert value is not None
            assert all(digits.encode() not in bytes(value) for digits in DIGITS)
        assert resident.id_index and resident.phone_index
        assert all(digits not in (resident.id_index + resident.phone_index) for digits in DIGITS)
    # The blind index finds a resident by the exact number without storing it.
    assert Resident.objects.get(id_index=services.id_index(CCCD)) == xuan
