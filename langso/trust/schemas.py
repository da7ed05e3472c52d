from datetime import datetime

from ninja import Schema
from pydantic import Field

from langso.trust.engine import Kind, Verdict
from langso.trust.models import ReportKind, ReportStatus
from langso.trust.selectors import MAX_ITEMS


class CheckIn(Schema):
    items: list[str] = Field(
        ...,
        description=(
            "Links, phone numbers, bank accounts (“Vietcombank 0123456789”) or whole messages, "
            f"at most {MAX_ITEMS}."
        ),
    )


class ReasonOut(Schema):
    code: str
    label: str = Field(description="The reason's short name in the reader's language")
    message: str


class PartOut(Schema):
    input: str
    kind: Kind
    verdict: Verdict
    display: str
    reasons: list[ReasonOut]


class PaymentOut(Schema):
    """What a pasted VietQR payment code says."""

    readable: bool = Field(description="False: it claims to be a payment code but does not read")
    problem: str | None = Field(description="When not readable: the VIETQR_* code of the fault")
    problem_label: str | None
    bank_bin: str | None
    bank_name: str | None
    account_masked: str | None = Field(description="The account it pays, masked: “•••• 5667”")
    amount: int | None = Field(description="Whole đồng, when the code carries an amount")
    purpose: str | None
    crc_valid: bool = Field(description="False: damaged or altered (the check sum differs)")


class ItemOut(PartOut):
    parts: list[PartOut] = Field(
        default_factory=list, description="For a message: each link, number and account in it."
    )
    vietqr: PaymentOut | None = Field(
        None, description="For a VietQR payment code pasted as text: what it says."
    )


class ScanItemOut(ItemOut):
    read: str = Field(
        description=(
            "The text of the QR code found in the picture; in a payment code the account is "
            "masked (“•••••••••5667”), here and in ``input``."
        )
    )


class ReportIn(Schema):
    text: str = Field(..., description="One link, phone number or bank account.")
    story: str = Field("", description="What happened (at most 2,000 characters).")


class ReportOut(Schema):
    id: int
    kind: ReportKind
    shown: str
    status: ReportStatus
    created_at: datetime


class ModerationOut(ReportOut):
    story: str
    note: str
    moderated_at: datetime | None


class ModerateIn(Schema):
    decision: str = Field(..., description="“confirm” or “reject”.")
    note: str = ""
