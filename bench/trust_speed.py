"""Speed of the trust checker.

1. The engine in process, on one core (a single Python thread): every host of the shared
   Chống Lừa Đảo list plus the legitimate domains of the test fixture, each checked once per
   pass by a freshly built engine (so no cache carries over), best and median of three passes.
   Also the full check with the block-list lookups (``selectors.check_items``, batches of 50)
   against a migrated SQLite database holding the whole list.
2. The API: ``POST /api/v1/trust/check`` with one item, through Django's test client in process
   (no network), on that database: 1,000 requests, p50 and p99.

    .venv/bin/python bench/trust_speed.py [--list PATH] [--requests 1000]

Last line: {"checks_per_s", "api_p99_ms", …}.
"""

import argparse
import atexit
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_LIST = ROOT.parent / "shared" / "data" / "chongluadao-blocklist" / "urls-pihole.txt"
FIXTURES = ROOT / "tests" / "trust" / "fixtures"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a first look: the lists' checks on every 10th input, 100 requests",
    )
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(requests=100)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="trust-speed-")
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/bench.sqlite3"
    os.environ["LANGSO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from langso.trust import selectors, services
    from langso.trust.catalog_data import shipped_catalog
    from langso.trust.engine import Engine, LinkError

    hosts = [
        line.strip()
        for line in args.list.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    legit = [
        line.split("\t")[0]
        for line in (FIXTURES / "legit_domains_vn.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    inputs = hosts + legit

    rates = []
    for _ in range(3):
        engine = Engine(shipped_catalog())
        started = time.perf_counter()
        for text in inputs:
            with contextlib.suppress(LinkError):
                engine.check(text)
        rates.append(len(inputs) / (time.perf_counter() - started))

    call_command("migrate", verbosity=0)
    services.blocklist_import(
        name="chongluadao", fmt="hosts", content=args.list.read_bytes(), file_name=args.list.name
    )
    readable = []
    for text in inputs[::10] if args.quick else inputs:
        try:
            selectors.engine().analyse(text)
            readable.append(text)
        except LinkError:
            pass
    started = time.perf_counter()
    for start in range(0, len(readable), selectors.MAX_ITEMS):
        selectors.check_items(readable[start : start + selectors.MAX_ITEMS])
    full_rate = len(readable) / (time.perf_counter() - started)

    client = Client()
    latencies = []
    with override_settings(LANGSO_TRUST_CHECKS_PER_MINUTE=10**9):
        for index in range(args.requests):
            body = json.dumps({"items": [readable[(index * 37) % len(readable)]]})
            started = time.perf_counter()
            response = client.post("/api/v1/trust/check", body, content_type="application/json")
            latencies.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(f"engine alone: {len(inputs)} inputs, passes {[round(r) for r in rates]} checks/s")
    print(f"with block-list lookups (SQLite, {len(hosts)} hosts listed): {full_rate:.0f} checks/s")
    print(
        f"API, {args.requests} requests of one item: p50 {statistics.median(latencies):.2f} ms,"
        f" p99 {p99:.2f} ms"
    )
    print(
        json.dumps(
            {
                "checks_per_s": round(max(rates)),
                "checks_per_s_median": round(statistics.median(rates)),
                "checks_per_s_with_lists": round(full_rate),
                "api_p50_ms": round(statistics.median(latencies), 2),
                "api_p99_ms": round(p99, 2),
                "inputs": len(inputs),
            }
        )
    )


if __name__ == "__main__":
    main()
