from datetime import datetime

from ninja import Field, Schema


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None
    device: str = Field(
        "",
        max_length=60,
        description="A name for this device or program, shown in the owner's list of logins "
        "beside what the User-Agent header says (the field app sends the phone's model).",
    )


class TokenOut(Schema):
    token: str
    expires_in: int


class TokenInfo(Schema):
    """One login on a device; never the token or its digest."""

    id: int
    device: str = Field(description="What a person recognises: “Chrome trên Android · SM-A125F”")
    browser: str
    system: str
    device_name: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime
    revoked_at: datetime | None
    revoked_by: str | None = Field(description="Who revoked it, when it was revoked")
    status: str = Field(description="active, expired or revoked")
    current: bool = Field(description="The token this request was sent with")


class RevokedOut(Schema):
    revoked: int


class ActivationOut(Schema):
    """An activation link just issued: shown to the officer this once (only its digest is
    kept), for its owner to set a password on."""

    user_id: int
    username: str
    full_name: str
    link: str = Field(description="The one-time activation link (valid until expires_at)")
    expires_at: datetime


class DeactivatedOut(Schema):
    deactivated: bool = Field(description="False when the account was already deactivated")


class AccountOut(Schema):
    id: int
    username: str
    full_name: str
    status: str = Field(description="active, waiting (for activation) or deactivated")
    link_expires_at: datetime | None = Field(
        description="When the activation link that can still open ends, while waiting"
    )
    roles: list[str] = Field(description="The account's roles today, as people read them")


class AccountsPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[AccountOut]
