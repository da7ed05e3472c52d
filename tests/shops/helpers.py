"""Building businesses for the shops tests, through the services."""

from typing import Any

from langso.access import Actor
from langso.people import services as people
from langso.people.models import Household
from langso.shops import services
from langso.shops.models import Business
from langso.units.models import Unit

VCB = "970436"


def household(actor: Actor, village: Unit, number: str = "12") -> Household:
    return people.household_create(
        actor=actor, village=village, number=number, head_name="Lò Văn Chè"
    )


def business(actor: Actor, home: Household, **fields: Any) -> Business:
    data: dict[str, Any] = {
        "name": "Chè Shan tuyết Tông Lạnh",
        "products": "Chè búp khô, chè xanh",
        "categories": ["tea"],
        "bank_bin": VCB,
        "account": "0011004455667",
        "account_name": "LO VAN CHE",
        "listed": True,
        "links": {"voso": "https://voso.vn/shop/che-tong-lanh"},
    }
    data.update(fields)
    return services.business_create(actor=actor, household=home, data=services.BusinessData(**data))
