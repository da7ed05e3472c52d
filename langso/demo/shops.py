"""The demo's village shops: household businesses of Xã Thuận Châu selling the district's
produce (Shan tuyết tea, Arabica coffee, plums, honey, Thái brocade…) on Voso and Postmart.

The member of the first village (``thanhvien.tk01``) registered its businesses at the door and
walked some of them through the checklists, so their households now count as selling online or
taking QR payments; the commune officer registered those of the other villages. Most agreed to
the commune's market page (``/cho/<commune>/``). One business gave a link to its "own website"
that copies Voso's name, which the trust checker flagged for the officer.

Account numbers are made up (random digits), as every personal number of the demo is.
"""

import random
from datetime import timedelta

from django.utils import timezone

from langso.access import Actor
from langso.accounts.models import User
from langso.core.dates import today, valid_on
from langso.core.text import fold
from langso.indicators.models import Source
from langso.people.models import Household
from langso.shops import services
from langso.shops.models import Business
from langso.units.models import Unit, UnitVersion

AGRIBANK, VIETINBANK, BIDV, LPBANK = "970405", "970415", "970418", "970449"

# (name, products, categories, OCOP stars, bank, platform, listed on the market page)
SHOPS = (
    (
        "Chè Shan tuyết Tông Lạnh",
        "Chè búp khô, chè xanh sao tay",
        ["tea"],
        3,
        AGRIBANK,
        "voso",
        True,
    ),
    (
        "Cà phê Arabica Phỏng Lái",
        "Cà phê nhân, cà phê rang xay",
        ["coffee"],
        3,
        BIDV,
        "postmart",
        True,
    ),
    (
        "Mận hậu Chiềng Pấc",
        "Mận hậu tươi (tháng 5–6), ô mai mận",
        ["fruit"],
        None,
        AGRIBANK,
        "voso",
        True,
    ),
    (
        "Mật ong hoa rừng Co Mạ",
        "Mật ong rừng, mật ong hoa bạc hà",
        ["honey"],
        None,
        VIETINBANK,
        "postmart",
        True,
    ),
    (
        "Thổ cẩm Thái bản Bó",
        "Khăn piêu, túi thổ cẩm dệt tay",
        ["crafts"],
        None,
        LPBANK,
        "voso",
        True,
    ),
    ("Gạo nếp Tan Phổng", "Gạo nếp cẩm, nếp tan", ["grain"], None, AGRIBANK, "postmart", True),
    (
        "Măng khô Liệp Tè",
        "Măng nứa khô, măng ớt",
        ["processed", "vegetables"],
        None,
        AGRIBANK,
        "voso",
        True,
    ),
    (
        "Thịt trâu gác bếp Bon Phặng",
        "Thịt trâu, thịt lợn gác bếp",
        ["meat", "processed"],
        None,
        BIDV,
        "postmart",
        False,
    ),
    (
        "Xoài tròn Thuận Châu",
        "Xoài tròn, xoài sấy dẻo",
        ["fruit", "processed"],
        None,
        AGRIBANK,
        "voso",
        True,
    ),
    (
        "Homestay bản Thái Noong Lay",
        "Nghỉ homestay, ẩm thực Thái",
        ["services"],
        None,
        VIETINBANK,
        "",
        True,
    ),
)
# The look-alike "own website" one business gave (flagged by the trust checker).
FLAGGED_LINK = "https://voso-khuyenmai.top/shop/mat-ong"


def _households(villages: list[Unit], count: int) -> list[Household]:
    """Households of the villages, businesses first (the import marked some), then others."""
    found = list(
        Household.objects.filter(village__in=villages).order_by("-is_business", "village_id", "pk")[
            : count * 3
        ]
    )
    # Spread over the villages rather than the first few households of one.
    return found[:: max(1, len(found) // count)][:count]


def _steps(actor: Actor, shop: Business, platform: str, steps: list[str], days_ago: int) -> None:
    moment = timezone.now() - timedelta(days=days_ago)
    for n, step in enumerate(steps):
        services.step_record(
            actor=actor,
            business=shop,
            platform=platform,
            step=step,
            observed_at=moment + timedelta(minutes=10 * n),
            source=Source.VISIT,
        )


def build(*, commune: Unit, village: Unit, rng: random.Random) -> list[Business]:
    member = User.objects.get(username="thanhvien.tk01")
    officer = User.objects.get(username="xa.thuanchau")
    others = list(
        Unit.objects.filter(
            pk__in=UnitVersion.objects.filter(valid_on(today()), parent=commune)
            .exclude(unit=village)
            .values("unit_id")
        )
    )
    first = _households([village], 4)
    homes = first + _households(others, len(SHOPS) - len(first))
    made: list[Business] = []
    for n, (home, shop) in enumerate(zip(homes, SHOPS, strict=False)):
        name, products, categories, stars, bank, platform, listed = shop
        actor = member if home.village_id == village.pk else officer
        slug = "-".join(fold(name).split()[:3])
        links = {platform: f"https://{platform}.vn/shop/{slug}"} if platform else {}
        if n == 3:
            links["website"] = FLAGGED_LINK
        business = services.business_create(
            actor=actor,
            household=home,
            data=services.BusinessData(
                name=name,
                products=products,
                categories=categories,
                ocop_stars=stars,
                bank_bin=bank,
                account="".join(str(rng.randrange(10)) for _ in range(13)),
                account_name=home.head_name,
                listed=listed,
                links=links,
            ),
        )
        made.append(business)
        if platform and n % 3 != 2:
            steps = ["papers", "photos", "first_listing"] + (["first_order"] if n % 2 else [])
            _steps(actor, business, platform, steps, days_ago=20 - n)
        elif platform:
            _steps(actor, business, platform, ["papers"], days_ago=6)
        if n % 2 == 0:
            _steps(actor, business, "", ["account", "stand", "test_payment"], days_ago=12 - n)
    return made
