"""Local stand-ins for the providers the channels talk to, for the tests and the bench.

``FakeProviders`` is one threaded HTTP/1.1 server on the loopback (keep-alive, so the adapters'
persistent connections are exercised) that answers as each provider documents:

- the SMS gateway contract (``POST /sms``): a bearer token, ``Idempotency-Key`` de-duplication
  (a repeated key gets the first answer's id and is not counted again), and injected faults:
  ``sms_fail_rate`` (answers 503), ``sms_timeout_after_accept_rate`` (records the message, then
  answers only after the client gave up), ``sms_refused`` (numbers answered 422);
- Zalo's Official Account API (``POST /v3.0/oa/message/cs``), ZNS (``POST /message/template``)
  and OAuth (``POST /v4/oa/access_token``): access tokens that expire, refresh tokens that work
  once (each refresh hands out a new pair and the old refresh token stops working), errors as
  HTTP 200 with ``{"error": <negative code>, "message": ...}``, and ZNS ``tracking_id``
  de-duplication.

Random faults come from a seeded generator, so a run can be repeated. No pytest here: the bench
imports this module too.
"""

import json
import random
import secrets
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

SMS_TOKEN = "gateway-secret"
ZALO_APP_ID = "4291763606161179100"
ZALO_APP_SECRET = "fake-app-secret"
ZNS_TEMPLATE_ID = "501443"
ZNS_TEMPLATE_PARAMS = ("title", "text", "link")

# Zalo's documented error codes the fake answers with.
ZALO_TOKEN_INVALID = -216  # OA API: access token invalid or expired
ZNS_TOKEN_INVALID = -124  # ZNS: access token invalid
ZALO_NOT_FOLLOWER = -213  # OA API: the user does not follow the OA
ZNS_PHONE_INVALID = -108
ZNS_TEMPLATE_INVALID = -109
ZNS_TEMPLATE_DATA_INVALID = -112
ZNS_NO_ZALO_ACCOUNT = -118
OAUTH_REFRESH_INVALID = -14014
OAUTH_APP_INVALID = -14002

ZALO_MESSAGES = {
    ZALO_TOKEN_INVALID: "Access token is invalid",
    ZNS_TOKEN_INVALID: "Access token is invalid",
    ZALO_NOT_FOLLOWER: "User has not followed OA",
    ZNS_PHONE_INVALID: "Phone number is invalid",
    ZNS_TEMPLATE_INVALID: "Template id is invalid",
    ZNS_TEMPLATE_DATA_INVALID: "Template data is invalid",
    ZNS_NO_ZALO_ACCOUNT: "Zalo account does not exist",
    -32: "Exceeded the limit of requests per minute",
    -144: "OA has exceeded its daily ZNS quota",
    -230: "User has not interacted with the OA in the past 7 days",
}


class FakeProviders:
    def __init__(self, *, seed: int = 0, token_lifetime: int = 90_000) -> None:
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.connections = 0
        # The SMS gateway.
        self.sms_token = SMS_TOKEN
        self.sms_fail_rate = 0.0
        self.sms_timeout_after_accept_rate = 0.0
        self.sms_hang_seconds = 2.0
        self.sms_refused: set[str] = set()
        self.sms_requests = 0
        self.sms_ids: dict[str, str] = {}
        self.sms_accepted: Counter[str] = Counter()
        self.sms_per_recipient: Counter[str] = Counter()
        self.sms_messages: list[dict[str, Any]] = []
        self.sms_headers: list[dict[str, str]] = []
        # Zalo.
        self.token_lifetime = token_lifetime
        self.access_tokens: dict[str, float] = {}
        self.refresh_tokens: set[str] = set()
        self.refreshes = 0
        self.followers: set[str] = set()
        self.zalo_phones_without_account: set[str] = set()
        self.zalo_force: list[int] = []
        self.oa_messages: list[dict[str, Any]] = []
        self.zns_ids: dict[str, str] = {}
        self.zns_messages: list[dict[str, Any]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        # A short poll lets ``stop`` return at once (the tests start a fake each).
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # Life.

    def start(self) -> "FakeProviders":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "FakeProviders":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    @property
    def sms_url(self) -> str:
        return self.base + "/sms"

    # Zalo's tokens, as the OA's administrator would obtain them.

    def issue_tokens(self) -> tuple[str, str]:
        """A fresh (access token, refresh token) pair, as the OA's authorisation gives one."""
        with self.lock:
            return self._issue()

    def expire(self, access_token: str) -> None:
        with self.lock:
            self.access_tokens[access_token] = 0.0

    def _issue(self) -> tuple[str, str]:
        access, refresh = "at-" + secrets.token_hex(8), "rt-" + secrets.token_hex(8)
        self.access_tokens[access] = time.monotonic() + self.token_lifetime
        self.refresh_tokens.add(refresh)
        return access, refresh

    def _valid(self, access_token: str) -> bool:
        return self.access_tokens.get(access_token, 0.0) > time.monotonic()

    # The endpoints. Each returns (status, JSON payload, seconds to wait before answering).

    def sms(self, headers: dict[str, str], body: bytes) -> tuple[int, Any, float]:
        with self.lock:
            self.sms_requests += 1
            self.sms_headers.append(headers)
            if headers.get("authorization") != f"Bearer {self.sms_token}":
                return 401, {"error": "unauthorized"}, 0
            try:
                payload = json.loads(body)
                to, key = str(payload["to"]), headers["idempotency-key"]
            except (ValueError, KeyError, TypeError):
                return 400, {"error": "bad request"}, 0
            if key in self.sms_ids:
                return 200, {"id": self.sms_ids[key], "duplicate": True}, 0
            if self.random.random() < self.sms_fail_rate:
                return 503, {"error": "maintenance"}, 0
            if to in self.sms_refused:
                return 422, {"error": "invalid number"}, 0
            self.sms_ids[key] = f"sms-{len(self.sms_ids) + 1}"
            self.sms_accepted[key] += 1
            self.sms_per_recipient[to] += 1
            self.sms_messages.append(payload)
            hang = self.random.random() < self.sms_timeout_after_accept_rate
            return 202, {"id": self.sms_ids[key]}, self.sms_hang_seconds if hang else 0

    def oauth(self, headers: dict[str, str], body: bytes) -> tuple[int, Any, float]:
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        with self.lock:
            if form.get("app_id") != ZALO_APP_ID or headers.get("secret_key") != ZALO_APP_SECRET:
                return 200, _oauth_error(OAUTH_APP_INVALID, "Invalid app_id or secret key"), 0
            token = form.get("refresh_token", "")
            if form.get("grant_type") != "refresh_token" or token not in self.refresh_tokens:
                return 200, _oauth_error(OAUTH_REFRESH_INVALID, "Invalid refresh token"), 0
            # A refresh token works once: the answer carries its successor.
            self.refresh_tokens.discard(token)
            self.refreshes += 1
            access, refresh = self._issue()
            payload = {
                "access_token": access,
                "refresh_token": refresh,
                "expires_in": str(self.token_lifetime),
            }
            return 200, payload, 0

    def oa_message(self, headers: dict[str, str], body: bytes) -> tuple[int, Any, float]:
        with self.lock:
            if not self._valid(headers.get("access_token", "")):
                return 200, _zalo_error(ZALO_TOKEN_INVALID), 0
            if self.zalo_force:
                return 200, _zalo_error(self.zalo_force.pop(0)), 0
            try:
                payload = json.loads(body)
                user_id, text = payload["recipient"]["user_id"], payload["message"]["text"]
            except (ValueError, KeyError, TypeError):
                return 200, _zalo_error(-201, "Parameters are invalid"), 0
            if user_id not in self.followers:
                return 200, _zalo_error(ZALO_NOT_FOLLOWER), 0
            self.oa_messages.append({"user_id": user_id, "text": text})
            message_id = f"oa-{len(self.oa_messages)}"
            return 200, {"error": 0, "message": "Success", "data": {"message_id": message_id}}, 0

    def zns(self, headers: dict[str, str], body: bytes) -> tuple[int, Any, float]:
        with self.lock:
            if not self._valid(headers.get("access_token", "")):
                return 200, _zalo_error(ZNS_TOKEN_INVALID), 0
            if self.zalo_force:
                return 200, _zalo_error(self.zalo_force.pop(0)), 0
            try:
                payload = json.loads(body)
                phone, template, data = (
                    str(payload["phone"]),
                    str(payload["template_id"]),
                    payload["template_data"],
                )
                tracking = str(payload.get("tracking_id", ""))
            except (ValueError, KeyError, TypeError):
                return 200, _zalo_error(-121, "Body data is empty or invalid"), 0
            if tracking and tracking in self.zns_ids:
                return 200, _zns_sent(self.zns_ids[tracking]), 0
            if not (phone.startswith("84") and phone.isdigit() and 11 <= len(phone) <= 12):
                return 200, _zalo_error(ZNS_PHONE_INVALID), 0
            if template != ZNS_TEMPLATE_ID:
                return 200, _zalo_error(ZNS_TEMPLATE_INVALID), 0
            if not isinstance(data, dict) or set(data) != set(ZNS_TEMPLATE_PARAMS):
                return 200, _zalo_error(ZNS_TEMPLATE_DATA_INVALID), 0
            if phone in self.zalo_phones_without_account:
                return 200, _zalo_error(ZNS_NO_ZALO_ACCOUNT), 0
            self.zns_messages.append(payload)
            msg_id = f"zns-{len(self.zns_messages)}"
            if tracking:
                self.zns_ids[tracking] = msg_id
            return 200, _zns_sent(msg_id), 0


def _zalo_error(code: int, message: str = "") -> dict[str, Any]:
    return {"error": code, "message": message or ZALO_MESSAGES.get(code, "Error")}


def _oauth_error(code: int, name: str) -> dict[str, Any]:
    return {"error": code, "error_name": name, "error_description": name}


def _zns_sent(msg_id: str) -> dict[str, Any]:
    return {
        "error": 0,
        "message": "Success",
        "data": {"msg_id": msg_id, "sent_time": str(int(time.time() * 1000))},
    }


def _handler(fake: FakeProviders) -> type[BaseHTTPRequestHandler]:
    routes = {
        "/sms": fake.sms,
        "/v4/oa/access_token": fake.oauth,
        "/v3.0/oa/message/cs": fake.oa_message,
        "/message/template": fake.zns,
    }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # An idle kept-alive connection is closed after this long, ending its thread.
        timeout = 30
        # The answer leaves in one segment: written in two, the second would wait for the
        # client's delayed acknowledgement (Nagle), 40 ms on every request of a connection.
        disable_nagle_algorithm = True
        wbufsize = -1

        def setup(self) -> None:
            super().setup()
            with fake.lock:
                fake.connections += 1

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            route = routes.get(self.path.split("?", 1)[0])
            if route is None:
                self._answer(404, {"error": "not found"})
                return
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, payload, wait = route(headers, body)
            if wait:
                time.sleep(wait)
            self._answer(status, payload)

        def do_GET(self) -> None:
            """``/stats``: what the gateway received, for a bench that runs it in a process of
            its own (so that the fake's work is not counted as the engine's)."""
            if self.path != "/stats":
                self._answer(404, {"error": "not found"})
                return
            with fake.lock:
                stats = {
                    "requests": fake.sms_requests,
                    "accepted": sum(fake.sms_accepted.values()),
                    "keys": len(fake.sms_accepted),
                    "recipients": len(fake.sms_per_recipient),
                    "most_per_recipient": max(fake.sms_per_recipient.values(), default=0),
                    "connections": fake.connections,
                }
            self._answer(200, stats)

        def _answer(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except OSError:
                # The client gave up waiting (the time-out after accepting): nothing to do.
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


def main() -> None:
    """Serve the fakes in a process of their own: prints the base address, then serves until
    stdin closes (``python -m tests.outreach.fakes``)."""
    import sys

    with FakeProviders(seed=1) as fake:
        print(fake.base, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
