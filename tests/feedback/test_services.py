"""The life of a report through the services: filed, routed by the unit history, handled,
answered, closed; with personal data sealed and every refusal leaving nothing behind."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from langso import access
from langso.access import SYSTEM
from langso.core.errors import Conflict, DomainError, NotFound
from langso.core.models import AuditAction, AuditEntry
from langso.core.ratelimit import RateLimited
from langso.core.vault import vault
from langso.feedback import calendar, services
from langso.feedback.codes import CODE_ALPHABET, format_code, new_code, normalize_code
from langso.feedback.errors import FeedbackError
from langso.feedback.models import (
    Channel,
    EventKind,
    Open311Key,
    Report,
    ReportEvent,
    ReportPhoto,
    Status,
)
from langso.outreach.models import Delivery, DeliveryStatus
from langso.units import selectors as unit_selectors
from langso.units import services as units
from langso.units.models import Kind
from tests.feedback.helpers import DESCRIPTION, LAT, LON, aware, file_report, officer_b
from tests.roles import World, unit_today
from tests.unchanged import unchanged

pytestmark = pytest.mark.django_db

# Everything filing or handling a report writes.
REPORTS = (Report, ReportEvent, ReportPhoto, Delivery, AuditEntry)


def test_a_report_in_a_village_goes_to_the_villages_commune(world: World) -> None:
    report = file_report(world)
    assert report.commune == world.commune_a
    assert report.village == world.village_a1
    assert report.province == world.province
    assert report.province_code == "14"
    assert report.place == "Bản Hua Nà, Xã Thuận Châu, Tỉnh Sơn La"
    assert report.place_code == world.code(world.village_a1)
    assert report.agency == "Xã Thuận Châu"
    assert report.status == Status.NEW
    assert report.events.get().kind == EventKind.FILED


def test_a_report_made_before_the_2025_merger_goes_to_the_commune_of_that_day(
    world: World,
) -> None:
    old_town = unit_today("03721")  # today's Xã Thuận Châu; the 2024 unit is another one
    before = unit_selectors.unit_get(actor=SYSTEM, code="03721", on=date(2024, 6, 1))
    assert before.name == "Thị trấn Thuận Châu"
    village = units.unit_create(
        actor=SYSTEM,
        name="Tiểu khu 9",
        kind=Kind.VILLAGE,
        parent=before.unit,
        valid_from=date(2023, 1, 1),
    )
    code_2024 = unit_selectors.version_on(village, date(2024, 6, 1))
    assert code_2024 is not None
    old = file_report(world, place=code_2024.code, made_at=aware(2024, 6, 1, 9, 0))
    new = file_report(world, place=world.code(village))
    assert old.commune == before.unit
    assert "Thị trấn Thuận Châu" in old.place
    assert new.commune == old_town
    assert old.commune != new.commune
    # The province officer still handles the old commune's report; the new commune's officer
    # does not see a unit that ended before their commune began (documented limit).
    assert access.may_handle_report(world.province_officer, old)
    assert access.may_handle_report(world.commune_officer, new)


def test_the_tracking_code_uses_no_ambiguous_characters() -> None:
    assert not set("0O1I") & set(CODE_ALPHABET)
    assert len(set(CODE_ALPHABET)) == 32
    codes = {new_code() for _ in range(300)}
    assert len(codes) == 300
    assert all(len(code) == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert normalize_code(" abcd-2345 ") == "ABCD2345"
    assert format_code("ABCD2345") == "ABCD-2345"


def test_the_deadline_counts_working_days_of_the_category(world: World) -> None:
    made = aware(2026, 2, 12, 10, 0)  # Thursday before Tết 2026
    report = file_report(world, place="03721", made_at=made)  # roads: 10 working days
    assert report.due_on == calendar.add_working_days(date(2026, 2, 12), 10)
    assert report.due_on == date(2026, 3, 5)
    scam = file_report(world, place="03721", made_at=made, category="lua-dao")  # 3 working days
    assert scam.due_on == date(2026, 2, 24)


def test_name_and_phone_are_sealed_indexed_and_masked(world: World) -> None:
    report = file_report(world, name="Lò Văn Xuân", phone="0912 345 678", wants_updates=True)
    stored = Report.objects.get(pk=report.pk)
    assert stored.name_masked == "L. V. X."
    assert stored.phone_masked == "*******678"
    assert b"0912345678" not in bytes(stored.phone_sealed or b"")
    assert "Lò" not in bytes(stored.name_sealed or b"").decode("latin-1")
    assert stored.phone_index == vault().index("phone", "+84912345678")
    assert vault().open("phone", bytes(stored.phone_sealed or b"")) == "+84912345678"
    assert stored.consent_purpose


def test_the_web_form_needs_consent_a_place_and_a_description(world: World) -> None:
    with pytest.raises(DomainError) as no_consent:
        file_report(world, consent=False)
    assert no_consent.value.code == FeedbackError.CONSENT_REQUIRED
    with pytest.raises(DomainError) as no_place:
        file_report(world, place="")
    assert no_place.value.code == FeedbackError.PLACE_REQUIRED
    with pytest.raises(DomainError) as no_text:
        file_report(world, description="  \n ")
    assert no_text.value.code == FeedbackError.DESCRIPTION_REQUIRED
    with pytest.raises(DomainError) as too_long:
        file_report(world, description="x" * 4001)
    assert too_long.value.code == FeedbackError.TEXT_TOO_LONG
    with pytest.raises(NotFound):
        file_report(world, category="no-such-thing")
    with pytest.raises(DomainError) as unknown_place:
        file_report(world, place="99999")
    assert unknown_place.value.code == FeedbackError.PLACE_UNKNOWN
    with pytest.raises(DomainError) as province:
        file_report(world, place="14")
    assert province.value.code == FeedbackError.PLACE_UNKNOWN
    assert not Report.objects.exists()


def test_a_point_must_be_in_vietnam_and_complete(world: World) -> None:
    with unchanged(*REPORTS):
        with pytest.raises(DomainError) as outside:
            file_report(world, latitude="48.85", longitude="2.35")
        assert outside.value.code == FeedbackError.POINT_INVALID
        with pytest.raises(DomainError) as half:
            file_report(world, latitude=LAT)
        assert half.value.code == FeedbackError.POINT_INVALID
        with pytest.raises(DomainError):
            file_report(world, latitude="nan", longitude="inf")
    report = file_report(world, latitude=LAT, longitude=LON)
    assert str(report.latitude) == "21.434500"


def test_updates_need_a_phone_and_a_phone_must_be_valid(world: World) -> None:
    with pytest.raises(DomainError) as no_phone:
        file_report(world, wants_updates=True)
    assert no_phone.value.code == FeedbackError.PHONE_REQUIRED
    with pytest.raises(DomainError):
        file_report(world, phone="12")
    assert not Report.objects.exists()


def test_control_characters_are_removed_from_text(world: World) -> None:
    report = file_report(world, description="Đường\x00 hỏng\x07\r\nrất\x1b nặng")
    assert report.description == "Đường hỏng\nrất nặng"


def test_one_phone_number_files_at_most_three_reports_a_day(world: World) -> None:
    for _ in range(3):
        file_report(world, phone="0912345678")
    with pytest.raises(RateLimited):
        file_report(world, phone="0912 345 678")
    assert Report.objects.count() == 3
    file_report(world, phone="0987654321")


def test_the_whole_life_of_a_report(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    officer = world.commune_officer
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        report = file_report(world, phone="0912345678", wants_updates=True, name="Lò Văn Xuân")
    assert Delivery.objects.get().status == DeliveryStatus.KEPT

    report = services.report_assign(actor=officer, report=report, assignee=officer)
    assert report.assigned_to == officer
    report = services.report_set_status(actor=officer, report=report, status=Status.RECEIVED)
    services.report_note(actor=officer, report=report, text="Đã gọi trưởng bản")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.report_reply(actor=officer, report=report, text="Xã đã cử người kiểm tra.")
    report = services.report_set_status(actor=officer, report=report, status=Status.IN_PROGRESS)
    with pytest.raises(DomainError) as no_reply:
        services.report_set_status(actor=officer, report=report, status=Status.RESOLVED)
    assert no_reply.value.code == FeedbackError.REPLY_REQUIRED
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        report = services.report_set_status(
            actor=officer, report=report, status=Status.RESOLVED, reply="Đã san lấp xong."
        )
    assert report.status == Status.RESOLVED
    assert report.closed_at is not None
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.FILED,
        EventKind.ASSIGNED,
        EventKind.STATUS,
        EventKind.NOTE,
        EventKind.REPLY,
        EventKind.STATUS,
        EventKind.STATUS,
    ]
    texts = [d.text for d in Delivery.objects.order_by("id")]
    assert len(texts) == 5  # filed, received, reply, in progress, resolved
    assert all(format_code(report.code) in text for text in texts)
    assert "Đã san lấp xong." in texts[-1]
    assert all("Lò" not in text and "0912" not in text for text in texts)
    # Reopened when the road breaks again.
    report = services.report_set_status(actor=officer, report=report, status=Status.IN_PROGRESS)
    assert report.closed_at is None


def test_a_status_change_not_in_the_workflow_is_refused(world: World) -> None:
    report = file_report(world)
    with unchanged(*REPORTS):
        with pytest.raises(Conflict):
            services.report_set_status(
                actor=world.commune_officer, report=report, status=Status.DUPLICATE
            )
        with pytest.raises(Conflict):
            services.report_set_status(actor=world.commune_officer, report=report, status="bogus")
    assert Report.objects.get(pk=report.pk).status == Status.NEW


def test_people_outside_the_commune_cannot_handle_its_reports(world: World) -> None:
    report = file_report(world)
    others = (world.member, world.leader, world.member_b, world.outsider, officer_b(world))
    with unchanged(*REPORTS):
        for actor in others:
            with pytest.raises(NotFound):
                services.report_set_status(actor=actor, report=report, status=Status.RECEIVED)
            with pytest.raises(NotFound):
                services.report_note(actor=actor, report=report, text="x")
    services.report_set_status(actor=world.province_officer, report=report, status="received")
    assert ReportEvent.objects.filter(report=report, kind=EventKind.NOTE).count() == 0


def test_a_report_is_assigned_only_to_an_officer_of_its_commune(world: World) -> None:
    report = file_report(world)
    officers = services.officers_for(report)
    assert set(officers) == {world.commune_officer, world.province_officer}
    with unchanged(*REPORTS), pytest.raises(DomainError) as wrong:
        services.report_assign(actor=world.commune_officer, report=report, assignee=world.member)
    assert wrong.value.code == FeedbackError.ASSIGNEE_UNKNOWN
    services.report_assign(actor=world.commune_officer, report=report, assignee=None)


def test_a_duplicate_points_to_its_original(world: World) -> None:
    first = file_report(world)
    second = file_report(world)
    third = file_report(world)
    officer = world.commune_officer
    second = services.report_mark_duplicate(
        actor=officer, report=second, original_code=format_code(first.code)
    )
    assert second.status == Status.DUPLICATE
    assert second.duplicate_of == first
    assert format_code(first.code) in second.events.last().text  # type: ignore[union-attr]
    # Marking a duplicate of a duplicate points to the original.
    third = services.report_mark_duplicate(actor=officer, report=third, original_code=second.code)
    assert third.duplicate_of == first
    elsewhere = file_report(world, place=world.code(world.village_b1))
    with unchanged(*REPORTS):
        with pytest.raises(DomainError):
            services.report_mark_duplicate(actor=officer, report=first, original_code=first.code)
        with pytest.raises(DomainError):
            services.report_mark_duplicate(
                actor=officer, report=first, original_code=elsewhere.code
            )
    reopened = services.report_set_status(actor=officer, report=second, status="in_progress")
    assert reopened.duplicate_of is None


def test_reveal_shows_the_contact_once_and_writes_the_audit_log(world: World) -> None:
    report = file_report(world, name="Lò Văn Xuân", phone="0912345678")
    with pytest.raises(DomainError):
        services.report_reveal(actor=world.commune_officer, report=report, reason=" ")
    with pytest.raises(NotFound):
        services.report_reveal(actor=world.member, report=report, reason="gọi lại")
    assert not AuditEntry.objects.exists()
    contact = services.report_reveal(
        actor=world.commune_officer, report=report, reason="Gọi lại hỏi vị trí"
    )
    assert contact == services.Contact(name="Lò Văn Xuân", phone="+84912345678")
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.REVEAL_CONTACT
    assert entry.detail == {"fields": ["name", "phone"]}
    assert entry.object_id == report.code
    assert entry.actor_id == world.commune_officer.pk
    named_only = file_report(world, name="Quàng Thị Hoa")
    services.report_reveal(actor=world.commune_officer, report=named_only, reason="Hỏi thêm")
    assert AuditEntry.objects.get(object_id=named_only.code).detail == {"fields": ["name"]}
    anonymous = file_report(world)
    with unchanged(*REPORTS), pytest.raises(DomainError) as nothing:
        services.report_reveal(actor=world.commune_officer, report=anonymous, reason="x")
    assert nothing.value.code == FeedbackError.NOTHING_TO_SHOW


def test_an_open311_point_without_a_place_waits_for_the_province_to_route_it(
    world: World,
) -> None:
    report = file_report(world, place="", channel=Channel.OPEN311, latitude=LAT, longitude=LON)
    assert report.commune is None
    assert report.province == world.province
    assert report.place == "Tỉnh Sơn La"
    with unchanged(*REPORTS), pytest.raises(NotFound):
        services.report_route(actor=world.commune_officer, report=report, place_code="03721")
    routed = services.report_route(
        actor=world.province_officer, report=report, place_code=world.code(world.village_a2)
    )
    assert routed.commune == world.commune_a
    assert routed.village == world.village_a2
    assert access.may_handle_report(world.commune_officer, routed)
    with unchanged(*REPORTS), pytest.raises(Conflict):
        services.report_route(actor=world.province_officer, report=routed, place_code="03727")


def test_an_open311_address_naming_a_village_finds_it(world: World) -> None:
    report = file_report(
        world,
        place="",
        channel=Channel.OPEN311,
        address_string="Bản Búng, Xa Muong E, Son La",
    )
    assert report.village == world.village_b1
    assert report.commune == world.commune_b
    vague = file_report(
        world, place="", channel=Channel.OPEN311, address_string="gần chợ trung tâm"
    )
    assert vague.commune is None
    assert vague.address_string == "gần chợ trung tâm"


def test_an_open311_request_needs_some_location(world: World) -> None:
    with unchanged(*REPORTS):
        with pytest.raises(DomainError) as nowhere:
            file_report(world, place="", channel=Channel.OPEN311)
        assert nowhere.value.code == FeedbackError.PLACE_REQUIRED
        with pytest.raises(NotFound):
            file_report(
                world,
                place="",
                channel=Channel.OPEN311,
                latitude=LAT,
                longitude=LON,
                jurisdiction="99",
            )


def test_a_published_description_can_be_withdrawn(world: World) -> None:
    report = file_report(world, description_public=True)
    hidden = services.report_hide_description(actor=world.commune_officer, report=report)
    assert not hidden.description_public


def test_a_report_cannot_be_dated_in_the_future(world: World) -> None:
    with unchanged(*REPORTS), pytest.raises(DomainError):
        file_report(world, made_at=timezone.now() + timedelta(days=1))


def test_an_officer_enters_a_paper_petition_only_for_their_own_communes(world: World) -> None:
    made = aware(2026, 3, 2, 8, 0)
    report = file_report(
        world, place="03721", channel=Channel.OFFICER, made_at=made, actor=world.commune_officer
    )
    assert report.made_at == made
    with unchanged(*REPORTS), pytest.raises(DomainError):
        file_report(
            world,
            place=world.code(world.village_b1),
            channel=Channel.OFFICER,
            actor=world.commune_officer,
        )


def test_open311_keys_are_stored_as_digests(world: World) -> None:
    key, raw = services.open311_key_create(name="Ứng dụng thử")
    assert raw.startswith("o311_")
    assert key.digest != raw and raw not in key.digest
    assert services.open311_key_use(raw) == key
    assert services.open311_key_use(raw + "x") is None
    assert services.open311_key_use("") is None
    with unchanged(Open311Key), pytest.raises(DomainError):
        services.open311_key_create(name="  ")


def test_description_of_the_default_report_is_kept_as_written(world: World) -> None:
    assert file_report(world).description == DESCRIPTION
