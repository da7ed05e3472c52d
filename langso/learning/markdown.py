"""The Markdown of guides: to safe HTML for pages, and to a tree the PDF typesetter walks.

Editors write a small subset (paragraphs, bold, italic, lists, links, images, ``###``
headings). It is parsed by markdown-it-py with raw HTML turned off, so ``<script>`` is text,
not markup; the HTML it makes is then cleaned by nh3 against an allow-list, so whatever the
parser lets through (a ``javascript:`` link, an attribute) cannot run. Pictures are shown only
from our own picture address (``/huong-dan/anh/<sha256>``): a picture from elsewhere would let
its host see who reads which guide, and could change after the guide was checked.
"""

import re
from collections.abc import Mapping

import nh3
from django.core.cache import cache
from markdown_it import MarkdownIt
from markdown_it.token import Token

IMAGE_PREFIX = "/huong-dan/anh/"
_OWN_IMAGE = re.compile(r"^/huong-dan/anh/([0-9a-f]{64})$")

ALLOWED_TAGS = {
    "p",
    "strong",
    "em",
    "ol",
    "ul",
    "li",
    "a",
    "img",
    "h3",
    "h4",
    "br",
    "code",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# CommonMark without raw HTML; no tables or strikethrough (not in the subset editors use).
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

# Sizes of our pictures by digest: (width, height).
Sizes = Mapping[str, tuple[int | None, int | None]]


def image_digest(src: str) -> str | None:
    """The digest of one of our pictures from its address, or None for any other address."""
    found = _OWN_IMAGE.match(src.strip())
    return found.group(1) if found else None


def tokens(text: str) -> list[Token]:
    """The parsed Markdown, with foreign pictures removed and headings no bigger than h3 (the
    page's own title is the h1, and each part of a guide an h2)."""
    parsed = _parser.parse(text)
    for token in parsed:
        if token.type in ("heading_open", "heading_close") and token.tag in ("h1", "h2"):
            token.tag = "h3"
        if token.type == "inline" and token.children:
            token.children = [
                child
                for child in token.children
                if child.type != "image" or image_digest(str(child.attrGet("src") or ""))
            ]
    return parsed


def image_digests(text: str) -> list[str]:
    """The digests of our pictures that ``text`` shows, in order."""
    found = []
    for token in tokens(text):
        for child in token.children or []:
            if child.type == "image":
                digest = image_digest(str(child.attrGet("src") or ""))
                if digest:
                    found.append(digest)
    return found


def render(text: str, *, sizes: Sizes | None = None) -> str:
    """Safe HTML for ``text``: our pictures load lazily, with their size when known so the
    page does not jump as they arrive on a slow line."""
    parsed = tokens(text)
    for token in parsed:
        for child in token.children or []:
            if child.type != "image":
                continue
            child.attrSet("loading", "lazy")
            digest = image_digest(str(child.attrGet("src") or ""))
            width, height = (sizes or {}).get(digest or "", (None, None))
            if width and height:
                child.attrSet("width", str(width))
                child.attrSet("height", str(height))
    html = _parser.renderer.render(parsed, _parser.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_cached(version_id: int, part: str, text: str, *, sizes: Sizes | None = None) -> str:
    """``render`` of a version's text, kept in the cache: a version never changes, so its HTML
    does not either (the key carries the version's id)."""
    key = f"guide-html:{version_id}:{part}"
    html = cache.get(key)
    if html is None:
        html = render(text, sizes=sizes)
        cache.set(key, html, 24 * 3600)
    return str(html)
