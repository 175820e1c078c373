"""Opaque page tokens (AIP-158): the last key seen plus a digest of the query, so a token
used with other filters is INVALID_ARGUMENT rather than a silently wrong page."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json

from ..api.errors import InvalidRequestError

INVALID_PAGE_TOKEN = "INVALID_PAGE_TOKEN"


def query_digest(*parts) -> str:
    """A short digest of the query a token belongs to."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def encode_token(after: int, digest: str) -> str:
    raw = json.dumps({"a": after, "q": digest}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, digest: str, field: str = "page_token") -> int | None:
    """The key after which the page starts (None for an empty token)."""
    if not token:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        after = data["a"]
        ok = isinstance(after, int) and not isinstance(after, bool) and isinstance(data["q"], str)
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        ok = False
    if not ok:
        raise InvalidRequestError.of(field, INVALID_PAGE_TOKEN, "not a page token from this server")
    if data["q"] != digest:
        raise InvalidRequestError.of(
            field, INVALID_PAGE_TOKEN, "the page token belongs to a query with other filters; use the same ones"
        )
    return after


def page_size(value: int, default: int, maximum: int, field: str = "page_size") -> int:
    """AIP-158: 0 means the default, above the maximum is clamped, negative is an error."""
    if value < 0:
        raise InvalidRequestError.of(field, "NEGATIVE_VALUE", f"page_size must be >= 0, got {value}")
    return min(value or default, maximum)
