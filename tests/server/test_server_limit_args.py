"""The concurrency limits on the command line of ``safeshift serve`` and
``python -m safeshift.server``."""

from __future__ import annotations

import pytest

from safeshift.api.limits import Limits
from safeshift.cli import build_parser, commands
from safeshift.server import __main__ as server_main
from safeshift.server.limit_args import limits_from_args


@pytest.mark.parametrize(
    "parse",
    [lambda argv: build_parser().parse_args(["serve", *argv]), server_main.parse_args],
    ids=["safeshift serve", "python -m safeshift.server"],
)
def test_both_entry_points_take_the_concurrency_limits(parse):
    limits = limits_from_args(parse(["--max-concurrent-solves", "3", "--max-concurrent-evaluations", "7"]))
    assert (limits.max_concurrent_solves, limits.max_concurrent_evaluations) == (3, 7)
    defaults = limits_from_args(parse([]))
    assert defaults == Limits()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--max-concurrent-evaluations", "0"], "argument --max-concurrent-evaluations: must be >= 1, got 0"),
        (["--max-concurrent-solves", "-1"], "argument --max-concurrent-solves: must be >= 0, got -1"),
        (["--max-concurrent-evaluations", "two"], "argument --max-concurrent-evaluations: must be a whole number, got 'two'"),
    ],
)
def test_a_bad_limit_is_a_usage_error_naming_the_option(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["serve", *argv])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_serve_hands_the_limits_to_the_server(monkeypatch):
    seen = {}
    monkeypatch.setattr("safeshift.server.app.serve", lambda port, host, limits, **kw: seen.update(limits=limits))
    args = build_parser().parse_args(["serve", "--store", "none", "--max-concurrent-evaluations", "2"])
    assert commands.run_serve(args) == 0
    assert seen["limits"].max_concurrent_evaluations == 2
    assert seen["limits"].max_concurrent_solves == Limits().max_concurrent_solves
