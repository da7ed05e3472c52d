"""The VietQR API's types. The bodies are read by ``vietqr_api`` itself (so that each field's
refusal carries the codec's code); these models give the document its shapes."""

from ninja import Schema
from pydantic import Field

from langso.core.vietqr import MAX_ACCOUNT, MAX_AMOUNT_DIGITS, MAX_NAME, MAX_PAYLOAD, MAX_PURPOSE

MAX_AMOUNT = 10**MAX_AMOUNT_DIGITS - 1


class VietQRIn(Schema):
    bank_bin: str = Field(
        ...,
        description="The bank's NAPAS BIN, six digits (GET /api/v1/banks).",
        min_length=6,
        max_length=6,
    )
    account: str = Field(
        ..., description="The account number: letters or digits.", max_length=MAX_ACCOUNT
    )
    name: str | None = Field(
        None,
        description=f"The account holder's name, written without tones in capitals (≤ {MAX_NAME}).",
    )
    amount: int | None = Field(
        None, ge=1, le=MAX_AMOUNT, description="Whole đồng; with it the code is dynamic."
    )
    purpose: str | None = Field(
        None, description=f"The transfer note, written without tones (≤ {MAX_PURPOSE})."
    )


class PayloadOut(Schema):
    payload: str = Field(..., description="The text of the VietQR code (EMVCo MPM).")


class DecodeIn(Schema):
    payload: str = Field(
        ..., description="The text read from a VietQR code.", max_length=MAX_PAYLOAD
    )


class DecodedOut(Schema):
    bank_bin: str
    bank_name: str = Field(..., description="The bank's full Vietnamese name")
    bank_short_name: str
    account: str
    amount: int | None
    purpose: str | None
    merchant_name: str | None
    currency: str = Field(..., description="ISO 4217 numeric: 704, the đồng")
    country: str
    dynamic: bool = Field(..., description="Point of initiation 12 (one amount) rather than 11")
    crc_valid: bool = Field(
        ..., description="False: the check sum does not match, the code is damaged or altered"
    )


class BankOut(Schema):
    bin: str
    code: str
    short_name: str
    name: str
    formerly: list[str]


class BanksOut(Schema):
    source: str = Field(..., description="Where the list comes from, and of which date")
    source_url: str
    version: str
    banks: list[BankOut]
