"""Announcements: who they reach (consent, opt-out, indicator filters, scope), sending,
scheduling, quiet hours, cancelling, templates, and the words checked before anything is saved."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from langso.access import SYSTEM
from langso.core.errors import DomainError, NotFound
from langso.outreach import selectors, services
from langso.outreach.audience import Audience
from langso.outreach.models import (
    Announcement,
    AnnouncementStatus,
    Delivery,
    DeliveryStatus,
    GroupPost,
    OptOut,
)
from langso.outreach.render import sms_segments
from langso.people.models import Consent
from tests.outreach.town import Town

# The dates below are written out, so the whole town is built on the fixture day.
pytestmark = pytest.mark.usefixtures("fixture_day", "sms_connected")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def draft(town: Town, **changes: object) -> services.Draft:
    world = town.world
    values: dict[str, object] = {
        "title": "Cảnh báo lừa đảo",
        "text": "Chào {ten}, không bấm đường link lạ ở {thon}.",
        "audience": Audience(units=(world.code(world.village_a1),), teams="members"),
        "channels": ("app", "sms"),
    }
    values.update(changes)
    return services.Draft(**values)  # type: ignore[arg-type]


def test_reach_counts_members_by_login_and_phone_and_consenting_residents(town: Town) -> None:
    world = town.world
    audience = Audience(units=(world.code(world.village_a1),), teams="members", residents_all=True)
    officer = world.commune_officer
    counts = selectors.reach(actor=officer, audience=audience, channels=["app", "sms"])
    # Members: the deputy and the member have logins and numbers (the world's leader has
    # neither). Residents: Xuân, Lan and Páo; not Tòng (no phone), Mùa (never consented), Vi
    # (withdrew).
    assert counts == {"app": 2, "sms": 2 + 3}


def test_reach_of_residents_lacking_an_indicator_from_an_age(town: Town) -> None:
    world = town.world
    audience = Audience(units=(world.code(world.commune_a),), lacking=("scam_aware",), min_age=60)
    assert selectors.reach(actor=world.commune_officer, audience=audience, channels=["sms"]) == {
        "sms": 1
    }
    sent = services.announcement_send(
        actor=world.commune_officer,
        announcement=services.announcement_create(
            actor=world.commune_officer, draft=draft(town, audience=audience, channels=("sms",))
        ),
    )
    assert list(Delivery.objects.filter(announcement=sent).values_list("resident", flat=True)) == [
        town.pao.pk
    ]


def test_opted_out_number_is_not_reached_and_its_consent_is_withdrawn(town: Town) -> None:
    world = town.world
    audience = Audience(units=(world.code(world.village_a1),), residents_all=True)
    assert services.opt_out_by_reply(phone=_phone(town.xuan), text="  tc ")
    assert OptOut.objects.count() == 1
    latest = Consent.objects.filter(resident=town.xuan).order_by("-recorded_at", "-id").first()
    assert latest is not None and latest.given is False
    counts = selectors.reach(actor=world.commune_officer, audience=audience, channels=["sms"])
    assert counts == {"sms": 2}
    assert not services.opt_out_by_reply(phone=_phone(town.lan), text="cảm ơn")


def _phone(resident: object) -> str:
    from langso.core.vault import vault

    return vault().open("phone", bytes(resident.phone_sealed))  # type: ignore[attr-defined]


def test_opt_out_link_stops_queued_messages_to_that_number(town: Town) -> None:
    world = town.world
    audience = Audience(units=(world.code(world.village_a1),), residents_all=True)
    announcement = services.announcement_send(
        actor=world.commune_officer,
        announcement=services.announcement_create(
            actor=world.commune_officer,
            draft=draft(town, audience=audience, channels=("sms",), urgent=True),
        ),
    )
    to_xuan = Delivery.objects.get(announcement=announcement, resident=town.xuan)
    services.opt_out_by_token(token=services.opt_out_token(to_xuan.pk))
    to_xuan.refresh_from_db()
    assert to_xuan.status == DeliveryStatus.OPTED_OUT
    with pytest.raises(NotFound) as refused:
        services.opt_out_by_token(token=f"{to_xuan.pk:x}-000000000000")
    assert refused.value.code == "OUTREACH_OPT_OUT_LINK_INVALID"
    for garbage in ("", "-", "zz-1", "f" * 40 + "-x", "1-\x00"):
        with pytest.raises(NotFound):
            services.opt_out_by_token(token=garbage)


def test_officer_cannot_address_a_unit_of_another_commune(town: Town) -> None:
    world = town.world
    outside = Audience(units=(world.code(world.village_b1),), residents_all=True)
    with pytest.raises(NotFound):
        selectors.reach(actor=world.commune_officer, audience=outside, channels=["sms"])
    with pytest.raises(NotFound):
        services.announcement_create(
            actor=world.commune_officer, draft=draft(town, audience=outside)
        )
    assert not Announcement.objects.exists()


def test_members_and_leaders_cannot_compose(town: Town) -> None:
    world = town.world
    for actor in (world.member, world.leader, world.outsider):
        with pytest.raises(NotFound) as refused:
            services.announcement_create(actor=actor, draft=draft(town))
        assert refused.value.code == "OUTREACH_NOT_FOUND"


def test_sending_queues_one_delivery_per_recipient_and_channel(town: Town) -> None:
    world = town.world
    audience = Audience(
        units=(world.code(world.village_a1), world.code(world.commune_a)),
        teams="members",
        residents_all=True,
    )
    created = services.announcement_create(
        actor=world.commune_officer, draft=draft(town, audience=audience, urgent=True)
    )
    assert created.status == AnnouncementStatus.DRAFT
    assert created.unit_id == world.commune_a.pk
    sent = services.announcement_send(actor=world.commune_officer, announcement=created)
    assert sent.status == AnnouncementStatus.SENDING
    assert sent.reach == {"app": 2, "sms": 5}
    rows = Delivery.objects.filter(announcement=sent)
    assert rows.filter(channel="app", status=DeliveryStatus.SENT).count() == 2
    assert rows.filter(channel="sms", status=DeliveryStatus.QUEUED).count() == 5
    # Each person once per channel, however many units name their village.
    assert rows.filter(channel="sms", resident=town.xuan).count() == 1
    assert set(GroupPost.objects.filter(announcement=sent).values_list("team", flat=True)) == {
        world.team_a1.pk,
        world.team_a2.pk,
        world.team_commune_a.pk,
    }
    with pytest.raises(DomainError) as again:
        services.announcement_send(actor=world.commune_officer, announcement=sent)
    assert again.value.code == "OUTREACH_ALREADY_SENT"


def test_sms_wait_for_the_morning_unless_urgent(town: Town) -> None:
    world = town.world
    audience = Audience(units=(world.code(world.village_a1),), residents_all=True)
    night = datetime(2026, 9, 14, 22, 30, tzinfo=VIETNAM)
    with time_machine.travel(night, tick=False):
        calm = services.announcement_send(
            actor=world.commune_officer,
            announcement=services.announcement_create(
                actor=world.commune_officer, draft=draft(town, audience=audience)
            ),
        )
        urgent = services.announcement_send(
            actor=world.commune_officer,
            announcement=services.announcement_create(
                actor=world.commune_officer, draft=draft(town, audience=audience, urgent=True)
            ),
        )
    morning = datetime(2026, 9, 15, 7, 0, tzinfo=VIETNAM)
    calm_times = set(
        Delivery.objects.filter(announcement=calm, channel="sms").values_list(
            "next_attempt_at", flat=True
        )
    )
    assert calm_times == {morning}
    urgent_times = set(
        Delivery.objects.filter(announcement=urgent, channel="sms").values_list(
            "next_attempt_at", flat=True
        )
    )
    assert urgent_times == {night}


@pytest.mark.parametrize(
    ("local", "quiet_until"),
    [
        ((20, 59), None),
        ((21, 0), (15, 7)),
        ((23, 59), (15, 7)),
        ((0, 0), (14, 7)),
        ((6, 59), (14, 7)),
        ((7, 0), None),
    ],
)
def test_quiet_hours_run_from_nine_at_night_to_seven_in_the_morning(
    local: tuple[int, int], quiet_until: tuple[int, int] | None
) -> None:
    moment = datetime(2026, 9, 14, *local, tzinfo=VIETNAM)
    expected = (
        datetime(2026, 9, quiet_until[0], quiet_until[1], 0, tzinfo=VIETNAM)
        if quiet_until
        else None
    )
    assert services.quiet_until(moment) == expected


def test_scheduled_announcement_is_queued_when_its_time_comes(town: Town) -> None:
    world = town.world
    start = datetime(2026, 9, 14, 9, 0, tzinfo=VIETNAM)
    with time_machine.travel(start, tick=False):
        scheduled = services.announcement_send(
            actor=world.commune_officer,
            announcement=services.announcement_create(
                actor=world.commune_officer,
                draft=draft(town, send_at=start + timedelta(hours=2)),
            ),
        )
        assert scheduled.status == AnnouncementStatus.SCHEDULED
        assert services.announcements_due() == 0
        assert not Delivery.objects.exists()
    with time_machine.travel(start + timedelta(hours=2, minutes=1), tick=False):
        assert services.announcements_due() == 1
        assert services.announcements_due() == 0
    scheduled.refresh_from_db()
    assert scheduled.status == AnnouncementStatus.SENDING
    assert Delivery.objects.filter(announcement=scheduled).count() == 2 + 2


def test_cancel_before_sending_and_while_sending(town: Town) -> None:
    world = town.world
    start = datetime(2026, 9, 14, 9, 0, tzinfo=VIETNAM)
    with time_machine.travel(start, tick=False):
        later = services.announcement_send(
            actor=world.commune_officer,
            announcement=services.announcement_create(
                actor=world.commune_officer, draft=draft(town, send_at=start + timedelta(days=1))
            ),
        )
        services.announcement_cancel(actor=world.commune_officer, announcement=later)
        now = services.announcement_send(
            actor=world.commune_officer,
            announcement=services.announcement_create(
                actor=world.commune_officer, draft=draft(town)
            ),
        )
        services.announcement_cancel(actor=world.commune_officer, announcement=now)
    with time_machine.travel(start + timedelta(days=2), tick=False):
        assert services.announcements_due() == 0
    assert not Delivery.objects.filter(announcement=later).exists()
    statuses = dict(
        Delivery.objects.filter(announcement=now).values_list("channel", "status").distinct()
    )
    assert statuses == {"app": DeliveryStatus.SENT, "sms": DeliveryStatus.CANCELLED}
    with pytest.raises(DomainError) as again:
        services.announcement_cancel(actor=world.commune_officer, announcement=now)
    assert again.value.code == "OUTREACH_ALREADY_CANCELLED"
    with pytest.raises(NotFound):
        services.announcement_cancel(actor=world.member, announcement=now)


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"title": "  "}, "OUTREACH_TITLE_REQUIRED", "title"),
        ({"title": "x" * 151}, "OUTREACH_TITLE_TOO_LONG", "title"),
        ({"text": ""}, "OUTREACH_TEXT_REQUIRED", "text"),
        ({"text": "x" * 2001}, "OUTREACH_TEXT_TOO_LONG", "text"),
        ({"text": "Hạn {hanchot}"}, "OUTREACH_VARIABLE_UNKNOWN", "text"),
        ({"channels": ()}, "OUTREACH_CHANNEL_REQUIRED", "channels"),
        ({"channels": ("fax",)}, "OUTREACH_CHANNEL_UNKNOWN", "channels"),
        ({"channels": ("zalo",)}, "OUTREACH_CHANNEL_NOT_CONNECTED", "channels"),
        ({"audience": Audience(units=())}, "OUTREACH_UNIT_REQUIRED", "units"),
        ({"link_kind": "guide", "link_ref": "khong-co"}, "OUTREACH_LINK_UNKNOWN", "link"),
        ({"link_kind": "campaign", "link_ref": "9" * 30}, "OUTREACH_LINK_UNKNOWN", "link"),
        (
            {
                "link_kind": "warning",
                "link_ref": "x" * 201,
            },
            "OUTREACH_LINK_UNKNOWN",
            "link",
        ),
    ],
)
def test_bad_drafts_are_refused_with_where(
    town: Town, changes: dict[str, object], code: str, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        services.announcement_create(actor=town.world.commune_officer, draft=draft(town, **changes))
    assert refused.value.code == code
    assert refused.value.field == field
    assert not Announcement.objects.exists()


def test_audience_must_name_someone_and_known_indicators(town: Town) -> None:
    world = town.world
    unit = (world.code(world.village_a1),)
    for audience, code in (
        (Audience(units=unit), "OUTREACH_AUDIENCE_EMPTY"),
        (Audience(units=unit, lacking=("khong_co",)), "OUTREACH_INDICATOR_UNKNOWN"),
        (Audience(units=unit, residents_all=True, min_age=200), "OUTREACH_AGE_INVALID"),
    ):
        with pytest.raises(DomainError) as refused:
            selectors.reach(actor=world.commune_officer, audience=audience, channels=["sms"])
        assert refused.value.code == code


@pytest.mark.parametrize(
    ("text", "encoding", "characters", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("{" * 80, "GSM-7", 160, 1),
        ("€" * 81, "GSM-7", 162, 2),
        ("Xã Thuận Châu", "UCS-2", 13, 1),
        ("ơ" * 70, "UCS-2", 70, 1),
        ("ơ" * 71, "UCS-2", 71, 2),
        ("ơ" * 134, "UCS-2", 134, 2),
        ("ơ" * 135, "UCS-2", 135, 3),
        ("📱" * 35, "UCS-2", 70, 1),
    ],
)
def test_sms_segments_as_the_network_counts_them(
    text: str, encoding: str, characters: int, segments: int
) -> None:
    counted = sms_segments(text)
    assert (counted.encoding, counted.characters, counted.segments) == (
        encoding,
        characters,
        segments,
    )


def test_templates_belong_to_a_commune_and_their_names_are_unique(town: Town) -> None:
    world = town.world
    code = world.code(world.commune_a)
    saved = services.template_save(
        actor=world.commune_officer, unit_code=code, name="Hạn VNeID", title="", text="Hạn {han}"
    )
    assert list(selectors.templates(actor=world.commune_officer)) == [saved]
    assert list(selectors.templates(actor=world.member)) == []
    with pytest.raises(DomainError) as taken:
        services.template_save(
            actor=world.commune_officer, unit_code=code, name="Hạn  VNeID", title="", text="x"
        )
    assert taken.value.code == "OUTREACH_TEMPLATE_NAME_TAKEN"
    with pytest.raises(NotFound):
        services.template_save(
            actor=world.commune_officer,
            unit_code=world.code(world.commune_b),
            name="Khác",
            title="",
            text="x",
        )


def test_a_commune_officer_writing_to_one_village_signs_as_the_commune(town: Town) -> None:
    world = town.world
    created = services.announcement_create(actor=world.commune_officer, draft=draft(town))
    assert created.unit_id == world.commune_a.pk
    assert services.issuer_name(created.unit_id) == "Xã Thuận Châu"


def test_a_campaign_is_linked_only_for_teams(town: Town) -> None:
    from decimal import Decimal

    from langso.campaigns import services as campaigns
    from langso.core.dates import today

    world = town.world
    plan = campaigns.campaign_create(
        actor=world.commune_officer,
        name="Chiến dịch VNeID",
        basis_number="1/KH-UBND",
        basis_date=None,
        unit_code=world.code(world.commune_a),
        starts_on=today(),
        ends_on=today() + timedelta(days=30),
        goals=[campaigns.GoalData(indicator="vneid_l2", target_share=Decimal("0.9"))],
    )
    linked = {"link_kind": "campaign", "link_ref": str(plan.pk)}
    assert services.announcement_create(actor=world.commune_officer, draft=draft(town, **linked))
    residents = Audience(units=(world.code(world.village_a1),), teams="members", residents_all=True)
    with pytest.raises(DomainError) as refused:
        services.announcement_create(
            actor=world.commune_officer, draft=draft(town, audience=residents, **linked)
        )
    assert refused.value.code == "OUTREACH_LINK_FOR_TEAMS"


def test_consent_given_again_after_an_opt_out_reaches_the_person_again(town: Town) -> None:
    from langso.people import services as people
    from langso.people.models import CONTACT_PURPOSE

    world = town.world
    audience = Audience(units=(world.code(world.village_a1),), residents_all=True)
    officer = world.commune_officer
    assert services.opt_out_by_reply(phone=_phone(town.xuan), text="STOP")
    assert selectors.reach(actor=officer, audience=audience, channels=["sms"]) == {"sms": 2}
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        people.consent_record(actor=SYSTEM, resident=town.xuan, given=True, purpose=CONTACT_PURPOSE)
    assert selectors.reach(actor=officer, audience=audience, channels=["sms"]) == {"sms": 3}
