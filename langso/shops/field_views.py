"""The field app's module for household businesses (``/field/shops.js``): loaded when a
household's screen first opens, with its texts and the catalogue its forms need (platforms,
checklist steps, product categories, banks) written in, in the member's language.

Public, like the field app's other modules: it holds no one's data (the businesses come with
the sync, behind the member's token), and the service worker keeps it for offline use.
"""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from langso.core import banks
from langso.shops import checklist
from langso.shops.models import Category, Platform, Verdict


def field_labels() -> dict[str, Any]:
    return {
        "section": _("Household business"),
        "none": _("No business registered for this household yet."),
        "register": _("Register a business"),
        "back": _("Back"),
        "save": _("Save"),
        "name": _("Name of the business"),
        "products": _("What it sells"),
        "categories": _("Kinds of products"),
        "bank": _("Bank"),
        "noBank": _("No bank account yet"),
        "account": _("Account number"),
        "accountName": _("Account holder, as the bank writes it"),
        "links": _("Shop links"),
        "linksHint": _("Copy each link from the shop's own page; leave the others empty."),
        "listed": _("Show it on the commune market page"),
        "listedHint": _(
            "Anyone may see its name, products and shop links there; the account number is "
            "never shown."
        ),
        "listedShort": _("on the commune market page"),
        "notSent": _("not sent yet"),
        "saved": _("Registered. It will be sent at the next sync."),
        "nameNeeded": _("Enter the name of the business."),
        "accountInvalid": _("An account number is 6 to 19 digits or letters."),
        "bankNeeded": _("Choose the bank of the account."),
        "linkInvalid": _("The link on %(platform)s is not a web address."),
        "linkElsewhere": _("The link on %(platform)s must be an address on %(domains)s."),
        "qr": _("Payment by QR code"),
        "optional": _("optional"),
        "complete": _("All steps done"),
        "addTrack": _("Start the checklist of a platform"),
        "rejected": _("Refused by the server"),
        "verdicts": {
            Verdict.SUSPICIOUS: _("This link looks suspicious: check it with the household."),
            Verdict.SCAM: _("This link is a known scam: tell the commune officer."),
        },
    }


def catalogue() -> dict[str, Any]:
    """What the forms offer: the same for every member, so not in the sync's part."""

    def steps(track: tuple[checklist.Step, ...]) -> list[dict[str, Any]]:
        return [
            {"code": s.code, "name": str(s.name), "hint": str(s.hint), "required": s.required}
            for s in track
        ]

    return {
        "platforms": [
            {
                "code": p.code,
                "label": p.label,
                "domains": p.domains,
                "onboarding": p.onboarding,
            }
            for p in Platform.objects.all()
        ],
        "steps": {"platform": steps(checklist.PLATFORM_STEPS), "qr": steps(checklist.QR_STEPS)},
        "categories": [[code, str(name)] for code, name in Category.choices],
        "banks": sorted(([b.bin, b.short_name] for b in banks.BANKS), key=lambda b: b[1].lower()),
    }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@cache_control(no_cache=True)
def field_module(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "shops/field.js",
        {"texts": _json(field_labels()), "catalogue": _json(catalogue())},
        content_type="text/javascript",
    )
