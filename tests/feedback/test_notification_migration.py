"""The migrations that move messages to reporters into outreach's deliveries and remove the
old outbox, run on a database that has some (and back again); and the older one that gave old
failures their code, run on the outbox as it was then."""

import importlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from langso.core.vault import vault
from langso.feedback.models import Report
from langso.outreach.models import Delivery, DeliveryStatus
from tests.feedback.helpers import file_report
from tests.roles import World

coding = importlib.import_module("langso.feedback.migrations.0005_notification_error_code")

BEFORE = [("feedback", "0005_notification_error_code")]
AFTER = [("feedback", "0007_notification_removed")]
MADE = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)
SENT = datetime(2026, 3, 1, 20, 31, tzinfo=UTC)


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to ``targets``; returns the apps of that state (historical models)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before(transactional_db: None, world: World, categories_back: None) -> Iterator[Any]:
    """The database as it was while messages were notifications; migrated forward again
    afterwards."""
    try:
        yield migrate(BEFORE)
    finally:
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())


def notification(apps: Any, report: Report, **fields: Any) -> Any:
    model = apps.get_model("feedback", "Notification")
    made = model.objects.create(
        report_id=report.pk,
        phone_sealed=vault().seal("phone", "+84912345678"),
        phone_masked="*******678",
        text=f"Làng Số: phản ánh {report.code}",
        **fields,
    )
    model.objects.filter(pk=made.pk).update(created_at=MADE)
    return made


def test_every_notification_becomes_a_delivery_with_its_state_and_history(
    before: Any, world: World
) -> None:
    report = file_report(world)
    other = file_report(world)
    waiting = notification(before, report, status="pending", attempts=2, claimed_at=MADE)
    notification(before, report, status="kept", channel="outbox", delivered_at=SENT)
    sent = notification(
        before,
        other,
        status="sent",
        channel="zalo",
        attempts=1,
        gateway_id="gw-7",
        delivered_at=SENT,
    )
    notification(
        before,
        other,
        status="failed",
        channel="sms",
        attempts=1,
        error_code="DELIVERY_REFUSED",
        error="HTTP 422",
    )

    migrate(AFTER)

    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "feedback_notification" not in tables
    rows = list(Delivery.objects.order_by("id"))
    assert len(rows) == 4
    assert {r.source for r in rows} == {"feedback"}
    assert {r.channel for r in rows} == {"sms"}
    assert [r.source_ref for r in rows] == [str(report.pk)] * 2 + [str(other.pk)] * 2
    assert [r.status for r in rows] == [
        DeliveryStatus.QUEUED,
        DeliveryStatus.KEPT,
        DeliveryStatus.SENT,
        DeliveryStatus.FAILED,
    ]
    assert [r.attempts for r in rows] == [2, 0, 1, 1]
    assert [r.provider_id for r in rows] == ["", "", "gw-7", ""]
    assert [(r.error_code, r.error) for r in rows] == [("", "")] * 3 + [
        ("DELIVERY_REFUSED", "HTTP 422")
    ]
    assert [r.sent_at for r in rows] == [None, None, SENT, None]
    assert {r.created_at for r in rows} == {MADE}
    assert all(r.urgent for r in rows)
    assert all(r.address_masked == "*******678" for r in rows)
    assert {vault().open("phone", bytes(r.address_sealed or b"")) for r in rows} == {"+84912345678"}
    assert rows[0].text == waiting.text and rows[2].text == sent.text
    # The one still waiting is due at once and held by no worker.
    assert (rows[0].claimed_at, rows[0].claim) == (None, "")
    assert rows[0].next_attempt_at <= MADE

    # Going back (to run the code before this change) puts the notifications back.
    back = migrate(BEFORE)
    old = list(back.get_model("feedback", "Notification").objects.order_by("id"))
    assert [(n.report_id, n.status, n.attempts, n.gateway_id, n.error_code) for n in old] == [
        (report.pk, "pending", 2, "", ""),
        (report.pk, "kept", 0, "", ""),
        (other.pk, "sent", 1, "gw-7", ""),
        (other.pk, "failed", 1, "", "DELIVERY_REFUSED"),
    ]
    assert {n.created_at for n in old} == {MADE}
    assert [n.delivered_at for n in old] == [None, None, SENT, None]
    assert vault().open("phone", bytes(old[0].phone_sealed)) == "+84912345678"
    assert not Delivery.objects.filter(source="feedback").exists()


def test_a_database_without_notifications_migrates_to_no_deliveries(before: Any) -> None:
    migrate(AFTER)
    assert not Delivery.objects.exists()


def test_the_older_migration_codes_old_failures_and_leaves_the_rest(
    before: Any, world: World
) -> None:
    report = file_report(world)
    failed = notification(before, report, error="HTTP 503")
    sent = notification(before, report)
    coded = notification(before, report, error="HTTP 503", error_code="DELIVERY_REFUSED")
    coding.code_old_errors(before, None)
    model = before.get_model("feedback", "Notification")
    assert dict(model.objects.values_list("pk", "error_code")) == {
        failed.pk: "DELIVERY_GATEWAY_FAILED",
        sent.pk: "",
        coded.pk: "DELIVERY_REFUSED",
    }
