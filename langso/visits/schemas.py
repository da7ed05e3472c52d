from typing import Any

from ninja import Field, Schema


class PushIn(Schema):
    device_id: str = Field("", max_length=64)
    # Each event is checked on its own, so that one bad event is refused without the batch.
    events: list[Any]


class PushResult(Schema):
    id: str
    status: str
    code: str | None = None
    message: str | None = None


class PushOut(Schema):
    results: list[PushResult]


class PullOut(Schema):
    cursor: str
    more: bool
    households: list[dict[str, Any]]
    residents: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    topics: list[dict[str, Any]]
