from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from langso.visits import services
from langso.visits.schemas import PullOut, PushIn, PushOut, PushResult

router = Router(tags=["sync"])


class PullQuery(Schema):
    # Ours are a little over 100 characters.
    cursor: str | None = Field(None, max_length=1000)


@router.get("/pull", response=PullOut, summary="Households and residents changed since a cursor")
def pull(request: HttpRequest, query: Query[PullQuery]) -> PullOut:
    """The member's villages only. Start without a cursor; keep pulling while ``more`` is
    true; keep the last cursor for the next time."""
    return PullOut(**services.sync_pull(actor=request.user, cursor=query.cursor))


@router.post("/push", response=PushOut, summary="Visits recorded on a phone")
def push(request: HttpRequest, payload: PushIn) -> PushOut:
    """At most 500 events per batch. Sending a batch again changes nothing: each event answers
    ``created``, ``duplicate`` or ``rejected`` with a code, in the order sent."""
    results = services.sync_push(
        actor=request.user, device_id=payload.device_id, events=payload.events
    )
    return PushOut(results=[PushResult(**result) for result in results])
