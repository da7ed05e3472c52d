"""The learning app's costs: a guide's public page and PDFs, and a village's 400-certificate
batch PDF.

In a fresh SQLite database (PostgreSQL with ``--postgres URL``): migrations, then the guides
that ship with Làng Số (``langso/learning/content/guides``; the two test fixtures of
``tests/learning/fixtures`` when that folder is empty). Then, in process through Django's test
client, for the first guide:

- the page's HTML: bytes as sent, and gzipped (what a 3G phone downloads, images aside);
- the page's time, median of ``--runs`` requests: cold (Django's cache emptied before each:
  the Markdown rendered and sanitised again; the QR picture stays in the process's memory)
  and warm (the rendered HTML cached by version), and a reload that answers 304 (the phone
  sends the page's ETag back);
- the poster and the leaflet: bytes, the first request (typeset by Typst) and later ones
  (cached by version).

It prints a table, and as its last line one JSON object with every figure.

    .venv/bin/python bench/learning.py [--runs 30] [--postgres URL] [--guides FOLDER]

Other parts extend it by adding a function ``(results, args) -> None`` to ``BENCHES``: it
reads and writes the same ``results`` dict, whose keys end up in the JSON line (the
certificates part adds its 400-certificate batch there, ``certs_*`` keys, run by
``bench/learning_certs.py`` in a process of its own).
"""

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Results = dict[str, object]


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def _timed(
    call: Callable[[], object], runs: int, before: Callable[[], None] | None = None
) -> float:
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return _median_ms(samples)


def bench_guides(results: Results, args: argparse.Namespace) -> None:
    """The public guide page and its PDFs (see the module's docstring)."""
    from django.core.cache import cache
    from django.test import Client

    from langso.learning.guide_loader import default_folder, guides_load

    folder = Path(args.guides) if args.guides else default_folder()
    if not folder.is_dir() or not any(folder.glob("*.md")):
        folder = ROOT / "tests" / "learning" / "fixtures"
    loaded = guides_load(folder=folder)
    results["guides"] = len(loaded)
    results["guides_folder"] = str(folder.relative_to(ROOT))
    slug = sorted(loaded, key=lambda item: item.slug)[0].slug
    results["guide"] = slug
    client = Client()
    url = f"/huong-dan/{slug}/"
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    results["page_bytes"] = len(page.content)
    results["page_gzip_bytes"] = len(gzip.compress(page.content))
    results["page_cold_median_ms"] = _timed(lambda: client.get(url), args.runs, cache.clear)
    client.get(url)
    results["page_warm_median_ms"] = _timed(lambda: client.get(url), args.runs)
    etag = page["ETag"]
    results["page_304_median_ms"] = _timed(
        lambda: client.get(url, HTTP_IF_NONE_MATCH=etag), args.runs
    )
    listing = client.get("/huong-dan/")
    results["list_bytes"] = len(listing.content)
    results["list_warm_median_ms"] = _timed(lambda: client.get("/huong-dan/"), args.runs)
    for kind, tail in (("poster", "poster.pdf"), ("leaflet", "to-gap.pdf")):
        cache.clear()
        start = time.perf_counter()
        document = client.get(url + tail)
        results[f"{kind}_first_ms"] = round((time.perf_counter() - start) * 1000, 1)
        results[f"{kind}_bytes"] = len(document.content)
        address = url + tail
        results[f"{kind}_cached_median_ms"] = _timed(partial(client.get, address), args.runs)


def bench_certificates(results: Results, args: argparse.Namespace) -> None:
    """The 400-certificate batch PDF (``bench/learning_certs.py``), in a process and database
    of its own (it builds a village of 400 certified people), its figures as ``certs_*``."""
    command = [
        sys.executable,
        str(ROOT / "bench" / "learning_certs.py"),
        "--certificates",
        str(args.certificates),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    for key in ("certificates", "pages", "issue_s", "pdf_cold_s", "pdf_median_s", "pdf_bytes"):
        results[f"certs_{key}"] = figures.get(key)


# Each part of the learning app adds its function here (guides first).
BENCHES: list[Callable[[Results, argparse.Namespace], None]] = [bench_guides, bench_certificates]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", default="", help="a database URL to run on instead")
    parser.add_argument("--guides", default="", help="a folder of guides to load")
    parser.add_argument("--certificates", type=int, default=400, help="the batch's size")
    parser.add_argument(
        "--quick", action="store_true", help="a first look: 5 runs, 20 certificates"
    )
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(runs=5, certificates=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["DATABASE_URL"] = args.postgres or f"sqlite:///{scratch}/bench.sqlite3"
        os.environ["LANGSO_DATA_DIR"] = scratch
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ.setdefault("LANGSO_ALLOWED_HOSTS", "testserver")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        results: Results = {"engine": "postgresql" if args.postgres else "sqlite"}
        for bench in BENCHES:
            bench(results, args)
    width = max(len(key) for key in results)
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    results["load_average"] = round(os.getloadavg()[0], 2)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
