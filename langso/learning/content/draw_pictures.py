"""Draw the shipped guides' pictures: a simple phone screen per step, from `pictures.json`.

Nobody can take real screenshots of VNeID or a bank app here (and real ones would show a real
person's data), so each step gets a plain drawing of what the screen looks like: the app's name in
a coloured title bar, the words that matter, and a red ring with an arrow on what to press. The
drawings are deterministic (same spec, same bytes) and small (a 48-colour palette), so a guide
stays light on 3G and a rerun changes nothing in git.

Run: `.venv/bin/python -m langso.learning.content.draw_pictures`.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any, TypedDict, cast

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
SPEC = HERE / "pictures.json"
OUT = HERE / "guides" / "images"
FONTS = HERE.parents[2] / "node_modules" / "@expo-google-fonts" / "be-vietnam-pro"
REGULAR = FONTS / "400Regular" / "BeVietnamPro_400Regular.ttf"
BOLD = FONTS / "700Bold" / "BeVietnamPro_700Bold.ttf"

WIDTH, HEIGHT = 360, 560
PHONE = (40, 12, 320, 548)  # the phone's outer edge
SCREEN = (52, 46, 308, 514)  # the screen inside it
MAX_BYTES = 40_000

# Each app's colour, so a person learns to recognise "the red one" or "the blue one".
THEMES = {
    "red": (200, 16, 46),  # VNeID
    "blue": (11, 94, 168),  # Cổng Dịch vụ công quốc gia
    "green": (0, 122, 82),  # a bank
    "orange": (230, 110, 0),  # shops, the post office
    "grey": (90, 90, 90),  # the phone's own settings, calls, messages
}
INK = (33, 33, 33)
MUTED = (110, 110, 110)
MARK = (220, 0, 0)
WHITE = (255, 255, 255)


class Element(TypedDict, total=False):
    t: str  # text | field | tile | button | bubble | warn | ok | card | code
    s: str  # the words shown
    label: str  # a field's label


class Picture(TypedDict, total=False):
    file: str
    app: str
    theme: str
    heading: str
    elements: list[Element]
    mark: int  # index of the element ringed in red, -1 for none


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size)


def missing_glyphs(text: str) -> set[str]:
    """Characters the fonts would draw as an empty box (a symbol Be Vietnam Pro lacks)."""
    missing = set()
    for face in (font(16), font(16, bold=True)):
        blank = bytes(face.getmask("\ue000"))  # a private-use point: surely the empty box
        missing |= {c for c in set(text) if c.strip() and bytes(face.getmask(c)) == blank}
    return missing


def wrap(
    draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """Break text into lines that fit `width` pixels, at spaces."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}".strip()
            if draw.textlength(candidate, font=face) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def draw_lines(
    draw: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    text: str,
    face: ImageFont.FreeTypeFont,
    width: int,
    fill: tuple[int, int, int],
    center: bool = False,
) -> int:
    """Draw wrapped text from its top-left corner; return the y under the last line."""
    x, y = xy
    step = int(face.size * 1.35)
    for line in wrap(draw, text, face, width):
        dx = (width - int(draw.textlength(line, font=face))) // 2 if center else 0
        draw.text((x + dx, y), line, font=face, fill=fill)
        y += step
    return y


def draw_element(
    draw: ImageDraw.ImageDraw, element: Element, top: int, accent: tuple[int, int, int]
) -> tuple[int, int, int, int]:
    """Draw one element under `top`; return its box (for the red ring)."""
    left, right = SCREEN[0] + 12, SCREEN[2] - 12
    inner = right - left - 20
    kind, words = element.get("t", "text"), element.get("s", "")
    regular, bold = font(14), font(15, bold=True)
    if kind == "text":
        bottom = draw_lines(draw, (left, top), words, regular, right - left, INK)
        return (left, top, right, bottom)
    if kind == "field":
        y = draw_lines(draw, (left, top), element.get("label", ""), font(12), right - left, MUTED)
        box = (left, y + 2, right, y + 36)
        draw.rounded_rectangle(box, radius=6, outline=(150, 150, 150), width=2, fill=WHITE)
        draw.text((left + 10, y + 10), words, font=regular, fill=INK)
        return (left, top, right, box[3])
    if kind in ("tile", "button"):
        lines = wrap(draw, words, bold, inner)
        height = 22 * len(lines) + 20
        box = (left, top, right, top + height)
        if kind == "button":
            draw.rounded_rectangle(box, radius=10, fill=accent)
            colour = WHITE
        else:
            draw.rounded_rectangle(box, radius=8, fill=(245, 245, 245), outline=(200, 200, 200))
            draw.ellipse(
                (left + 8, top + height // 2 - 6, left + 20, top + height // 2 + 6), fill=accent
            )
            colour = INK
        y = top + 10
        for line in lines:
            width = int(draw.textlength(line, font=bold))
            x = left + (right - left - width) // 2 if kind == "button" else left + 28
            draw.text((x, y), line, font=bold, fill=colour)
            y += 22
        return box
    if kind in ("bubble", "warn", "ok"):
        fills = {"bubble": (232, 240, 254), "warn": (255, 243, 205), "ok": (220, 245, 228)}
        edges = {"bubble": (170, 190, 230), "warn": (230, 180, 60), "ok": (90, 170, 110)}
        lines = wrap(draw, words, regular, inner)
        box = (left, top, right, top + 19 * len(lines) + 18)
        draw.rounded_rectangle(box, radius=10, fill=fills[kind], outline=edges[kind], width=2)
        draw_lines(draw, (left + 10, top + 9), words, regular, inner, INK)
        return box
    if kind == "code":
        box = (left + 20, top, right - 20, top + 46)
        draw.rounded_rectangle(box, radius=8, outline=accent, width=2, fill=WHITE)
        size = 24
        while draw.textlength(words, font=font(size, bold=True)) > box[2] - box[0] - 16:
            size -= 1  # a long code (a file number) shrinks rather than spill out of its box
        face = font(size, bold=True)
        width = int(draw.textlength(words, font=face))
        top += (24 - size) // 2
        draw.text((left + (right - left - width) // 2, top + 8), words, font=face, fill=INK)
        return box
    if kind == "card":
        # A căn cước: a light card with a chip and the words on it.
        box = (left + 10, top, right - 10, top + 110)
        draw.rounded_rectangle(
            box, radius=10, fill=(226, 238, 250), outline=(120, 150, 190), width=2
        )
        draw.rounded_rectangle(
            (left + 24, top + 40, left + 60, top + 68), radius=4, fill=(214, 176, 70)
        )
        draw.rectangle((right - 80, top + 14, right - 24, top + 84), fill=(200, 210, 222))
        draw_lines(draw, (left + 24, top + 10), words, font(12, bold=True), 150, INK)
        return box
    raise ValueError(f"unknown element kind {kind!r}")


def ring(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int]) -> None:
    """A red ring around `box` and an arrow pointing at it from the phone's right edge."""
    x0, y0, x1, y1 = box
    draw.rounded_rectangle((x0 - 6, y0 - 6, x1 + 6, y1 + 6), radius=12, outline=MARK, width=4)
    middle = (y0 + y1) // 2
    tip = x1 + 8
    draw.line((WIDTH - 6, middle, tip + 10, middle), fill=MARK, width=5)
    draw.polygon([(tip, middle), (tip + 16, middle - 10), (tip + 16, middle + 10)], fill=MARK)


def render(picture: Picture) -> bytes:
    accent = THEMES[picture.get("theme", "grey")]
    missing = missing_glyphs(json.dumps(picture, ensure_ascii=False))
    if missing:
        raise ValueError(f"{picture['file']}: the font has no glyph for {sorted(missing)}")
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(PHONE, radius=30, fill=(40, 40, 40))
    draw.rectangle(SCREEN, fill=WHITE)
    draw.rounded_rectangle((150, 24, 210, 32), radius=4, fill=(80, 80, 80))  # the earpiece
    draw.ellipse((170, 522, 190, 542), outline=(120, 120, 120), width=2)  # the home button
    # The title bar with the app's name.
    draw.rectangle((SCREEN[0], SCREEN[1], SCREEN[2], SCREEN[1] + 40), fill=accent)
    draw_lines(
        draw,
        (SCREEN[0], SCREEN[1] + 10),
        picture["app"],
        font(16, bold=True),
        SCREEN[2] - SCREEN[0],
        WHITE,
        center=True,
    )
    top = SCREEN[1] + 52
    heading = picture.get("heading", "")
    if heading:
        top = draw_lines(draw, (SCREEN[0] + 12, top), heading, font(17, bold=True), 232, INK) + 8
    boxes = []
    for element in picture.get("elements", []):
        box = draw_element(draw, element, top, accent)
        boxes.append(box)
        top = box[3] + 12
    if top > SCREEN[3]:
        raise ValueError(f"{picture['file']}: the screen overflows by {top - SCREEN[3]} px")
    mark = picture.get("mark", -1)
    if mark >= 0:
        ring(draw, boxes[mark])
    # A small fixed palette keeps each file a few kilobytes; no dithering keeps text crisp.
    small = image.quantize(colors=48, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def load(path: Path = SPEC) -> list[Picture]:
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    allowed = set(Picture.__annotations__)
    for item in data:
        # A misspelt key would silently draw nothing: refuse it instead.
        if not {"file", "app"} <= set(item) <= allowed:
            raise ValueError(f"bad picture spec: {item}")
    return [cast(Picture, item) for item in data]


def main(argv: list[str] | None = None) -> int:
    del argv  # no options: the spec file is the whole input
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0
    pictures = load()
    for picture in pictures:
        data = render(picture)
        if len(data) > MAX_BYTES:
            raise ValueError(f"{picture['file']} is {len(data)} bytes, over {MAX_BYTES}")
        (OUT / picture["file"]).write_bytes(data)
        total += len(data)
    sys.stdout.write(f"{len(pictures)} pictures, {total} bytes\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
