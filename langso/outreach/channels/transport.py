"""HTTP for the channels' adapters: persistent connections, one request at a time.

An announcement to 100,000 residents is 100,000 requests in a row to the same gateway; opening a
TCP (and TLS) connection for each costs more than the request. ``Transport`` keeps one HTTP/1.1
connection per host open between requests and opens a new one when the server closed it.

A ``Transport`` serves one request at a time: ``request`` holds a lock for the whole exchange, so
threads sharing an adapter take turns rather than interleaving bytes on one socket. A worker
that wants parallel requests gives each thread its own adapter.
"""

import http.client
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# Answers bigger than this are not a gateway's acknowledgement; reading stops there.
MAX_ANSWER = 64_000


def check_url(url: str, what: str) -> None:
    """A provider's URL must be https; plain http only reaches a bridge on this machine."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not (
        parts.scheme == "http" and (parts.hostname or "") in LOOPBACK
    ):
        raise ValueError(f"the {what} URL must be https (or http on the loopback)")


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


class Transport:
    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._connections: dict[tuple[str, str, int | None], http.client.HTTPConnection] = {}
        self._lock = threading.Lock()
        self._tls = ssl.create_default_context()

    def request(self, method: str, url: str, body: bytes, headers: dict[str, str]) -> Answer:
        """Send one request and read its answer. Raises ``OSError`` (time-outs included) or
        ``http.client.HTTPException`` when no complete answer came back.

        A connection kept open since the previous request may have been closed by the server
        in the meantime; that shows as a failure before any answer, and the request is then
        sent once more on a fresh connection. Sending twice is safe where the request carries
        the delivery's idempotency key (the SMS gateway, ZNS); Zalo's OA message API has none,
        and a message there is doubled only if the server read it and then dropped the
        connection without answering. A time-out is not sent again: the server may still be
        working on it, and the engine tries later.
        """
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "", parts.port)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        with self._lock:
            reused = key in self._connections
            try:
                return self._exchange(key, method, target, body, headers)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._drop(key)
                if not reused:
                    raise
            except (OSError, http.client.HTTPException):
                self._drop(key)
                raise
            try:
                return self._exchange(key, method, target, body, headers)
            except (OSError, http.client.HTTPException):
                self._drop(key)
                raise

    def close(self) -> None:
        with self._lock:
            for key in list(self._connections):
                self._drop(key)

    def _exchange(
        self,
        key: tuple[str, str, int | None],
        method: str,
        target: str,
        body: bytes,
        headers: dict[str, str],
    ) -> Answer:
        connection = self._connections.get(key)
        if connection is None:
            connection = self._open(key)
            self._connections[key] = connection
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read(MAX_ANSWER)
        # The connection can carry the next request only once this answer was read whole.
        if response.will_close or not response.isclosed():
            self._drop(key)
        return Answer(response.status, data)

    def _open(self, key: tuple[str, str, int | None]) -> http.client.HTTPConnection:
        scheme, host, port = key
        if scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self._tls)
        return http.client.HTTPConnection(host, port, timeout=self.timeout)

    def _drop(self, key: tuple[str, str, int | None]) -> None:
        connection = self._connections.pop(key, None)
        if connection is not None:
            connection.close()
