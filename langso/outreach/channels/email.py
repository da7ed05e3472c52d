"""Email through Django's email backends (SMTP in production, in memory in the tests).

The ``Message-ID`` header is made from the delivery's id (``<outreach.<id>@<domain>>``), so a
message sent again after a worker died carries the same id, and mail servers and clients that
drop duplicates recognise it. The connection to the SMTP server stays open between messages
and is opened again after a failure; one instance sends one message at a time.

SMTP answers: a 4xx is the server's passing trouble (tried again later); a 5xx refusal of the
recipient or of the message is for good; a refused login or a lost connection is tried again
(the first waits for whoever runs the server to fix the password).
"""

import smtplib
import threading
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from langso.outreach.channels.base import Message, Result, accepted, refused, retry
from langso.outreach.errors import DeliveryError


def message_id(reference: str) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "langso.invalid"
    return f"<outreach.{reference}@{domain}>"


class EmailChannel:
    name = "email"

    def __init__(self, *, rate: float = 10.0) -> None:
        self.rate = rate
        self._connection: Any = None
        self._lock = threading.Lock()

    def send(self, message: Message) -> Result:
        if "@" not in message.to:
            return refused(DeliveryError.NO_ADDRESS, "no email address")
        body = f"{message.text}\n\n{message.link}" if message.link else message.text
        mid = message_id(message.reference)
        with self._lock:
            if self._connection is None:
                self._connection = get_connection(fail_silently=False)
            email = EmailMessage(
                subject=message.title or message.text[:60],
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.to],
                headers={"Message-ID": mid},
                connection=self._connection,
            )
            try:
                # Opened here, the backend leaves the connection open after sending.
                self._connection.open()
                sent = email.send()
            except smtplib.SMTPRecipientsRefused as exc:
                self._reset()
                codes = [code for code, _ in exc.recipients.values()]
                detail = f"recipient refused: {codes}"
                if codes and all(code >= 500 for code in codes):
                    return refused(DeliveryError.REFUSED, detail)
                return retry(DeliveryError.GATEWAY_BUSY, detail)
            except smtplib.SMTPAuthenticationError as exc:
                self._reset()
                return retry(DeliveryError.GATEWAY_FAILED, f"SMTP login refused: {exc.smtp_code}")
            except smtplib.SMTPResponseException as exc:
                self._reset()
                detail = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"
                if exc.smtp_code >= 500:
                    return refused(DeliveryError.REFUSED, detail)
                return retry(DeliveryError.GATEWAY_BUSY, detail)
            except (smtplib.SMTPException, OSError) as exc:
                self._reset()
                return retry(DeliveryError.UNREACHABLE, f"{type(exc).__name__}: {exc}")
        if not sent:
            return retry(DeliveryError.GATEWAY_FAILED, "the mail backend sent nothing")
        return accepted(mid)

    def close(self) -> None:
        with self._lock:
            self._reset()

    def _reset(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except (smtplib.SMTPException, OSError):
                return
