"""A guide's printable forms: an A4 poster for the commune's notice board, and a leaflet folded
in three (A4 landscape, printed on both sides) to leave with a family.

The guide's Markdown is turned into Typst by walking markdown-it's tokens, for the subset
editors may use (paragraphs, bold, italic, lists, headings, pictures; a link becomes its text
and address). Every run of text goes in as a Typst string literal (``typst_string``), never as
markup, so whatever an editor writes (``#``, ``$``, ``[``, ``@``, ``<``) is printed as written
and cannot become code. Pictures are read by their digest from files handed to Typst.

A PDF costs Typst a few hundred milliseconds, so each is cached by version and page address:
a version never changes, and a new version has a new id.
"""

import hashlib

from django.core.cache import cache
from markdown_it.token import Token

from langso.core import typeset
from langso.core.qr import qr_svg
from langso.learning import markdown
from langso.learning.guide_selectors import image_files
from langso.learning.models import GuideImage, GuideVersion

PDF_CACHE_SECONDS = 7 * 24 * 3600
# The printed sheets are Vietnamese documents whatever language the officer's screen speaks, so
# their few fixed words are written in Vietnamese here rather than translated.
FOOTER = "Tổ công nghệ số cộng đồng"


def _s(text: str) -> str:
    """Text as a Typst expression that prints it (a string literal)."""
    return "#" + typeset.typst_string(text)


class _Converter:
    """Typst markup for one Markdown text; pictures are named ``img/<digest>``."""

    def __init__(
        self, images: dict[str, GuideImage], picture_height: str, beside: str = ""
    ) -> None:
        self.images = images
        self.picture_height = picture_height
        # With ``beside`` (a width), the pictures of a top-level list item are set in a
        # column of that width to the right of its text, as a poster has room for.
        self.beside = beside
        self.item_pictures: list[str] = []
        # A top-level numbered list set in this many balanced columns (Typst's own columns
        # fill the first to the page's foot before starting the next).
        self.split = 1
        self.used: set[str] = set()

    def inline(self, children: list[Token]) -> str:
        out: list[str] = []
        # Bold and italic as a stack of open functions: "#strong[" ... "]".
        link_href: list[str] = []
        for child in children:
            kind = child.type
            if kind == "text" or kind == "code_inline":
                out.append(_s(child.content))
            elif kind in ("softbreak",):
                out.append(_s(" "))
            elif kind == "hardbreak":
                out.append("#linebreak()")
            elif kind == "strong_open":
                out.append("#strong[")
            elif kind == "em_open":
                out.append("#emph[")
            elif kind in ("strong_close", "em_close"):
                out.append("]")
            elif kind == "link_open":
                link_href.append(str(child.attrGet("href") or ""))
            elif kind == "link_close":
                href = link_href.pop() if link_href else ""
                if href.startswith(("http://", "https://")):
                    out.append(_s(f" ({href})"))
            elif kind == "image":
                out.append(self.picture(child))
        return "".join(out)

    def picture(self, token: Token) -> str:
        digest = markdown.image_digest(str(token.attrGet("src") or ""))
        if digest is None or digest not in self.images:
            return ""
        self.used.add(digest)
        if self.beside:
            self.item_pictures.append(
                f'#box(width: 100%, height: {self.picture_height}, image("img/{digest}", '
                f'width: 100%, height: 100%, fit: "contain"))'
            )
            return ""
        return (
            f"#block(above: 0.5em, below: 0.5em, width: 100%, height: {self.picture_height}, "
            f'image("img/{digest}", width: 100%, height: 100%, fit: "contain"))'
        )

    def balanced(self, items: list[str], start: int) -> str:
        per = -(-len(items) // self.split)
        parts = [
            f"enum(start: {start + first}, "
            + ", ".join(f"[{item}]" for item in items[first : first + per])
            + ")"
            for first in range(0, len(items), per)
        ]
        return f"#grid(columns: {self.split}, column-gutter: 8mm, {', '.join(parts)})"

    def blocks(self, text: str) -> str:
        """Markup for the whole text. Lists become ``#enum``/``#list`` calls whose items are
        content blocks, so nesting follows the tokens' nesting."""
        stack: list[list[str]] = [[]]
        kinds: list[tuple[str, int]] = []
        for token in markdown.tokens(text):
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = int(str(token.attrGet("start") or 1))
                kinds.append((token.tag, start))
                stack.append([])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                items = stack.pop()
                tag, start = kinds.pop()
                body = ", ".join(f"[{item}]" for item in items)
                call = f"#enum(start: {start}, {body})" if tag == "ol" else f"#list({body})"
                if tag == "ol" and not kinds and self.split > 1 and len(items) > 1:
                    call = self.balanced(items, start)
                stack[-1].append(call + "\n\n" if not kinds else call)
            elif kind == "list_item_open":
                stack.append([])
                if len(kinds) == 1:
                    self.item_pictures = []
            elif kind == "list_item_close":
                body = "#parbreak()".join(part for part in stack.pop() if part)
                if self.beside and len(kinds) == 1 and self.item_pictures:
                    pictures = "".join(self.item_pictures)
                    body = (
                        f"#grid(columns: (1fr, {self.beside}), column-gutter: 3mm, "
                        f"[{body}], [{pictures}])"
                    )
                stack[-1].append(body)
            elif kind == "heading_open":
                stack.append([])
            elif kind == "heading_close":
                inner = "".join(stack.pop())
                stack[-1].append(f"#block(above: 1em, below: 0.5em, strong[{inner}])")
            elif kind == "inline":
                stack[-1].append(self.inline(token.children or []))
            elif kind in ("code_block", "fence"):
                stack[-1].append(_s(token.content))
        return "\n\n".join(stack[0])


def _files(converter: _Converter, qr_url: str) -> dict[str, bytes]:
    files = {f"img/{digest}": bytes(converter.images[digest].content) for digest in converter.used}
    files["qr.svg"] = ('<?xml version="1.0" encoding="UTF-8"?>' + qr_svg(qr_url)).encode()
    return files


_PAGE_SETUP = """#set text(font: "Be Vietnam Pro", lang: "vi", size: {size})
#set par(justify: false, leading: 0.55em, spacing: 0.8em)
#set enum(numbering: "1.", spacing: 0.9em)
#set list(spacing: 0.6em)
"""


def poster_layout(steps: str) -> tuple[int, str, str]:
    """Columns and picture height that keep a poster of this many steps on one A4 page: about
    150 mm of the page is left for the steps once the title, problems and source are set, and
    each step's picture stands beside its text."""
    count = max(1, len(markdown.image_digests(steps)))
    columns = 1 if count <= 2 else 2
    rows = -(-count // columns)
    height = max(22, min(45, 150 // rows - 5))
    return columns, f"{height}mm", "12pt" if count <= 4 else "10.5pt"


def poster_source(
    version: GuideVersion, images: dict[str, GuideImage], page_url: str
) -> tuple[str, dict[str, bytes]]:
    columns, height, size = poster_layout(version.steps)
    # The pictures' height in em of the text, so they shrink with it when a long guide is set
    # smaller to stay on one page (below).
    picture = (
        f"{float(height.removesuffix('mm')) / (float(size.removesuffix('pt')) * 0.3528):.2f}em"
    )
    steps = _Converter(images, picture, beside="32mm")
    steps.split = columns
    problems = _Converter(images, "30mm")
    steps_markup = steps.blocks(version.steps)
    problems_markup = problems.blocks(version.problems)
    steps.used |= problems.used
    source_line = _s(version.source_title) + (
        _s(f" ({version.source_url})") if version.source_url else ""
    )
    body = (
        "#grid(columns: (1fr, 32mm), column-gutter: 6mm,\n"
        f"  [#text(size: 24pt, weight: 700)[{_s(version.title)}]\n\n"
        f"   #text(size: 12pt)[#strong[{_s('Dành cho: ')}]{_s(version.audience)}]\n\n"
        f"   #text(size: 11pt, fill: luma(60))[{_s(version.summary)}]],\n"
        '  [#image("qr.svg", width: 32mm)\n'
        f"   #align(center, text(size: 8pt)[{_s('Quét để xem trên điện thoại')}])])\n"
        "#line(length: 100%, stroke: 0.8pt)\n"
        f"#text(size: 14pt, weight: 700)[{_s('Các bước')}]\n\n"
        f"{steps_markup}\n\n"
        + (
            f"#text(size: 14pt, weight: 700)[{_s('Gặp vướng mắc')}]\n\n{problems_markup}\n\n"
            if version.problems
            else ""
        )
        + f"#text(size: 9pt)[#strong[{_s('Nguồn chính thức: ')}]{source_line}]\n"
    )
    # A poster is one sheet: the text is set at the size the layout chose, and smaller, step by
    # step down to 8 pt, while it would run onto a second page (a guide with many problems).
    sizes = ", ".join(dict.fromkeys([size, "10pt", "9.5pt", "9pt", "8.5pt", "8pt"]))
    source = (
        '#set page(paper: "a4", margin: (x: 14mm, top: 14mm, bottom: 18mm), '
        f"footer: align(center, text(size: 9pt, fill: luma(90), {typeset.typst_string(FOOTER)})))\n"
        + _PAGE_SETUP.format(size=size)
        + f"#let poster-body(base) = [\n#set text(size: base)\n{body}]\n"
        + "#layout(page => {\n"
        + "  let chosen = 8pt\n"
        + f"  for candidate in ({sizes},) {{\n"
        + "    let height = measure(block(width: page.width, poster-body(candidate))).height\n"
        + "    if height <= page.height {\n"
        + "      chosen = candidate\n"
        + "      break\n"
        + "    }\n"
        + "  }\n"
        + "  poster-body(chosen)\n"
        + "})\n"
    )
    return source, _files(steps, page_url)


def leaflet_source(
    version: GuideVersion, images: dict[str, GuideImage], page_url: str
) -> tuple[str, dict[str, bytes]]:
    """Two pages of three panels. Outside (page 1), left to right: the inner flap (common
    problems), the back (source, QR, footer), the front cover (title, for whom, summary).
    Inside (page 2): the steps across the three panels."""
    steps = _Converter(images, "30mm")
    problems = _Converter(images, "22mm")
    steps_markup = steps.blocks(version.steps)
    problems_markup = problems.blocks(version.problems)
    steps.used |= problems.used
    source_line = _s(version.source_title) + (
        _s(f" ({version.source_url})") if version.source_url else ""
    )
    source = (
        '#set page(paper: "a4", flipped: true, margin: 10mm)\n'
        + _PAGE_SETUP.format(size="9pt")
        + "#grid(columns: (1fr, 1fr, 1fr), column-gutter: 20mm,\n"
        f"  [#text(size: 12pt, weight: 700)[{_s('Gặp vướng mắc')}]\n\n{problems_markup}],\n"
        f'  [#align(center)[#v(10mm)#image("qr.svg", width: 45mm)\n\n'
        f"     {_s('Quét để xem hướng dẫn trên điện thoại')}]\n\n"
        f"   #v(8mm)#text(size: 8.5pt)[#strong[{_s('Nguồn chính thức: ')}]{source_line}]\n\n"
        f"   #v(1fr)#align(center, text(size: 10pt, weight: 700)"
        f"[{_s(FOOTER)}])],\n"
        f"  [#v(25mm)#text(size: 22pt, weight: 700)[{_s(version.title)}]\n\n"
        f"   #v(6mm)#text(size: 11pt)[#strong[{_s('Dành cho: ')}]{_s(version.audience)}]\n\n"
        f"   #v(4mm)#text(size: 10pt, fill: luma(60))[{_s(version.summary)}]\n\n"
        f"   #v(1fr)#align(right, text(size: 9pt)[{_s(FOOTER)}])],\n"
        ")\n"
        "#pagebreak()\n"
        f"#columns(3, gutter: 20mm)[#text(size: 12pt, weight: 700)[{_s('Các bước')}]\n\n"
        f"{steps_markup}]\n"
    )
    return source, _files(steps, page_url)


def _cached(kind: str, version: GuideVersion, page_url: str) -> bytes:
    url_key = hashlib.sha256(page_url.encode()).hexdigest()[:16]
    key = f"guide-pdf:{kind}:{version.pk}:{url_key}"
    found = cache.get(key)
    if isinstance(found, bytes):
        return found
    images = image_files([version.steps, version.problems])
    make = poster_source if kind == "poster" else leaflet_source
    source, files = make(version, images, page_url)
    document = typeset.pdf(source, files=files)
    cache.set(key, document, PDF_CACHE_SECONDS)
    return document


def poster_pdf(version: GuideVersion, *, page_url: str) -> bytes:
    """The A4 poster of ``version``, its QR code leading to ``page_url``."""
    return _cached("poster", version, page_url)


def leaflet_pdf(version: GuideVersion, *, page_url: str) -> bytes:
    """The folded leaflet of ``version`` (A4 landscape, two pages: outside and inside)."""
    return _cached("leaflet", version, page_url)
