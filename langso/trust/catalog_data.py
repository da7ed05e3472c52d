"""The official-domain catalog, shipped with the project as data (issue 5, section 2).

Each brand has its names, the registrable domains it really uses, and the labels a scammer
borrows to look like it ("protected labels"). A migration loads this module into the ``Brand``
and ``OfficialDomain`` tables (``catalog_sync``); a new version of the catalog is a new
``CATALOG_VERSION`` here and a new migration that runs the same sync, so the database always
says which version it holds.

Only domains we are confident are the brands' own are listed: a wrong entry would tell a villager
that a scam site is safe. Every ``*.gov.vn`` registrable name is a government domain by rule
(``GOVERNMENT_SUFFIX``), so ministries, provinces and communes need no entry of their own; the
government brands below are here for their protected labels (``vneid``, ``dichvucong``…), which
scammers put into other domains.
"""

from dataclasses import dataclass

from langso.trust.engine import BrandInfo, Catalog

CATALOG_VERSION = "2025.1"
GOVERNMENT_SUFFIX = "gov.vn"


@dataclass(frozen=True)
class BrandData:
    slug: str
    name: str
    sector: str
    domains: tuple[str, ...]
    labels: tuple[str, ...]
    names: tuple[str, ...] = ()


GOVERNMENT = "government"
BANK = "bank"
WALLET = "wallet"
TELECOM = "telecom"
MARKETPLACE = "marketplace"
UTILITY = "utility"
POST = "post"
PLATFORM = "platform"

BRANDS: tuple[BrandData, ...] = (
    # Public services.
    BrandData(
        "dichvucong",
        "Cổng Dịch vụ công quốc gia",
        GOVERNMENT,
        ("dichvucong.gov.vn",),
        ("dichvucong", "dvcqg"),
        ("Dịch vụ công", "DVCQG"),
    ),
    BrandData("vneid", "VNeID", GOVERNMENT, ("vneid.gov.vn",), ("vneid",), ("Định danh điện tử",)),
    BrandData(
        "bocongan", "Bộ Công an", GOVERNMENT, ("bocongan.gov.vn",), ("bocongan",), ("Công an",)
    ),
    BrandData(
        "chinhphu",
        "Cổng Thông tin điện tử Chính phủ",
        GOVERNMENT,
        ("chinhphu.vn", "baochinhphu.vn"),
        ("chinhphu", "baochinhphu"),
        ("Chính phủ",),
    ),
    BrandData(
        "bhxh",
        "Bảo hiểm xã hội Việt Nam",
        GOVERNMENT,
        ("baohiemxahoi.gov.vn",),
        ("baohiemxahoi", "bhxh", "vssid"),
        ("BHXH", "VssID"),
    ),
    BrandData(
        "thue",
        "Tổng cục Thuế",
        GOVERNMENT,
        ("gdt.gov.vn",),
        ("thuedientu", "tongcucthue"),
        ("Thuế điện tử",),
    ),
    BrandData("csgt", "Cục Cảnh sát giao thông", GOVERNMENT, ("csgt.vn",), ("csgt",), ("CSGT",)),
    # Banks.
    BrandData(
        "vietcombank",
        "Vietcombank",
        BANK,
        ("vietcombank.com.vn", "vcbs.com.vn"),
        ("vietcombank", "vcb", "vcbdigibank", "vcbonline"),
        ("Vietcombank", "VCB", "Ngân hàng Ngoại thương"),
    ),
    BrandData(
        "vietinbank",
        "VietinBank",
        BANK,
        ("vietinbank.vn",),
        ("vietinbank", "vietinbankipay"),
        ("VietinBank", "Ngân hàng Công thương"),
    ),
    BrandData("bidv", "BIDV", BANK, ("bidv.com.vn",), ("bidv", "bidvsmartbanking"), ("BIDV",)),
    BrandData("agribank", "Agribank", BANK, ("agribank.com.vn",), ("agribank",), ("Agribank",)),
    BrandData(
        "techcombank",
        "Techcombank",
        BANK,
        ("techcombank.com", "techcombank.com.vn", "tcbs.com.vn"),
        ("techcombank", "tcb"),
        ("Techcombank", "TCB"),
    ),
    BrandData("mb", "MB", BANK, ("mbbank.com.vn",), ("mbbank",), ("MB Bank", "MBBank", "MB")),
    BrandData("acb", "ACB", BANK, ("acb.com.vn", "acbs.com.vn"), ("acb",), ("ACB",)),
    BrandData("vpbank", "VPBank", BANK, ("vpbank.com.vn",), ("vpbank",), ("VPBank",)),
    BrandData(
        "sacombank", "Sacombank", BANK, ("sacombank.com.vn",), ("sacombank",), ("Sacombank",)
    ),
    BrandData("tpbank", "TPBank", BANK, ("tpb.vn",), ("tpbank", "tpb"), ("TPBank",)),
    BrandData("vib", "VIB", BANK, ("vib.com.vn",), ("vib",), ("VIB",)),
    BrandData("hdbank", "HDBank", BANK, ("hdbank.com.vn",), ("hdbank",), ("HDBank",)),
    BrandData("shb", "SHB", BANK, ("shb.com.vn",), ("shb",), ("SHB",)),
    BrandData("ocb", "OCB", BANK, ("ocb.com.vn",), ("ocb",), ("OCB",)),
    BrandData("seabank", "SeABank", BANK, ("seabank.com.vn",), ("seabank",), ("SeABank",)),
    BrandData(
        "msb", "MSB", BANK, ("msb.com.vn",), ("msb", "maritimebank"), ("MSB", "Maritime Bank")
    ),
    BrandData(
        "lpbank",
        "LPBank (LienVietPostBank)",
        BANK,
        ("lpbank.com.vn", "lienvietpostbank.com.vn"),
        ("lpbank", "lienvietpostbank"),
        ("LPBank", "LienVietPostBank"),
    ),
    BrandData("eximbank", "Eximbank", BANK, ("eximbank.com.vn",), ("eximbank",), ("Eximbank",)),
    BrandData("namabank", "Nam A Bank", BANK, ("namabank.com.vn",), ("namabank",), ("Nam A Bank",)),
    BrandData("bacabank", "Bac A Bank", BANK, ("baca-bank.vn",), ("bacabank",), ("Bac A Bank",)),
    BrandData(
        "pvcombank", "PVcomBank", BANK, ("pvcombank.com.vn",), ("pvcombank",), ("PVcomBank",)
    ),
    BrandData(
        "kienlongbank", "Kienlongbank", BANK, ("kienlongbank.com",), ("kienlongbank",), ("KLB",)
    ),
    BrandData("ncb", "NCB", BANK, ("ncb-bank.vn",), ("ncb", "ncbbank"), ("NCB",)),
    BrandData(
        "vietcapitalbank",
        "Viet Capital Bank",
        BANK,
        ("vietcapitalbank.com.vn",),
        ("vietcapitalbank",),
        ("Viet Capital Bank", "Ngân hàng Bản Việt"),
    ),
    BrandData("abbank", "ABBANK", BANK, ("abbank.vn",), ("abbank",), ("ABBANK", "An Bình")),
    BrandData(
        "baovietbank",
        "BaoViet Bank",
        BANK,
        ("baovietbank.vn", "baoviet.com.vn"),
        ("baovietbank",),
        ("BaoViet Bank", "Bảo Việt"),
    ),
    BrandData("saigonbank", "Saigonbank", BANK, ("saigonbank.com.vn",), ("saigonbank",)),
    BrandData("vietabank", "VietABank", BANK, ("vietabank.com.vn",), ("vietabank",)),
    BrandData("vietbank", "Vietbank", BANK, ("vietbank.com.vn",), ("vietbank",)),
    BrandData("gpbank", "GPBank", BANK, ("gpbank.com.vn",), ("gpbank",)),
    BrandData("coopbank", "Co-opBank", BANK, ("co-opbank.vn",), ("coopbank",), ("Co-opBank",)),
    BrandData("pgbank", "PGBank", BANK, ("pgbank.com.vn",), ("pgbank",)),
    BrandData("cbbank", "CBBank", BANK, ("cbbank.vn",), ("cbbank",)),
    BrandData("shinhan", "Shinhan Bank", BANK, ("shinhan.com.vn",), ("shinhanbank",)),
    BrandData("scb", "SCB", BANK, ("scb.com.vn",), ("scb",), ("SCB",)),
    BrandData("dongabank", "DongA Bank", BANK, ("dongabank.com.vn",), ("dongabank",)),
    BrandData("oceanbank", "OceanBank", BANK, ("oceanbank.vn",), ("oceanbank",)),
    # E-wallets.
    BrandData("momo", "MoMo", WALLET, ("momo.vn",), ("momo",), ("Ví MoMo",)),
    BrandData("zalopay", "ZaloPay", WALLET, ("zalopay.vn",), ("zalopay",)),
    BrandData(
        "viettelmoney",
        "Viettel Money (ViettelPay)",
        WALLET,
        ("viettelmoney.vn",),
        ("viettelmoney", "viettelpay"),
        ("Viettel Money", "ViettelPay"),
    ),
    BrandData("vnpay", "VNPay", WALLET, ("vnpay.vn",), ("vnpay",), ("VNPAY",)),
    BrandData("shopeepay", "ShopeePay", WALLET, ("shopeepay.vn",), ("shopeepay",)),
    BrandData("moca", "Moca", WALLET, ("moca.vn",), ("moca",)),
    # Telecoms.
    BrandData(
        "viettel",
        "Viettel",
        TELECOM,
        ("viettel.vn", "viettel.com.vn", "vietteltelecom.vn", "viettelstore.vn"),
        ("viettel", "vietteltelecom"),
        ("Viettel",),
    ),
    BrandData(
        "vnpt",
        "VNPT / VinaPhone",
        TELECOM,
        ("vnpt.com.vn", "vnpt.vn", "vinaphone.com.vn"),
        ("vnpt", "vinaphone"),
        ("VNPT", "VinaPhone"),
    ),
    BrandData("mobifone", "MobiFone", TELECOM, ("mobifone.vn",), ("mobifone",)),
    BrandData("vietnamobile", "Vietnamobile", TELECOM, ("vietnamobile.com.vn",), ("vietnamobile",)),
    BrandData("gmobile", "Gmobile", TELECOM, ("gmobile.vn",), ("gmobile",)),
    # Marketplaces.
    BrandData(
        "shopee",
        "Shopee",
        MARKETPLACE,
        ("shopee.vn", "shopee.com", "shopeefood.vn"),
        ("shopee", "shopeefood"),
    ),
    BrandData("lazada", "Lazada", MARKETPLACE, ("lazada.vn", "lazada.com"), ("lazada",)),
    BrandData("tiki", "Tiki", MARKETPLACE, ("tiki.vn",), ("tiki",)),
    BrandData("sendo", "Sendo", MARKETPLACE, ("sendo.vn",), ("sendo",)),
    BrandData(
        "tiktokshop",
        "TikTok Shop",
        MARKETPLACE,
        ("tiktok.com",),
        ("tiktok", "tiktokshop"),
        ("TikTok",),
    ),
    BrandData("voso", "Voso", MARKETPLACE, ("voso.vn",), ("voso",)),
    BrandData("postmart", "Postmart", MARKETPLACE, ("postmart.vn",), ("postmart",)),
    # Utilities: EVN and its regional power corporations.
    BrandData(
        "evn",
        "EVN (Tập đoàn Điện lực Việt Nam)",
        UTILITY,
        (
            "evn.com.vn",
            "evnhanoi.vn",
            "evnhcmc.vn",
            "evnspc.vn",
            "cpc.vn",
            "npc.com.vn",
            "npt.com.vn",
        ),
        ("evn", "evnhanoi", "evnhcmc", "evnspc", "evncpc", "evnnpc", "evnnpt"),
        ("EVN", "Điện lực"),
    ),
    # Post and parcels.
    BrandData("vnpost", "VNPost (Bưu điện Việt Nam)", POST, ("vnpost.vn",), ("vnpost",)),
    BrandData(
        "viettelpost",
        "Viettel Post",
        POST,
        ("viettelpost.com.vn", "viettelpost.vn"),
        ("viettelpost",),
    ),
    BrandData("ghtk", "Giao Hàng Tiết Kiệm", POST, ("ghtk.vn",), ("ghtk",)),
    # Platforms people are asked to log in to.
    BrandData("zalo", "Zalo", PLATFORM, ("zalo.me", "zalo.vn"), ("zalo",)),
    BrandData("coccoc", "Cốc Cốc", PLATFORM, ("coccoc.com",), ("coccoc",)),
)


def shipped_catalog() -> Catalog:
    """The catalog of this module as the engine reads it, without the database (the
    benchmarks)."""
    return Catalog(
        tuple(BrandInfo(b.slug, b.name, b.sector, b.domains, b.labels) for b in BRANDS),
        GOVERNMENT_SUFFIX,
        CATALOG_VERSION,
    )
