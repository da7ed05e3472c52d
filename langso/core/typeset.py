"""PDFs typeset by Typst (the ``typst`` wheel from PyPI), with fonts from the npm registry.

Vietnamese needs fonts that carry every precomposed letter with its tone mark; Typst's own
fonts do not promise that, so the documents name theirs: Tinos (metrically Times New Roman, the
face Nghị định 30/2020/NĐ-CP asks of administrative documents) and Be Vietnam Pro (a sans
drawn for Vietnamese, for posters). Both come from ``package.json`` (``@expo-google-fonts/*``,
TrueType files), installed by ``make setup``; system fonts are ignored, so a document looks the
same on every machine.

Sources are Typst markup made by our code; every value that came from a person goes in through
``sys_inputs`` or ``typst_string``, never pasted into markup, so a name cannot become markup.
"""

import json
import tempfile
from functools import cache
from pathlib import Path

import typst
from django.conf import settings

FONT_PACKAGES = ("@expo-google-fonts/tinos", "@expo-google-fonts/be-vietnam-pro")
SERIF = "Tinos"
SANS = "Be Vietnam Pro"


class FontsMissing(RuntimeError):
    """The fonts are not installed (``npm ci`` has not run)."""


@cache
def font_paths() -> list[str]:
    root = Path(settings.BASE_DIR) / "node_modules"
    paths = sorted(
        str(folder)
        for package in FONT_PACKAGES
        for folder in (root / package).glob("*")
        if folder.is_dir() and any(folder.glob("*.ttf"))
    )
    if not paths:
        raise FontsMissing(f"No fonts in {root}: run `make setup` (npm ci).")
    return paths


def typst_string(text: str) -> str:
    """``text`` as a Typst string literal (JSON's escapes are Typst's)."""
    return json.dumps(text, ensure_ascii=False)


def pdf(
    source: str, *, files: dict[str, bytes] | None = None, inputs: dict[str, str] | None = None
) -> bytes:
    """Typeset ``source`` (Typst markup) into a PDF.

    ``files`` are the pictures and data the markup reads by name (``image("qr.png")``),
    ``inputs`` the values it reads as ``sys.inputs.<name>``. Everything is written to a fresh
    temporary folder that Typst treats as its root, so markup cannot read outside it.
    """
    return _compile(source, files=files, inputs=inputs)


def png(
    source: str,
    *,
    files: dict[str, bytes] | None = None,
    inputs: dict[str, str] | None = None,
    ppi: float = 200,
) -> bytes:
    """Typeset ``source`` (one page) into a PNG picture of ``ppi`` pixels per inch, for a
    document meant to be sent as a picture (a chat app shows it where it would not a PDF)."""
    return _compile(source, files=files, inputs=inputs, image_ppi=ppi)


def _compile(
    source: str,
    *,
    files: dict[str, bytes] | None,
    inputs: dict[str, str] | None,
    image_ppi: float | None = None,
) -> bytes:
    with tempfile.TemporaryDirectory(prefix="langso-typst-") as folder:
        root = Path(folder)
        (root / "main.typ").write_text(source, encoding="utf-8")
        for name, content in (files or {}).items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        result = typst.compile(
            str(root / "main.typ"),
            root=str(root),
            font_paths=font_paths(),
            ignore_system_fonts=True,
            sys_inputs=inputs or {},
            format="png" if image_ppi else "pdf",
            ppi=image_ppi,
        )
    if isinstance(result, list):
        raise ValueError("A picture is made of a one-page document only.")
    return bytes(result)
