"""The banks and wallets of Vietnam that take VietQR transfers, with their NAPAS BINs.

The list is data copied from a published source, not typed by hand: ``SOURCE`` says where
from and of which date, and ``VERSION`` changes whenever the rows are refreshed from a newer
edition. NAPAS does not publish a machine-readable list of its own; the one everybody uses
is the list VietQR (NAPAS's brand for interbank QR) serves at https://api.vietqr.io/v2/banks,
which the npm package ``vietnam-qr-pay`` ships as data. We read that package's copy rather than
the live service, so the rows are fixed, reviewable and dated.

Three BINs were renamed banks and appear twice in the source (LienVietPostBank → LPBank,
OceanBank → MBV, DongA Bank → Vikki Bank): the current name is kept and the old one is in
``formerly``, so a BIN names one bank. The source's one row without a BIN (BIDC, which takes
no VietQR) is left out.
"""

from dataclasses import dataclass
from functools import cache

from langso.core.text import fold

SOURCE = (
    "npm package vietnam-qr-pay 1.5.1 (MIT, published 2026-08-24), dist/constants/banks.js, "
    "a copy of the VietQR bank list at https://api.vietqr.io/v2/banks"
)
SOURCE_URL = "https://api.vietqr.io/v2/banks"
VERSION = "2026-08-24"


@dataclass(frozen=True, slots=True)
class Bank:
    bin: str  # NAPAS's six-digit acquirer BIN, tag 38/01/00 of a VietQR code
    code: str  # the source's short code ("VCB", "BID", "CTG")
    short_name: str  # what people call it ("Vietcombank", "BIDV")
    name: str  # the full Vietnamese name
    formerly: tuple[str, ...] = ()


BANKS: tuple[Bank, ...] = (
    Bank("422589", "CIMB", "CIMB Bank", "Ngân hàng TNHH MTV CIMB Việt Nam"),
    Bank("458761", "HSBC", "HSBC Vietnam", "Ngân hàng TNHH MTV HSBC (Việt Nam)"),
    Bank(
        "546034",
        "CAKE",
        "CAKE by VPBank",
        "Ngân hàng số CAKE by VPBank - Ngân hàng TMCP Việt Nam Thịnh Vượng",
    ),
    Bank(
        "546035",
        "UBANK",
        "Ubank by VPBank",
        "Ngân hàng số Ubank by VPBank - Ngân hàng TMCP Việt Nam Thịnh Vượng",
    ),
    Bank(
        "668888",
        "KBANK",
        "Kasikornbank",
        "Ngân hàng Đại chúng TNHH KASIKORNBANK - CN TP. Hồ Chí Minh",
    ),
    Bank(
        "796500", "DBS", "DBS Bank", "NH TNHH MTV Phát triển Singapore - Chi nhánh TP. Hồ Chí Minh"
    ),
    Bank("801011", "NONGHYUP", "Nonghyup Bank", "Ngân hàng Nonghyup - Chi nhánh Hà Nội"),
    Bank("963369", "LIOBANK", "Liobank", "Ngân hàng số Liobank - Ngân hàng TMCP Phương Đông"),
    Bank("963388", "TIMO", "Timo", "Ngân hàng số Timo by Bản Việt Bank"),
    Bank("970400", "SGB", "SaigonBank", "Ngân hàng TMCP Sài Gòn Công Thương"),
    Bank("970403", "STB", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"),
    Bank(
        "970405", "AGRIBANK", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"
    ),
    Bank("970406", "VIKKI", "Vikki Bank", "Ngân hàng TNHH MTV Số Vikki", formerly=("DongA Bank",)),
    Bank("970407", "TCB", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"),
    Bank("970408", "GPBANK", "GPBank", "Ngân hàng Thương mại TNHH MTV Dầu Khí Toàn Cầu"),
    Bank("970409", "BAB", "BacA Bank", "Ngân hàng TMCP Bắc Á"),
    Bank(
        "970410",
        "SC",
        "Standard Chartered Vietnam",
        "Ngân hàng TNHH MTV Standard Chartered Bank Việt Nam",
    ),
    Bank("970412", "PVCOMBANK", "PVcomBank", "Ngân hàng TMCP Đại Chúng Việt Nam"),
    Bank("970414", "MBV", "MBV", "Ngân hàng TNHH MTV Việt Nam Hiện Đại", formerly=("Ocean Bank",)),
    Bank("970415", "CTG", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"),
    Bank("970416", "ACB", "ACB", "Ngân hàng TMCP Á Châu"),
    Bank("970418", "BID", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
    Bank("970419", "NVB", "NCB Bank", "Ngân hàng TMCP Quốc Dân"),
    Bank("970421", "VRB", "VietNgaBank", "Ngân hàng Liên doanh Việt - Nga"),
    Bank("970422", "MBB", "MB Bank", "Ngân hàng TMCP Quân đội"),
    Bank("970423", "TPB", "TPBank", "Ngân hàng TMCP Tiên Phong"),
    Bank("970424", "SVB", "Shinhan Bank", "Ngân hàng TNHH MTV Shinhan Việt Nam"),
    Bank("970425", "ABB", "AB Bank", "Ngân hàng TMCP An Bình"),
    Bank("970426", "MSB", "MSB", "Ngân hàng TMCP Hàng Hải"),
    Bank("970427", "VAB", "VietABank", "Ngân hàng TMCP Việt Á"),
    Bank("970428", "NAB", "Nam A Bank", "Ngân hàng TMCP Nam Á"),
    Bank("970429", "SCB", "SCB", "Ngân hàng TMCP Sài Gòn"),
    Bank("970430", "PGB", "PG Bank", "Ngân hàng TMCP Xăng dầu Petrolimex"),
    Bank("970431", "EIB", "Eximbank", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam"),
    Bank("970432", "VPB", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"),
    Bank("970433", "VBB", "VietBank", "Ngân hàng TMCP Việt Nam Thương Tín"),
    Bank("970434", "IVB", "Indovina Bank", "Ngân hàng TNHH Indovina"),
    Bank("970436", "VCB", "Vietcombank", "Ngân hàng TMCP Ngoại Thương Việt Nam"),
    Bank("970437", "HDB", "HDBank", "Ngân hàng TMCP Phát triển TP. Hồ Chí Minh"),
    Bank("970438", "BAOVIETBANK", "BaoViet Bank", "Ngân hàng TMCP Bảo Việt"),
    Bank("970439", "PBVN", "Public Bank Vietnam", "Ngân hàng TNHH MTV Public Việt Nam"),
    Bank("970440", "SSB", "SeABank", "Ngân hàng TMCP Đông Nam Á"),
    Bank("970441", "VIB", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam"),
    Bank("970442", "HLB", "HongLeong Bank", "Ngân hàng TNHH MTV Hong Leong Việt Nam"),
    Bank("970443", "SHB", "SHB", "Ngân hàng TMCP Sài Gòn - Hà Nội"),
    Bank("970444", "VNCB", "CB Bank", "Ngân hàng Thương mại TNHH MTV Xây dựng Việt Nam"),
    Bank("970446", "COOPBANK", "Co-op Bank", "Ngân hàng Hợp tác xã Việt Nam"),
    Bank("970448", "OCB", "OCB Bank", "Ngân hàng TMCP Phương Đông"),
    Bank(
        "970449",
        "LPB",
        "LPBank",
        "Ngân hàng TMCP Lộc Phát Việt Nam",
        formerly=("LienVietPostBank",),
    ),
    Bank("970452", "KLB", "KienlongBank", "Ngân hàng TMCP Kiên Long"),
    Bank("970454", "BVB", "BVBank", "Ngân hàng TMCP Bản Việt"),
    Bank("970455", "IBKHN", "IBK HN", "Ngân hàng Công nghiệp Hàn Quốc - Chi nhánh Hà Nội"),
    Bank(
        "970456", "IBKHCM", "IBK HCM", "Ngân hàng Công nghiệp Hàn Quốc - Chi nhánh TP. Hồ Chí Minh"
    ),
    Bank("970457", "WRB", "Woori Bank", "Ngân hàng TNHH MTV Woori Việt Nam"),
    Bank(
        "970458", "UOB", "United Overseas Bank Vietnam", "Ngân hàng United Overseas Bank Việt Nam"
    ),
    Bank("970462", "KBHN", "Kookmin Bank HN", "Ngân hàng Kookmin - Chi nhánh Hà Nội"),
    Bank("970463", "KBHCM", "Kookmin Bank HCM", "Ngân hàng Kookmin - Chi nhánh TP. Hồ Chí Minh"),
    Bank("971025", "MOMO", "MoMo", "CTCP Dịch Vụ Di Động Trực Tuyến"),
)


@cache
def _by_bin() -> dict[str, Bank]:
    return {bank.bin: bank for bank in BANKS}


def by_bin(bin_code: str) -> Bank | None:
    """The bank of a BIN, or ``None`` for a BIN not on the list."""
    return _by_bin().get(bin_code)


@cache
def for_picker() -> tuple[Bank, ...]:
    """Every bank, sorted by the name people know it by (without tones, case ignored)."""
    return tuple(sorted(BANKS, key=lambda bank: (fold(bank.short_name), bank.bin)))
