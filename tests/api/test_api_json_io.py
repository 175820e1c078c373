"""JSON scenario files: canonical lowerCamelCase output and clear parse errors."""

from __future__ import annotations

import json

import pytest

from safeshift.api.json_io import dump_message, error_path, load_message
from safeshift.engine.errors import InvalidProblemError, Reason
from safeshift.v1 import roster_pb2 as pb


def _request_json(problem_msg) -> dict:
    return json.loads(dump_message(pb.SolveRequest(problem=problem_msg)))


def test_dump_is_canonical_camel_case(problem_msg):
    """dump_message writes lowerCamelCase names, indented by 2."""
    text = dump_message(pb.SolveRequest(problem=problem_msg, parameters=pb.SolveParameters(time_limit_seconds=5)))
    assert '"timeLimitSeconds": 5.0' in text and '"homeLocationId": "L1"' in text
    assert "home_location_id" not in text
    assert text.startswith('{\n  "problem"')


def test_dump_load_round_trip(problem_msg, tmp_path):
    """A dumped request loads back equal, from text and from a file path (str or Path)."""
    req = pb.SolveRequest(problem=problem_msg, parameters=pb.SolveParameters(seed=3))
    text = dump_message(req)
    assert load_message(text, pb.SolveRequest) == req
    path = tmp_path / "scenario.json"
    path.write_text(text)
    assert load_message(path, pb.SolveRequest) == req
    assert load_message(str(path), pb.SolveRequest) == req


def test_snake_case_names_are_accepted(problem_msg):
    """Protobuf's parser also accepts the proto field names."""
    text = '{"problem": {"staff": [{"id": "a", "home_location_id": ""}]}}'
    assert load_message(text, pb.SolveRequest).problem.staff[0].id == "a"


def _invalid(text, message_type=pb.SolveRequest):
    with pytest.raises(InvalidProblemError) as info:
        load_message(text, message_type)
    return [(v.field, v.reason) for v in info.value.violations]


def test_non_integer_headcount(problem_msg):
    """A headcount of 1.5 is INVALID_VALUE at the headcount's path (proto field names)."""
    data = _request_json(problem_msg)
    data["problem"]["shifts"][1]["requirements"][0]["minHeadcount"] = 1.5
    assert _invalid(json.dumps(data)) == [("problem.shifts[1].requirements[0].min_headcount", Reason.INVALID_VALUE)]


def test_non_integer_headcount_in_problem_file(problem_msg):
    """Loading a bare Problem gives paths relative to the problem."""
    data = json.loads(dump_message(problem_msg))
    data["shifts"][0]["requirements"][0]["maxHeadcount"] = "1.5"
    assert _invalid(json.dumps(data), pb.Problem) == [("shifts[0].requirements[0].max_headcount", Reason.INVALID_VALUE)]


def test_bad_timestamp_text(problem_msg):
    """A timestamp without an offset is INVALID_VALUE at its path."""
    data = _request_json(problem_msg)
    data["problem"]["shifts"][0]["start"] = "2024-01-01 07:00"
    assert _invalid(json.dumps(data)) == [("problem.shifts[0].start", Reason.INVALID_VALUE)]


def test_unknown_field_is_named():
    """A misspelt field name is reported at its would-be path."""
    assert _invalid('{"problem": {"shifts": [{"id": "a", "startTime": "x"}]}}')[0][0].startswith("problem.shifts")
    assert _invalid('{"problem": {"staf": []}}') == [("problem.staf", Reason.INVALID_VALUE)]


def test_broken_json_is_invalid_value():
    """Malformed JSON is one INVALID_VALUE violation on the whole message."""
    assert _invalid('{"problem": ') == [("", Reason.INVALID_VALUE)]


def test_error_path_parses_protobuf_messages():
    """error_path turns protobuf's camelCase path text into proto field paths."""
    msg = "Failed to parse problem field: Couldn't parse integer: 1.5 at SolveRequest.problem.shifts[0].requirements[2].weightUnder..."
    assert error_path(msg) == "problem.shifts[0].requirements[2].weight_under"
    assert error_path("Failed to parse problem field: Failed to parse staff field: boom.") == "problem.staff"
