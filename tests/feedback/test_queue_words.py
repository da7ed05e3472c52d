"""The commune's queue reads like the citizen's side of it: the tracking code as the citizen was
given it (``8QYR-U3G2``), the day the report was received, and the first words of what it says."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from langso.core.dates import format_date
from langso.feedback import services
from langso.feedback.codes import format_code
from tests.feedback.helpers import file_report
from tests.roles import World

pytestmark = pytest.mark.django_db

LONG = (
    "Đèn đường trước nhà văn hóa bản Hua Nà bị hỏng từ tuần trước, buổi tối trẻ con đi học về "
    "rất tối và nguy hiểm, đề nghị xã cho người sửa sớm giúp bà con"
)


def test_the_queue_shows_codes_as_citizens_got_them_the_day_received_and_a_summary(
    fixture_day: object, world: World
) -> None:
    # On the fixture clock (10:00 in Vietnam): an hour back is the same day as the village's
    # creation, whatever the real hour (just after midnight it was the day before).
    made = timezone.now() - timedelta(hours=1)
    report = file_report(world, description=LONG, made_at=made)
    world.commune_officer.full_name = "Cầm Văn Quyết"
    world.commune_officer.save(update_fields=["full_name"])
    services.report_assign(
        actor=world.commune_officer, report=report, assignee=world.commune_officer
    )
    text = world.client(world.commune_officer).get(reverse("feedback:queue")).content.decode()
    shown = format_code(report.code)
    assert len(shown) == 9 and shown[4] == "-"
    assert f">{shown}</a>" in text
    assert f">{report.code}</a>" not in text
    assert f"nhận ngày {format_date(timezone.localdate(made))}" in text
    # The first twelve words, then an ellipsis: enough to tell reports apart at a glance.
    assert "Đèn đường trước nhà văn hóa bản Hua Nà bị hỏng từ …" in text
    assert "giúp bà con" not in text
    # The officer it is assigned to, by name rather than login, when the account has one.
    assert "Cầm Văn Quyết" in text
    assert world.commune_officer.get_username() not in text


def test_the_code_filter_takes_the_code_as_the_citizen_reads_it_out(world: World) -> None:
    report = file_report(world)
    other = file_report(world, description="Cống thoát nước bản Hua Nà bị tắc")
    client = world.client(world.commune_officer)
    text = client.get(reverse("feedback:queue"), {"code": format_code(report.code)}).content
    page = text.decode()
    assert f">{format_code(report.code)}</a>" in page
    assert f">{format_code(other.code)}</a>" not in page


def test_the_outbox_shows_codes_numbers_channels_and_statuses_in_words(world: World) -> None:
    report = file_report(world, phone="0912345678", wants_updates=True)
    client = world.client(world.commune_officer)
    client.post(reverse("feedback:status", args=[report.code]), {"status": "received"})
    page = client.get(reverse("feedback:outbox")).content.decode()
    assert f">{format_code(report.code)}</a>" in page
    assert "**** *** 678" in page
    # No gateway is connected: both messages are kept, for the SMS channel.
    assert page.count("<td>tin nhắn SMS</td>") == 2
    assert page.count("lưu tại hộp thư đi của hệ thống") == 2
    assert ">sms<" not in page and ">kept<" not in page
