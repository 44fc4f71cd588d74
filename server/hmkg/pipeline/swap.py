"""Put a freshly written folder in place of an old one in a single step.

On Linux, renameat2(RENAME_EXCHANGE) swaps the two folders atomically, so anything reading the
release path (a server starting up, a test) sees the old release or the new one, never none.
Elsewhere it falls back to two renames, which leave a moment without the folder.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path


def swap_into_place(staging: Path, out: Path) -> None:
    """Put staging at out; the old release (if any) ends up at staging, to be removed."""
    if not out.exists():
        os.replace(staging, out)
    elif not _exchange(staging, out):
        old = staging.with_name(staging.name + ".old")
        os.replace(out, old)
        os.replace(staging, out)
        os.replace(old, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
