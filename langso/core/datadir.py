"""The data folder of the embedded setup, readable by its owner only.

It holds the SQLite database (residents' records), its write-ahead log, the local secret and
personal-data keys, and the cache: nothing in it is for the other users of the machine. Folders
are made 0700 and files 0600, and ones made before (by an older version, or by hand) lose their
group and other bits when the settings are read, that is when any process starts.

Why not a process-wide ``os.umask(0o077)``: it would change every file the process writes
anywhere (exports, temporary files of libraries, files handed to other users), and a umask is
shared by threads, so setting and restoring it around one call races with the others. Making
these few paths owner-only by name is precise and is enough: SQLite gives the -wal, -shm and
-journal files the permission bits of the database file, so a database created 0600 before the
first connection keeps its log files private too.
"""

import os
import stat
from pathlib import Path

# What SQLite writes beside a database file, with the database file's permission bits.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def tighten(path: Path) -> None:
    """Take the group's and others' permission bits off ``path``, if it has any."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        path.chmod(mode & 0o700)


def private_dir(path: Path) -> Path:
    """Make the folder ``path`` 0700 (its missing parents too), or tighten it when it exists."""
    if not path.is_dir():
        # The mode of mkdir applies to the last folder only; missing parents are made here one
        # by one so that none of them is left readable by everyone either.
        if not path.parent.is_dir():
            private_dir(path.parent)
        path.mkdir(mode=0o700, exist_ok=True)
    tighten(path)
    return path


def private_file(path: Path) -> Path:
    """Create the file ``path`` empty and 0600 when missing; take others' bits off when not."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        tighten(path)
    return path


def private_sqlite(database: Path) -> None:
    """Prepare a SQLite database file before the first connection opens it.

    The file is created 0600 when missing (SQLite would create it 0644 under the usual umask,
    and its -wal and -shm files after it); an existing one and the files SQLite keeps beside it
    lose their group and other bits. A missing folder is made 0700; an existing folder is left
    as it is, since a database may live in a shared one (/srv, /tmp) that is not ours to close.
    """
    if not database.parent.is_dir():
        private_dir(database.parent)
    private_file(database)
    for suffix in SQLITE_COMPANIONS:
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            tighten(companion)
