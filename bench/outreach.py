"""An announcement to 100,000 residents: time to queue it, deliveries a second while draining
it through the SMS adapter to a local fake gateway, and peak memory.

In a fresh database (SQLite in a temporary folder, or ``--database-url``): Sơn La's real units,
50 villages of Xã Thuận Châu, and ``--recipients`` residents with a phone number who consented
to announcements, made in bulk. The fake gateway (``tests/outreach/fakes.py``, the contract of
the real one, idempotency keys included) runs in a process of its own, so its work is not
counted as the engine's. Then:

- **queue**: ``announcement_create`` and ``announcement_send`` (one transaction writing every
  delivery), timed;
- **drain**: ``delivery.drain("sms")`` until nothing is queued, timed (the pacing is lifted:
  ``LANGSO_SMS_RATE`` set far above what one connection carries);
- **floor**: the same adapter sending ``--floor`` messages in a bare loop, no database: what
  one connection to this gateway carries. The drain's ratio to it is what the engine's own
  work (claiming, wording, recording) costs;
- the gateway's own count: every recipient got exactly one message.

Peak memory is the measuring process's peak resident set (``ru_maxrss``) before the queue,
after it, and after the drain; the residents are made by another process (``--prepare``).
Prints a line per figure and, last, one JSON object.

    .venv/bin/python bench/outreach.py [--recipients 100000] [--database-url URL]
"""

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VILLAGES = 50
PER_HOUSEHOLD = 4


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _gateway() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.outreach.fakes"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def _stats(base: str) -> dict[str, int]:
    with urllib.request.urlopen(f"{base}/stats", timeout=10) as answer:  # noqa: S310 - loopback
        stats: dict[str, int] = json.loads(answer.read())
        return stats


def _people(count: int) -> tuple[str, int]:
    """``count`` residents in 50 new villages of Xã Thuận Châu, consenting, with numbers."""
    from langso.access import SYSTEM
    from langso.core.dates import today
    from langso.people.models import CONTACT_PURPOSE, Consent, Household, Resident
    from langso.people.services import seal_phone
    from langso.units import national
    from langso.units import services as units
    from langso.units.models import Kind, UnitVersion

    national.load(province="14")
    day = today()
    version = UnitVersion.objects.get(code="03721", valid_from__lte=day, valid_until__gt=day)
    villages = [
        units.unit_create(actor=SYSTEM, name=f"Bản {n + 1}", kind=Kind.VILLAGE, parent=version.unit)
        for n in range(VILLAGES)
    ]
    homes = Household.objects.bulk_create(
        (
            Household(village=villages[n % VILLAGES], number=str(n + 1), counted_since=day)
            for n in range(-(-count // PER_HOUSEHOLD))
        ),
        batch_size=5000,
    )
    people = []
    for n in range(count):
        home = homes[n // PER_HOUSEHOLD]
        phone = seal_phone(f"+8491{n:07d}")
        people.append(
            Resident(
                household=home,
                village_id=home.village_id,
                full_name=f"Người dân {n + 1}",
                full_name_folded=f"nguoi dan {n + 1}",
                birth_year=1980 + n % 30,
                phone_sealed=phone.sealed,
                phone_index=phone.blind,
                phone_masked=phone.masked,
                counted_since=day,
            )
        )
    made = Resident.objects.bulk_create(people, batch_size=5000)
    Consent.objects.bulk_create(
        (
            Consent(resident=person, given=True, purpose=CONTACT_PURPOSE, recorded_on=day)
            for person in made
        ),
        batch_size=5000,
    )
    return version.code, len(made)


def _environment(database_url: str, scratch: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["LANGSO_DATA_DIR"] = scratch
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def prepare(count: int, database_url: str, scratch: str) -> None:
    """The database with its residents, in a process of its own, so that building 100,000
    rows in memory does not count in the measured process's peak."""
    _environment(database_url, scratch)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    commune, made = _people(count)
    print(json.dumps({"commune": commune, "made": made, "seconds": time.perf_counter() - started}))


def run(count: int, floor_count: int, database_url: str, scratch: str) -> dict[str, object]:
    made_by = subprocess.run(  # noqa: S603 - this very script, no shell
        [
            sys.executable,
            __file__,
            "--prepare",
            "--recipients",
            str(count),
            "--database-url",
            database_url,
            "--scratch",
            scratch,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    prepared = json.loads(made_by.stdout.strip().splitlines()[-1])
    commune, made = prepared["commune"], prepared["made"]
    print(f"setup: {made} residents in {prepared['seconds']:.1f} s")
    _environment(database_url, scratch)
    gateway, base = _gateway()
    os.environ["LANGSO_SMS_GATEWAY_URL"] = f"{base}/sms"
    os.environ["LANGSO_SMS_GATEWAY_TOKEN"] = "gateway-secret"  # noqa: S105 - the fake's
    os.environ["LANGSO_SMS_RATE"] = "1000000"
    try:
        import django

        django.setup()
        from django.db import connection

        from langso.accounts import services as accounts
        from langso.accounts.models import Role
        from langso.core.dates import today
        from langso.outreach import delivery, services, tasks
        from langso.outreach.audience import Audience
        from langso.outreach.channels import registry
        from langso.outreach.channels.base import Message
        from langso.outreach.models import Delivery, DeliveryStatus
        from langso.units.models import UnitVersion

        day = today()
        unit = UnitVersion.objects.get(code=commune, valid_from__lte=day, valid_until__gt=day).unit
        officer, _ = accounts.user_provision(username="xa.bench", password=secrets.token_hex(16))
        accounts.role_grant(user=officer, role=Role.COMMUNE_OFFICER, unit=unit)
        # The bench drives the drain itself rather than the task worker.
        tasks.wake = lambda: None
        rss_before = _rss_mb()

        started = time.perf_counter()
        announcement = services.announcement_send(
            actor=officer,
            announcement=services.announcement_create(
                actor=officer,
                draft=services.Draft(
                    title="Cảnh báo lừa đảo",
                    text="Chào {ten} ở {thon}: công an không gọi điện bắt chuyển tiền.",
                    audience=Audience(units=(commune,), residents_all=True),
                    channels=("sms",),
                    urgent=True,
                ),
            ),
        )
        queue_seconds = time.perf_counter() - started
        queued = Delivery.objects.filter(announcement=announcement).count()
        rss_queued = _rss_mb()
        print(f"queue: {queued} deliveries in {queue_seconds:.2f} s")

        started = time.perf_counter()
        drained = 0
        while True:
            handled = delivery.drain("sms", limit=10**9, seconds=10**9)
            drained += handled
            if not handled:
                break
        drain_seconds = time.perf_counter() - started
        sent = Delivery.objects.filter(announcement=announcement, status=DeliveryStatus.SENT)
        sent_count = sent.count()
        rss_drained = _rss_mb()
        rate = drained / drain_seconds
        print(f"drain: {sent_count} sent in {drain_seconds:.1f} s: {rate:,.0f} deliveries/s")

        adapter = registry.adapter("sms")
        assert adapter is not None
        started = time.perf_counter()
        for n in range(floor_count):
            adapter.send(Message(to=f"+8492{n:07d}", text="x" * 120, reference=f"floor-{n}"))
        floor_rate = floor_count / (time.perf_counter() - started)
        print(f"floor: one connection carries {floor_rate:,.0f} messages/s")
        stats = _stats(base)
        print(f"gateway: {stats}")
        figures: dict[str, object] = {
            "bench": "outreach",
            "database": connection.vendor,
            "recipients": made,
            "queued": queued,
            "queue_seconds": round(queue_seconds, 3),
            "sent": sent_count,
            "drain_seconds": round(drain_seconds, 2),
            "deliveries_per_second": round(rate),
            "floor_messages_per_second": round(floor_rate),
            "ratio_to_floor": round(rate / floor_rate, 3),
            "gateway_most_per_recipient": stats["most_per_recipient"],
            "gateway_accepted": stats["accepted"] - floor_count,
            "peak_rss_mb_before": round(rss_before),
            "peak_rss_mb_queued": round(rss_queued),
            "peak_rss_mb_drained": round(rss_drained),
        }
        return figures
    finally:
        assert gateway.stdin is not None
        gateway.stdin.close()
        gateway.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--floor", type=int, default=5_000)
    parser.add_argument("--database-url", default="", help="default: SQLite in a scratch folder")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", default="", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="a first look: 2,000 recipients")
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(recipients=2_000, floor=500)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.recipients, args.database_url, args.scratch)
        return
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{scratch}/bench.sqlite3"
        figures = run(args.recipients, args.floor, url, scratch)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
