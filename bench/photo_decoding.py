"""CPU cost of the photos of one report (feedback.images.clean_photos), in CPU seconds: three PNGs
of 6,300 by 6,300 pixels (the issue's case: each under 5 MB and, before the per-format and
per-request bounds, accepted and decoded in full), three 12 MP phone JPEGs, one 50 MP phone
JPEG (decoded at reduced size) and two 16 MP PNGs. Last line, one JSON object: case → {"cpu_s",
"answer"}.

    .venv/bin/python bench/photo_decoding.py [--quick]   # quick: the issue's case and the JPEGs
"""

import argparse
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def picture(width: int, height: int, fmt: str) -> bytes:
    """A picture with some texture (a gradient under noise), saved as ``fmt``."""
    from PIL import Image

    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width // 8, height // 8), 30).resize((width, height))
    out = io.BytesIO()
    Image.blend(base, noise.convert("RGB"), 0.3).save(out, format=fmt)
    return out.getvalue()


def flat_png(side: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (side, side), (40, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--quick", action="store_true", help="a first look: the 6,300 px PNGs and 12 MP JPEGs"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["LANGSO_DATA_DIR"] = scratch
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from langso.core.errors import DomainError
        from langso.feedback import images

        cases: dict[str, Callable[[], list[bytes]]] = {
            "three_6300px_pngs": lambda: [flat_png(6300)] * 3,
            "three_12mp_jpegs": lambda: [picture(4000, 3000, "JPEG")] * 3,
            "one_50mp_jpeg": lambda: [picture(8160, 6144, "JPEG")],
            "two_16mp_pngs": lambda: [flat_png(4000)] * 2,
        }
        if args.quick:
            cases = {name: cases[name] for name in ("three_6300px_pngs", "three_12mp_jpegs")}
        results = {}
        for name, make in cases.items():
            photos = make()
            sizes = [len(photo) for photo in photos]
            started = time.process_time()
            try:
                images.clean_photos(photos)
                answer = "accepted"
            except DomainError as error:
                answer = str(error.code)
            seconds = time.process_time() - started
            results[name] = {"cpu_s": round(seconds, 3), "answer": answer}
            print(f"{name}: {seconds:.3f} CPU s, {answer} (files {sizes} bytes)")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
