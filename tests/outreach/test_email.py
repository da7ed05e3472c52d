"""The email adapter through Django's mail backends: the in-memory one, and a backend that
answers as an SMTP server would when it refuses."""

import smtplib
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from langso.outreach.channels import registry
from langso.outreach.channels.base import Message, Outcome
from langso.outreach.channels.email import EmailChannel, message_id
from langso.outreach.errors import DeliveryError

MESSAGE = Message(
    to="lo.thi.xuan@example.vn",
    text="Họp thôn lúc 19 giờ tối nay.",
    reference="61",
    title="Họp thôn",
    link="https://langso.example.vn/a/Xy12",
)


class Refusing(BaseEmailBackend):
    """Raises ``failure`` when sending, as Django's SMTP backend passes smtplib's errors on."""

    failure: ClassVar[Exception | None] = None
    opened: ClassVar[int] = 0

    def open(self) -> bool:
        type(self).opened += 1
        return True

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if self.failure is not None:
            raise self.failure
        return len(email_messages)


@pytest.fixture
def refusing() -> Iterator[type[Refusing]]:
    Refusing.failure, Refusing.opened = None, 0
    with override_settings(EMAIL_BACKEND="tests.outreach.test_email.Refusing"):
        yield Refusing


@override_settings(DEFAULT_FROM_EMAIL="Làng Số <thong-bao@langso.example.vn>")
def test_an_email_goes_out_with_a_message_id_made_from_the_delivery() -> None:
    result = EmailChannel().send(MESSAGE)
    assert result.outcome == Outcome.ACCEPTED
    assert result.provider_id == "<outreach.61@langso.example.vn>"
    (sent,) = mail.outbox
    assert sent.to == ["lo.thi.xuan@example.vn"]
    assert sent.subject == "Họp thôn"
    assert sent.from_email == "Làng Số <thong-bao@langso.example.vn>"
    assert sent.extra_headers["Message-ID"] == "<outreach.61@langso.example.vn>"
    assert sent.body == "Họp thôn lúc 19 giờ tối nay.\n\nhttps://langso.example.vn/a/Xy12"
    assert "Message-ID: <outreach.61@langso.example.vn>" in sent.message().as_string()


def test_a_resent_delivery_carries_the_same_message_id() -> None:
    channel = EmailChannel()
    channel.send(MESSAGE)
    channel.send(MESSAGE)
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 1
    assert message_id("61") == mail.outbox[0].extra_headers["Message-ID"]


def test_without_an_address_nothing_is_sent() -> None:
    result = EmailChannel().send(Message(to="+84912345678", text="x", reference="1"))
    assert (result.outcome, result.error_code) == (Outcome.REFUSED, DeliveryError.NO_ADDRESS)
    assert mail.outbox == []


def test_the_connection_is_opened_once_for_many_messages(refusing: type[Refusing]) -> None:
    channel = EmailChannel()
    for n in range(5):
        channel.send(Message(to=f"a{n}@example.vn", text="x", reference=str(n)))
    assert refusing.opened == 5  # open() is asked each time; the backend keeps one connection
    assert channel._connection is not None


@pytest.mark.parametrize(
    ("failure", "outcome", "code"),
    [
        (
            smtplib.SMTPRecipientsRefused({MESSAGE.to: (550, b"5.1.1 no such user")}),
            Outcome.REFUSED,
            DeliveryError.REFUSED,
        ),
        (
            smtplib.SMTPRecipientsRefused({MESSAGE.to: (450, b"4.2.1 mailbox busy")}),
            Outcome.RETRY,
            DeliveryError.GATEWAY_BUSY,
        ),
        (
            smtplib.SMTPDataError(554, b"5.7.1 rejected as spam"),
            Outcome.REFUSED,
            DeliveryError.REFUSED,
        ),
        (smtplib.SMTPDataError(451, b"4.3.0 try later"), Outcome.RETRY, DeliveryError.GATEWAY_BUSY),
        (
            smtplib.SMTPSenderRefused(421, b"4.7.0 too many", "no-reply@localhost"),
            Outcome.RETRY,
            DeliveryError.GATEWAY_BUSY,
        ),
        (
            smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials"),
            Outcome.RETRY,
            DeliveryError.GATEWAY_FAILED,
        ),
        (smtplib.SMTPServerDisconnected("gone"), Outcome.RETRY, DeliveryError.UNREACHABLE),
        (ConnectionRefusedError(111, "refused"), Outcome.RETRY, DeliveryError.UNREACHABLE),
        (TimeoutError("timed out"), Outcome.RETRY, DeliveryError.UNREACHABLE),
    ],
)
def test_smtp_answers_are_retried_when_passing_and_refused_when_permanent(
    refusing: type[Refusing], failure: Exception, outcome: Outcome, code: str
) -> None:
    refusing.failure = failure
    channel = EmailChannel()
    result = channel.send(MESSAGE)
    assert (result.outcome, result.error_code) == (outcome, code)
    # After a failure the next message starts on a fresh connection.
    assert channel._connection is None


def test_registry_connects_email_with_the_in_memory_backend_or_a_host() -> None:
    registry.reset()
    assert isinstance(registry.adapter("email"), EmailChannel)
    smtp: dict[str, Any] = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
    with override_settings(**smtp, LANGSO_EMAIL_HOST=""):
        assert registry.adapter("email") is None
        assert registry.connected()["email"] is False
    with override_settings(**smtp, LANGSO_EMAIL_HOST="smtp.example.vn"):
        assert isinstance(registry.adapter("email"), EmailChannel)
    registry.reset()
