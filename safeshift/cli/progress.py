"""Live solve progress on stderr. On a terminal one line is rewritten in place, and it
ticks every second so the elapsed time stays live between improvements. Otherwise one
line per improving solution (so logs and pipes keep the whole history)."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from ..v1 import roster_pb2 as pb
from .render import number, plural

TICK_SECONDS = 1.0


def improvement_text(i: pb.SolveImprovement, elapsed: float | None = None) -> str:
    """``  12.3 s  best 1234  bound 1200  gap 2.76%  5 solutions``."""
    seconds = i.elapsed_seconds if elapsed is None else elapsed
    return (
        f"{seconds:7.1f} s  best {number(i.objective)}  bound {number(i.best_bound)}  "
        f"gap {100.0 * i.gap:.2f}%  {plural(i.solutions, 'solution')}"
    )


class ProgressPrinter:
    """A ``SolveProgress`` callback; safe to call from the solver's thread."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False, tty: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty() if tty is None else tty
        self.last: pb.SolveImprovement | None = None
        self._width = 0
        self._lock = threading.Lock()
        self._t0 = time.monotonic()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, progress: pb.SolveProgress) -> None:
        if progress.WhichOneof("event") == "improvement":
            self.improved(progress.improvement)

    def start(self) -> None:
        """Start the clock (and, on a terminal, the once-a-second tick)."""
        self._t0 = time.monotonic()
        if self.tty and not self.quiet and self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, name="safeshift-progress", daemon=True)
            self._ticker.start()

    def improved(self, improvement: pb.SolveImprovement) -> None:
        with self._lock:
            self.last = improvement
            if self.quiet:
                return
            if self.tty:
                self._rewrite(improvement_text(improvement, time.monotonic() - self._t0))
            else:
                self.stream.write(improvement_text(improvement) + "\n")
            self.stream.flush()

    def note(self, text: str) -> None:
        """A message on its own line (ends the in-place line first)."""
        with self._lock:
            if self.quiet:
                return
            self._end_line()
            self.stream.write(text + "\n")
            self.stream.flush()

    def finish(self) -> None:
        """Stop ticking and end the in-place line, before the report is printed."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        with self._lock:
            self._end_line()
            self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(TICK_SECONDS):
            with self._lock:
                if self._stop.is_set():
                    return
                elapsed = time.monotonic() - self._t0
                if self.last is not None:
                    self._rewrite(improvement_text(self.last, elapsed))
                else:
                    self._rewrite(f"{elapsed:7.1f} s  searching, no roster yet")
                self.stream.flush()

    def _rewrite(self, text: str) -> None:
        self.stream.write("\r" + text.ljust(self._width))
        self._width = max(self._width, len(text))

    def _end_line(self) -> None:
        if self.tty and self._width:
            self.stream.write("\n")
            self._width = 0
