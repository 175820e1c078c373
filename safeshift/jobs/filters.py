"""``ListSolveJobs`` filters: a subset of AIP-160.

``field = value`` and ``field != value`` comparisons, joined by ``OR`` (which binds
tighter, as in AIP-160) and ``AND``; values bare or double-quoted. Fields: ``state``
(a state name), ``request_id``, ``problem_id``, ``caller``. Anything else is
INVALID_ARGUMENT naming the position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..api.errors import InvalidRequestError
from .model import JobState

FIELDS = {"state": "state", "request_id": "request_id", "problem_id": "problem_id", "caller": "caller"}
INVALID_FILTER = "INVALID_FILTER"
_TOKEN = re.compile(r'\s*(?:(?P<op>!=|=)|(?P<str>"(?:[^"\\]|\\.)*")|(?P<word>[^\s="!]+))')


@dataclass(frozen=True)
class Comparison:
    field: str
    op: str  # "=" or "!="
    value: str


def _bad(position: int, text: str) -> InvalidRequestError:
    return InvalidRequestError.of("filter", INVALID_FILTER, f"at character {position}: {text}")


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None:
            raise _bad(pos, f"unexpected {text[pos:pos + 10]!r}")
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "str":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        out.append((kind, value, match.start(kind)))
        pos = match.end()
    return out


def parse_filter(text: str) -> list[list[Comparison]]:
    """The filter as a conjunction of disjunctions; [] matches everything."""
    tokens = _tokens(text)
    clauses: list[list[Comparison]] = []
    current: list[Comparison] = []
    i = 0
    while i < len(tokens):
        if len(tokens) - i < 3:
            raise _bad(tokens[i][2], "expected `field = value`")
        (fk, field, fpos), (ok, op, opos), (vk, value, vpos) = tokens[i:i + 3]
        if fk != "word" or field not in FIELDS:
            raise _bad(fpos, f"unknown field {field!r}; use one of {', '.join(FIELDS)}")
        if ok != "op":
            raise _bad(opos, f"expected = or != after {field}")
        if vk == "op":
            raise _bad(vpos, "expected a value")
        if field == "state" and value not in JobState.__members__:
            raise _bad(vpos, f"unknown state {value!r}; use one of {', '.join(JobState.__members__)}")
        current.append(Comparison(field, op, value))
        i += 3
        if i == len(tokens):
            break
        kind, word, pos = tokens[i]
        if kind != "word" or word not in ("AND", "OR"):
            raise _bad(pos, f"expected AND or OR, got {word!r}")
        if i + 1 == len(tokens):
            raise _bad(pos, f"nothing after {word}")
        if word == "AND":
            clauses.append(current)
            current = []
        i += 1
    if current:
        clauses.append(current)
    return clauses


def filter_sql(clauses: list[list[Comparison]]) -> tuple[str, list[str]]:
    """A WHERE fragment (``%s`` placeholders) and its parameters; ``("", [])`` for none."""
    parts, params = [], []
    for clause in clauses:
        ors = []
        for c in clause:
            ors.append(f"{FIELDS[c.field]} {'=' if c.op == '=' else '<>'} %s")
            params.append(c.value)
        parts.append("(" + " OR ".join(ors) + ")")
    return " AND ".join(parts), params
