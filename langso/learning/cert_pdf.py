"""Certificates on paper: one A4 page each, in Typst, laid out as Nghị định 30/2020/NĐ-CP asks
of an administrative paper.

Top left the issuing body ("ỦY BAN NHÂN DÂN" over the commune's name in bold capitals, a short
rule under it); top right the national name and motto (the motto bold, a rule as long as it);
the place and date in italics ("Thuận Châu, ngày 05 tháng 02 năm 2027": days under 10 and the
months January and February with a leading zero); the title; the holder's name masked exactly
as the public page shows it (so what a checker reads on the page and on the paper match); the
skills by name; a QR code to the public page with the code under it; and the signature block
"TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", left blank for the chairperson's hand and the seal. The font
is Tinos (metrically Times New Roman, as the decree asks).

The paper is always in Vietnamese, whatever language the officer's screen speaks. Every value
goes to Typst as data (a JSON file the markup reads), never into the markup itself, so a name
cannot become markup. A batch is one compile with a page break between certificates.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from langso.core import typeset
from langso.core.qr import qr_svg
from langso.learning.cert_selectors import in_sentence, place_name, skill_names
from langso.learning.models import Certificate
from langso.units import selectors as units

SOURCE = """
#let data = json("data.json")
#let labels = data.labels
#set document(title: labels.title)
#set page(paper: "a4", margin: (top: 2cm, bottom: 2cm, left: 3cm, right: 2cm))
#set text(font: "Tinos", size: 13pt, lang: "vi")
#set par(leading: 0.65em)
#for (i, c) in data.certificates.enumerate() {
  if i > 0 { pagebreak() }
  grid(
    columns: (0.9fr, 1.3fr),
    column-gutter: 0.5em,
    align(center)[
      #text(size: 12pt)[#labels.committee] \\
      #text(size: 12pt, weight: "bold")[#c.authority]
      #v(-0.5em)
      #line(length: 35%, stroke: 0.5pt)
    ],
    align(center)[
      #text(size: 12pt, weight: "bold")[#labels.nation] \\
      #text(size: 13pt, weight: "bold")[#labels.motto]
      #v(-0.5em)
      #line(length: 62%, stroke: 0.5pt)
    ],
  )
  v(0.4em)
  align(right, text(style: "italic")[#c.place_date])
  v(2.2em)
  align(center, text(size: 16pt, weight: "bold")[#labels.title])
  v(-0.3em)
  align(center, text(size: 14pt, weight: "bold")[#labels.subtitle])
  v(1.6em)
  par(justify: true)[#c.intro]
  v(0.2em)
  grid(
    columns: (auto, 1fr),
    column-gutter: 0.6em,
    row-gutter: 0.8em,
    [#labels.holder], text(weight: "bold")[#c.name],
    [#labels.residence], [#c.residence],
  )
  v(0.6em)
  [#labels.skills_intro]
  v(0.2em)
  enum(..c.skills.map(s => [#s]))
  v(0.4em)
  [#labels.issued #c.issued]
  v(1.6em)
  grid(
    columns: (1fr, 1fr),
    align(center)[
      #image("qr/" + str(i) + ".svg", width: 3.6cm)
      #v(-0.4em)
      #text(size: 11pt, font: "Tinos")[#c.code]
      #v(-0.3em)
      #text(size: 10pt, style: "italic")[#labels.scan] \\
      #text(size: 9pt)[#c.url]
    ],
    align(center)[
      #text(weight: "bold")[#labels.on_behalf] \\
      #text(weight: "bold")[#labels.chair]
      #v(3.2cm)
    ],
  )
}
"""


@dataclass
class Page:
    certificate: Certificate
    url: str
    village: str


def _two(number: int) -> str:
    return f"{number:02d}"


def place_date(commune_name: str, day: date) -> str:
    """ "Thuận Châu, ngày 05 tháng 02 năm 2027" (Nghị định 30/2020, Phụ lục I)."""
    month = _two(day.month) if day.month < 3 else str(day.month)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place_name(commune_name),
        "day": _two(day.day),
        "month": month,
        "year": day.year,
    }


def verify_url(base_url: str, code: str) -> str:
    return base_url.rstrip("/") + reverse("certificates:verify", args=[code])


def _labels() -> dict[str, str]:
    return {
        "committee": _("PEOPLE'S COMMITTEE"),
        "nation": _("SOCIALIST REPUBLIC OF VIETNAM"),
        "motto": _("Independence - Freedom - Happiness"),
        "title": _("CERTIFICATE"),
        "subtitle": _("Basic digital skills"),
        "holder": _("Full name:"),
        "residence": _("Place of residence:"),
        "skills_intro": _("Has shown, doing them by themselves, the basic digital skills:"),
        "issued": _("Issued on:"),
        "scan": _("Scan the code to check this certificate"),
        "on_behalf": _("ON BEHALF OF THE PEOPLE'S COMMITTEE"),
        "chair": _("CHAIRPERSON"),
    }


def _entry(page: Page) -> dict[str, object]:
    c = page.certificate
    authority = c.commune_name.upper()
    return {
        "authority": authority,
        "place_date": place_date(c.commune_name, c.issued_on),
        "intro": _(
            "The People's Committee of %(commune)s certifies that the person below has reached "
            "the standard of basic digital skills:"
        )
        % {"commune": in_sentence(c.commune_name)},
        "name": c.name_masked,
        "residence": ", ".join(
            part for part in (page.village, in_sentence(c.commune_name)) if part
        ),
        "skills": [name for _code, name in skill_names(c.skills)],
        "issued": c.issued_on.strftime("%d/%m/%Y"),
        "code": c.code,
        "url": page.url,
    }


def certificates_pdf(certificates: Sequence[Certificate], *, base_url: str) -> bytes:
    """One PDF, one page per certificate, in the order given."""
    village_names: dict[int, str] = {}
    pages = []
    for c in certificates:
        if c.village_id not in village_names:
            version = units.version_on(c.village_id, c.issued_on)
            village_names[c.village_id] = version.name if version is not None else ""
        pages.append(
            Page(
                certificate=c,
                url=verify_url(base_url, c.code),
                village=village_names[c.village_id],
            )
        )
    with translation.override("vi"):
        data = {"labels": _labels(), "certificates": [_entry(page) for page in pages]}
    files: dict[str, bytes] = {
        "data.json": json.dumps(data, ensure_ascii=False).encode("utf-8"),
    }
    for i, page in enumerate(pages):
        files[f"qr/{i}.svg"] = qr_svg(page.url).encode("utf-8")
    return typeset.pdf(SOURCE, files=files)


def certificate_pdf(certificate: Certificate, *, base_url: str) -> bytes:
    return certificates_pdf([certificate], base_url=base_url)
