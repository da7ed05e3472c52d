"""Every benchmark in ``bench/``, one after the other, then one table of their figures.

    .venv/bin/python bench/run_all.py [--quick] [--only campaign,market] [--timeout SECONDS]

``make bench`` runs them at the sizes the issues' targets name (about an hour, most of it the
province benches building Sơn La at scale); ``make bench-quick`` passes ``--quick`` to each,
a small size for a first look that runs in a few minutes (SQLite only where a bench has both
engines; ``docs/benchmarks.md`` lists each bench's quick size). Quick figures are not the
targets' figures: whether a target is met at a quick size is only a hint.

Each bench is a child process of this Python, run from the repository, its output passed
through as it comes. Its last line of standard output is one JSON object, the contract of
every bench; from it the table takes the bench's key figures (``FIGURES``: the issue's target
where one is named, as ``docs/benchmarks.md`` gives it, or the JSON's own ``target_ms`` or
``bars_s``), with the ratio of each figure to its target and whether the target is met. A bench
that fails, runs past ``--timeout`` or ends without a JSON line is a row saying so, and the
runner goes on to the next; it exits 1 at the end if any did. Targets missed do not change the
exit status (some are known to be out of reach on this machine, see ``docs/benchmarks.md``).

Not run on their own: ``_sonla.py`` (a helper) and ``learning_certs.py`` (``learning.py`` runs
it and reports its figures as ``certs_*``; ``--only learning_certs`` runs it alone).
``make_run.sh`` (``make run`` from a fresh clone, packages from the registries) has no quick
size and is left out of ``--quick``.

Last line: the table's data as one JSON object,
{"quick", "benches": [{"bench", "status", "seconds", "error", "figures": [...]}, ...],
"failed", "targets", "targets_met"}.
"""

from __future__ import annotations

import argparse
import json
import operator
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "bench"
# Run by another bench, which reports their figures: not a row of their own unless asked for.
INSIDE = {"learning_certs": "learning"}
# No quick size: left out of --quick.
FULL_ONLY = {"make_run": "a fresh clone's `make run`, packages from the registries"}


@dataclass(frozen=True)
class Figure:
    """Figures of a bench's JSON: the keys ``pattern`` matches (a regular expression over the
    whole key; a nested object's keys read ``outer.inner``), with a target when one is named:
    ``op`` and ``target``, or ``target_key``, the JSON key holding it (formatted with the
    pattern's named groups)."""

    pattern: str
    unit: str = ""
    op: str = ""
    target: float | bool | str | None = None
    target_key: str = ""


ENGINE = r"(?:sqlite|postgres|postgresql)"
FIGURES: dict[str, tuple[Figure, ...]] = {
    "campaign": (
        Figure(
            rf"{ENGINE}_(?:api|api_commune|api_day20|page)_median_ms", "ms", "<", None, "target_ms"
        ),
    ),
    "dashboard": (
        Figure(rf"{ENGINE}_median_ms", "ms", "<", 150),
        Figure(rf"{ENGINE}_page_median_ms", "ms"),
    ),
    "import_floor": (Figure("write_rows_per_s", "rows/s"),),
    "import_residents": (
        Figure("langso_rows_per_s", "rows/s", ">=", 30_000),
        Figure("django_import_export_rows_per_s", "rows/s"),
        Figure("ratio", "×", ">=", 10),
    ),
    "learning": (
        Figure("page_warm_median_ms", "ms"),
        Figure("poster_first_ms", "ms"),
        Figure("certs_certificates"),
        Figure("certs_pdf_median_s", "s"),
    ),
    "learning_certs": (Figure("certificates"), Figure("issue_s", "s"), Figure("pdf_median_s", "s")),
    "load_units": (Figure(rf"{ENGINE}_s", "s", "<", 60), Figure(rf"{ENGINE}_rerun_s", "s")),
    "make_run": (Figure("seconds_to_first_page", "s"),),
    "market": (
        Figure(rf"{ENGINE}_50_3g_page_fcp", "ms", "<", 3000),
        Figure(rf"{ENGINE}_50_3g_page_load_per_static", "×", "<=", 1.5),
        Figure(rf"{ENGINE}_\d+_server_median_ms", "ms"),
    ),
    "outreach": (
        Figure("deliveries_per_second", "/s"),
        Figure("ratio_to_floor", "×"),
        Figure("gateway_most_per_recipient", "", "==", 1),
    ),
    "photo_decoding": (
        Figure(r"three_6300px_pngs\.cpu_s", "s", "<", 0.001),
        Figure(r"three_6300px_pngs\.answer", "", "==", "FEEDBACK_PHOTO_TOO_MANY_PIXELS"),
        Figure(r"(?!three_6300px_pngs).*\.cpu_s", "s"),
    ),
    "ratelimit": (Figure(r".*_hits_per_s", "/s"), Figure("exact", "", "==", True)),
    "reports": (
        Figure(
            rf"{ENGINE}_(?P<report>province|commune)_(?P<step>figures|issue)_s",
            "s",
            "<",
            None,
            "bars_s.{report}_{step}",
        ),
        Figure(
            rf"{ENGINE}_(?:province|commune)_(?:pdf|docx|xlsx)_s", "s", "<", None, "bars_s.file"
        ),
    ),
    "sync": (
        Figure(rf"push_500_{ENGINE}_s", "s", "<", 1),
        Figure("events_per_s", "/s"),
        Figure("p99_ms", "ms"),
        Figure("errors|lost|doubled", "", "==", 0),
    ),
    "trust_quality": (
        Figure("recall", "", ">=", 0.90),
        Figure("false_positive_rate", "", "<=", 0.01),
        Figure("official_trusted", "", "==", True),
    ),
    "trust_speed": (
        Figure("checks_per_s", "/s", ">=", 20_000),
        Figure("api_p99_ms", "ms"),
    ),
}
# A bench FIGURES does not name: its first few numbers, without targets.
UNNAMED_FIGURES = 6
# A value or target longer than this is cut in the table (not in the JSON).
CELL = 24

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
}


@dataclass(frozen=True)
class Bench:
    name: str
    command: tuple[str, ...]
    # Why the bench is not run (--quick and no quick size), or "".
    skip: str = ""


@dataclass
class Row:
    figure: str
    value: Any = None
    unit: str = ""
    op: str = ""
    target: Any = None
    ratio: float | None = None
    met: bool | None = None


@dataclass
class Outcome:
    bench: str
    # "ok", "failed", "timed out", "no JSON", "skipped"
    status: str
    seconds: float = 0.0
    error: str = ""
    figures: list[Row] = field(default_factory=list)


def discover(folder: Path | None = None, *, quick: bool = False) -> dict[str, Bench]:
    """Every bench of ``folder`` (``bench/``) by name: its scripts but the helpers (``_*.py``)
    and this one."""
    found: dict[str, Bench] = {}
    for path in sorted((folder or BENCH_DIR).iterdir()):
        if path.name.startswith("_") or path.name == Path(__file__).name:
            continue
        if path.suffix == ".py":
            command: tuple[str, ...] = (sys.executable, str(path), *(["--quick"] if quick else []))
        elif path.suffix == ".sh":
            command = ("bash", str(path))
        else:
            continue
        skip = FULL_ONLY.get(path.stem, "") if quick else ""
        found[path.stem] = Bench(path.stem, command, f"no quick size: {skip}" if skip else "")
    return found


def chosen(benches: dict[str, Bench], only: str) -> list[Bench]:
    """The benches ``--only`` names (with or without their suffix), else all but INSIDE's."""
    if not only:
        return [bench for name, bench in benches.items() if name not in INSIDE]
    names = [Path(name.strip()).stem for name in only.split(",") if name.strip()]
    unknown = [name for name in names if name not in benches]
    if unknown:
        raise SystemExit(f"no bench named {', '.join(unknown)}; there are: {', '.join(benches)}")
    return [benches[name] for name in names]


def _pass_through(stream: IO[str], out: IO[str], kept: deque[str]) -> None:
    for line in stream:
        out.write(line)
        out.flush()
        if line.strip():
            kept.append(line.rstrip("\n"))


def _stop(process: subprocess.Popen[str]) -> None:
    """Interrupt the bench and everything it started (its scratch databases are dropped on the
    way out, as on Ctrl-C), then kill what is left after 20 s."""
    for sent, wait in ((signal.SIGINT, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def run(bench: Bench, *, timeout: float | None = None) -> Outcome:
    """Run one bench, its output passed through; what it printed last, read as its figures."""
    if bench.skip:
        return Outcome(bench.name, "skipped", error=bench.skip)
    print(f"\n=== {bench.name}: {' '.join(bench.command)}", flush=True)
    started = time.perf_counter()
    try:
        process = subprocess.Popen(  # noqa: S603 - our own scripts
            bench.command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            # A group of its own, so that a timeout stops its children (servers, browsers) too.
            start_new_session=True,
        )
    except OSError as error:
        return Outcome(bench.name, "failed", error=f"could not start: {error}")
    out: deque[str] = deque(maxlen=5)
    err: deque[str] = deque(maxlen=20)
    assert process.stdout is not None and process.stderr is not None
    readers = [
        threading.Thread(target=_pass_through, args=(process.stdout, sys.stdout, out)),
        threading.Thread(target=_pass_through, args=(process.stderr, sys.stderr, err)),
    ]
    for reader in readers:
        reader.start()
    timed_out = False
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _stop(process)
    except KeyboardInterrupt:
        _stop(process)
        raise
    finally:
        for reader in readers:
            reader.join()
    seconds = round(time.perf_counter() - started, 1)
    if timed_out:
        return Outcome(bench.name, "timed out", seconds, f"stopped after {timeout:g} s")
    if process.returncode != 0:
        said = err[-1] if err else (out[-1] if out else "no output")
        return Outcome(bench.name, "failed", seconds, f"exit {process.returncode}: {said}")
    data = last_json(out)
    if data is None:
        said = out[-1] if out else "no output"
        return Outcome(
            bench.name, "no JSON", seconds, f"its last line is not a JSON object: {said}"
        )
    return Outcome(bench.name, "ok", seconds, figures=figures(bench.name, data))


def last_json(lines: Sequence[str]) -> dict[str, Any] | None:
    """The last non-empty line, when it is one JSON object."""
    if not lines:
        return None
    try:
        data = json.loads(lines[-1])
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects' keys as ``outer.inner``; lists are left out (no figure is a list)."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        elif not isinstance(value, list):
            flat[f"{prefix}{key}"] = value
    return flat


def figures(bench: str, data: dict[str, Any]) -> list[Row]:
    """The bench's key figures (FIGURES), each with its target, ratio and whether it is met."""
    flat = flatten(data)
    wanted = FIGURES.get(bench)
    if wanted is None:
        numbers = [
            Row(key, value)
            for key, value in flat.items()
            if isinstance(value, int | float) and not isinstance(value, bool)
        ]
        return numbers[:UNNAMED_FIGURES]
    rows: list[Row] = []
    for spec in wanted:
        pattern = re.compile(spec.pattern)
        matched = [(key, found) for key in flat if (found := pattern.fullmatch(key))]
        if not matched:
            rows.append(Row(spec.pattern, "not in the JSON"))
        for key, found in matched:
            target = spec.target
            if spec.target_key:
                target = flat.get(spec.target_key.format(**found.groupdict()))
            rows.append(judge(Row(key, flat[key], spec.unit, spec.op), target))
    return rows


def judge(row: Row, target: Any) -> Row:
    """``row`` against ``target``: its ratio (value / target) and whether it meets it."""
    if not row.op:
        return row
    row.target = target
    value = row.value
    if value is None or target is None:
        return row
    numbers = all(isinstance(x, int | float) and not isinstance(x, bool) for x in (value, target))
    if numbers and row.op != "==" and target:
        row.ratio = round(value / target, 3)
    if numbers or row.op == "==":
        row.met = OPERATORS[row.op](value, target)
    return row


def _shown(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int):
        text = f"{value:,}"
    elif isinstance(value, float) and value.is_integer():
        text = f"{int(value):,}"
    elif isinstance(value, float):
        text = f"{value:.4g}" if abs(value) < 100 else f"{value:,.1f}"
    else:
        text = str(value) if len(str(value)) <= CELL else str(value)[: CELL - 1] + "…"
    return f"{text}{unit}" if unit[:1] in ("", "/", "×") else f"{text} {unit}"


def table(outcomes: Iterable[Outcome], *, quick: bool = False) -> str:
    """One table: a row per figure (a bench that gave none is one row saying why)."""
    header = ("bench", "figure", "value", "target", "ratio", "met")
    lines: list[tuple[str, ...]] = []
    for outcome in outcomes:
        name = f"{outcome.bench} ({outcome.seconds:g} s)" if outcome.seconds else outcome.bench
        if outcome.status != "ok":
            lines.append((name, f"{outcome.status.upper()}: {outcome.error}"))
            continue
        if not outcome.figures:
            lines.append((name, "(no figures)"))
        for index, row in enumerate(outcome.figures):
            target = f"{row.op} {_shown(row.target, row.unit)}" if row.op else ""
            met = "" if row.met is None else ("yes" if row.met else "NO")
            ratio = "" if row.ratio is None else f"{row.ratio:.2f}"
            lines.append(
                (
                    name if index == 0 else "",
                    row.figure,
                    _shown(row.value, row.unit),
                    target,
                    ratio,
                    met,
                )
            )
    widths = [len(title) for title in header]
    for line in lines:
        if len(line) == len(header):
            widths = [max(width, len(cell)) for width, cell in zip(widths, line, strict=True)]
    out = ["  ".join(title.ljust(width) for title, width in zip(header, widths, strict=True))]
    out.append("  ".join("-" * width for width in widths))
    for line in lines:
        if len(line) == len(header):
            cells = [line[0].ljust(widths[0]), line[1].ljust(widths[1])]
            cells += [cell.rjust(width) for cell, width in zip(line[2:], widths[2:], strict=True)]
            out.append("  ".join(cells).rstrip())
        else:
            out.append(f"{line[0].ljust(widths[0])}  {line[1]}")
    if quick:
        out.append("--quick: small sizes, not the targets' own; a target met or missed is a hint.")
    return "\n".join(out)


def summary(outcomes: Sequence[Outcome], *, quick: bool = False) -> dict[str, Any]:
    judged = [row for outcome in outcomes for row in outcome.figures if row.met is not None]
    return {
        "quick": quick,
        "benches": [asdict(outcome) for outcome in outcomes],
        "failed": [o.bench for o in outcomes if o.status not in ("ok", "skipped")],
        "targets": len(judged),
        "targets_met": sum(1 for row in judged if row.met),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="each bench's small size")
    parser.add_argument("--only", default="", help="these benches, comma-separated, in this order")
    parser.add_argument("--timeout", type=float, help="stop a bench after this many seconds")
    args = parser.parse_args(argv)
    benches = chosen(discover(quick=args.quick), args.only)
    started = time.perf_counter()
    outcomes = [run(bench, timeout=args.timeout) for bench in benches]
    result = summary(outcomes, quick=args.quick)
    print()
    print(table(outcomes, quick=args.quick))
    print(
        f"{len(outcomes)} benches in {time.perf_counter() - started:.0f} s; "
        f"failed: {', '.join(result['failed']) or 'none'}; "
        f"targets met: {result['targets_met']} of {result['targets']}"
    )
    print(json.dumps(result, ensure_ascii=False))
    return 1 if result["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
