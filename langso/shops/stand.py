"""The printable payment stand of a household business: one A6 card, the VietQR code large.

Top to bottom: the business's name, the QR code (7 cm, its quiet zone included, so that a
phone held at arm's length reads it), "Quét mã để thanh toán", the amount when the code carries
one, the bank and the masked account number (what a payer checks against the name their bank
app shows before sending), and the VietQR / NAPAS 247 mention that tells a payer any bank app
will do. The font is Be Vietnam Pro, drawn for Vietnamese.

The card is always in Vietnamese, whatever language the screen that asked for it speaks: it
stands on a village shop's counter. Every value goes to Typst as data (a JSON file the markup
reads), never into the markup, so a business name cannot become markup.

``stand_png`` is the same card as a picture (200 pixels per inch: 827 by 1166), to send in a
chat or show on a phone's screen, where a PDF would not open inline.
"""

import json

from django.utils import translation
from django.utils.translation import gettext as _

from langso.core import typeset
from langso.core.numbers import format_int
from langso.core.qr import qr_svg
from langso.core.vietqr import mask_account

__all__ = ["mask_account", "stand_pdf", "stand_png"]

PPI = 200

SOURCE = """
#let data = json("data.json")
#set document(title: data.title)
#set page(width: 105mm, height: 148mm, margin: (x: 8mm, top: 8mm, bottom: 7mm))
#set text(font: "Be Vietnam Pro", size: 10pt, lang: "vi")
#set par(leading: 0.5em)
// A long name (more than two lines at 14 pt) is set smaller rather than pushing the code.
#let name-size = if data.business.clusters().len() > 44 { 10.5pt } else { 14pt }
#align(center)[
  #block(height: 13mm, width: 100%)[
    #align(center + horizon, text(size: name-size, weight: "bold")[#data.business])
  ]
  #v(-2mm)
  #image("qr.svg", width: 70mm)
  #v(-2mm)
  #text(size: 14pt, weight: "bold")[#data.scan]
  #if data.amount != none [
    #v(-2mm)
    #text(size: 12pt)[#data.amount]
  ]
  #v(0.5mm)
  #text(size: 11pt, weight: "semibold")[#data.bank] \\
  #text(size: 11pt)[#data.account]
  #v(1fr)
  #text(size: 8pt, weight: "bold")[VietQR · NAPAS 247] \\
  #text(size: 8pt, fill: luma(70))[#data.vietqr]
]
"""


def _data(
    *, business_name: str, bank_name: str, masked_account: str, amount: int | None
) -> dict[str, object]:
    with translation.override("vi"):
        return {
            "title": _("Payment stand: %(name)s") % {"name": business_name},
            "business": business_name,
            "scan": _("Scan the code to pay"),
            "amount": (
                _("Amount: %(amount)s đồng") % {"amount": format_int(amount)}
                if amount is not None
                else None
            ),
            "bank": bank_name,
            "account": _("Account %(account)s") % {"account": masked_account},
            "vietqr": _("Any bank app can scan this code"),
        }


def _files(payload: str, data: dict[str, object]) -> dict[str, bytes]:
    return {
        "data.json": json.dumps(data, ensure_ascii=False).encode("utf-8"),
        "qr.svg": qr_svg(payload).encode("utf-8"),
    }


def stand_pdf(
    *,
    payload: str,
    business_name: str,
    bank_name: str,
    masked_account: str,
    amount: int | None = None,
) -> bytes:
    """The stand as a one-page A6 PDF, to print."""
    data = _data(
        business_name=business_name,
        bank_name=bank_name,
        masked_account=masked_account,
        amount=amount,
    )
    return typeset.pdf(SOURCE, files=_files(payload, data))


def stand_png(
    *,
    payload: str,
    business_name: str,
    bank_name: str,
    masked_account: str,
    amount: int | None = None,
) -> bytes:
    """The same stand as a PNG picture (``PPI`` pixels per inch)."""
    data = _data(
        business_name=business_name,
        bank_name=bank_name,
        masked_account=masked_account,
        amount=amount,
    )
    return typeset.png(SOURCE, files=_files(payload, data), ppi=PPI)
