"""The Official Account's webhook: signed events keep followers' numbers; anything else is
answered at once without a server error."""

import json
from typing import Any

import pytest
from django.test import Client, override_settings

from langso.core.vault import vault
from langso.outreach.models import ZaloFollower
from langso.outreach.zalo_webhook import signature
from tests.outreach.fakes import ZALO_APP_ID

pytestmark = pytest.mark.django_db

URL = "/outreach/zalo/webhook"
OA_SECRET = "oa-secret-key"
USER = "8046213987455612340"


@pytest.fixture(autouse=True)
def _configured() -> Any:
    with override_settings(LANGSO_ZALO_APP_ID=ZALO_APP_ID, LANGSO_ZALO_OA_SECRET_KEY=OA_SECRET):
        yield


def event(name: str, **fields: Any) -> dict[str, Any]:
    return {
        "app_id": ZALO_APP_ID,
        "oa_id": "579745863508352884",
        "event_name": name,
        "timestamp": "1767225600000",
        **fields,
    }


def post(payload: Any, *, signed: bool = True, raw: bytes | None = None, mac: str = "") -> int:
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {}
    if signed:
        timestamp = str(payload.get("timestamp", "")) if isinstance(payload, dict) else ""
        headers["X-ZEvent-Signature"] = mac or "mac=" + signature(
            ZALO_APP_ID, body, timestamp, OA_SECRET
        )
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, body, content_type="application/json", headers=headers)
    return response.status_code


def submit_info(phone: str, user: str = USER) -> dict[str, Any]:
    return event(
        "user_submit_info",
        sender={"id": user},
        recipient={"id": "579745863508352884"},
        info={"name": "Lò Thị Xuân", "phone": phone, "address": "Bản Mé"},
    )


def test_a_follower_sharing_their_number_is_kept_by_its_blind_index() -> None:
    assert post(submit_info("84912345678")) == 200
    follower = ZaloFollower.objects.get()
    assert follower.phone_index == vault().index("phone", "+84912345678")
    assert (follower.zalo_user_id, follower.following) == (USER, True)


def test_sharing_again_updates_the_same_follower() -> None:
    post(submit_info("0912 345 678"))
    post(submit_info("+84912345678", user="111"))
    assert ZaloFollower.objects.get().zalo_user_id == "111"


def test_unfollow_and_follow_are_recorded() -> None:
    post(submit_info("84912345678"))
    assert post(event("unfollow", follower={"id": USER})) == 200
    assert ZaloFollower.objects.get().following is False
    assert post(event("follow", follower={"id": USER})) == 200
    assert ZaloFollower.objects.get().following is True


def test_a_follow_by_someone_unknown_keeps_nothing() -> None:
    assert post(event("follow", follower={"id": "999"})) == 200
    assert not ZaloFollower.objects.exists()


def test_the_signature_may_come_without_its_prefix() -> None:
    payload = submit_info("84912345678")
    body = json.dumps(payload).encode()
    bare = signature(ZALO_APP_ID, body, payload["timestamp"], OA_SECRET)
    assert post(payload, raw=body, mac=bare) == 200
    assert ZaloFollower.objects.exists()


@pytest.mark.parametrize("mac", ["", "mac=" + "0" * 64, "mac=nonsense"])
def test_a_wrong_or_missing_signature_is_refused_and_changes_nothing(mac: str) -> None:
    status = post(submit_info("84912345678"), signed=bool(mac), mac=mac)
    assert status == 403
    assert not ZaloFollower.objects.exists()


def test_without_the_oa_secret_no_event_is_trusted() -> None:
    with override_settings(LANGSO_ZALO_OA_SECRET_KEY=""):
        assert post(submit_info("84912345678")) == 403
    assert not ZaloFollower.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        event("user_submit_info", sender={"id": USER}, info={"phone": "not a number"}),
        event("user_submit_info", sender={"id": USER}, info="84912345678"),
        event("user_submit_info", sender="x", info={"phone": "84912345678"}),
        event("user_submit_info", sender={"id": ["x"]}, info={"phone": 84912345678}),
        event("follow", follower=None),
        event("user_send_text", sender={"id": USER}, message={"text": "xin chào"}),
        {"timestamp": 5},
    ],
)
def test_signed_events_that_cannot_be_used_are_answered_200(payload: dict[str, Any]) -> None:
    assert post(payload) == 200
    assert not ZaloFollower.objects.exists()


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b"\xff\xfe", b"null"])
def test_garbage_is_answered_without_a_server_error(raw: bytes) -> None:
    assert post(None, signed=False, raw=raw) == 400


def test_only_post_is_accepted() -> None:
    assert Client().get(URL).status_code == 405
