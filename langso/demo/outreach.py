"""The demo's announcements: Xã Thuận Châu's officer tells every team of the commune about
the VNeID deadline (to the field app, with a post for each team's Zalo group), schedules a
scam warning for the morning, and keeps two templates. Residents of Tiểu khu 01 with a phone
number consent to the commune's messages, mostly; SMS and Zalo are not connected in the demo,
so only the field app carries the announcement."""

import random
from datetime import date, datetime, time, timedelta

from django.db.models import F
from django.utils import timezone

from langso.accounts.models import User
from langso.core.dates import today, valid_on
from langso.outreach import services
from langso.outreach.audience import Audience
from langso.outreach.models import Delivery, GroupPost
from langso.people.models import CONTACT_PURPOSE, Consent, Resident
from langso.units.models import Unit, UnitVersion

CONSENTING = 0.8


def build(*, commune: Unit, village: Unit, deadline: date, rng: random.Random) -> None:
    officer = User.objects.get(username="xa.thuanchau")
    day = today()
    commune_code = UnitVersion.objects.get(valid_on(day), unit=commune).code
    _consents(village, day, rng)
    services.template_save(
        actor=officer,
        unit_code=commune_code,
        name="Nhắc hạn VNeID",
        title="Kích hoạt VNeID mức 2 trước {han}",
        text="Tổ công nghệ số {thon} nhắc bà con mang căn cước và điện thoại đến nhà văn hoá "
        "để được hướng dẫn kích hoạt tài khoản định danh điện tử mức 2 trước {han}.",
    )
    services.template_save(
        actor=officer,
        unit_code=commune_code,
        name="Cảnh báo lừa đảo",
        title="Cảnh báo cuộc gọi giả danh công an",
        text="Công an không gọi điện yêu cầu chuyển tiền hay cài ứng dụng. Gặp cuộc gọi như "
        "vậy, hãy cúp máy và báo tổ công nghệ số {thon}.",
    )
    sent = services.announcement_send(
        actor=officer,
        announcement=services.announcement_create(
            actor=officer,
            draft=services.Draft(
                title="Hạn kích hoạt VNeID mức 2",
                text="Các tổ rà soát hộ còn người chưa kích hoạt VNeID mức 2 và hẹn hướng dẫn "
                "trước {han}. Mang theo hướng dẫn in sẵn cho người lớn tuổi.",
                audience=Audience(units=(commune_code,), teams="members"),
                channels=("app",),
                link_kind="guide",
                link_ref="vneid-muc-2",
                deadline=deadline,
            ),
        ),
    )
    _read_and_posted(sent.pk, rng)
    morning = datetime.combine(day + timedelta(days=1), time(7, 30), tzinfo=services.VIETNAM)
    services.announcement_send(
        actor=officer,
        announcement=services.announcement_create(
            actor=officer,
            draft=services.Draft(
                title="Cảnh báo cuộc gọi giả danh công an",
                text="Công an không gọi điện yêu cầu chuyển tiền hay cài ứng dụng. Tổ trưởng "
                "nhắc lại trong nhóm Zalo của tổ.",
                audience=Audience(units=(commune_code,), teams="leaders"),
                channels=("app",),
                link_kind="warning",
                link_ref="https://dichvucong-bocongan.top",
                send_at=morning,
            ),
        ),
    )


def _consents(village: Unit, day: date, rng: random.Random) -> None:
    """Most residents of the village who gave a number agreed to the commune's messages."""
    with_phone = Resident.objects.filter(village=village, phone_sealed__isnull=False)
    rows = [
        Consent(resident_id=pk, given=True, purpose=CONTACT_PURPOSE, recorded_on=day)
        for pk in with_phone.order_by("pk").values_list("pk", flat=True)
        if rng.random() < CONSENTING
    ]
    Consent.objects.bulk_create(rows, batch_size=1000)


def _read_and_posted(announcement_id: int, rng: random.Random) -> None:
    """Half the members read it on their phones; a few leaders posted it in their groups."""
    now = timezone.now()
    inbox = list(
        Delivery.objects.filter(announcement_id=announcement_id, channel="app").values_list(
            "pk", flat=True
        )
    )
    read = [pk for pk in inbox if rng.random() < 0.5]
    Delivery.objects.filter(pk__in=read).update(delivered_at=now, read_at=now)
    posts = list(GroupPost.objects.filter(announcement_id=announcement_id).order_by("pk"))
    for post in posts[: max(1, len(posts) // 3)]:
        GroupPost.objects.filter(pk=post.pk).update(
            posted_at=now, opens=F("opens") + rng.randint(2, 14), first_opened_at=now
        )
