"""API input and output types of certificates."""

from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import Field

from langso.core.bounds import DbId


class CertificateIn(Schema):
    resident: DbId = Field(description="The resident's id")


class IssuedOut(Schema):
    code: str = Field(description="The certificate's code, as printed under its QR code")
    url: str = Field(description="The public page that says whether it is genuine")
    pdf: str = Field(description="The printable PDF (for those in scope)")


class RevokeIn(Schema):
    reason: str = Field(max_length=2000, description="Why; kept for officers, never public")


class CertificateSkillOut(Schema):
    code: str
    name: str


class CertificateOut(Schema):
    """What anyone with the code learns: never the full name or why it was revoked."""

    valid: bool = Field(description="True only for a genuine certificate in force")
    status: Literal["genuine", "revoked", "invalid"]
    code: str | None = Field(description="The code in its printed form; null when invalid")
    name_masked: str | None = Field(description="The holder's name as printed: initials")
    skills: list[CertificateSkillOut]
    issued_on: date | None
    commune: str | None = Field(description="The commune whose People's Committee issued it")
    revoked_on: date | None
