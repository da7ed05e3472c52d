"""The announcements API: compose with the reach per channel, send, cancel, the deliveries'
counts and rows, the SMS gateway's replies, and bad input answered with codes."""

import json
from typing import Any

import pytest
from django.test import Client

from langso.outreach import delivery
from langso.outreach.models import Delivery, OptOut
from tests.outreach.test_delivery import Gateway
from tests.outreach.town import Town

pytestmark = pytest.mark.usefixtures("sms_connected")


def body(town: Town, **changes: Any) -> dict[str, Any]:
    world = town.world
    data: dict[str, Any] = {
        "title": "Cảnh báo lừa đảo",
        "text": "Chào {ten}, không chuyển tiền cho người lạ.",
        "audience": {
            "units": [world.code(world.village_a1)],
            "teams": "members",
            "residents": {"all": True},
        },
        "channels": ["app", "sms"],
        "urgent": True,
    }
    data.update(changes)
    return data


def post(client: Client, path: str, data: object = None) -> Any:
    return client.post(f"/api/v1{path}", json.dumps(data or {}), content_type="application/json")


def test_compose_send_and_read_the_deliveries(town: Town) -> None:
    client = town.world.client(town.world.commune_officer)
    created = post(client, "/announcements", body(town))
    assert created.status_code == 201, created.content
    answer = created.json()
    assert answer["status"] == "draft"
    assert answer["status_name"] == "bản nháp"
    assert answer["reach"] == {"app": 2, "sms": 5}
    sent = post(client, f"/announcements/{answer['id']}/send")
    assert sent.status_code == 200
    assert sent.json()["status"] == "sending"
    delivery.drain("sms", adapter=Gateway(answer=_refuse_pao(town)))
    counts = client.get(f"/api/v1/announcements/{answer['id']}/deliveries").json()
    assert counts == {
        "counts": {"app": {"sent": 2}, "sms": {"sent": 4, "failed": 1}},
        "total": None,
        "rows": None,
    }
    failed = client.get(f"/api/v1/announcements/{answer['id']}/deliveries?status=failed").json()
    assert failed["total"] == 1
    (row,) = failed["rows"]
    assert row["error_code"] == "DELIVERY_REFUSED"
    assert row["to"] == town.pao.phone_masked
    assert row["unit"] == "Bản Hua Nà"
    assert "+84" not in json.dumps(failed)
    again = post(client, f"/announcements/{answer['id']}/send")
    assert again.status_code == 400
    assert again.json()["code"] == "OUTREACH_ALREADY_SENT"


def _refuse_pao(town: Town) -> object:
    def answer(message: object, n: int) -> object:
        from langso.outreach.channels.base import refused

        row = Delivery.objects.get(pk=int(message.reference))  # type: ignore[attr-defined]
        return refused("DELIVERY_REFUSED", "HTTP 400") if row.resident_id == town.pao.pk else None

    return answer


def test_reach_without_composing(town: Town) -> None:
    client = town.world.client(town.world.commune_officer)
    answer = post(
        client,
        "/announcements/reach",
        {"audience": body(town)["audience"], "channels": ["sms", "zalo"]},
    )
    assert answer.status_code == 200
    assert answer.json()["reach"] == {"sms": 5, "zalo": 0}
    assert answer.json()["connected"]["zalo"] is False


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"title": ""}, 400, "OUTREACH_TITLE_REQUIRED"),
        ({"text": "x" * 2001}, 400, "OUTREACH_TEXT_TOO_LONG"),
        ({"channels": ["fax"]}, 422, None),
        ({"channels": ["zalo"]}, 400, "OUTREACH_CHANNEL_NOT_CONNECTED"),
        ({"audience": {"units": ["99999"], "teams": "members"}}, 404, "UNIT_NOT_FOUND"),
        ({"audience": {"units": ["\x00"], "teams": "members"}}, 404, "UNIT_NOT_FOUND"),
        ({"send_at": "2020-01-01T00:00:00+07:00"}, 400, "OUTREACH_SEND_AT_PAST"),
        ({"link": {"kind": "guide", "ref": "khong-co"}}, 400, "OUTREACH_LINK_UNKNOWN"),
        ({"audience": {"units": ["x"] * 201}}, 422, None),
    ],
)
def test_bad_announcements_get_a_code(
    town: Town, changes: dict[str, Any], status: int, code: str | None
) -> None:
    client = town.world.client(town.world.commune_officer)
    answer = post(client, "/announcements", body(town, **changes))
    assert answer.status_code == status, answer.content
    if code:
        assert answer.json()["code"] == code


def test_deliveries_refuse_an_unknown_status(town: Town) -> None:
    client = town.world.client(town.world.commune_officer)
    created = post(client, "/announcements", body(town)).json()
    answer = client.get(f"/api/v1/announcements/{created['id']}/deliveries?status=lost")
    assert answer.status_code == 400
    assert answer.json()["code"] == "OUTREACH_STATUS_UNKNOWN"


def test_an_officer_of_another_commune_and_a_member_get_404(town: Town) -> None:
    world = town.world
    created = post(world.client(world.commune_officer), "/announcements", body(town)).json()
    for user in (world.member_b, world.member, world.leader):
        client = world.client(user)
        for path in ("", "/deliveries"):
            assert client.get(f"/api/v1/announcements/{created['id']}{path}").status_code == 404
        for action in ("send", "cancel"):
            assert post(client, f"/announcements/{created['id']}/{action}").status_code == 404
    assert world.client(world.member).get("/api/v1/announcements").status_code == 404


def test_gateway_replies_opt_out_with_the_gateway_token(town: Town) -> None:
    from langso.core.vault import vault

    phone = vault().open("phone", bytes(town.xuan.phone_sealed))  # type: ignore[arg-type]
    anonymous = Client()
    reply = {"from": phone, "text": "TU CHOI"}
    refused = anonymous.post(
        "/api/v1/outreach/sms/inbound", json.dumps(reply), content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "OUTREACH_INBOUND_REFUSED"
    assert not OptOut.objects.exists()
    answer = anonymous.post(
        "/api/v1/outreach/sms/inbound",
        json.dumps(reply),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer test-token",
    )
    assert answer.status_code == 200
    assert answer.json() == {"opted_out": True}
    assert OptOut.objects.count() == 1
