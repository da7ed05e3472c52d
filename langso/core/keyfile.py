"""Local secrets for the embedded default: made once, kept in the data folder, announced."""

import os
import secrets
import sys
from pathlib import Path

from langso.core.datadir import private_dir, tighten


def local_secret(
    path: Path, *, nbytes: int = 48, what: str = "secret key", env: str = "LANGSO_SECRET_KEY"
) -> str:
    """Return the secret kept in ``path``, creating it (readable by the owner only) if missing.

    Production passes its secrets through the environment; this exists so that a fresh machine
    runs with a real, stable secret instead of a hard-coded one.
    """
    if path.exists():
        tighten(path)
        return path.read_text(encoding="ascii").strip()
    if not path.parent.is_dir():
        private_dir(path.parent)
    value = secrets.token_urlsafe(nbytes)
    # Created 0600 from the start: made with the default mode and narrowed afterwards, the
    # secret would be readable by everyone for a moment.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    print(
        f"Làng Số: created a local {what} in {path} (set {env} to choose your own).",
        file=sys.stderr,
    )
    return value
