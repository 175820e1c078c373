"""ListSolveJobs filters (AIP-160 subset), page tokens and page sizes."""

from __future__ import annotations

import pytest

from safeshift.api.errors import InvalidRequestError
from safeshift.jobs.filters import filter_sql, parse_filter
from safeshift.jobs.model import job_id_from_name
from safeshift.storage.paging import decode_token, encode_token, page_size


@pytest.mark.parametrize(
    "text, sql, params",
    [
        ("", "", []),  # no filter
        ("state = QUEUED", "(state = %s)", ["QUEUED"]),
        ('caller != "ann lee"', "(caller <> %s)", ["ann lee"]),  # quoted value with a space
        ("state = QUEUED OR state = RUNNING AND problem_id = p1",  # OR binds tighter than AND
         "(state = %s OR state = %s) AND (problem_id = %s)", ["QUEUED", "RUNNING", "p1"]),
    ],
)
def test_filters_translate_to_sql(text, sql, params):
    """Comparisons become parameterised SQL, never interpolated text."""
    assert filter_sql(parse_filter(text)) == (sql, params)


@pytest.mark.parametrize(
    "text, message",
    [
        ("colour = red", "unknown field 'colour'"),
        ("state = DONE", "unknown state 'DONE'"),
        ("state", "expected `field = value`"),
        ("state = QUEUED AND", "nothing after AND"),
        ("state = QUEUED state = RUNNING", "expected AND or OR"),
        ("state < QUEUED", "expected = or != after state"),
        ("state = \"open", "unexpected"),  # an unterminated string
        ("caller = =", "expected a value"),
    ],
)
def test_bad_filters_name_the_problem(text, message):
    """Every malformed filter is an InvalidRequestError on field `filter`."""
    with pytest.raises(InvalidRequestError, match=message) as info:
        parse_filter(text)
    assert [(v.field, v.reason) for v in info.value.violations] == [("filter", "INVALID_FILTER")]


def test_page_tokens_round_trip_and_reject_other_queries():
    """A token decodes to its key for the same query; other queries and garbage are rejected."""
    token = encode_token(42, "q1")
    assert decode_token(token, "q1") == 42 and decode_token("", "q1") is None
    for bad, digest in ((token, "q2"), ("not-base64!", "q1"), (encode_token(1, "q1")[:-3], "q1")):
        with pytest.raises(InvalidRequestError):
            decode_token(bad, digest)


def test_page_size_defaults_and_clamps():
    """0 means the default, above the maximum is clamped, negative is an error."""
    assert (page_size(0, 50, 1000), page_size(5000, 50, 1000), page_size(7, 50, 1000)) == (50, 1000, 7)
    with pytest.raises(InvalidRequestError):
        page_size(-1, 50, 1000)


@pytest.mark.parametrize("name", ["jobs/", "jobs/A1", "job/abc", "abc", "jobs/a/b", "jobs/" + "a" * 64])
def test_bad_job_names(name):
    """Only jobs/{lowercase id} is a job name."""
    with pytest.raises(InvalidRequestError):
        job_id_from_name(name)
