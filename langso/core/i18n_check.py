"""Check (and with --compile, build) the Vietnamese catalog: complete, current, compiled.

Run by ``make lint``. Fails when a message in the code or templates is missing from
locale/vi, when an entry is untranslated or fuzzy, or when django.mo is stale. The .mo is
compiled with polib (pure Python), so a machine without GNU gettext can still build it;
finding new messages needs xgettext and is skipped, with a note, where it is absent.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = [ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"]


def _problems_in(po: polib.POFile, name: str) -> list[str]:
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{name}: fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            problems.append(f"{name}: untranslated: {entry.msgid!r}")
    return problems


def _catalog(catalog: polib._BaseFile) -> dict[tuple[str, str | None], object]:
    """msgid → translation of every translated entry, for a .po or a .mo alike."""
    return {
        (entry.msgid, entry.msgctxt): (dict(entry.msgstr_plural) or entry.msgstr)
        for entry in catalog
        if (entry.msgstr or entry.msgstr_plural) and not getattr(entry, "obsolete", False)
    }


def _missing_messages(path: Path) -> list[str]:
    """msgids that makemessages would add to ``path`` (the file is left as it was)."""
    if shutil.which("xgettext") is None:
        print("i18n: xgettext not found; not checking for new messages.", file=sys.stderr)
        return []
    known = {entry.msgid for entry in polib.pofile(str(path))}
    with tempfile.TemporaryDirectory() as scratch:
        saved = Path(scratch) / "django.po"
        shutil.copy2(path, saved)
        try:
            subprocess.run(
                [sys.executable, "manage.py", "makemessages", "--locale", "vi", "--no-obsolete"],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            fresh = {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}
        finally:
            shutil.copy2(saved, path)
    return sorted(fresh - known)


def main(argv: list[str]) -> int:
    compile_mo = "--compile" in argv
    problems: list[str] = []
    for path in CATALOGS:
        name = str(path.relative_to(ROOT))
        if not path.exists():
            problems.append(f"{name}: missing")
            continue
        po = polib.pofile(str(path))
        problems += _problems_in(po, name)
        mo_path = path.with_suffix(".mo")
        if compile_mo:
            po.save_as_mofile(str(mo_path))
        elif not mo_path.exists() or _catalog(polib.mofile(str(mo_path))) != _catalog(po):
            problems.append(f"{name}: django.mo is stale; run `make messages`")
        problems += [f"{name}: not in the catalog: {m!r}" for m in _missing_messages(path)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
