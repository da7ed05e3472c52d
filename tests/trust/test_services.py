from pathlib import Path

import pytest

from langso.access import SYSTEM
from langso.core.errors import DomainError, NotFound
from langso.trust import selectors, services
from langso.trust.catalog_data import BRANDS
from langso.trust.engine import Result, Verdict
from langso.trust.models import (
    BlockEntry,
    BlockSource,
    Brand,
    OfficialDomain,
    Report,
    ReportStatus,
)
from tests.roles import World
from tests.unchanged import unchanged

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

FIXTURES = Path(__file__).parent / "fixtures"


def check(text: str) -> Result:
    return selectors.check_items([text])[0]


def test_the_migration_ships_the_catalog() -> None:
    assert Brand.objects.count() == len(BRANDS)
    assert OfficialDomain.objects.filter(domain="vietcombank.com.vn").exists()
    assert check("vietcombank.com.vn").verdict is Verdict.TRUSTED


def test_catalog_sync_twice_changes_nothing() -> None:
    before = list(OfficialDomain.objects.order_by("domain").values_list("domain", "brand__slug"))
    services.catalog_sync()
    after = list(OfficialDomain.objects.order_by("domain").values_list("domain", "brand__slug"))
    assert before == after


@pytest.mark.parametrize(
    ("fmt", "name", "host"),
    [
        ("hosts", "chongluadao_hosts_sample.txt", "vcbdlgeybink.com"),
        ("urls", "chongluadao_urls_sample.txt", "agribanks.space"),
        ("chongluadao-json", "chongluadao_sample.json", "vcbdlgeybink.com"),
        ("phishtank", "phishtank_sample.json", "mbbankv.com"),
        ("phishtank", "phishtank_sample.csv", "tikizb.com"),
        ("openphish", "openphish_sample.txt", "minigamemomo.net"),
    ],
)
def test_the_importer_reads_every_format(fmt: str, name: str, host: str) -> None:
    summary = services.blocklist_import(
        name="sample", fmt=fmt, content=(FIXTURES / name).read_bytes(), file_name=name
    )
    assert summary.entries == BlockEntry.objects.filter(source__name="sample").count() > 0
    assert BlockEntry.objects.filter(host=host).exists()
    result = check(host)
    assert result.verdict is Verdict.SCAM
    assert result.findings[0].param("source") == "sample"


def test_official_and_shared_hosts_are_never_imported_whole() -> None:
    summary = services.blocklist_import(
        name="cld",
        fmt="hosts",
        content=(FIXTURES / "chongluadao_hosts_sample.txt").read_bytes(),
    )
    assert summary.skipped == {"official": 2, "shared_host": 2}
    assert check("zalo.me").verdict is Verdict.TRUSTED
    assert not BlockEntry.objects.filter(host__in=["play.google.com", "zalo.me"]).exists()
    json = services.blocklist_import(
        name="pt", fmt="phishtank", content=(FIXTURES / "phishtank_sample.json").read_bytes()
    )
    assert json.skipped == {"official": 1}
    assert check("https://vietcombank.com.vn/").verdict is Verdict.TRUSTED


def test_a_page_under_a_shared_host_is_blocked_by_its_path_only() -> None:
    services.blocklist_import(
        name="cld-urls",
        fmt="urls",
        content=(FIXTURES / "chongluadao_urls_sample.txt").read_bytes(),
    )
    assert check("https://sites.google.com/view/hoadondo").verdict is Verdict.SCAM
    assert check("https://sites.google.com/view/hoadondo/trang-2").verdict is Verdict.SCAM
    assert check("https://sites.google.com/view/truong-tieu-hoc").verdict is Verdict.UNKNOWN
    assert check("https://oa.zalo.me/792939471771757700").verdict is Verdict.SCAM
    assert check("https://zalo.me/g/abcdef").verdict is Verdict.TRUSTED


def test_reimporting_a_source_replaces_its_entries_and_keeps_the_others() -> None:
    services.blocklist_import(name="a", fmt="hosts", content="evil-one.top\nevil-two.top\n")
    services.blocklist_import(name="b", fmt="hosts", content="evil-three.top\n")
    summary = services.blocklist_import(name="a", fmt="hosts", content="0.0.0.0 evil-four.top\n")
    assert summary.replaced == 2
    assert set(BlockEntry.objects.values_list("host", flat=True)) == {
        "evil-three.top",
        "evil-four.top",
    }
    assert check("evil-one.top").verdict is not Verdict.SCAM
    assert check("www.evil-four.top").verdict is Verdict.SCAM


def test_a_list_entry_covers_the_subdomains_of_its_host() -> None:
    services.blocklist_import(name="a", fmt="hosts", content="www.vcbligebink.com\n")
    assert check("https://m.vcbligebink.com/login").verdict is Verdict.SCAM


def test_the_list_keeps_its_source_and_date() -> None:
    from datetime import date

    services.blocklist_import(
        name="cld", fmt="hosts", content="evil.top\n", listed_on=date(2024, 5, 16)
    )
    source = BlockSource.objects.get(name="cld")
    assert source.listed_on == date(2024, 5, 16)
    assert check("evil.top").findings[0].param("date") == "16/05/2024"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"name": "Bad Name!", "fmt": "hosts", "content": "a.top"}, "BLOCKLIST_SOURCE_INVALID"),
        ({"name": "community", "fmt": "hosts", "content": "a.top"}, "BLOCKLIST_SOURCE_RESERVED"),
        ({"name": "x", "fmt": "adblock", "content": "a.top"}, "BLOCKLIST_FORMAT_UNKNOWN"),
        ({"name": "x", "fmt": "hosts", "content": b"\xff\xfe\x00bin"}, "BLOCKLIST_UNREADABLE"),
        ({"name": "x", "fmt": "chongluadao-json", "content": "{oops"}, "BLOCKLIST_UNREADABLE"),
        ({"name": "x", "fmt": "phishtank", "content": "a,b\n1,2\n"}, "BLOCKLIST_UNREADABLE"),
        ({"name": "x", "fmt": "hosts", "content": "# nothing\n\n"}, "BLOCKLIST_EMPTY"),
    ],
)
def test_a_bad_list_is_refused_and_the_old_entries_stay(
    kwargs: dict[str, object], code: str
) -> None:
    services.blocklist_import(name="x", fmt="hosts", content="kept.top\n")
    with unchanged(BlockSource, BlockEntry), pytest.raises(DomainError) as refused:
        services.blocklist_import(**kwargs)  # type: ignore[arg-type]
    assert refused.value.code == code
    assert BlockEntry.objects.filter(source__name="x", host="kept.top").exists()


# Community reports ------------------------------------------------------------------------------


def test_a_confirmed_link_report_feeds_the_community_list(world: World) -> None:
    report = services.report_create(
        actor=SYSTEM, text="https://hang-gia-re.vn/nhan", story="Nhan duoc tin nhan SMS"
    )
    assert report.status == ReportStatus.PENDING
    pending = check("hang-gia-re.vn")
    assert pending.verdict is Verdict.UNKNOWN
    assert pending.findings[0].code == "COMMUNITY_REPORTED"
    services.report_moderate(actor=world.province_officer, report_id=report.pk, decision="confirm")
    result = check("https://hang-gia-re.vn/nhan/abc")
    assert result.verdict is Verdict.SCAM
    assert result.findings[0].code == "COMMUNITY_CONFIRMED"
    assert BlockSource.objects.get(name="community").entries == 1
    services.report_moderate(actor=world.province_officer, report_id=report.pk, decision="reject")
    assert check("https://hang-gia-re.vn/nhan/abc").verdict is Verdict.UNKNOWN


def test_phone_numbers_get_report_counts(world: World) -> None:
    for story in ["goi mao danh cong an", "doi chuyen tien", "hoi ma OTP"]:
        services.report_create(actor=world.member, text="0987 654 321", story=story)
    result = check("+84987654321")
    assert result.verdict is Verdict.SUSPICIOUS
    assert result.findings[0].code == "COMMUNITY_REPORTED_OFTEN"
    assert result.findings[0].param("count") == "3"
    one = services.report_create(actor=SYSTEM, text="0911 222 333")
    assert check("0911222333").verdict is Verdict.UNKNOWN
    assert check("0911222333").findings[0].code == "COMMUNITY_REPORTED"
    services.report_moderate(actor=world.province_officer, report_id=one.pk, decision="confirm")
    assert check("0911 222 333").verdict is Verdict.SCAM


def test_an_account_confirmed_for_one_bank_is_not_blamed_on_another(world: World) -> None:
    report = services.report_create(actor=SYSTEM, text="Vietcombank 0011004455667")
    services.report_moderate(actor=world.province_officer, report_id=report.pk, decision="confirm")
    assert check("VCB 0011004455667").verdict is Verdict.SCAM
    assert check("0011004455667").verdict is Verdict.SCAM
    assert check("Techcombank 0011004455667").verdict is Verdict.UNKNOWN


def test_a_message_is_not_a_report() -> None:
    with unchanged(Report), pytest.raises(DomainError) as refused:
        services.report_create(actor=SYSTEM, text="goi 0912345678 hoac vao vcb.top")
    assert refused.value.code == "TRUST_REPORT_INVALID"


def test_members_cannot_moderate_and_the_report_seems_not_to_exist(world: World) -> None:
    report = services.report_create(actor=SYSTEM, text="evil.top")
    for user in [world.member, world.leader, world.commune_officer, world.outsider]:
        with unchanged(Report, BlockSource, BlockEntry), pytest.raises(NotFound):
            services.report_moderate(actor=user, report_id=report.pk, decision="confirm")
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING


def test_a_wrong_decision_is_refused(world: World) -> None:
    report = services.report_create(actor=SYSTEM, text="evil.top")
    with unchanged(Report, BlockSource, BlockEntry), pytest.raises(DomainError) as refused:
        services.report_moderate(
            actor=world.province_officer, report_id=report.pk, decision="maybe"
        )
    assert refused.value.code == "TRUST_DECISION_INVALID"
