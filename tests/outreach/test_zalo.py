"""The Zalo adapter (OA messages, ZNS, the token and its refresh) against the local fake of
Zalo's documented endpoints."""

import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from langso.core.vault import vault
from langso.outreach.channels import registry
from langso.outreach.channels.base import Message, Outcome
from langso.outreach.channels.zalo import (
    SEALED_AS,
    Tokens,
    ZaloConfig,
    ZaloOfficialAccount,
    zns_phone,
)
from langso.outreach.errors import DeliveryError
from langso.outreach.models import ZaloToken
from tests.outreach.fakes import (
    ZALO_APP_ID,
    ZALO_APP_SECRET,
    ZNS_TEMPLATE_ID,
    FakeProviders,
)

pytestmark = pytest.mark.django_db

FOLLOWER = "8046213987455612340"
TO_FOLLOWER = Message(
    to="+84912345678",
    text="Làng Số: họp thôn 19 giờ",
    reference="51",
    title="Họp thôn",
    extra={"zalo_user_id": FOLLOWER},
)
TO_PHONE = Message(
    to="+84912345678",
    text="Cảnh báo lừa đảo mới",
    reference="52",
    title="Cảnh báo",
    link="https://langso.example.vn/a/Xy12",
)


@pytest.fixture
def fake() -> Iterator[FakeProviders]:
    with FakeProviders(seed=3) as providers:
        providers.followers.add(FOLLOWER)
        yield providers


def config(fake: FakeProviders, access: str, refresh: str, **more: str) -> ZaloConfig:
    values = {
        "api_base": fake.base,
        "zns_base": fake.base,
        "oauth_base": fake.base,
        "access_token": access,
        "refresh_token": refresh,
        "app_id": ZALO_APP_ID,
        "app_secret": ZALO_APP_SECRET,
        "template_id": ZNS_TEMPLATE_ID,
        **more,
    }
    return ZaloConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
def zalo(fake: FakeProviders) -> ZaloOfficialAccount:
    access, refresh = fake.issue_tokens()
    return ZaloOfficialAccount(config(fake, access, refresh))


def stored() -> tuple[str, str]:
    row = ZaloToken.objects.get(pk=1)
    return (
        vault().open(SEALED_AS, bytes(row.access_token_sealed)),
        vault().open(SEALED_AS, bytes(row.refresh_token_sealed)),
    )


def test_a_follower_gets_an_oa_message_and_the_tokens_are_seeded_sealed(
    fake: FakeProviders, zalo: ZaloOfficialAccount
) -> None:
    result = zalo.send(TO_FOLLOWER)
    assert (result.outcome, result.provider_id) == (Outcome.ACCEPTED, "oa-1")
    assert fake.oa_messages == [{"user_id": FOLLOWER, "text": "Làng Số: họp thôn 19 giờ"}]
    row = ZaloToken.objects.get(pk=1)
    assert zalo.config.access_token.encode() not in bytes(row.access_token_sealed)
    assert stored() == (zalo.config.access_token, zalo.config.refresh_token)


def test_anyone_else_gets_a_zns_template_message_with_the_delivery_as_tracking_id(
    fake: FakeProviders, zalo: ZaloOfficialAccount
) -> None:
    result = zalo.send(TO_PHONE)
    assert (result.outcome, result.provider_id) == (Outcome.ACCEPTED, "zns-1")
    assert fake.zns_messages == [
        {
            "phone": "84912345678",
            "template_id": ZNS_TEMPLATE_ID,
            "template_data": {
                "title": "Cảnh báo",
                "text": "Cảnh báo lừa đảo mới",
                "link": "https://langso.example.vn/a/Xy12",
            },
            "tracking_id": "52",
        }
    ]


def test_a_zns_message_sent_again_with_its_tracking_id_is_not_a_second_message(
    fake: FakeProviders, zalo: ZaloOfficialAccount
) -> None:
    assert zalo.send(TO_PHONE).provider_id == zalo.send(TO_PHONE).provider_id
    assert len(fake.zns_messages) == 1


def test_zns_takes_vietnamese_numbers_without_the_plus() -> None:
    assert zns_phone("+84912345678") == "84912345678"
    assert zns_phone("+84241234567") == "84241234567"
    assert zns_phone("+14155550100") is None
    assert zns_phone("0912345678") is None


def test_a_foreign_number_or_no_address_is_refused_without_calling_zalo(
    fake: FakeProviders, zalo: ZaloOfficialAccount
) -> None:
    foreign = zalo.send(Message(to="+14155550100", text="x", reference="1"))
    assert (foreign.outcome, foreign.error_code) == (Outcome.REFUSED, DeliveryError.REFUSED)
    nobody = zalo.send(Message(to="", text="x", reference="2"))
    assert (nobody.outcome, nobody.error_code) == (Outcome.REFUSED, DeliveryError.NO_ADDRESS)
    assert fake.zns_messages == []


def test_without_a_template_only_followers_can_be_reached(fake: FakeProviders) -> None:
    access, refresh = fake.issue_tokens()
    zalo = ZaloOfficialAccount(config(fake, access, refresh, template_id=""))
    result = zalo.send(TO_PHONE)
    assert (result.outcome, result.error_code) == (Outcome.REFUSED, DeliveryError.NOT_CONNECTED)
    assert zalo.send(TO_FOLLOWER).outcome == Outcome.ACCEPTED


def test_someone_who_does_not_follow_the_oa_is_refused_as_not_follower(
    zalo: ZaloOfficialAccount,
) -> None:
    stranger = Message(to="", text="x", reference="9", extra={"zalo_user_id": "123"})
    result = zalo.send(stranger)
    assert (result.outcome, result.error_code) == (Outcome.REFUSED, DeliveryError.NOT_FOLLOWER)


@pytest.mark.parametrize(
    ("code", "outcome", "error_code"),
    [
        (-230, Outcome.REFUSED, DeliveryError.NOT_FOLLOWER),
        (-32, Outcome.RETRY, DeliveryError.GATEWAY_BUSY),
        (-144, Outcome.RETRY, DeliveryError.GATEWAY_BUSY),
        (-108, Outcome.REFUSED, DeliveryError.REFUSED),
        (-109, Outcome.REFUSED, DeliveryError.REFUSED),
        (-118, Outcome.REFUSED, DeliveryError.REFUSED),
        (-999, Outcome.RETRY, DeliveryError.GATEWAY_FAILED),
    ],
)
def test_zalos_documented_errors_are_mapped(
    fake: FakeProviders, zalo: ZaloOfficialAccount, code: int, outcome: Outcome, error_code: str
) -> None:
    fake.zalo_force.append(code)
    result = zalo.send(TO_PHONE)
    assert (result.outcome, result.error_code) == (outcome, error_code)
    assert str(code) in result.error


def test_a_bad_template_parameter_set_is_refused(fake: FakeProviders) -> None:
    access, refresh = fake.issue_tokens()
    zalo = ZaloOfficialAccount(config(fake, access, refresh, template_id="999"))
    result = zalo.send(TO_PHONE)
    assert (result.outcome, result.error_code) == (Outcome.REFUSED, DeliveryError.REFUSED)


def test_an_expired_access_token_is_refreshed_and_the_new_refresh_token_stored_sealed(
    fake: FakeProviders, zalo: ZaloOfficialAccount
) -> None:
    old_access, old_refresh = zalo.config.access_token, zalo.config.refresh_token
    assert zalo.send(TO_FOLLOWER).outcome == Outcome.ACCEPTED
    fake.expire(old_access)
    result = zalo.send(TO_PHONE)
    assert result.outcome == Outcome.ACCEPTED
    assert fake.refreshes == 1
    new_access, new_refresh = stored()
    assert (new_access, new_refresh) != (old_access, old_refresh)
    assert new_refresh in fake.refresh_tokens
    # Zalo's refresh tokens work once: the old one is refused from now on.
    assert old_refresh not in fake.refresh_tokens
    row = ZaloToken.objects.get(pk=1)
    assert new_refresh.encode() not in bytes(row.refresh_token_sealed)
    assert row.expires_at > timezone.now() + timedelta(hours=24)


def test_a_token_near_its_end_is_renewed_before_sending(
    fake: FakeProviders, zalo: ZaloOfficialAccount
) -> None:
    zalo.send(TO_FOLLOWER)
    ZaloToken.objects.update(expires_at=timezone.now() + timedelta(minutes=1))
    zalo._tokens = None
    assert zalo.send(TO_FOLLOWER).outcome == Outcome.ACCEPTED
    assert fake.refreshes == 1


def test_a_refresh_token_alone_fetches_an_access_token_at_the_first_message(
    fake: FakeProviders,
) -> None:
    _, refresh = fake.issue_tokens()
    zalo = ZaloOfficialAccount(config(fake, "", refresh))
    assert zalo.send(TO_FOLLOWER).outcome == Outcome.ACCEPTED
    assert fake.refreshes == 1
    assert stored()[1] != refresh


def test_a_refused_refresh_is_token_invalid_and_not_asked_again_at_once(
    fake: FakeProviders,
) -> None:
    access, refresh = fake.issue_tokens()
    fake.refresh_tokens.discard(refresh)
    zalo = ZaloOfficialAccount(config(fake, access, refresh))
    fake.expire(access)
    first = zalo.send(TO_FOLLOWER)
    assert (first.outcome, first.error_code) == (Outcome.RETRY, DeliveryError.TOKEN_INVALID)
    assert "-14014" in first.error
    second = zalo.send(TO_FOLLOWER)
    assert second.error_code == DeliveryError.TOKEN_INVALID
    assert "waiting" in second.error
    assert fake.oa_messages == []


def test_two_processes_refreshing_at_once_keep_a_working_pair(fake: FakeProviders) -> None:
    access, refresh = fake.issue_tokens()
    first = ZaloOfficialAccount(config(fake, access, refresh))
    second = ZaloOfficialAccount(config(fake, access, refresh))
    assert first.send(TO_FOLLOWER).outcome == second.send(TO_FOLLOWER).outcome == "accepted"
    fake.expire(access)
    # The first refreshes; the second still holds the old pair in memory and meets the
    # expired token: it must take the stored pair, not spend the used refresh token.
    assert first.send(TO_FOLLOWER).outcome == Outcome.ACCEPTED
    assert second.send(TO_FOLLOWER).outcome == Outcome.ACCEPTED
    assert fake.refreshes == 1
    assert stored()[1] in fake.refresh_tokens


def test_a_refresh_lost_to_another_process_adopts_the_stored_pair(fake: FakeProviders) -> None:
    access, refresh = fake.issue_tokens()
    zalo = ZaloOfficialAccount(config(fake, access, refresh))
    zalo.send(TO_FOLLOWER)
    fake.expire(access)
    # Another process spent the refresh token and stored its pair between this one's read of
    # the row and its own refresh: Zalo refuses the spent token, and the stored pair is used.
    tokens = zalo._tokens
    assert tokens is not None
    other = ZaloOfficialAccount(config(fake, access, refresh))
    other.send(TO_FOLLOWER)
    assert fake.refreshes == 1
    renewed = zalo._refresh(tokens)
    assert isinstance(renewed, Tokens)
    assert renewed.access == stored()[0]
    assert fake.refreshes == 1


def test_an_unreachable_zalo_is_tried_again_later(zalo: ZaloOfficialAccount) -> None:
    zalo.send(TO_FOLLOWER)
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    nowhere = f"http://127.0.0.1:{port}"
    unreachable = ZaloOfficialAccount(
        replace(zalo.config, api_base=nowhere, zns_base=nowhere, oauth_base=nowhere)
    )
    result = unreachable.send(TO_FOLLOWER)
    assert (result.outcome, result.error_code) == (Outcome.RETRY, DeliveryError.UNREACHABLE)


def test_the_zalo_bases_must_be_https_or_on_the_loopback() -> None:
    with pytest.raises(ValueError, match="https"):
        ZaloOfficialAccount(ZaloConfig(api_base="http://openapi.zalo.me"))


def test_registry_says_zalo_is_not_connected_without_its_configuration() -> None:
    registry.reset()
    with override_settings(LANGSO_ZALO_APP_ID="", LANGSO_ZALO_OA_ACCESS_TOKEN=""):
        assert registry.adapter("zalo") is None
        assert registry.connected()["zalo"] is False


def test_registry_builds_the_zalo_adapter_from_the_settings(fake: FakeProviders) -> None:
    registry.reset()
    access, refresh = fake.issue_tokens()
    with override_settings(
        LANGSO_ZALO_API_BASE=fake.base,
        LANGSO_ZALO_ZNS_BASE=fake.base,
        LANGSO_ZALO_OAUTH_BASE=fake.base,
        LANGSO_ZALO_OA_ACCESS_TOKEN=access,
        LANGSO_ZALO_OA_REFRESH_TOKEN=refresh,
        LANGSO_ZALO_APP_ID=ZALO_APP_ID,
        LANGSO_ZALO_APP_SECRET=ZALO_APP_SECRET,
        LANGSO_ZALO_ZNS_TEMPLATE_ID=ZNS_TEMPLATE_ID,
    ):
        zalo = registry.adapter("zalo")
        assert isinstance(zalo, ZaloOfficialAccount)
        assert zalo.rate == 10.0
        assert registry.connected()["zalo"] is True
        assert zalo.send(TO_PHONE).outcome == Outcome.ACCEPTED
    registry.reset()
