"""The SMS gateway adapter against the local fake of the gateway contract."""

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import override_settings

from langso.outreach.channels import registry
from langso.outreach.channels.base import Message, Outcome
from langso.outreach.channels.sms import SmsGateway
from langso.outreach.errors import DeliveryError
from tests.outreach.fakes import SMS_TOKEN, FakeProviders

MESSAGE = Message(to="+84912345678", text="Làng Số: họp thôn 19 giờ", reference="41")


@pytest.fixture
def fake() -> Iterator[FakeProviders]:
    with FakeProviders(seed=7) as providers:
        yield providers


@pytest.fixture(autouse=True)
def _fresh_registry() -> Iterator[None]:
    registry.reset()
    yield
    registry.reset()


def test_an_accepted_message_carries_the_contracts_json_and_idempotency_key(
    fake: FakeProviders,
) -> None:
    result = SmsGateway(fake.sms_url, SMS_TOKEN).send(MESSAGE)
    assert result.outcome == Outcome.ACCEPTED
    assert result.provider_id == "sms-1"
    (headers,) = fake.sms_headers
    assert headers["idempotency-key"] == "41"
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert fake.sms_messages == [
        {
            "to": "+84912345678",
            "text": "Làng Số: họp thôn 19 giờ",
            "channel": "sms",
            "reference": "41",
        }
    ]


def test_the_same_reference_sent_twice_reaches_the_recipient_once(fake: FakeProviders) -> None:
    gateway = SmsGateway(fake.sms_url, SMS_TOKEN)
    first, second = gateway.send(MESSAGE), gateway.send(MESSAGE)
    assert first.provider_id == second.provider_id == "sms-1"
    assert fake.sms_requests == 2
    assert fake.sms_per_recipient["+84912345678"] == 1


def test_many_messages_share_one_kept_alive_connection(fake: FakeProviders) -> None:
    gateway = SmsGateway(fake.sms_url, SMS_TOKEN)
    for n in range(20):
        to = f"+8491234{n:04d}"
        assert gateway.send(Message(to=to, text="x", reference=str(n))).outcome == "accepted"
    assert fake.connections == 1


def test_a_connection_closed_by_the_server_is_opened_again(fake: FakeProviders) -> None:
    gateway = SmsGateway(fake.sms_url, SMS_TOKEN)
    gateway.send(MESSAGE)
    # The server ends idle connections; the next message must not be lost to that.
    for connection in gateway._transport._connections.values():
        assert connection.sock is not None
        connection.sock.shutdown(socket.SHUT_RDWR)
    result = gateway.send(Message(to="+84912345679", text="x", reference="42"))
    assert result.outcome == Outcome.ACCEPTED
    assert fake.connections == 2


def test_a_refused_number_is_refused_for_good(fake: FakeProviders) -> None:
    fake.sms_refused.add("+84912345678")
    result = SmsGateway(fake.sms_url, SMS_TOKEN).send(MESSAGE)
    assert (result.outcome, result.error_code) == (Outcome.REFUSED, DeliveryError.REFUSED)
    assert result.error == "HTTP 422"


def test_a_wrong_token_is_refused_not_accepted(fake: FakeProviders) -> None:
    result = SmsGateway(fake.sms_url, "wrong").send(MESSAGE)
    assert result.outcome == Outcome.REFUSED


def test_a_gateway_fault_is_tried_again_later(fake: FakeProviders) -> None:
    fake.sms_fail_rate = 1.0
    result = SmsGateway(fake.sms_url, SMS_TOKEN).send(MESSAGE)
    assert (result.outcome, result.error_code) == (Outcome.RETRY, DeliveryError.GATEWAY_FAILED)
    assert fake.sms_per_recipient["+84912345678"] == 0


def test_a_time_out_after_accepting_is_retried_and_the_retry_is_not_a_second_message(
    fake: FakeProviders,
) -> None:
    fake.sms_timeout_after_accept_rate = 1.0
    fake.sms_hang_seconds = 1.0
    gateway = SmsGateway(fake.sms_url, SMS_TOKEN, timeout=0.2)
    first = gateway.send(MESSAGE)
    assert (first.outcome, first.error_code) == (Outcome.RETRY, DeliveryError.UNREACHABLE)
    fake.sms_timeout_after_accept_rate = 0.0
    second = gateway.send(MESSAGE)
    assert second.outcome == Outcome.ACCEPTED
    assert fake.sms_per_recipient["+84912345678"] == 1
    assert fake.sms_accepted["41"] == 1


def test_an_unreachable_gateway_is_tried_again_later() -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    result = SmsGateway(f"http://127.0.0.1:{port}/sms", SMS_TOKEN, timeout=1).send(MESSAGE)
    assert (result.outcome, result.error_code) == (Outcome.RETRY, DeliveryError.UNREACHABLE)


class _Odd(BaseHTTPRequestHandler):
    """A gateway that answers what ``answer`` says, whatever it is asked."""

    protocol_version = "HTTP/1.1"
    answer: tuple[int, bytes] = (200, b"{}")

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, data = self.answer
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def odd() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Odd)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sms"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("status", "data", "outcome", "code"),
    [
        (200, b"<html>oops</html>", Outcome.RETRY, DeliveryError.ANSWER_UNREADABLE),
        (200, b"\xff\xfe", Outcome.RETRY, DeliveryError.ANSWER_UNREADABLE),
        (
            202,
            json.dumps({"accepted": True}).encode(),
            Outcome.RETRY,
            DeliveryError.ANSWER_WITHOUT_ID,
        ),
        (202, json.dumps([1, 2]).encode(), Outcome.RETRY, DeliveryError.ANSWER_WITHOUT_ID),
        (202, json.dumps({"id": ""}).encode(), Outcome.RETRY, DeliveryError.ANSWER_WITHOUT_ID),
        (202, json.dumps({"id": 17}).encode(), Outcome.ACCEPTED, ""),
        (429, b"{}", Outcome.RETRY, DeliveryError.GATEWAY_BUSY),
        (500, b"", Outcome.RETRY, DeliveryError.GATEWAY_FAILED),
        (400, b"", Outcome.REFUSED, DeliveryError.REFUSED),
    ],
)
def test_odd_answers_are_read_as_the_contract_says(
    odd: str, status: int, data: bytes, outcome: Outcome, code: str
) -> None:
    _Odd.answer = (status, data)
    result = SmsGateway(odd, SMS_TOKEN).send(MESSAGE)
    assert (result.outcome, result.error_code) == (outcome, code)


@pytest.mark.parametrize("url", ["http://gateway.example.vn/sms", "ftp://127.0.0.1/sms"])
def test_the_gateway_must_be_https_or_on_the_loopback(url: str) -> None:
    with pytest.raises(ValueError, match="https"):
        SmsGateway(url, SMS_TOKEN)


def test_registry_says_sms_is_not_connected_without_a_gateway() -> None:
    with override_settings(LANGSO_SMS_GATEWAY_URL="", LANGSO_FEEDBACK_GATEWAY_URL=""):
        assert registry.adapter("sms") is None
        assert registry.connected()["sms"] is False
        assert registry.connected()["app"] is True


def test_registry_refuses_a_plain_http_gateway_off_the_loopback() -> None:
    with override_settings(LANGSO_SMS_GATEWAY_URL="http://gateway.example.vn/sms"):
        assert registry.adapter("sms") is None


def test_registry_builds_the_gateway_from_the_settings_or_the_feedback_aliases(
    fake: FakeProviders,
) -> None:
    with override_settings(
        LANGSO_SMS_GATEWAY_URL=fake.sms_url, LANGSO_SMS_GATEWAY_TOKEN=SMS_TOKEN, LANGSO_SMS_RATE="5"
    ):
        sms = registry.adapter("sms")
        assert isinstance(sms, SmsGateway)
        assert sms.rate == 5.0
        assert registry.adapter("sms") is sms
        assert sms.send(MESSAGE).outcome == Outcome.ACCEPTED
    with override_settings(
        LANGSO_SMS_GATEWAY_URL="",
        LANGSO_FEEDBACK_GATEWAY_URL=fake.sms_url,
        LANGSO_FEEDBACK_GATEWAY_TOKEN=SMS_TOKEN,
    ):
        alias = registry.adapter("sms")
        assert isinstance(alias, SmsGateway)
        assert alias.rate == 20.0
        assert registry.connected()["sms"] is True
