"""Every pin in requirements.lock installs from a wheel on the Pythons and machines people have.

pyproject.toml promises Python 3.11 to 3.13, on Linux x86_64 and aarch64, while CI runs 3.11 on
x86_64 only. This asks the package index, for each pin, which files that version has (the JSON
simple API, PEP 691: one request per project, shared by every target) and matches the wheels'
names against the tags pip itself accepts for each target (``pip debug --verbose`` with the
target's Python, ABI and platforms) and against their Requires-Python.

Why not ``pip download`` or ``pip install --dry-run --report`` per target: without PEP 658
metadata on the index (the registry proxy of our CI machine serves none) both fetch every
wheel to read it, 139 MB and about 100 s for one target, four to six targets a run; this costs
a few seconds. It asks the public index (or ``--index-url``), never pip's configuration: a
developer's local wheel folder or mirror must not make a missing wheel look present.

A pin with no wheel at all passes only when SDIST_ONLY names it, and then only when its sdist,
fetched and checked against the index's hash, holds Python alone: pip builds such a package
into a pure wheel on any Python 3, without a compiler.

Run from the repository: ``.venv/bin/python .ci/wheels.py`` (``make test`` does); standard
library only, plus the pip of the Python that runs it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
INDEX = "https://pypi.org/simple/"
PYTHONS = ("3.11", "3.12", "3.13")
ARCHES = ("x86_64", "aarch64")
# The oldest C library among the systems that ship these Pythons: Ubuntu 24.04 (Python 3.12)
# has glibc 2.39, Debian 13 (Python 3.13) 2.41. A wheel built for a newer glibc than this would
# not install there. pip accepts exactly the platform tags it is given (it does not widen
# manylinux_2_39 to the older ones), so every one is listed.
GLIBC_MINOR = 39

# Pins published as an sdist only, each checked below to hold Python alone (no compiled code),
# so that pip builds it into a pure wheel on every target. Remove an entry when its package
# publishes wheels; the check fails on an entry that is no longer needed.
SDIST_ONLY = {
    # OpenDocument (.ods) support for spreadsheet imports, through tablib in the tests; its last
    # release (2020) was uploaded without a wheel.
    "odfpy": "1.4.1",
}

# What in an sdist means code to compile, or a build that makes extension modules.
COMPILED_SUFFIXES = (".c", ".cc", ".cpp", ".cxx", ".pyx", ".pxd", ".f", ".f90", ".rs", ".go")
COMPILED_FILES = ("Cargo.toml", "meson.build", "CMakeLists.txt")
EXTENSION_WORDS = ("ext_modules", "Extension(", "cffi_modules", "rust_extensions", "maturin")
BUILD_FILES = ("setup.py", "setup.cfg", "pyproject.toml")


@dataclass(frozen=True)
class Target:
    python: str
    arch: str

    @property
    def label(self) -> str:
        return f"{self.python} {self.arch}"

    def platforms(self) -> list[str]:
        lowest = 5 if self.arch == "x86_64" else 17
        tags = [f"manylinux_2_{minor}_{self.arch}" for minor in range(GLIBC_MINOR, lowest - 1, -1)]
        tags.append(f"manylinux2014_{self.arch}")
        if self.arch == "x86_64":
            tags += ["manylinux2010_x86_64", "manylinux1_x86_64"]
        return tags


@dataclass(frozen=True)
class IndexFile:
    filename: str
    url: str
    sha256: str
    requires_python: str | None


@dataclass(frozen=True)
class Pin:
    name: str
    version: str

    @property
    def project(self) -> str:
        return re.sub(r"[-_.]+", "-", self.name).lower()

    def __str__(self) -> str:
        return f"{self.name}=={self.version}"


def read_pins(path: Path) -> list[Pin]:
    pins = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)", line)
        if match is None:
            raise SystemExit(f"{path.name}:{number}: not a pin (name==version): {raw!r}")
        pins.append(Pin(match.group(1), match.group(3)))
    return pins


def supported_tags(target: Target) -> list[str]:
    """The tags pip accepts for ``target``, best first, as pip itself works them out."""
    command = [sys.executable, "-m", "pip", "debug", "--verbose", "--python-version"]
    command += [
        target.python,
        "--implementation",
        "cp",
        "--abi",
        f"cp{target.python.replace('.', '')}",
    ]
    for platform in target.platforms():
        command += ["--platform", platform]
    # The command is this script's own: this Python's pip and fixed options.
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    _before, found, listing = output.partition("Compatible tags:")
    tags = [line.strip() for line in listing.splitlines()[1:] if line.startswith(" ")]
    if not found or not tags:
        raise SystemExit(f"pip debug listed no compatible tags for {target.label}:\n{output}")
    return tags


def fetch(url: str, accept: str) -> bytes:
    # The index's address comes from the command line, like pip's --index-url.
    headers = {"Accept": accept, "Accept-Encoding": "gzip"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    for attempt in range(3):
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                body: bytes = response.read()
                if response.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                return body
        except (urllib.error.URLError, TimeoutError) as error:
            if isinstance(error, urllib.error.HTTPError) and error.code == 404:
                raise
            if attempt == 2:
                raise
            time.sleep(2**attempt)
    raise AssertionError("unreachable")


def files_of(index: str, pin: Pin) -> list[IndexFile]:
    """The index's files of the pinned version (wheels and sdists)."""
    body = fetch(f"{index.rstrip('/')}/{pin.project}/", "application/vnd.pypi.simple.v1+json")
    found = []
    version = pin.version.lower()
    for item in json.loads(body)["files"]:
        name = item["filename"]
        if name.endswith(".whl"):
            matches = name.split("-")[1].lower() == version
        else:
            stem = re.sub(r"\.(tar\.gz|zip)$", "", name)
            matches = stem != name and stem.lower().endswith(f"-{version}")
        if matches:
            found.append(
                IndexFile(
                    filename=name,
                    url=item["url"],
                    sha256=item.get("hashes", {}).get("sha256", ""),
                    requires_python=item.get("requires-python"),
                )
            )
    return found


def release(text: str) -> tuple[int, ...]:
    match = re.match(r"\d+(\.\d+)*", text.strip())
    if match is None:
        raise ValueError(f"not a version: {text!r}")
    return tuple(int(part) for part in match.group(0).split("."))


def padded(left: tuple[int, ...], right: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    width = max(len(left), len(right))
    return left + (0,) * (width - len(left)), right + (0,) * (width - len(right))


def python_allowed(requires: str | None, python: str) -> bool:
    """Whether Python ``python`` (a final release, "3.13" meaning 3.13.0, as pip takes it)
    meets a Requires-Python specifier set such as ">=3.9,!=3.9.0,<4"."""
    if not requires or not requires.strip():
        return True
    have = release(python)
    for clause in requires.split(","):
        clause = clause.strip()
        if not clause:
            continue
        match = re.fullmatch(r"(~=|===|==|!=|<=|>=|<|>)\s*(\S+)", clause)
        if match is None:
            raise ValueError(f"unreadable Requires-Python {requires!r}")
        operator, wanted = match.groups()
        if operator in ("==", "!=") and wanted.endswith(".*"):
            prefix = release(wanted[:-2])
            same = padded(have, prefix)[0][: len(prefix)] == prefix
            if same != (operator == "=="):
                return False
            continue
        bound = release(wanted.removesuffix(".*"))
        mine, theirs = padded(have, bound)
        ok = {
            "==": mine == theirs,
            "===": mine == theirs,
            "!=": mine != theirs,
            "<=": mine <= theirs,
            ">=": mine >= theirs,
            "<": mine < theirs,
            ">": mine > theirs,
            "~=": mine >= theirs and have[: len(bound) - 1] == bound[: len(bound) - 1],
        }[operator]
        if not ok:
            return False
    return True


def wheel_tags(filename: str) -> set[str]:
    python, abi, platform = filename.removesuffix(".whl").split("-")[-3:]
    return {
        f"{p}-{a}-{pl}"
        for p in python.split(".")
        for a in abi.split(".")
        for pl in platform.split(".")
    }


def best_wheel(files: list[IndexFile], tags: list[str], python: str) -> str | None:
    """The tag of the wheel pip would choose for this target, or None when none fits."""
    rank = {tag: position for position, tag in enumerate(tags)}
    best: tuple[int, str] | None = None
    for file in files:
        if not file.filename.endswith(".whl") or not python_allowed(file.requires_python, python):
            continue
        fitting = [rank[tag] for tag in wheel_tags(file.filename) if tag in rank]
        if fitting and (best is None or min(fitting) < best[0]):
            best = (min(fitting), tags[min(fitting)])
    return None if best is None else best[1]


def short(tag: str) -> str:
    """cp313-cp313-manylinux_2_28_x86_64 → "cp313 2.28"; py3-none-any → "any"."""
    python, abi, platform = tag.split("-")
    if platform == "any":
        return "any"
    glibc = re.search(r"manylinux_(\d+)_(\d+)", platform)
    legacy = {"manylinux1": "2.5", "manylinux2010": "2.12", "manylinux2014": "2.17"}
    where = (
        f"{glibc.group(1)}.{glibc.group(2)}"
        if glibc
        else legacy.get(platform.rsplit("_", 2)[0], platform)
    )
    kind = abi if abi in ("abi3", "none") else python
    return f"{kind} {where}"


def sdist_problem(file: IndexFile) -> str | None:
    """None when the sdist holds Python alone, else why not."""
    body = fetch(file.url, "application/octet-stream")
    if file.sha256 and hashlib.sha256(body).hexdigest() != file.sha256:
        return "its download does not match the index's sha256"
    return compiled_code_in(file.filename, body)


def compiled_code_in(filename: str, body: bytes) -> str | None:
    """What in an sdist (.tar.gz or .zip) is code to compile or builds extension modules."""
    members: dict[str, bytes | None] = {}
    if filename.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for name in archive.namelist():
                wanted = name.rsplit("/", 1)[-1] in BUILD_FILES
                members[name] = archive.read(name) if wanted else None
    else:
        with tarfile.open(fileobj=io.BytesIO(body), mode="r:gz") as archive:
            for member in archive.getmembers():
                wanted = member.isfile() and member.name.rsplit("/", 1)[-1] in BUILD_FILES
                handle = archive.extractfile(member) if wanted else None
                members[member.name] = handle.read() if handle else None
    for name, content in members.items():
        base = name.rsplit("/", 1)[-1]
        if base.endswith(COMPILED_SUFFIXES) or base in COMPILED_FILES:
            return f"it contains {name}"
        text = (content or b"").decode("utf-8", "replace")
        for word in EXTENSION_WORDS:
            if word in text:
                return f"its {name} mentions {word}"
    return None


def check(
    pin: Pin, files: list[IndexFile], targets: list[Target], tags: dict[Target, list[str]]
) -> tuple[list[str], list[str]]:
    """The pin's row of the table (what installs on each target) and its problems."""
    cells = []
    missing = []
    for target in targets:
        tag = best_wheel(files, tags[target], target.python)
        cells.append(short(tag) if tag else "NO WHEEL")
        if tag is None:
            missing.append(target)
    if not files:
        return cells, [f"{pin}: the index has no file of this version"]
    if SDIST_ONLY.get(pin.project) != pin.version:
        where = ", ".join(target.label for target in missing)
        return cells, [f"{pin}: no wheel for Python {where}"] if missing else []
    if not missing:
        return cells, [f"{pin}: has wheels for every target now; remove it from SDIST_ONLY"]
    sdists = [file for file in files if not file.filename.endswith(".whl")]
    if not sdists:
        return cells, [f"{pin}: no wheel and no sdist on the index"]
    refused = sdist_problem(sdists[0])
    if refused:
        return cells, [f"{pin}: allowed as an sdist, but it is not pure Python: {refused}"]
    too_new = [t.label for t in missing if not python_allowed(sdists[0].requires_python, t.python)]
    if too_new:
        return cells, [f"{pin}: its sdist refuses Python {', '.join(too_new)}"]
    return [cell if cell != "NO WHEEL" else "sdist, pure" for cell in cells], []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-url", default=INDEX, help=f"a PEP 691 simple index ({INDEX})")
    parser.add_argument("--lock", type=Path, default=LOCK)
    options = parser.parse_args()
    started = time.monotonic()

    pins = read_pins(options.lock)
    targets = [Target(python, arch) for python in PYTHONS for arch in ARCHES]
    with ThreadPoolExecutor(max_workers=8) as pool:
        tags = dict(zip(targets, pool.map(supported_tags, targets), strict=True))
        listings = pool.map(lambda pin: files_of(options.index_url, pin), pins)
        files = dict(zip(pins, listings, strict=True))

    pinned = {pin.project: pin.version for pin in pins}
    problems = [
        f"SDIST_ONLY names {name}=={version}, which {options.lock.name} does not pin"
        for name, version in SDIST_ONLY.items()
        if pinned.get(name) != version
    ]
    rows = []
    for pin in pins:
        cells, found = check(pin, files[pin], targets, tags)
        rows.append([str(pin), *cells])
        problems += found

    header = ["package", *[target.label for target in targets]]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    print(f"Wheels on {options.index_url} for the pins of {options.lock.name}", end=" ")
    print(f"(Linux with glibc 2.{GLIBC_MINOR} or newer):")
    for row in [header, ["-" * width for width in widths], *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    seconds = time.monotonic() - started
    if problems:
        print(f"\n{len(problems)} problem(s), in {seconds:.1f} s:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"\n{len(pins)} pins × {len(targets)} targets: every one installs, in {seconds:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
