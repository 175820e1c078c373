"""The progress bar of ``safeshift jobs watch``: share of the time limit used, best
objective, bound and gap. On a terminal one line is rewritten in place; otherwise one
line per change (logs keep the history)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .render import number

WIDTH = 24


def bar_text(job, now: float | None = None) -> str:
    """``[#########---------------]  38%  11.4/30 s  RUNNING  best 1234  bound 1200  gap 2.76%``."""
    from ..v1 import jobs_pb2

    state = jobs_pb2.SolveJob.State.Name(job.state)
    limit = job.time_limit_seconds or 1.0
    if job.HasField("end_time") or not job.HasField("start_time"):
        elapsed = job.progress.elapsed_seconds if job.HasField("progress") else 0.0
        if job.HasField("end_time") and job.HasField("start_time"):
            elapsed = (job.end_time.ToMicroseconds() - job.start_time.ToMicroseconds()) / 1e6
    else:
        elapsed = max(0.0, (now if now is not None else time.time()) - job.start_time.ToMicroseconds() / 1e6)
    share = 1.0 if state in ("SUCCEEDED", "FAILED", "CANCELLED") else min(1.0, elapsed / limit)
    filled = int(round(share * WIDTH))
    text = f"[{'#' * filled}{'-' * (WIDTH - filled)}] {100 * share:3.0f}%  {elapsed:5.1f}/{limit:g} s  {state}"
    if job.attempts > 1:
        text += f" (attempt {job.attempts})"
    if job.HasField("progress"):
        p = job.progress
        text += f"  best {number(p.objective)}  bound {number(p.best_bound)}  gap {100 * p.gap:.2f}%"
    return text


class JobProgressBar:
    """Feed it each ``SolveJob`` of a watch stream."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False, tty: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty() if tty is None else tty
        self._width = 0

    def update(self, job) -> None:
        if self.quiet:
            return
        text = bar_text(job)
        if self.tty:
            self.stream.write("\r" + text.ljust(self._width))
            self._width = max(self._width, len(text))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty and self._width and not self.quiet:
            self.stream.write("\n")
            self.stream.flush()
        self._width = 0
