"""ProgressPrinter: one line rewritten on a terminal, a line per improvement otherwise."""

from __future__ import annotations

import io
import time

from safeshift.cli import progress
from safeshift.cli.progress import ProgressPrinter
from safeshift.v1 import roster_pb2 as pb


def _progress(elapsed, objective, bound, solutions) -> pb.SolveProgress:
    gap = abs(objective - bound) / max(1.0, abs(objective))
    return pb.SolveProgress(improvement=pb.SolveImprovement(
        elapsed_seconds=elapsed, objective=objective, best_bound=bound, solutions=solutions, gap=gap))


def test_pipe_gets_one_line_per_improvement():
    """Not a terminal: each improvement on its own line, with elapsed, best, bound, gap, solutions."""
    stream = io.StringIO()
    printer = ProgressPrinter(stream, tty=False)
    printer(_progress(1.25, 1200, 1000, 1))
    printer(_progress(2.5, 1100, 1050.5, 2))
    printer(pb.SolveProgress(result=pb.SolveResponse()))  # the result is not progress
    printer.finish()
    assert stream.getvalue() == (
        "    1.2 s  best 1200  bound 1000  gap 16.67%  1 solution\n"
        "    2.5 s  best 1100  bound 1050.50  gap 4.50%  2 solutions\n"
    )


def test_terminal_rewrites_one_line(monkeypatch):
    """On a terminal each improvement overwrites the last (\\r, padded), timed by the CLI's
    clock; finish ends the line."""
    clock = iter([100.0, 101.0, 102.0])
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    printer = ProgressPrinter(stream, tty=True)  # the clock starts at 100
    printer(_progress(0.2, 12345, 0, 1))
    printer(_progress(0.3, 9, 9, 2))
    printer.finish()
    first, second = stream.getvalue().split("\r")[1:]
    assert first == "    1.0 s  best 12345  bound 0  gap 100.00%  1 solution"
    assert second.startswith("    2.0 s  best 9  bound 9  gap 0.00%  2 solutions")
    assert second.endswith(" \n") and len(second) == len(first) + 1  # padded over the longer line


def test_terminal_ticks_while_searching(monkeypatch):
    """Between improvements the terminal line keeps ticking, before the first roster too."""
    monkeypatch.setattr(progress, "TICK_SECONDS", 0.01)
    stream = io.StringIO()
    printer = ProgressPrinter(stream, tty=True)
    printer.start()
    deadline = time.monotonic() + 5
    while "searching" not in stream.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    printer.finish()
    text = stream.getvalue()
    assert "s  searching, no roster yet" in text and text.endswith("\n")


def test_quiet_prints_nothing_but_remembers_the_last():
    """--quiet: nothing on stderr, the last improvement still known."""
    stream = io.StringIO()
    printer = ProgressPrinter(stream, quiet=True, tty=True)
    printer(_progress(1.0, 5, 4, 1))
    printer.note("hello")
    printer.finish()
    assert stream.getvalue() == "" and printer.last.objective == 5
