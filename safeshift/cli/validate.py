"""``safeshift validate``: audit a roster against a problem, locally or on a server.

Exit code 0 when the roster breaks no hard rule, 1 when it does, 2 on bad input.
"""

from __future__ import annotations

import sys

import grpc

from ..v1 import roster_pb2 as pb
from .errors import CliError, from_engine_error, from_rpc_error
from .inputs import dump, load_assignments, load_problem
from .remote import deadline_for, roster_stub
from .render import render_validation

VIOLATIONS = 1  # exit code of a roster that breaks a rule


def run_validate(args) -> int:
    problem, prefix = load_problem(args.problem)
    assignments = load_assignments(args.roster)
    req = pb.ValidateRosterRequest(problem=problem, assignments=assignments)
    try:
        response = validate_remote(req, args.server) if args.server else validate_local(req)
    except CliError as e:
        raise _bare_problem_paths(e) if not prefix else e
    if args.json:
        sys.stdout.write(dump(response))
    else:
        sys.stdout.write(render_validation(response, problem))
    return 0 if response.valid else VIOLATIONS


def validate_local(req: pb.ValidateRosterRequest) -> pb.ValidateRosterResponse:
    from ..api.facade import RosterFacade
    from ..engine.errors import SafeShiftError

    try:
        return RosterFacade().validate(req)
    except SafeShiftError as e:
        raise from_engine_error(e) from None


def validate_remote(req: pb.ValidateRosterRequest, target: str) -> pb.ValidateRosterResponse:
    with roster_stub(target) as stub:
        try:
            return stub.ValidateRoster(req, timeout=deadline_for(req.time_limit_seconds))
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None


def _bare_problem_paths(error: CliError) -> CliError:
    """For a file holding a bare Problem, name its fields as in that file
    (``shifts[0].id``, not ``problem.shifts[0].id``)."""
    lines = tuple(line[len("problem."):] if line.startswith("problem.") else line for line in error.lines)
    return CliError(lines, error.exit_code)
