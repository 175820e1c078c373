"""Worker identities (``host/pid/token``) and whether a worker on this host is dead.

A job's lease names the worker holding it. When that worker ran on this host and its
process is gone (a SIGKILL, a crash), the lease is ended at once rather than after it
runs out, so a restarted server resumes its interrupted job immediately.
"""

from __future__ import annotations

import os
import secrets
import socket


def new_owner() -> str:
    """A fresh worker identity for this process."""
    return f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(4)}"


def pid_alive(pid: int) -> bool:
    """True while process ``pid`` exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def dead_here(owner: str) -> bool:
    """True if ``owner`` ran on this host and its process no longer runs."""
    parts = owner.split("/")
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return False
    return not pid_alive(int(parts[1]))
