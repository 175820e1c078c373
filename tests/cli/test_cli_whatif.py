"""``safeshift whatif``: the report, JSON output and exit codes."""

import json

PROBLEM = {
    "id": "tiny", "horizonStart": "2026-03-02T00:00:00Z", "horizonEnd": "2026-03-09T00:00:00Z",
    "competencyIds": ["PTS", "COSS"],
    "staff": [{"id": "a", "competencies": [{"competencyId": "PTS"}]},
              {"id": "b", "competencies": [{"competencyId": "PTS"}]}],
    "shifts": [{"id": "y", "start": "2026-03-03T08:00:00Z", "end": "2026-03-03T16:00:00Z",
                "requirements": [{"id": "r", "competencyIds": ["PTS"]}]}],
}
ROSTER = {"assignments": [{"staffId": "a", "shiftId": "y"}]}


def _job(id, comps=("PTS",)):
    return {"id": id, "start": "2026-03-03T09:00:00Z", "end": "2026-03-03T17:00:00Z",
            "requirements": [{"id": "r", "competencyIds": list(comps)}]}


def test_acceptable_job_report(run, write_json):
    """An acceptable job: exit 0 and a report naming the decision and the candidate."""
    files = write_json("p.json", PROBLEM), write_json("r.json", ROSTER), write_json("j.json", {"jobs": [_job("z")]})
    code, out, _ = run("whatif", *files)
    assert code == 0
    assert "Job z: ACCEPTABLE_AS_IS" in out and " b " in out


def test_unacceptable_job_exits_one_with_reasons(run, write_json):
    """Nobody holds COSS: exit 1, the summary counts the missing competency."""
    jobs = {"jobs": [_job("z", ("COSS",))]}
    files = write_json("p.json", PROBLEM), write_json("r.json", ROSTER), write_json("j.json", jobs)
    code, out, _ = run("whatif", *files, "--time-limit", "0.2")
    assert code == 1
    assert "NOT_ACCEPTABLE" in out and "COSS 2" in out


def test_json_output(run, write_json):
    """--json prints the EvaluateJobsResponse."""
    files = write_json("p.json", PROBLEM), write_json("r.json", ROSTER), write_json("j.json", {"jobs": [_job("z")]})
    code, out, _ = run("whatif", *files, "--json")
    assert json.loads(out)["evaluations"][0]["decision"] == "ACCEPTABLE_AS_IS"


def test_bad_job_file(run, write_json):
    """A jobs file without a "jobs" array is bad input (exit 2)."""
    files = write_json("p.json", PROBLEM), write_json("r.json", ROSTER), write_json("j.json", {"job": []})
    code, _, err = run("whatif", *files)
    assert code == 2 and "jobs" in err
