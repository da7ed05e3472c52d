"""A commune's market page (``/cho/<code>/``) on a slow 3G link, against the floor of the link.

For SQLite and for PostgreSQL (when reachable), in a fresh database each and in a child
process each: Sơn La's real units (``bench/_sonla.py``), one commune of today with ten villages,
and N listed household businesses made through the services (one household each, through
``people.services.household_create``; ``shops.services.business_create``): Vietnamese names and
products over the twelve categories, OCOP stars on about a fifth, one or two shop links on
voso.vn or postmart.vn, an Agribank account (BIN 970405) of 13 digits. N = 50, then 150 more
for N = 200 (the page shows 50 a page, so N = 200 is a page of 50 and a pager).

For each N:

1. Server time, in process (Django's test ``Client``, no network): three untimed requests,
   then ``--runs`` timed ``GET /cho/<code>/``; the median and p95 of the wall time, the median
   of the process's CPU time (all of the work on SQLite, Django's share on PostgreSQL), and the
   number of SQL queries of one request.
2. Bytes: the HTML and every style sheet, script, image or icon it links (none today: the
   template inlines its style sheet), raw as the product serves them (Django does not compress
   HTML: ``langso/core/delivery.py``) and gzipped as nginx would (``gzip_comp_level`` 1, its
   default, and 6).
3. Real page loads in Debian's Chromium (Playwright, 390 x 844, a new browser context for each
   load: empty cache, new connection) against Django's threaded server on 127.0.0.1 in the
   child, the link emulated by CDP ``Network.emulateNetworkConditions``; first contentful paint
   and the load event, median of ``--loads`` after one untimed load. Four answers are loaded
   side by side under the same link: the page as the product serves it; the same bytes as a
   plain file from the same server (the floor: what the link costs these bytes, so the ratio is
   what Django adds); and both gzipped on the way out (what an nginx in front with ``gzip on``
   would send; the product itself has none).

The links (the values Chrome DevTools' presets use, ``front_end/core/sdk/NetworkManager.ts``):

- ``3g``: DevTools' "3G" (called "Slow 3G" until 2024): 500 kbit/s x 0.8 = 400 kbit/s
  (50,000 B/s) down and up, a target RTT of 400 ms emulated as 2,000 ms of latency per request
  (x 5: Chrome's emulation delays requests, not packets, so the factor stands for the DNS,
  TCP and slow-start round trips a real link would add). That target is WebPageTest's "3G
  Slow" (400 kbit/s, 400 ms RTT, ``connectivity.ini``).
- ``slow4g``: DevTools' "Slow 4G" (called "Fast 3G" until May 2024): 1.6 Mbit/s x 0.9 =
  1.44 Mbit/s (180,000 B/s) down, 675 kbit/s up, a target RTT of 150 ms emulated as 562.5 ms
  (x 3.75).

The physics floor of a link for B bytes: one TCP handshake and one request round trip at the
target RTT, then B / bandwidth (slow start and headers left out: a floor no server beats).

Last line: JSON with every figure, keyed ``<engine>_<N>_...``.

    .venv/bin/python bench/market.py [--shops 50,200] [--runs 30] [--loads 5]
        [--profiles 3g,slow4g] [--cpu 1] [--engines sqlite,postgres] [--db-prefix langso_market]
"""

import argparse
import gzip
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import _sonla  # noqa: E402 - beside this script, after the repository is put on the path

if TYPE_CHECKING:
    from langso.units.models import Unit

# The same flags as the browser tests (tests/conftest.py CHROMIUM_ARGS).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Link:
    title: str
    rtt_ms: float  # the link's round trip, for the physics floor
    down: float  # bytes per second
    up: float
    latency_ms: float  # what DevTools asks Chrome to add to each request


PROFILES = {
    "3g": Link("DevTools 3G (Slow 3G): 400 kbit/s, RTT 400 ms", 400, 50_000, 50_000, 2000),
    "slow4g": Link(
        "DevTools Slow 4G (Fast 3G): 1.44 Mbit/s, RTT 150 ms", 150, 180_000, 84_375, 562.5
    ),
}

# Targets: a first paint a person on the slow link waits for, and Django's share of a load.
FCP_TARGET_MS = 3000.0
FLOOR_RATIO_TARGET = 1.5

# The commune: Mộc Châu's tea, plums and dairy make it the province's best-known market.
COMMUNE_HINT = "Mộc Châu"
VILLAGES = [
    "Bản Hua Tạt",
    "Bản Nà Sàng",
    "Bản Co Sung",
    "Bản Pá Khoang",
    "Bản Lóng Luông",
    "Bản Phiêng Cại",
    "Bản Nong Lay",
    "Bản Huổi Một",
    "Tiểu khu 3",
    "Bản Áng",
]
FAMILY = ["Lò", "Quàng", "Cầm", "Lường", "Vì", "Hà", "Tòng", "Sùng", "Giàng", "Mùa", "Đinh"]
MIDDLE = ["Văn", "Thị", "A", "Thị", "Văn", "Mí"]
GIVEN = ["Thắng", "Xuân", "Ên", "Pằng", "Chứ", "Dua", "Hoa", "Lả", "Ngọc", "Tiến", "Thủy", "Sinh"]
# (categories, the name's first words, what it sells)
GOODS: list[tuple[list[str], str, str]] = [
    (["tea"], "Chè Shan tuyết", "Chè búp khô, chè xanh sao tay, chè Shan tuyết cổ thụ"),
    (["tea", "processed"], "Chè Ô long", "Chè Ô long, trà xanh túi lọc, hộp quà 200 g"),
    (["coffee"], "Cà phê Arabica", "Cà phê nhân, cà phê rang xay nguyên chất, túi 500 g"),
    (["fruit"], "Mận hậu", "Mận hậu tươi theo mùa (tháng 5 đến tháng 7), mận sấy dẻo"),
    (["fruit"], "Xoài tròn", "Xoài tròn Yên Châu, xoài xanh, xoài chín cây"),
    (["fruit", "processed"], "Nhãn sấy", "Nhãn lồng sấy khô, long nhãn, nhãn tươi theo mùa"),
    (["honey"], "Mật ong bạc hà", "Mật ong hoa bạc hà, mật ong rừng, sáp ong"),
    (["meat", "processed"], "Thịt trâu gác bếp", "Thịt trâu, thịt lợn gác bếp, lạp sườn hun khói"),
    (["meat"], "Gà đồi", "Gà đen, gà ri thả đồi, trứng gà, vịt bầu"),
    (["grain"], "Gạo nếp tan", "Gạo nếp tan, gạo tẻ Séng Cù, bột ngô"),
    (["vegetables"], "Rau cải mèo", "Rau cải mèo, su su, măng tươi, rau sạch theo mùa"),
    (["herbs"], "Dược liệu", "Giảo cổ lam, cà gai leo, sâm bố chính phơi khô"),
    (["crafts"], "Thổ cẩm", "Khăn piêu, túi thổ cẩm, váy áo dân tộc Thái dệt tay"),
    (["processed"], "Măng rừng khô", "Măng khô, măng chua, chẩm chéo, mắc khén"),
    (["services"], "Homestay", "Nhà sàn 20 chỗ, bữa cơm bản, đón khách tham quan đồi chè"),
    (["other"], "Cây giống", "Cây giống cà phê, mận, bơ ghép, chè cành"),
]


# Building the commune --------------------------------------------------------------------------


def _slug(text: str) -> str:
    from langso.core.text import fold

    return "-".join("".join(c if c.isalnum() else " " for c in fold(text)).split())


def _owner(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def commune_pick(communes: list["Unit"]) -> tuple["Unit", str, str]:
    """The commune of the market (the unit, its code and name of today)."""
    from langso.core.dates import today, valid_on
    from langso.units.models import UnitVersion

    versions = {
        v.unit_id: v for v in UnitVersion.objects.filter(valid_on(today()), unit__in=communes)
    }
    chosen = next(
        (u for u in communes if COMMUNE_HINT in versions[u.pk].name),
        min(communes, key=lambda u: u.pk),
    )
    return chosen, versions[chosen.pk].code or "", versions[chosen.pk].name


def villages_make(commune: "Unit") -> list["Unit"]:
    from langso.access import SYSTEM
    from langso.units import services as units
    from langso.units.models import Kind

    return [
        units.unit_create(actor=SYSTEM, name=name, kind=Kind.VILLAGE, parent=commune)
        for name in VILLAGES
    ]


def businesses_make(villages: list["Unit"], numbers: range, rng: random.Random) -> None:
    """Businesses ``numbers`` (one household each), as members register them at the door."""
    from langso.access import SYSTEM
    from langso.people import services as people
    from langso.shops import services as shops
    from langso.shops.models import OwnerKind

    for number in numbers:
        village = villages[number % len(villages)]
        owner = _owner(rng)
        home = people.household_create(
            actor=SYSTEM, village=village, number=f"{number + 1:03d}", head_name=owner
        )
        categories, stem, products = rng.choice(GOODS)
        cooperative = rng.random() < 0.1
        place = VILLAGES[number % len(VILLAGES)].removeprefix("Bản ")
        name = f"HTX {stem} {place}" if cooperative else f"{stem} {owner}"
        slug = f"{_slug(name)}-{number + 1}"
        draw = rng.random()
        links = (
            {"voso": f"https://voso.vn/shop/{slug}"}
            if draw < 0.55
            else {"postmart": f"https://postmart.vn/gian-hang/{slug}"}
            if draw < 0.8
            else {
                "voso": f"https://voso.vn/shop/{slug}",
                "postmart": f"https://postmart.vn/gian-hang/{slug}",
            }
        )
        shops.business_create(
            actor=SYSTEM,
            household=home,
            data=shops.BusinessData(
                name=name,
                owner_kind=OwnerKind.ORGANISATION if cooperative else OwnerKind.PERSON,
                products=products,
                categories=categories,
                ocop_stars=rng.choice((3, 3, 3, 4, 4, 5)) if rng.random() < 0.2 else None,
                bank_bin="970405",
                account=str(rng.randrange(10**12, 10**13)),
                account_name=_slug(owner).replace("-", " ").upper(),
                listed=True,
                links=links,
            ),
        )


# Server time and bytes -------------------------------------------------------------------------


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def server_time(path: str, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for _ in range(3):
        assert client.get(path).status_code == 200
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        answer = client.get(path)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
        assert answer.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return {
        "server_median_ms": round(statistics.median(walls), 1),
        "server_p95_ms": round(_p95(walls), 1),
        "server_cpu_ms": round(statistics.median(cpus), 1),
        "queries": len(queries.captured_queries),
    }


class _Subresources(HTMLParser):
    """What a browser would fetch to show the page: style sheets, scripts, images, icons."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "link" and set((named.get("rel") or "").split()) & {
            "stylesheet",
            "icon",
            "preload",
            "manifest",
        }:
            self.found.append(named.get("href") or "")
        elif tag in ("script", "img", "source", "iframe") and named.get("src"):
            self.found.append(named.get("src") or "")


def page_bytes(path: str) -> dict[str, Any]:
    from django.test import Client

    client = Client()
    html = client.get(path).content
    parser = _Subresources()
    parser.feed(html.decode())
    parts = [html]
    for url in parser.found:
        answer = client.get(url)
        parts.append(b"".join(answer.streaming_content) if answer.streaming else answer.content)  # type: ignore[attr-defined]
    return {
        "html": html,
        "subresources": parser.found,
        "html_bytes": len(html),
        "all_bytes": sum(len(p) for p in parts),
        "html_gzip1_bytes": len(gzip.compress(html, 1)),
        "html_gzip6_bytes": len(gzip.compress(html, 6)),
        "all_gzip1_bytes": sum(len(gzip.compress(p, 1)) for p in parts),
        "all_gzip6_bytes": sum(len(gzip.compress(p, 6)) for p in parts),
    }


# The live server -------------------------------------------------------------------------------

FLOOR_RAW = "/_floor/market.html"
FLOOR_GZIP = "/_floor/market-gz.html"
GZIP_PREFIX = "/_gz"

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
App = Callable[[Environ, StartResponse], Iterable[bytes]]


def dispatcher(django_app: App, floor: bytes) -> App:
    """Django, beside the floor file (the page's own bytes, served as a plain file) and, under
    ``/_gz``, Django's answers gzipped on the way out as nginx's ``gzip on`` would (level 1)."""
    floor_gzip = gzip.compress(floor, 1)

    def plain(body: bytes, start_response: StartResponse, encoding: str = "") -> list[bytes]:
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "max-age=300, public"),
        ]
        if encoding:
            headers += [("Content-Encoding", encoding), ("Vary", "Accept-Encoding")]
        start_response("200 OK", headers)
        return [body]

    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == FLOOR_RAW:
            return plain(floor, start_response)
        if path == FLOOR_GZIP:
            return plain(floor_gzip, start_response, "gzip")
        if not path.startswith(GZIP_PREFIX + "/"):
            return django_app(environ, start_response)
        environ = {**environ, "PATH_INFO": path.removeprefix(GZIP_PREFIX)}
        caught: dict[str, Any] = {}

        def keep(status: str, headers: list[tuple[str, str]], *rest: Any) -> None:
            caught.update(status=status, headers=headers)

        answer = django_app(environ, keep)
        body = b"".join(answer)
        if hasattr(answer, "close"):
            answer.close()
        headers = [(k, v) for k, v in caught["headers"] if k.lower() != "content-length"]
        if dict((k.lower(), v) for k, v in headers).get("content-type", "").startswith("text/html"):
            body = gzip.compress(body, 1)
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        start_response(caught["status"], [*headers, ("Content-Length", str(len(body)))])
        return [body]

    return app


@contextmanager
def live_server(floor: bytes) -> Iterator[str]:
    """Django's threaded server on 127.0.0.1 in this process; its base URL."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=True)
    server.set_app(dispatcher(get_wsgi_application(), floor))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        connections.close_all()


# The browser -----------------------------------------------------------------------------------

# The first paint can come after the load event (a small page is loaded before its first frame
# is drawn), so the figures wait for it.
TIMING = """() => new Promise(resolve => {
  const done = fcp => {
    const nav = performance.getEntriesByType('navigation')[0];
    resolve({
      ttfb: nav.responseStart, html_done: nav.responseEnd, fcp: fcp.startTime,
      dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
      transfer: nav.transferSize, body: nav.decodedBodySize,
      resources: performance.getEntriesByType('resource').map(r => [r.name, r.transferSize]),
    });
  };
  new PerformanceObserver((list, observer) => {
    const fcp = list.getEntriesByName('first-contentful-paint')[0];
    if (fcp) { observer.disconnect(); done(fcp); }
  }).observe({type: 'paint', buffered: true});
})"""


def loads(
    base: str, paths: dict[str, str], link: Link, count: int, cpu: float
) -> dict[str, dict[str, Any]]:
    """Each path loaded ``count`` times (after one untimed load) under ``link``, in turns."""
    from playwright.sync_api import sync_playwright

    measured: dict[str, list[dict[str, Any]]] = {name: [] for name in paths}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for turn in range(count + 1):
                for name, path in paths.items():
                    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
                    page = context.new_page()
                    session = context.new_cdp_session(page)
                    session.send("Network.enable")
                    session.send(
                        "Network.emulateNetworkConditions",
                        {
                            "offline": False,
                            "latency": link.latency_ms,
                            "downloadThroughput": link.down,
                            "uploadThroughput": link.up,
                            "connectionType": "cellular3g",
                        },
                    )
                    if cpu > 1:
                        session.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
                    page.goto(base + path, wait_until="load", timeout=120_000)
                    figures = page.evaluate(TIMING)
                    context.close()
                    if turn:
                        measured[name].append(figures)
        finally:
            browser.close()
    result: dict[str, dict[str, Any]] = {}
    for name, runs in measured.items():
        result[name] = {
            key: round(statistics.median(r[key] for r in runs), 1)
            for key in ("ttfb", "html_done", "fcp", "dcl", "load")
        }
        result[name]["transfer"] = runs[0]["transfer"]
        result[name]["resources"] = runs[0]["resources"]
    return result


def physics(link: Link, size: int) -> float:
    """One TCP handshake and one request round trip, then the bytes at the link's rate (ms)."""
    return 2 * link.rtt_ms + size / link.down * 1000


# The child -------------------------------------------------------------------------------------


def child(database_url: str, data_dir: str, args: argparse.Namespace) -> dict[str, Any]:
    os.environ["LANGSO_HTTPS"] = "0"  # plain http on 127.0.0.1, as make run serves
    _sonla.django_setup(database_url, data_dir)
    from django.db import transaction

    from langso.core import collector
    from langso.core.dates import today

    _province, communes = _sonla.sonla(today())
    commune, code, name = commune_pick(communes)
    villages = villages_make(commune)
    path = f"/cho/{code}/"
    rng = random.Random(17)
    result: dict[str, Any] = {"commune": f"{name} ({code})", "villages": len(villages)}
    made = 0
    for shops in sorted(int(n) for n in args.shops.split(",")):
        began = time.perf_counter()
        with collector.paused(), transaction.atomic():
            businesses_make(villages, range(made, shops), rng)
        _sonla.analyze()
        made = shops
        figures: dict[str, Any] = {"build_s": round(time.perf_counter() - began, 1)}
        figures.update(server_time(path, args.runs))
        sizes = page_bytes(path)
        html: bytes = sizes.pop("html")
        figures.update(sizes)
        with live_server(html) as base:
            served = urlopen(base + path).read()  # noqa: S310 - our own server on 127.0.0.1
            figures["same_bytes_as_floor"] = served == html
            for profile in args.profiles.split(","):
                link = PROFILES[profile]
                browser = loads(
                    base,
                    {
                        "page": path,
                        "floor": FLOOR_RAW,
                        "page_gzip": GZIP_PREFIX + path,
                        "floor_gzip": FLOOR_GZIP,
                    },
                    link,
                    args.loads,
                    args.cpu,
                )
                figures[profile] = {
                    "browser": browser,
                    "physics_raw_ms": round(physics(link, len(html)), 1),
                    "physics_gzip_ms": round(physics(link, sizes["html_gzip1_bytes"]), 1),
                }
        result[str(shops)] = figures
    result["load"] = round(os.getloadavg()[0], 1)
    return result


def run_child(url: str, scratch: str, args: argparse.Namespace) -> dict[str, object]:
    arguments = ["--shops", args.shops, "--runs", str(args.runs), "--loads", str(args.loads)]
    arguments += ["--profiles", args.profiles, "--cpu", str(args.cpu)]
    return _sonla.run_child(__file__, url, scratch, arguments)


# The report ------------------------------------------------------------------------------------


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else 0.0


def report(runs: dict[str, dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    first = next(iter(runs.values()))
    print(f"\nMarket page of {first['commune']}, {first['villages']} villages")
    print(f"{'database':<12}{'shops':>6}{'median':>10}{'p95':>10}{'CPU':>9}{'queries':>9}", end="")
    print(f"{'HTML':>9}{'gzip 1':>8}{'gzip 6':>8}{'linked':>8}")
    for engine, figures in runs.items():
        for shops in args.shops.split(","):
            f = figures[shops]
            print(
                f"{engine:<12}{shops:>6}{f['server_median_ms']:>7.1f} ms"
                f"{f['server_p95_ms']:>7.1f} ms"
                f"{f['server_cpu_ms']:>6.1f} ms{f['queries']:>9}{f['html_bytes']:>9,}"
                f"{f['html_gzip1_bytes']:>8,}{f['html_gzip6_bytes']:>8,}{len(f['subresources']):>8}"
            )
            prefix = f"{engine.lower()}_{shops}"
            for key in (
                "build_s",
                "server_median_ms",
                "server_p95_ms",
                "server_cpu_ms",
                "queries",
                "html_bytes",
                "all_bytes",
                "html_gzip1_bytes",
                "html_gzip6_bytes",
                "all_gzip1_bytes",
                "all_gzip6_bytes",
                "same_bytes_as_floor",
            ):
                flat[f"{prefix}_{key}"] = f[key]
            flat[f"{prefix}_subresources"] = f["subresources"]
    for profile in args.profiles.split(","):
        link = PROFILES[profile]
        print(f"\n{link.title} (emulated: {link.latency_ms} ms a request)")
        print(
            f"{'database':<12}{'shops':>6}{'answer':>12}{'server':>8}{'FCP':>8}{'load':>8}"
            f"{'static':>8}{'/static':>8}{'physics':>9}{'/phys':>7}"
        )
        for engine, figures in runs.items():
            for shops in args.shops.split(","):
                f = figures[shops][profile]
                b = f["browser"]
                for answer, floor, phys in (
                    ("page", "floor", f["physics_raw_ms"]),
                    ("page_gzip", "floor_gzip", f["physics_gzip_ms"]),
                ):
                    got, base = b[answer], b[floor]
                    print(
                        f"{engine:<12}{shops:>6}{answer:>12}{got['ttfb']:>8.0f}{got['fcp']:>8.0f}"
                        f"{got['load']:>8.0f}{base['load']:>8.0f}"
                        f"{_ratio(got['load'], base['load']):>8.2f}{phys:>9.0f}"
                        f"{_ratio(got['load'], phys):>7.2f}"
                    )
                    prefix = f"{engine.lower()}_{shops}_{profile}_{answer}"
                    for key in ("ttfb", "fcp", "load", "transfer"):
                        flat[f"{prefix}_{key}"] = got[key]
                    flat[f"{prefix}_static_fcp"] = base["fcp"]
                    flat[f"{prefix}_static_load"] = base["load"]
                    flat[f"{prefix}_load_per_static"] = _ratio(got["load"], base["load"])
                    flat[f"{prefix}_fcp_per_static"] = _ratio(got["fcp"], base["fcp"])
                    flat[f"{prefix}_physics_ms"] = phys
                    flat[f"{prefix}_load_per_physics"] = _ratio(got["load"], phys)
                    flat[f"{prefix}_resources"] = len(got["resources"])
    print(
        f"\ntargets: first contentful paint under {FCP_TARGET_MS:.0f} ms on '3g' for 50 shops; "
        f"the page's load within {FLOOR_RATIO_TARGET}x the same bytes as a static file"
    )
    for engine, figures in runs.items():
        page = figures["50"]["3g"]["browser"]["page"] if "3g" in figures["50"] else None
        if page is not None:
            floor = figures["50"]["3g"]["browser"]["floor"]
            met = page["fcp"] < FCP_TARGET_MS and page["load"] <= FLOOR_RATIO_TARGET * floor["load"]
            print(
                f"{engine}, 50 shops, 3g: FCP {page['fcp']:.0f} ms, load {page['load']:.0f} ms "
                f"against {floor['load']:.0f} ms static: {'met' if met else 'NOT met'}"
            )
            flat[f"{engine.lower()}_target_met"] = met
        flat[f"{engine.lower()}_load_average"] = figures["load"]
    flat["commune"] = first["commune"]
    flat["cpu_slowdown"] = args.cpu
    return flat


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shops", default="50,200", help="the sizes, comma-separated, growing")
    parser.add_argument("--runs", type=int, default=30, help="timed requests in process")
    parser.add_argument("--loads", type=int, default=5, help="timed page loads per answer")
    parser.add_argument("--profiles", default="3g,slow4g", help=", ".join(PROFILES))
    parser.add_argument("--cpu", type=float, default=1.0, help="Chrome's CPU slowdown")
    _sonla.add_database_arguments(parser, "langso_market")
    parser.add_argument(
        "--quick", action="store_true", help="a first look: 50 shops, 1 load on '3g', SQLite only"
    )
    if parser.parse_known_args()[0].quick:
        parser.set_defaults(shops="50", runs=5, loads=1, profiles="3g", engines="sqlite")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.data_dir, args)))
        return
    runs: dict[str, dict[str, Any]] = {}
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory() as scratch:
        if "sqlite" in engines:
            runs["SQLite"] = run_child(f"sqlite:///{scratch}/bench.sqlite3", scratch, args)
        if "postgres" in engines:
            name = f"{args.db_prefix}_{os.getpid()}"
            with _sonla.scratch_postgres(args.postgres, name) as url:
                if url is not None:
                    runs["PostgreSQL"] = run_child(url, scratch, args)
    print(json.dumps(report(runs, args), ensure_ascii=False))


if __name__ == "__main__":
    main()
