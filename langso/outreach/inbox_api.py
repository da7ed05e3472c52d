"""A team member's inbox in the JSON API (mounted under /api/v1 by langso.api): the field app
and any other client read the announcements sent to the caller and send back receipts. Only the
caller's own: there is no object of anyone else's in these addresses."""

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from langso.core.bounds import DB_INT_MAX
from langso.outreach import inbox

router = Router(tags=["announcements"])


class InboxQuery(Schema):
    page: Annotated[int, Field(ge=1, le=DB_INT_MAX // inbox.PAGE_SIZE)] = 1


class LinkOut(Schema):
    kind: str = Field(description="guide, campaign or warning")
    ref: str = Field(description="The guide's slug, the campaign's id or the warned-of link")
    url: str = Field(description="Where the link leads")


class InboxItemOut(Schema):
    delivery: int = Field(description="The id a receipt names")
    announcement: int
    title: str
    text: str = Field(description="As written for the caller (its variables filled in)")
    link: LinkOut | None
    image: str | None = Field(description="The picture's address, if it has one")
    urgent: bool
    deadline: str | None = Field(description="The day {han} stands for, YYYY-MM-DD")
    sent_at: datetime
    read: bool


class InboxOut(Schema):
    count: int
    unread: int
    page: int
    pages: int
    results: list[InboxItemOut]


class ReadsIn(Schema):
    # Each receipt is checked on its own (``inbox.Receipt``), so that one the server cannot
    # read is refused without the batch, which would otherwise stay on the phone for good.
    reads: list[Any] = Field(
        max_length=inbox.MAX_RECEIPTS,
        description=(
            "Receipts {id: a UUID made on the phone, delivery: the id the inbox gives, "
            "read_at: when the member opened it, or null while it is only held unread}"
        ),
    )


class ReadResult(Schema):
    id: str
    status: str = Field(description="created, duplicate or rejected")
    code: str | None = None
    message: str | None = None


class ReadsOut(Schema):
    results: list[ReadResult]


@router.get("/announcements/inbox", response=InboxOut, summary="The announcements sent to me")
def inbox_list(request: HttpRequest, response: HttpResponse, query: Query[InboxQuery]) -> InboxOut:
    """The caller's announcements in the field app, most recent first, 20 a page, with whether
    each was read. Reading the list marks nothing: the receipts do."""
    found = inbox.inbox_page(actor=request.user, page=query.page)
    response["Cache-Control"] = "no-store"
    return InboxOut(
        count=found.count,
        unread=found.unread,
        page=found.page,
        pages=found.pages,
        results=[InboxItemOut(**row) for row in found.items],
    )


@router.post("/announcements/reads", response=ReadsOut, summary="Receipts from my phone")
def reads(request: HttpRequest, payload: ReadsIn) -> ReadsOut:
    """At most 500 receipts. Each says the phone holds an announcement of the caller's inbox
    and, with ``read_at``, that the member read it. Sending a batch again changes nothing: each
    answers ``created``, ``duplicate`` or ``rejected`` with a code, in the order sent; one for
    a delivery not in the caller's inbox is rejected OUTREACH_READ_UNKNOWN, whether it exists
    or not."""
    results = inbox.reads_record(actor=request.user, reads=payload.reads)
    return ReadsOut(results=[ReadResult(**result) for result in results])
