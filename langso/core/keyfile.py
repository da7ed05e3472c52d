"""Local secrets for the embedded default: made once, kept in the data folder, announced."""

import secrets
import sys
from pathlib import Path


def local_secret(
    path: Path, *, nbytes: int = 48, what: str = "secret key", env: str = "LANGSO_SECRET_KEY"
) -> str:
    """Return the secret kept in ``path``, creating it (readable by the owner only) if missing.

    Production passes its secrets through the environment; this exists so that a fresh machine
    runs with a real, stable secret instead of a hard-coded one.
    """
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(nbytes)
    with path.open("x", encoding="ascii") as handle:
        handle.write(value + "\n")
    path.chmod(0o600)
    print(
        f"Làng Số: created a local {what} in {path} (set {env} to choose your own).",
        file=sys.stderr,
    )
    return value
