"""Registering businesses, their checklists and the two indicators they drive."""

import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from langso.core import vietqr
from langso.core.errors import DomainError, NotFound
from langso.core.models import AuditEntry
from langso.indicators.models import Status, VillageRollup
from langso.people import recount
from langso.people.models import Household
from langso.shops import services
from langso.shops.checklist import ECOMMERCE, QR_PAYMENT
from langso.shops.errors import ShopError
from langso.shops.models import ShopLink
from tests.core.test_vietqr import zbar
from tests.roles import World
from tests.shops.helpers import business, household

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _status(home: Household, code: str) -> bool | None:
    found = Status.objects.filter(household=home, indicator_id=code).first()
    return None if found is None else found.value


def _rollup(world: World, code: str) -> tuple[int, int]:
    row = VillageRollup.objects.filter(village=world.village_a1, indicator_id=code).first()
    return (0, 0) if row is None else (row.numerator, row.denominator)


def test_registering_a_business_makes_the_household_count_as_one(world: World) -> None:
    home = household(world.member, world.village_a1)
    before = _rollup(world, ECOMMERCE)
    shop = business(world.member, home)
    home.refresh_from_db()
    assert home.is_business
    assert _rollup(world, ECOMMERCE) == (before[0], before[1] + 1)
    assert shop.account_tail == "5667"
    assert b"0011004455667" not in bytes(shop.account_sealed or b"")
    assert recount.differences() == {}


def test_the_platform_track_completes_the_ecommerce_indicator(world: World) -> None:
    home = household(world.member, world.village_a1)
    shop = business(world.member, home)
    for step in ("papers", "photos"):
        services.step_record(actor=world.member, business=shop, platform="voso", step=step)
    assert _status(home, ECOMMERCE) is None
    services.step_record(actor=world.member, business=shop, platform="voso", step="first_listing")
    assert _status(home, ECOMMERCE) is True
    assert _status(home, QR_PAYMENT) is None
    assert recount.differences() == {}
    # The shop closed: the listing is found gone again.
    services.step_record(
        actor=world.member, business=shop, platform="voso", step="first_listing", value=False
    )
    assert _status(home, ECOMMERCE) is False
    assert recount.differences() == {}


def test_a_late_step_from_an_offline_phone_is_placed_in_time(world: World) -> None:
    home = household(world.member, world.village_a1)
    shop = business(world.member, home)
    now = datetime.now(VN)
    services.step_record(
        actor=world.member,
        business=shop,
        platform="",
        step="account",
        observed_at=now - timedelta(days=3),
    )
    services.step_record(
        actor=world.member,
        business=shop,
        platform="",
        step="test_payment",
        observed_at=now - timedelta(days=1),
    )
    assert _status(home, QR_PAYMENT) is None
    # Sent late: the stand was placed two days ago, so QR payment holds since yesterday.
    services.step_record(
        actor=world.member,
        business=shop,
        platform="",
        step="stand",
        observed_at=now - timedelta(days=2),
    )
    found = Status.objects.get(household=home, indicator_id=QR_PAYMENT)
    assert found.value is True
    assert abs(found.observed_at - (now - timedelta(days=1))) < timedelta(seconds=1)
    assert recount.differences() == {}


def test_an_unknown_step_or_platform_is_refused_by_name(world: World) -> None:
    shop = business(world.member, household(world.member, world.village_a1))
    with pytest.raises(DomainError) as error:
        services.step_record(actor=world.member, business=shop, platform="voso", step="dance")
    assert error.value.code == ShopError.STEP_UNKNOWN
    with pytest.raises(DomainError) as error:
        services.step_record(actor=world.member, business=shop, platform="ebay", step="papers")
    assert error.value.code == ShopError.PLATFORM_UNKNOWN


def test_a_member_of_another_commune_cannot_touch_the_business(world: World) -> None:
    shop = business(world.member, household(world.member, world.village_a1))
    with pytest.raises(NotFound):
        services.step_record(actor=world.member_b, business=shop, platform="voso", step="papers")


def test_a_link_off_the_platform_is_refused_and_a_lookalike_site_is_flagged(world: World) -> None:
    home = household(world.member, world.village_a1)
    with pytest.raises(DomainError) as error:
        business(world.member, home, links={"voso": "https://v0so-shop.top/che"})
    assert error.value.code == ShopError.LINK_NOT_ON_PLATFORM
    shop = business(world.member, home, links={"website": "https://voso-vn.top/che"})
    link = ShopLink.objects.get(business=shop)
    assert link.verdict in ("suspicious", "scam")
    assert link.flagged_at is not None


def test_the_periodic_check_flags_a_link_that_became_a_scam(world: World) -> None:
    from langso.access import SYSTEM
    from langso.trust import services as trust

    shop = business(
        world.member,
        household(world.member, world.village_a1),
        links={"website": "https://chetonglanh.example.vn/"},
    )
    link = ShopLink.objects.get(business=shop)
    assert link.flagged_at is None
    report = trust.report_create(actor=world.member, text="https://chetonglanh.example.vn/")
    trust.report_moderate(actor=SYSTEM, report_id=report.pk, decision="confirm")
    with time_machine.travel(datetime.now(VN) + timedelta(days=8)):
        result = services.links_check()
    link.refresh_from_db()
    assert result["flagged"] == 1
    assert link.verdict == "scam" and link.flagged_at is not None


def test_the_payment_steps_need_the_account_first(world: World) -> None:
    shop = business(
        world.member, household(world.member, world.village_a1), account="", bank_bin=""
    )
    with pytest.raises(DomainError) as error:
        services.step_record(actor=world.member, business=shop, platform="", step="stand")
    assert error.value.code == ShopError.NO_ACCOUNT
    # Found undone needs no account.
    services.step_record(actor=world.member, business=shop, platform="", step="stand", value=False)


def test_the_stand_pays_the_businesss_own_account_and_the_reading_is_audited(
    world: World, tmp_path: Path
) -> None:
    shop = business(world.member, household(world.member, world.village_a1))
    pdf = tmp_path / "stand.pdf"
    pdf.write_bytes(services.stand_document(actor=world.member, business=shop, fmt="pdf"))
    subprocess.run(  # noqa: S603 - poppler's fixed program on a file the test wrote
        ["/usr/bin/pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "p")],
        check=True,
        timeout=120,
    )
    read = vietqr.decode(zbar(tmp_path / "p.png"))
    assert (read.bank_bin, read.account, read.crc_valid) == ("970436", "0011004455667", True)
    assert read.merchant_name == "LO VAN CHE"
    entry = AuditEntry.objects.get(object_type="business", object_id=str(shop.pk))
    assert entry.action == "reveal_account" and entry.actor_id == world.member.pk
    picture = services.stand_document(actor=world.member, business=shop, fmt="png")
    assert picture.startswith(b"\x89PNG")


def test_no_stand_without_an_account(world: World) -> None:
    shop = business(
        world.member, household(world.member, world.village_a1), account="", bank_bin=""
    )
    with pytest.raises(DomainError) as error:
        services.stand_document(actor=world.member, business=shop, fmt="pdf")
    assert error.value.code == ShopError.NO_ACCOUNT
    assert not AuditEntry.objects.filter(object_type="business").exists()


def test_merging_two_records_of_a_household_keeps_its_business_and_its_figures(
    world: World,
) -> None:
    from langso.people.merge_services import household_merge

    older = household(world.commune_officer, world.village_a1, number="1")
    newer = household(world.commune_officer, world.village_a1, number="1b")
    shop = business(world.commune_officer, newer)
    for step in ("papers", "photos", "first_listing"):
        services.step_record(actor=world.member, business=shop, platform="voso", step=step)
    household_merge(actor=world.commune_officer, first=older, second=newer)
    shop.refresh_from_db()
    older.refresh_from_db()
    assert shop.household_id == older.pk and older.is_business
    assert _status(older, ECOMMERCE) is True
    assert recount.differences() == {}
