"""Poppler's tools (Debian's poppler-utils), to look at the PDFs the tests make."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def _tool(name: str) -> str:
    """The tool's path. Without it the test is skipped on a developer's machine (``make test``
    needs only Python and Node) and fails in CI, which installs it (like Chromium)."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is in poppler-utils (.ci/run installs it)"
        if os.environ.get("LANGSO_TEST_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
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
