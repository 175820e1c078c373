"""EvaluateJobs over gRPC gives the in-process answer."""

import grpc
from google.protobuf import json_format

from safeshift.api.facade import RosterFacade
from safeshift.server.app import build_server
from safeshift.v1 import roster_pb2 as pb
from safeshift.v1 import roster_pb2_grpc as pb_grpc

REQUEST = {
    "problem": {
        "id": "tiny", "horizonStart": "2026-03-02T00:00:00Z", "horizonEnd": "2026-03-09T00:00:00Z",
        "competencyIds": ["PTS"],
        "staff": [{"id": "a", "competencies": [{"competencyId": "PTS"}], "costPerHour": 600},
                  {"id": "b", "competencies": [{"competencyId": "PTS"}], "costPerHour": 900}],
        "shifts": [{"id": "y", "start": "2026-03-03T08:00:00Z", "end": "2026-03-03T16:00:00Z",
                    "requirements": [{"id": "r", "competencyIds": ["PTS"]}]}],
    },
    "roster": [{"staffId": "a", "shiftId": "y"}],
    "jobs": [{"id": "z", "start": "2026-03-03T09:00:00Z", "end": "2026-03-03T17:00:00Z",
              "requirements": [{"id": "r", "competencyIds": ["PTS"]}]}],
}


def test_server_answer_equals_in_process_answer():
    """The same request through a loopback server and through the facade: identical responses."""
    req = json_format.ParseDict(REQUEST, pb.EvaluateJobsRequest())
    server, _, port = build_server(0)
    server.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            remote = pb_grpc.RosterServiceStub(channel).EvaluateJobs(req, timeout=30)
    finally:
        server.stop(None)
    assert remote == RosterFacade().evaluate_jobs(req)
    assert [c.staff_id for c in remote.evaluations[0].candidates] == ["b"]
