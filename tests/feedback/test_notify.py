"""Messages to reporters: the outbox, and the gateway adapter against a fake HTTP gateway that
checks the contract (no real network: the fake listens on the loopback)."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from langso.feedback import notify, services
from langso.feedback.errors import DeliveryError
from langso.feedback.models import DeliveryStatus, Notification, Status
from langso.feedback.notify import HttpGatewayNotifier, Message, OutboxNotifier
from tests.feedback.helpers import file_report
from tests.roles import World

pytestmark = pytest.mark.django_db
TOKEN = "gateway-secret"


class FakeGateway(BaseHTTPRequestHandler):
    """Answers like the contract says; remembers what it received. ``mode`` picks the answer."""

    received: list[dict[str, Any]] = []
    mode = "ok"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.received.append(
            {
                "path": self.path,
                "headers": dict(self.headers),
                "body": json.loads(body.decode("utf-8")),
            }
        )
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._answer(401, {"error": "unauthorized"})
        elif self.mode == "ok":
            self._answer(202, {"id": f"gw-{len(self.received)}"})
        elif self.mode == "bad-number":
            self._answer(422, {"error": "invalid number"})
        elif self.mode == "down":
            self._answer(503, {"error": "maintenance"})
        elif self.mode == "busy":
            self._answer(429, {"error": "slow down"})
        elif self.mode == "no-id":
            self._answer(202, {"accepted": True})
        else:
            self._answer(200, None, raw=b"<html>oops</html>")

    def _answer(self, status: int, payload: Any, raw: bytes | None = None) -> None:
        data = raw if raw is not None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def gateway() -> Iterator[str]:
    FakeGateway.received = []
    FakeGateway.mode = "ok"
    server = HTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1/messages"
    server.shutdown()
    server.server_close()


MESSAGE = Message(to="+84912345678", text="Làng Số: báo cáo ABCD-2345", reference="fb-1")


def test_the_adapter_posts_the_contracts_json_with_its_token(gateway: str) -> None:
    delivery = HttpGatewayNotifier(gateway, TOKEN, "zalo").send(MESSAGE)
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.gateway_id == "gw-1"
    (call,) = FakeGateway.received
    assert call["path"] == "/v1/messages"
    assert call["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert call["headers"]["Idempotency-Key"] == "fb-1"
    assert call["body"] == {
        "to": "+84912345678",
        "text": "Làng Số: báo cáo ABCD-2345",
        "channel": "zalo",
        "reference": "fb-1",
    }


@pytest.mark.parametrize(
    ("mode", "retry", "code"),
    [
        ("bad-number", False, DeliveryError.REFUSED),
        ("down", True, DeliveryError.GATEWAY_FAILED),
        ("busy", True, DeliveryError.GATEWAY_BUSY),
        ("garbage", True, DeliveryError.ANSWER_UNREADABLE),
        ("no-id", True, DeliveryError.ANSWER_WITHOUT_ID),
    ],
)
def test_the_adapter_reports_failures_with_a_code_and_whether_to_retry(
    gateway: str, mode: str, retry: bool, code: DeliveryError
) -> None:
    FakeGateway.mode = mode
    delivery = HttpGatewayNotifier(gateway, TOKEN).send(MESSAGE)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.retry is retry
    assert delivery.error_code == code


def test_a_wrong_token_is_a_failure_not_a_success(gateway: str) -> None:
    delivery = HttpGatewayNotifier(gateway, "wrong").send(MESSAGE)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.retry is False
    assert (delivery.error_code, delivery.error) == (DeliveryError.REFUSED, "HTTP 401")


def test_an_unreachable_gateway_is_retried_later() -> None:
    delivery = HttpGatewayNotifier("http://127.0.0.1:9/x", TOKEN, timeout=2).send(MESSAGE)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.retry is True
    assert delivery.error_code == DeliveryError.UNREACHABLE


def test_the_adapter_refuses_plain_http_to_another_host() -> None:
    with pytest.raises(ValueError):
        HttpGatewayNotifier("http://gateway.example.vn/send", TOKEN)
    with pytest.raises(ValueError):
        HttpGatewayNotifier("https://gateway.example.vn/send", TOKEN, channel="fax")
    HttpGatewayNotifier("https://gateway.example.vn/send", TOKEN)


def test_the_outbox_notifier_keeps_messages_for_officers() -> None:
    assert OutboxNotifier().send(MESSAGE).status == DeliveryStatus.KEPT
    assert isinstance(notify.notifier(), OutboxNotifier)


def test_status_changes_reach_the_gateway_when_one_is_configured(
    world: World, gateway: str, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.LANGSO_FEEDBACK_GATEWAY_URL = gateway
    settings.LANGSO_FEEDBACK_GATEWAY_TOKEN = TOKEN
    with django_capture_on_commit_callbacks(execute=True):
        report = file_report(world, phone="0912 345 678", wants_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_set_status(
            actor=world.commune_officer, report=report, status=Status.RECEIVED
        )
    sent = list(Notification.objects.order_by("id"))
    assert [n.status for n in sent] == [DeliveryStatus.SENT, DeliveryStatus.SENT]
    assert [n.channel for n in sent] == ["sms", "sms"]
    assert [c["body"]["to"] for c in FakeGateway.received] == ["+84912345678"] * 2
    assert all(n.phone_masked == "*******678" for n in sent)


def test_a_failed_message_waits_and_is_delivered_once_by_the_command(
    world: World, gateway: str, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.management import call_command

    settings.LANGSO_FEEDBACK_GATEWAY_URL = gateway
    settings.LANGSO_FEEDBACK_GATEWAY_TOKEN = TOKEN
    FakeGateway.mode = "down"
    with django_capture_on_commit_callbacks(execute=True):
        file_report(world, phone="0912345678", wants_updates=True)
    waiting = Notification.objects.get()
    assert waiting.status == DeliveryStatus.PENDING
    assert waiting.attempts == 1
    assert (waiting.error_code, waiting.error) == (DeliveryError.GATEWAY_FAILED, "HTTP 503")
    FakeGateway.mode = "ok"
    call_command("deliver_feedback_messages")
    call_command("deliver_feedback_messages")
    done = Notification.objects.get()
    assert done.status == DeliveryStatus.SENT
    assert done.attempts == 2
    assert (done.error_code, done.error) == ("", "")
    assert len(FakeGateway.received) == 2


def test_no_message_is_written_for_a_reporter_who_did_not_ask(world: World) -> None:
    report = file_report(world, phone="0912345678")
    services.report_set_status(actor=world.commune_officer, report=report, status="received")
    assert not Notification.objects.exists()
