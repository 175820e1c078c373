"""Bad input: one ``field: description (REASON)`` line per problem on stderr, exit 2."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from cli_scenarios import scenario
from safeshift.cli.errors import from_rpc_error


def _edited(edit) -> dict:
    data = scenario()
    edit(data["problem"])
    return data


@pytest.mark.parametrize(
    ("data", "first_line"),
    [
        (
            _edited(lambda p: p["staff"][1].update(costPerHour=1.5)),
            "problem.staff[1].cost_per_hour: ",
        ),  # wrong JSON type: the schema path from the parser
        (
            _edited(lambda p: p["shifts"][2].update(end=p["shifts"][2]["start"])),
            "problem.shifts[2].end: ",
        ),  # semantic: end not after start, from the engine
        (
            _edited(lambda p: p["shifts"][0]["requirements"][0].update(competencyIds=["ICU"])),
            "problem.shifts[0].requirements[0].competency_ids[0]: ",
        ),  # unknown reference
    ],
)
def test_bad_scenario_names_the_field(run, write_json, data, first_line):
    """A bad field is reported by its path, without traceback, exit 2."""
    code, out, err = run("solve", write_json("bad.json", data), "--quiet")
    assert (code, out) == (2, "")
    assert err.startswith(first_line)
    assert "Traceback" not in err and err.rstrip().endswith(")")


def test_every_violation_gets_its_own_line(run, write_json):
    """Two bad fields give two lines, each with its reason."""
    def edit(p):
        p["shifts"][0]["requirements"][0]["minHeadcount"] = -1
        p["staff"][1]["id"] = "a"

    code, _, err = run("solve", write_json("bad.json", _edited(edit)), "--quiet")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 2
    assert any(line.startswith("problem.shifts[0].requirements[0].min_headcount: ") for line in lines)
    assert any(line.endswith("(DUPLICATE_ID)") for line in lines)


def test_json_syntax_error_names_line_and_column(run, write_json):
    """Broken JSON points at the file, line and column."""
    path = write_json("broken.json", '{\n  "problem": {,\n}')
    code, _, err = run("solve", path)
    assert code == 2
    assert err.strip() == f"{path}:2:15: Expecting property name enclosed in double quotes (INVALID_JSON)"


def test_missing_file(run, tmp_path):
    """A scenario that does not exist: exit 2, one line."""
    path = tmp_path / "nope.json"
    code, _, err = run("solve", str(path))
    assert (code, err) == (2, f"{path}: no such file (FILE_NOT_FOUND)\n")


def test_unknown_field_is_reported_with_its_path(run, write_json):
    """A misspelt key is an error (unknown fields are not ignored)."""
    data = scenario()
    data["problem"]["shiftz"] = []
    code, _, err = run("solve", write_json("typo.json", data))
    assert code == 2 and err.startswith("problem.shiftz: ")


class _FakeCall(grpc.RpcError, grpc.Call):
    """An RpcError as a failed call returns it, carrying a rich status."""

    def __init__(self, status: status_pb2.Status):
        self._status = status

    def code(self):
        return grpc.StatusCode.INVALID_ARGUMENT

    def details(self):
        return self._status.message

    def trailing_metadata(self):
        return (("grpc-status-details-bin", self._status.SerializeToString()),)

    def initial_metadata(self):
        return ()

    def is_active(self):
        return False

    def time_remaining(self):
        return None

    def cancel(self):
        return False

    def add_callback(self, callback):
        return False


def test_rpc_bad_request_details_become_field_lines():
    """INVALID_ARGUMENT with a BadRequest detail: the status line, then one line per field."""
    bad = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(
                field="problem.shifts[0].end", description="end must be after start", reason="END_NOT_AFTER_START"
            )
        ]
    )
    detail = any_pb2.Any()
    detail.Pack(bad)
    status = status_pb2.Status(code=code_pb2.INVALID_ARGUMENT, message="invalid problem", details=[detail])
    assert rpc_status.from_call(_FakeCall(status)) is not None
    error = from_rpc_error(_FakeCall(status))
    assert error.exit_code == 2
    assert error.lines == (
        "server: invalid problem (INVALID_ARGUMENT)",
        "problem.shifts[0].end: end must be after start (END_NOT_AFTER_START)",
    )


def test_rpc_quota_failure_is_a_server_error():
    """RESOURCE_EXHAUSTED with a QuotaFailure: the limit's line, exit 3."""
    quota = error_details_pb2.QuotaFailure(
        violations=[error_details_pb2.QuotaFailure.Violation(subject="problem.staff", description="2001 > 2000")]
    )
    detail = any_pb2.Any()
    detail.Pack(quota)
    status = status_pb2.Status(code=code_pb2.RESOURCE_EXHAUSTED, message="too large", details=[detail])
    call = _FakeCall(status)
    call.code = lambda: grpc.StatusCode.RESOURCE_EXHAUSTED
    error = from_rpc_error(call)
    assert error.exit_code == 3
    assert error.lines == ("server: too large (RESOURCE_EXHAUSTED)", "problem.staff: 2001 > 2000 (LIMIT_EXCEEDED)")
