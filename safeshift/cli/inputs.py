"""Reading the CLI's JSON files and writing its output files.

Every failure becomes a ``CliError`` naming the file and, when the schema is at fault, the
field path (``problem.shifts[0].requirements[0].min_headcount``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from ..v1 import roster_pb2 as pb
from .errors import CliError, from_engine_error, violation_line

_PROBLEM_KEYS = frozenset(f.json_name for f in pb.Problem.DESCRIPTOR.fields) | frozenset(
    f.name for f in pb.Problem.DESCRIPTOR.fields
)


def read_text(path: str) -> str:
    """The file's text, or a ``CliError`` naming the file."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError((violation_line(path, "no such file", "FILE_NOT_FOUND"),)) from None
    except (OSError, UnicodeDecodeError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise CliError((violation_line(path, f"cannot read the file: {reason}", "UNREADABLE"),)) from None


def read_json(path: str) -> object:
    """The parsed JSON of a file; a syntax error is reported with its line and column."""
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise CliError((violation_line(f"{path}:{e.lineno}:{e.colno}", e.msg, "INVALID_JSON"),)) from None


def parse_message(data: object, message_type, path: str, prefix: str = ""):
    """``data`` (parsed JSON) as a new ``message_type``; schema errors name the field path,
    with ``prefix.`` in front when the data was taken from inside a larger document."""
    from ..api.json_io import load_message
    from ..engine.errors import InvalidProblemError

    try:
        return load_message(json.dumps(data), message_type)
    except InvalidProblemError as e:
        error = from_engine_error(e, prefix)
        lines = tuple(_one_line(line, path) for line in error.lines)
        raise CliError(lines) from None


_PARSER_NOISE = (
    re.compile(r"Failed to parse \w+ field: "),  # one per nesting level
    re.compile(r' at "?[A-Z]\w*(\.[\w\[\]]+)*"?\.*'),  # the path, already in the field
    re.compile(r"\(except extensions\)"),
)


def _one_line(line: str, path: str) -> str:
    """The parser's sentence on one line, without its repeated nesting and path."""
    for noise in _PARSER_NOISE:
        line = noise.sub(lambda m: "." if m.group(0).startswith(" at") else "", line)
    line = " ".join(line.split())
    return path + line[len("(request)"):] if line.startswith("(request)") else line


def load_request(path: str) -> pb.SolveRequest:
    """A scenario file: a ``SolveRequest`` in canonical JSON."""
    data = read_json(path)
    if not isinstance(data, dict):
        raise CliError((violation_line(path, "expected a JSON object (a SolveRequest)", "INVALID_VALUE"),))
    return parse_message(data, pb.SolveRequest, path)


def load_problem(path: str) -> tuple[pb.Problem, str]:
    """The problem of a file holding a ``SolveRequest`` (or any request with a "problem")
    or a bare ``Problem``, told apart by its keys; with the field path prefix it uses."""
    data = read_json(path)
    if not isinstance(data, dict):
        raise CliError((violation_line(path, "expected a JSON object (a SolveRequest or a Problem)", "INVALID_VALUE"),))
    if "problem" in data and isinstance(data["problem"], dict):
        return parse_message(data["problem"], pb.Problem, path, "problem"), "problem"
    unknown = sorted(set(data) - _PROBLEM_KEYS)
    if unknown:
        raise CliError(tuple(
            violation_line(key, "neither a Problem field nor \"problem\" of a SolveRequest", "UNKNOWN_FIELD")
            for key in unknown
        ))
    return parse_message(data, pb.Problem, path), ""


def load_assignments(path: str) -> list[pb.Assignment]:
    """The "assignments" array of any JSON object (a saved SolveResponse, a
    ValidateRosterRequest, or just ``{"assignments": [...]}``). Only a saved response may
    leave it out (canonical JSON omits an empty roster)."""
    data = read_json(path)
    if isinstance(data, dict) and "assignments" not in data and "status" in data:
        data = {**data, "assignments": []}
    if not isinstance(data, dict) or not isinstance(data.get("assignments"), list):
        raise CliError((violation_line(f"{path}: assignments", 'expected a JSON object with an "assignments" array',
                                       "MISSING_FIELD"),))
    holder = parse_message({"assignments": data["assignments"]}, pb.ValidateRosterRequest, path)
    return list(holder.assignments)


def check_writable(path: str) -> None:
    """Fail early (before a long solve) when ``path``'s directory does not exist."""
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise CliError((violation_line(path, f"directory {parent} does not exist", "FILE_NOT_FOUND"),))
    if Path(path).is_dir():
        raise CliError((violation_line(path, "is a directory", "INVALID_VALUE"),))


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``, so
    readers see the old file or the whole new one, never half of it."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.resolve().parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as e:
        _remove_quietly(tmp)
        raise CliError((violation_line(path, f"cannot write the file: {e.strerror or e}", "UNWRITABLE"),)) from None
    except BaseException:
        _remove_quietly(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def dump(msg) -> str:
    """Canonical JSON of a message (as ``safeshift.api.json_io`` writes it)."""
    from ..api.json_io import dump_message

    return dump_message(msg)


__all__ = [
    "check_writable",
    "dump",
    "load_assignments",
    "load_problem",
    "load_request",
    "read_json",
    "write_atomically",
]
