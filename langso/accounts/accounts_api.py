"""Officers' account operations in the JSON API: the same services and access checks as the
account pages (``account_views``), for another system or the field app. An account out of the
caller's management answers 404 as it does on the pages."""

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from langso import access
from langso.accounts import selectors, services
from langso.accounts.schemas import AccountOut, AccountsPageOut, ActivationOut, DeactivatedOut
from langso.core.bounds import DB_INT_MAX, DbId

router = Router(tags=["accounts"])


class AccountsQuery(Schema):
    q: str = Field("", max_length=100, description="Words of the name or user name")
    page: Annotated[int, Field(ge=1, le=DB_INT_MAX)] = 1


def _activation(request: HttpRequest, activation: services.Activation) -> ActivationOut:
    link = request.build_absolute_uri(
        reverse("accounts:activate", kwargs={"token": activation.token})
    )
    return ActivationOut(
        user_id=activation.user.pk,
        username=activation.user.username,
        full_name=activation.user.full_name,
        link=link,
        expires_at=activation.expires_at,
    )


@router.get("/accounts", response=AccountsPageOut, summary="The accounts I manage")
def accounts_list(
    request: HttpRequest, response: HttpResponse, filters: Query[AccountsQuery]
) -> AccountsPageOut:
    """The accounts of the units an officer holds a role on, by name, 50 a page; anyone else
    404 ACCOUNT_NOT_FOUND."""
    page, rows = selectors.accounts_page(actor=request.user, query=filters.q, page=filters.page)
    response["Cache-Control"] = "no-store"
    return AccountsPageOut(
        count=page.paginator.count,
        page=page.number,
        pages=page.paginator.num_pages,
        results=[
            AccountOut(
                id=row.user.pk,
                username=row.user.username,
                full_name=row.user.full_name,
                status=str(row.status),
                link_expires_at=row.link_expires_at,
                roles=row.roles,
            )
            for row in rows
        ],
    )


@router.post(
    "/members/{person_id}/account",
    response={201: ActivationOut},
    summary="Make an account for a team member",
)
def account_create(
    request: HttpRequest, response: HttpResponse, person_id: DbId
) -> Status[ActivationOut]:
    """An officer above the member's team makes their account: it gets the member's roles and
    logs in once its owner has set a password on the returned link (7 days, once). A member out
    of the caller's management: 404; one with an account already: 409 ACCOUNT_EXISTS."""
    activation = services.account_create(actor=request.user, person_id=person_id)
    response["Cache-Control"] = "no-store"
    return Status(201, _activation(request, activation))


@router.post("/accounts/{user_id}/reset", response=ActivationOut, summary="Reset a password")
def account_reset(request: HttpRequest, response: HttpResponse, user_id: DbId) -> ActivationOut:
    """A new activation link: the old password and every earlier link stop working. A
    deactivated account: 409 ACCOUNT_DEACTIVATED (reactivate it instead)."""
    account = access.access_managed_account(request.user, user_id)
    activation = services.account_reset(actor=request.user, user=account)
    response["Cache-Control"] = "no-store"
    return _activation(request, activation)


@router.post(
    "/accounts/{user_id}/deactivate", response=DeactivatedOut, summary="Deactivate an account"
)
def account_deactivate(request: HttpRequest, user_id: DbId) -> DeactivatedOut:
    """The account can no longer log in; its devices are logged out; what it recorded stays."""
    account = access.access_managed_account(request.user, user_id)
    return DeactivatedOut(deactivated=services.account_deactivate(actor=request.user, user=account))


@router.post(
    "/accounts/{user_id}/reactivate", response=ActivationOut, summary="Reactivate an account"
)
def account_reactivate(
    request: HttpRequest, response: HttpResponse, user_id: DbId
) -> ActivationOut:
    """A deactivated account opens again once its owner sets a new password on the returned
    link. An account that is not deactivated: 409 ACCOUNT_ACTIVE."""
    account = access.access_managed_account(request.user, user_id)
    activation = services.account_reactivate(actor=request.user, user=account)
    response["Cache-Control"] = "no-store"
    return _activation(request, activation)
