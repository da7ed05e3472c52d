"""An official document as a PDF, typeset by Typst, laid out as Nghị định 30/2020/NĐ-CP
(Phụ lục I) asks.

Top left the issuing body ("ỦY BAN NHÂN DÂN" over the unit in bold capitals, a rule a third to a
half as long under it) with the number and symbol centred under the block; top right the
national name and the motto (bold, a rule exactly as long as it) with the place and date in
italics under them. Then the kind of document and what it is about, the body, "Nơi nhận" bottom
left and the signature block bottom right, with room for the hand and the seal; annexes follow,
each on a new page. Page numbers start on the second page, top centre. The font is Tinos
(metrically Times New Roman) at 13pt on A4 with the decree's margins.

Every value reaches Typst as data (a JSON file the markup reads), never pasted into markup, so
a name with ``#``, ``[`` or ``$`` in it is printed as it is written.
"""

import json
from typing import Any

from django.utils import translation

from langso.core import typeset
from langso.reports import render_common as common
from langso.reports.document import Document, Section, Table

SOURCE = """
#let data = json("data.json")
#let labels = data.labels
#set document(title: data.title)
#set text(font: "Tinos", size: 13pt, lang: "vi")
#set par(leading: 0.6em, spacing: 0.75em)
#set page(
  paper: "a4",
  margin: (top: 2cm, bottom: 2cm, left: 3cm, right: 2cm),
  header: context {
    let n = counter(page).get().first()
    grid(
      columns: (1fr, auto, 1fr),
      [],
      if n > 1 { text(size: 13pt)[#n] },
      align(right, if data.draft {
        box(stroke: 0.8pt, inset: (x: 0.5em, y: 0.3em),
          text(size: 12pt, weight: "bold")[#labels.draft])
      }),
    )
  },
)

#let table_of(t) = {
  let size = if t.columns.len() > 8 { 10pt } else if t.columns.len() > 6 { 11pt } else { 12pt }
  set text(size: size)
  set par(justify: false, first-line-indent: 0pt, leading: 0.45em)
  block(above: 0.9em, below: 0.3em, sticky: true, width: 100%,
    align(center, text(size: 13pt, weight: "bold", style: "italic")[#t.caption]))
  table(
    columns: t.widths.map(w => w * 1fr),
    inset: (x: 0.35em, y: 0.4em),
    stroke: 0.5pt,
    align: horizon,
    table.header(repeat: true,
      ..t.columns.map(c => table.cell(align: center + horizon, text(weight: "bold")[#c]))),
    ..t.rows.map(r => r.cells.map(c => table.cell(
      align: (if c.number { right } else { left }) + horizon,
      text(weight: if r.total { "bold" } else { "regular" })[#c.text],
    ))).flatten(),
  )
}

#let section_of(s, centred) = {
  if s.heading != "" {
    if centred {
      align(center, text(weight: "bold")[#s.heading])
    } else {
      block(above: 1em, below: 0.6em, sticky: true, text(weight: "bold")[#s.heading])
    }
  }
  for p in s.paragraphs {
    par(justify: true, first-line-indent: (amount: 1cm, all: true))[#p]
  }
  for t in s.tables { table_of(t) }
}

#let authority = text(size: 12pt, weight: "bold")[#data.authority]
#let motto = text(size: 13pt, weight: "bold")[#labels.motto]

#grid(
  columns: (0.95fr, 1.25fr),
  column-gutter: 0.8em,
  row-gutter: 1.1em,
  align(center, stack(dir: ttb, spacing: 0.45em,
    text(size: 12pt)[#data.body_line],
    authority,
    // The decree's rule is a third to a half of the name; a long name wraps in its column.
    layout(size => line(length: calc.min(measure(authority).width, size.width) * 0.4,
      stroke: 0.5pt)),
  )),
  align(center, stack(dir: ttb, spacing: 0.45em,
    text(size: 12pt, weight: "bold")[#labels.nation],
    motto,
    context line(length: measure(motto).width, stroke: 0.5pt),
  )),
  align(center, text(size: 13pt)[#data.number]),
  align(center, text(size: 13pt, style: "italic")[#data.place_date]),
)

#v(1.2em)
#align(center, stack(dir: ttb, spacing: 0.5em,
  text(size: 14pt, weight: "bold")[#data.kind],
  block(width: 88%, text(size: 14pt, weight: "bold")[#data.abstract]),
  line(length: 3.5cm, stroke: 0.5pt),
))
#v(0.4em)

#if data.addressees.len() == 1 {
  align(center)[#labels.addressed #data.addressees.first()]
} else if data.addressees.len() > 1 {
  align(center, grid(
    columns: (auto, auto),
    column-gutter: 0.4em,
    row-gutter: 0.5em,
    align: left,
    labels.addressed, ..data.addressees.map(a => [#a]).intersperse([]),
  ))
}
#v(0.6em)

#if data.replaces_note != "" {
  par(justify: true, first-line-indent: (amount: 1cm, all: true),
    text(style: "italic")[#data.replaces_note])
}

#for s in data.sections { section_of(s, false) }

#v(1.2em)
#block(breakable: false, grid(
  columns: (1fr, 1fr),
  column-gutter: 1em,
  align(left)[
    #set par(justify: false, leading: 0.4em, spacing: 0.4em)
    #text(size: 12pt, weight: "bold", style: "italic")[#labels.recipients] \\
    #for r in data.recipients [
      #text(size: 11pt)[#r] \\
    ]
  ],
  align(center)[
    #set par(leading: 0.5em)
    #text(weight: "bold")[#data.signature.on_behalf] \\
    #text(weight: "bold")[#data.signature.position]
    #v(2.5cm)
    #text(weight: "bold")[#data.signature.name]
  ],
))

#for a in data.annexes {
  pagebreak()
  align(center, text(size: 14pt, weight: "bold")[#a.label])
  v(-0.3em)
  section_of(a.section, true)
}
"""


def _table(table: Table) -> dict[str, Any]:
    width = len(table.columns)
    numeric = common.numeric_columns(table)
    rows = [(False, row) for row in table.rows]
    if table.total is not None:
        rows.append((True, table.total))
    return {
        "caption": table.caption,
        "columns": table.columns,
        "widths": common.widths(width, table.widths),
        "rows": [
            {
                "total": total,
                "cells": [
                    {
                        "text": common.cell_text(cell),
                        "number": common.right_aligned(cell, numeric[i]),
                    }
                    for i, cell in enumerate(common.padded(row, width))
                ],
            }
            for total, row in rows
        ],
    }


def _section(section: Section) -> dict[str, Any]:
    return {
        "heading": section.heading,
        "paragraphs": section.paragraphs,
        "tables": [_table(t) for t in section.tables],
    }


def data(document: Document) -> dict[str, Any]:
    """What the markup reads; called inside ``translation.override("vi")``."""
    count = len(document.annexes)
    return {
        "title": common.title(document),
        "draft": document.draft,
        "labels": {
            "nation": common.nation(),
            "motto": common.motto(),
            "draft": common.draft_mark(),
            "recipients": common.recipients_label(),
            "addressed": common.addressed_label(),
        },
        "body_line": document.body_line,
        "authority": document.authority.upper(),
        "number": document.number,
        "place_date": document.place_date,
        "kind": document.kind,
        "abstract": document.abstract,
        "addressees": document.addressees,
        "replaces_note": document.replaces_note,
        "sections": [_section(s) for s in document.sections],
        "recipients": [common.recipient_line(r) for r in document.recipients],
        "signature": {
            "on_behalf": document.signature.on_behalf,
            "position": document.signature.position,
            "name": document.signature.name,
        },
        "annexes": [
            {"label": common.annex_label(i, count), "section": _section(a)}
            for i, a in enumerate(document.annexes)
        ],
    }


def pdf(document: Document) -> bytes:
    """The document as an A4 PDF, in Vietnamese whatever language is active."""
    with translation.override("vi"):
        payload = json.dumps(data(document), ensure_ascii=False).encode("utf-8")
    return typeset.pdf(SOURCE, files={"data.json": payload})
