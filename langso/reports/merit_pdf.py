"""Certificates of merit (giấy khen) on paper: one A4 landscape page each, typeset by Typst.

Laid out as a commune's giấy khen is printed: a double decorative border; the issuing body top
left ("ỦY BAN NHÂN DÂN" over the commune in capitals) and the national name and motto top
right; then "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …", "TẶNG" and the big "GIẤY KHEN"; the recipient in
large bold letters, what they are (a member of a village's team, or the team itself) and what
they achieved; bottom left the decision that awards it and the register number, bottom right
the place and date and the signature block, with room for the hand and the seal.

Every value reaches Typst as data (a JSON file the markup reads), never pasted into markup, so
a name cannot become markup; a batch is one compile with a page break between certificates.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from langso.core import typeset
from langso.reports import render_common as common
from langso.reports.document import Signature

SOURCE = """
#let data = json("data.json")
#let labels = data.labels
#let red = rgb("#b3121b")
#let gold = rgb("#b8860b")
#set document(title: labels.document)
#set text(font: "Tinos", size: 14pt, lang: "vi")
#set par(leading: 0.55em, spacing: 0.6em)
#set page(
  paper: "a4",
  flipped: true,
  margin: (top: 1.9cm, bottom: 1.7cm, x: 2.4cm),
  background: {
    place(top + left, dx: 0.8cm, dy: 0.8cm,
      rect(width: 100% - 1.6cm, height: 100% - 1.6cm, stroke: 3pt + red))
    place(top + left, dx: 1.05cm, dy: 1.05cm,
      rect(width: 100% - 2.1cm, height: 100% - 2.1cm, stroke: 1pt + gold))
    // A diamond on each corner of the outer frame, as printed certificates have.
    for corner in (top + left, top + right, bottom + left, bottom + right) {
      let dx = if corner.x == left { 0.45cm } else { -0.45cm }
      let dy = if corner.y == top { 0.45cm } else { -0.45cm }
      place(corner, dx: dx, dy: dy,
        rotate(45deg, square(size: 0.7cm, fill: red, stroke: 1pt + gold)))
    }
  },
)

#for (i, m) in data.merits.enumerate() {
  if i > 0 { pagebreak() }
  let authority = text(size: 13pt, weight: "bold")[#m.authority]
  let motto = text(size: 14pt, weight: "bold")[#labels.motto]
  grid(
    columns: (1fr, 1.35fr),
    column-gutter: 1em,
    align(center, stack(dir: ttb, spacing: 0.45em,
      text(size: 13pt)[#labels.committee],
      authority,
      context line(length: calc.min(measure(authority).width, 7cm) * 0.4, stroke: 0.5pt),
    )),
    align(center, stack(dir: ttb, spacing: 0.45em,
      text(size: 13pt, weight: "bold")[#labels.nation],
      motto,
      context line(length: measure(motto).width, stroke: 0.5pt),
    )),
  )
  v(1fr)
  align(center, block(width: 85%, text(size: 16pt, weight: "bold")[#m.chair_line]))
  v(0.1em)
  align(center, text(size: 15pt, weight: "bold")[#labels.awards])
  v(0.2em)
  align(center, text(size: 46pt, weight: "bold", fill: red, tracking: 0.06em)[#labels.title])
  v(0.5em)
  align(center, block(width: 90%, text(size: 24pt, weight: "bold", style: "italic")[#m.recipient]))
  v(0.2em)
  align(center, block(width: 85%, text(size: 15pt)[#m.role_line]))
  v(0.2em)
  align(center, block(width: 85%, text(size: 15pt, style: "italic")[#m.achievement]))
  v(1fr)
  grid(
    columns: (1fr, 1fr),
    column-gutter: 1.5em,
    align(left + bottom)[
      #set text(size: 12pt)
      #m.decision
      #if m.number != "" [ \\ #m.number ]
    ],
    align(center)[
      #text(size: 14pt, style: "italic")[#m.place_date]
      #v(0.1em)
      #set par(leading: 0.45em)
      #if m.on_behalf != "" [ #text(weight: "bold")[#m.on_behalf] \\ ]
      #text(weight: "bold")[#m.position]
      #v(2.1cm)
      #text(weight: "bold")[#m.name]
    ],
  )
}
"""


@dataclass(frozen=True)
class Merit:
    """One certificate of merit: who receives it, for what, by which decision, signed by whom.

    ``authority`` is the commune as it is written ("Xã Thuận Châu"); the paper writes it in
    capitals. ``recipient`` is a person's full name or a team's name.
    """

    authority: str
    place_date: str
    recipient: str
    role_line: str
    achievement: str
    decision: str
    number: str
    signature: Signature


def _labels() -> dict[str, str]:
    return {
        "document": _("Certificates of merit"),
        "committee": _("PEOPLE'S COMMITTEE"),
        "nation": common.nation(),
        "motto": common.motto(),
        "awards": _("AWARDS THE"),
        "title": _("CERTIFICATE OF MERIT"),
    }


def _entry(merit: Merit) -> dict[str, Any]:
    authority = merit.authority.upper()
    return {
        "authority": authority,
        "chair_line": _("CHAIRPERSON OF THE PEOPLE'S COMMITTEE OF %(authority)s")
        % {"authority": authority},
        "recipient": merit.recipient,
        "role_line": merit.role_line,
        "achievement": merit.achievement,
        "decision": merit.decision,
        "number": merit.number,
        "place_date": merit.place_date,
        "on_behalf": merit.signature.on_behalf,
        "position": merit.signature.position,
        "name": merit.signature.name,
    }


def merit_certificates(items: Sequence[Merit]) -> bytes:
    """One PDF, one landscape page per certificate, in the order given."""
    if not items:
        raise ValueError("No certificate of merit to print.")
    with translation.override("vi"):
        data = {"labels": _labels(), "merits": [_entry(m) for m in items]}
    payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return typeset.pdf(SOURCE, files={"data.json": payload})
