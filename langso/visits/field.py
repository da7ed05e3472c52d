"""The field app's own files: the service worker, the manifest and the icons.

The service worker must be served from /field/ to control /field/; its cache name carries a
digest of the app's files, so a new version replaces the old cache when it is installed.
"""

import hashlib
import io
from functools import cache
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw

FIELD_STATIC = Path(settings.BASE_DIR) / "static" / "field"
BRAND = (11, 87, 170)


@cache
def version() -> str:
    digest = hashlib.sha256()
    for path in sorted(FIELD_STATIC.glob("*")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def icon(size: int) -> bytes:
    """A plain icon: the brand colour with a white house outline (no image files to keep)."""
    image = Image.new("RGB", (size, size), BRAND)
    draw = ImageDraw.Draw(image)
    unit = size / 16
    roof = [(3 * unit, 8 * unit), (8 * unit, 3.5 * unit), (13 * unit, 8 * unit)]
    draw.line(roof, fill="white", width=max(2, int(unit)))
    draw.rectangle(
        [4.5 * unit, 8 * unit, 11.5 * unit, 13 * unit], outline="white", width=max(2, int(unit))
    )
    draw.rectangle([7 * unit, 10 * unit, 9 * unit, 13 * unit], fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
