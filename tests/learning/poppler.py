"""Poppler's tools (Debian's poppler-utils), to look at the PDFs the tests make."""

import shutil
import subprocess
from pathlib import Path


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found is not None, f"{name} is in poppler-utils (.ci/run installs it)"
    return found


def pdf_text(pdf: bytes, folder: Path) -> str:
    """The text of every page, laid out as printed."""
    path = folder / "text.pdf"
    path.write_bytes(pdf)
    command = [_tool("pdftotext"), "-layout", str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603


def pdf_pages(pdf: bytes, folder: Path, resolution: int = 40) -> list[Path]:
    """Every page rendered to a PNG image."""
    path = folder / "pages.pdf"
    path.write_bytes(pdf)
    command = [_tool("pdftoppm"), "-png", "-r", str(resolution), str(path), str(folder / "page")]
    subprocess.run(command, check=True)  # noqa: S603
    return sorted(folder.glob("page*.png"))
