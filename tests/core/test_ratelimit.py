"""The one rate limiter: database counters per limit, hashed key and fixed window."""

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.utils import translation

from langso.core import ratelimit
from langso.core.errors import CoreError
from langso.core.models import RateCounter
from langso.core.ratelimit import Limit, RateLimited

LIMIT = Limit("test-10m", 3, 600)
# 10:07:30 UTC: the ten-minute window began at 10:00 and ends in 150 seconds.
MOMENT = datetime(2026, 3, 2, 10, 7, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _vietnamese() -> Iterator[None]:
    """Messages are checked in Vietnamese, whatever language an earlier test left active."""
    with translation.override("vi"):
        yield


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.mark.django_db
def test_uses_are_counted_and_the_one_past_the_limit_is_refused(clock: object) -> None:
    counts = [ratelimit.enforce(LIMIT, "203.0.113.7").count for _ in range(3)]

    with pytest.raises(RateLimited) as refused:
        ratelimit.enforce(LIMIT, "203.0.113.7")

    assert counts == [1, 2, 3]
    assert refused.value.status == 429
    assert refused.value.code == CoreError.RATE_LIMITED
    assert refused.value.retry_after == 150
    assert refused.value.details == {"retry_after_seconds": 150}
    assert "3 phút" in str(refused.value.message)
    assert ratelimit.enforce(LIMIT, "203.0.113.8").count == 1


@pytest.mark.django_db
def test_the_count_starts_again_when_the_window_ends(
    clock: time_machine.Traveller,
) -> None:
    for _ in range(4):
        ratelimit.hit(LIMIT, "203.0.113.7")
    clock.move_to(MOMENT + timedelta(seconds=149))
    assert ratelimit.hit(LIMIT, "203.0.113.7").over

    clock.move_to(MOMENT + timedelta(seconds=150))

    usage = ratelimit.enforce(LIMIT, "203.0.113.7")
    assert usage.count == 1
    assert usage.retry_after == 600


@pytest.mark.django_db
def test_an_amount_counts_as_many_uses(clock: object) -> None:
    megapixels = Limit("test-mp", 100, 3600)

    assert ratelimit.hit(megapixels, "203.0.113.7", amount=60).count == 60
    assert ratelimit.hit(megapixels, "203.0.113.7", amount=40).count == 100
    with pytest.raises(RateLimited):
        ratelimit.enforce(megapixels, "203.0.113.7", amount=1)


@pytest.mark.django_db
def test_a_custom_message_says_how_long_to_wait(clock: object) -> None:
    for _ in range(3):
        ratelimit.hit(LIMIT, "0912345678")

    with pytest.raises(RateLimited) as refused:
        ratelimit.enforce(LIMIT, "0912345678", message="Số này gửi quá nhiều; chờ %(wait)s.")

    assert refused.value.message == "Số này gửi quá nhiều; chờ 3 phút."


@pytest.mark.django_db
def test_the_table_holds_no_address_or_phone_number(clock: object) -> None:
    ratelimit.hit(LIMIT, "203.0.113.7")
    ratelimit.hit(LIMIT, "0912345678", "2001:db8::/64")

    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert len(keys) == 2
    for key in keys:
        for secret in ("203.0.113", "0912345678", "2001:db8"):
            assert secret not in key
        assert set(key) <= set("0123456789abcdef:")


@pytest.mark.django_db
def test_peek_reads_the_count_without_counting(clock: object) -> None:
    ratelimit.hit(LIMIT, "203.0.113.7")

    assert ratelimit.peek(LIMIT, "203.0.113.7").count == 1
    assert ratelimit.peek(LIMIT, "203.0.113.7").count == 1
    assert ratelimit.peek(LIMIT, "203.0.113.8").count == 0


@pytest.mark.django_db
def test_clear_forgets_a_key_and_the_longer_keys_that_begin_with_it(clock: object) -> None:
    ratelimit.hit(LIMIT, "member")
    ratelimit.hit(LIMIT, "member", "203.0.113.7")
    ratelimit.hit(LIMIT, "member", "203.0.113.8")
    ratelimit.hit(LIMIT, "leader", "203.0.113.7")
    ratelimit.hit(Limit("other", 3, 600), "member")

    assert ratelimit.clear(LIMIT, "member") == 3

    assert ratelimit.peek(LIMIT, "leader", "203.0.113.7").count == 1
    assert ratelimit.peek(Limit("other", 3, 600), "member").count == 1


@pytest.mark.django_db(transaction=True)
def test_ended_windows_are_deleted_on_the_way_of_a_later_use(
    clock: time_machine.Traveller, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Earlier tests ran at the real time, later than the frozen clock: forget when they pruned.
    monkeypatch.setattr(ratelimit, "_next_prune", 0.0)
    ratelimit.hit(LIMIT, "203.0.113.7")
    ratelimit.hit(Limit("test-day", 3, 86_400), "203.0.113.7")
    clock.move_to(MOMENT + timedelta(seconds=150 + ratelimit.PRUNE_EVERY))

    ratelimit.hit(LIMIT, "203.0.113.9")

    left = set(RateCounter.objects.values_list("name", "window_start"))
    now = int((MOMENT + timedelta(seconds=210)).timestamp())
    assert left == {("test-day", now // 86_400 * 86_400), ("test-10m", now // 600 * 600)}


@pytest.mark.parametrize(
    ("remote", "counted_as"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),
        ("", "unknown"),
    ],
)
def test_ipv6_callers_count_per_64(remote: str, counted_as: str) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)

    assert ratelimit.client_address(request) == counted_as


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 giây"), (59, "59 giây"), (61, "2 phút"), (7199, "120 phút"), (86_400, "24 giờ")],
)
def test_waits_are_said_in_seconds_minutes_or_hours(seconds: int, text: str) -> None:
    assert ratelimit.wait_text(seconds) == text


@pytest.mark.django_db(transaction=True)
def test_two_connections_hammering_one_key_lose_no_use() -> None:
    limit = Limit("test-race", 10**6, 3600)
    uses = 200
    start = threading.Barrier(2)
    problems: list[BaseException] = []

    def hammer() -> None:
        try:
            start.wait()
            for _ in range(uses):
                ratelimit.hit(limit, "203.0.113.7")
        except BaseException as error:
            problems.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=hammer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert problems == []
    assert ratelimit.peek(limit, "203.0.113.7").count == 2 * uses
    assert RateCounter.objects.filter(name="test-race").count() == 1
