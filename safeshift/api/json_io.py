"""Messages as JSON files: protobuf's canonical JSON mapping (lowerCamelCase names), which is
also the scenario file format (api.md).

A file that does not parse raises ``InvalidProblemError`` with one violation whose field
is the path protobuf names, in proto field names (``problem.shifts[0].requirements[0].
min_headcount``, as in every other violation), and reason INVALID_VALUE.
"""

from __future__ import annotations

import re
from os import PathLike
from pathlib import Path

from google.protobuf import json_format
from google.protobuf.message import Message

from ..engine.errors import FieldViolation, InvalidProblemError, Reason

# "... at SolveRequest.problem.shifts[0].minHeadcount..." (the path follows " at ")
_AT_PATH = re.compile(r" at \"?([A-Za-z_][\w.\[\]]*?)\"?\.*(?:\n|$)")
_NO_FIELD = re.compile(r'has no field named "([^"]+)" at "([^"]+)"')
_FAILED = re.compile(r"Failed to parse ([A-Za-z_]\w*) field")


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def _strip_root(path: str) -> str:
    """``SolveRequest.problem.shifts[0]`` -> ``problem.shifts[0]``."""
    _, _, rest = path.partition(".")
    return rest


def error_path(message: str) -> str:
    """The field path named by a json_format.ParseError text ("" for the whole message)."""
    m = _NO_FIELD.search(message)
    if m:
        return ".".join(p for p in (_snake(_strip_root(m.group(2))), m.group(1)) if p)
    m = _AT_PATH.search(message)
    if m:
        return _snake(_strip_root(m.group(1)))
    return ".".join(_snake(name) for name in _FAILED.findall(message))


def _read(path_or_text) -> str:
    if isinstance(path_or_text, (bytes, bytearray)):
        return path_or_text.decode("utf-8")
    if isinstance(path_or_text, PathLike):
        return Path(path_or_text).read_text(encoding="utf-8")
    text = str(path_or_text)
    if text.lstrip().startswith(("{", "[")) or "\n" in text:
        return text
    return Path(text).read_text(encoding="utf-8")


def load_message(path_or_text, message_type):
    """Parse JSON text, or the file at a path, into a new ``message_type`` message (a class
    or an instance to fill). Unknown fields are errors. Raises ``InvalidProblemError`` for
    JSON that does not match the schema, ``OSError`` for an unreadable file."""
    text = _read(path_or_text)
    target = message_type if isinstance(message_type, Message) else message_type()
    try:
        return json_format.Parse(text, target)
    except json_format.ParseError as e:
        message = str(e)
        raise InvalidProblemError([FieldViolation(error_path(message), Reason.INVALID_VALUE, message)]) from None


def dump_message(msg: Message) -> str:
    """Canonical JSON (lowerCamelCase names, indent 2) ending in a newline."""
    return json_format.MessageToJson(msg, indent=2) + "\n"
