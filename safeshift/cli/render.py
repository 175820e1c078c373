"""Plain-text reports of solve and validation answers, for people at a terminal.

Everything works from ``safeshift.v1`` messages plus the request's problem, which gives
shift times in the problem's time zone, staff names and categories.
"""

from __future__ import annotations

from ..v1 import roster_pb2 as pb
from .grid import local_end, local_start, problem_zone, roster_grid, staff_label

MAX_UNCOVERED = 20  # uncovered requirements listed before "... and N more"
MAX_EXCLUSIONS = 5  # candidates' exclusion reasons listed per requirement

RULE_NAMES = {
    "H1": "Competency",
    "H2": "Availability",
    "H3": "One place at a time",
    "H4": "Minimum rest, door to door",
    "H5": "Maximum duty length",
    "H6": "Rolling working time",
    "H7": "Duties in a rolling span",
    "H8": "Consecutive days and nights",
    "H9": "Weekly rest",
    "H10": "Daily and category limits",
    "H11": "Pinned assignments",
}
GOALS = (
    ("s1_uncovered", "S1 uncovered"),
    ("s2_overcover", "S2 over-cover"),
    ("s3_preferences", "S3 preferences"),
    ("s4_cost", "S4 cost"),
    ("s5_fairness", "S5 fairness"),
    ("s6_stability", "S6 stability"),
    ("s7_fatigue", "S7 fatigue"),
)
ALWAYS_SHOWN_GOALS = 4  # S1..S4; S5..S7 only when not zero
STOPPED_BY = {"time_limit": "stopped by the time limit", "cancelled": "cancelled"}


def number(value: float) -> str:
    """An integer without decimals, anything else with two."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def plural(count: int, word: str) -> str:
    """``1 solution``, ``2 solutions``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _sentence(rule: str, message: str) -> str:
    """The message without a leading ``H4: `` (the rule code is printed beside it)."""
    return message[len(rule) + 2 :] if rule and message.startswith(f"{rule}: ") else message


def _staff_labels(problem: pb.Problem) -> dict[str, str]:
    return {s.id: staff_label(s) for s in problem.staff}


def gap_percent(objective: float, bound: float) -> float:
    """The relative gap of ``SolveImprovement.gap``, in percent."""
    return 100.0 * abs(objective - bound) / max(1.0, abs(objective))


def breakdown_text(b: pb.ObjectiveBreakdown) -> str:
    """``S1 uncovered 100 + S2 over-cover 0 + ...``: S1..S4 always, S5..S7 when used."""
    parts = [
        f"{label} {getattr(b, name)}"
        for i, (name, label) in enumerate(GOALS)
        if i < ALWAYS_SHOWN_GOALS or getattr(b, name)
    ]
    return " + ".join(parts)


def rule_code_key(code: str) -> tuple[str, int, str]:
    """Sort H2 before H10."""
    digits = "".join(ch for ch in code if ch.isdigit())
    return (code[:1], int(digits) if digits else 0, code)


def _values_text(values) -> str:
    return "  [" + ", ".join(f"{k}={values[k]}" for k in sorted(values)) + "]" if values else ""


def _shift_text(shift: pb.Shift | None, shift_id: str, zone) -> str:
    if shift is None:
        return f"shift {shift_id}"
    start, end = local_start(shift, zone), local_end(shift, zone)
    span = f"{start:%a %Y-%m-%d %H:%M}-{end:%H:%M}"
    return f"{span} {shift.category or '-'} (shift {shift_id})"


def violations_text(violations, problem: pb.Problem) -> str:
    """Every violation, grouped by rule code: staff, shifts, message and numbers."""
    groups: dict[str, list[pb.Violation]] = {}
    for v in violations:
        groups.setdefault(v.rule, []).append(v)
    labels = _staff_labels(problem)
    out = []
    for code in sorted(groups, key=rule_code_key):
        name = RULE_NAMES.get(code)
        out.append(f"{code} {name} ({len(groups[code])})" if name else f"{code} ({len(groups[code])})")
        for v in groups[code]:
            who = labels.get(v.staff_id, v.staff_id) or "-"
            shifts = f" shifts {', '.join(v.shift_ids)}" if v.shift_ids else ""
            out.append(f"  {who}{shifts}: {_sentence(v.rule, v.message)}{_values_text(v.values)}")
    return "\n".join(out)


def uncovered_text(uncovered, problem: pb.Problem) -> str:
    """Each requirement left short, oldest shift first, with each candidate's exclusion."""
    if not uncovered:
        return "Uncovered demand: none"
    zone = problem_zone(problem)
    shifts = {s.id: s for s in problem.shifts}
    far = (float("inf"),)

    def start_of(u):
        shift = shifts.get(u.shift_id)
        return (shift.start.seconds, u.shift_id) if shift is not None else far

    items = sorted(uncovered, key=start_of)
    missing = sum(u.missing for u in items)
    people = "1 person" if missing == 1 else f"{missing} people"
    out = [f"Uncovered demand: {plural(len(items), 'requirement')}, {people} short"]
    for u in items[:MAX_UNCOVERED]:
        req = f", requirement {u.requirement_id}" if u.requirement_id else ""
        out.append(f"  {_shift_text(shifts.get(u.shift_id), u.shift_id, zone)}{req}: {u.missing} short")
        if u.exclusions_omitted:
            out.append("      (candidates not checked: the report's budget of explanations was spent)")
            continue
        for x in u.exclusions[:MAX_EXCLUSIONS]:
            out.append(f"      {x.staff_id}  {x.rule}  {_sentence(x.rule, x.message)}")
        if len(u.exclusions) > MAX_EXCLUSIONS:
            out.append(f"      ... and {len(u.exclusions) - MAX_EXCLUSIONS} more excluded")
        excluded = {x.staff_id for x in u.exclusions}
        eligible = [s.id for s in problem.staff if s.id not in excluded]
        if eligible:
            shown = ", ".join(eligible[:MAX_EXCLUSIONS])
            more = f" and {len(eligible) - MAX_EXCLUSIONS} more" if len(eligible) > MAX_EXCLUSIONS else ""
            out.append(f"      eligible (no rule excludes them): {shown}{more}")
    if len(items) > MAX_UNCOVERED:
        out.append(f"  ... and {len(items) - MAX_UNCOVERED} more uncovered requirements")
    return "\n".join(out)


def kpis_text(kpis: pb.Kpis, problem: pb.Problem) -> str:
    """Coverage, hours per person (min / avg / max over every staff member) and cost."""
    out = [
        f"KPIs: coverage {kpis.coverage_percent:.1f}% ({kpis.covered_headcount} of "
        f"{kpis.required_headcount} people required), total cost {kpis.total_cost}"
    ]
    minutes = {k.staff_id: k.worked_minutes for k in kpis.staff}
    ids = [s.id for s in problem.staff] or list(minutes)
    if ids:
        hours = [minutes.get(i, 0) / 60 for i in ids]
        out.append(
            f"  hours per person: min {min(hours):.1f}, avg {sum(hours) / len(hours):.1f}, "
            f"max {max(hours):.1f} ({len(ids)} staff)"
        )
    return "\n".join(out)


def statistics_text(s: pb.SolveStatistics) -> str:
    parts = [f"{s.wall_seconds:.2f} s wall"]
    if s.HasField("first_solution_seconds"):
        parts.append(f"first solution after {s.first_solution_seconds:.2f} s")
    parts += [plural(s.solutions, "solution"), plural(s.variables, "variable"), plural(s.constraints, "constraint")]
    if s.stopped_by:
        parts.append(STOPPED_BY.get(s.stopped_by, f"stopped by {s.stopped_by}"))
    return "Statistics: " + ", ".join(parts)


def objective_text(objective: int | None, bound: float | None, b: pb.ObjectiveBreakdown) -> str:
    if objective is None:
        return "Objective: none (no roster)"
    out = f"Objective: {objective} = {breakdown_text(b)}"
    if bound is not None:
        out += f"\nBest bound: {number(bound)} (gap {gap_percent(objective, bound):.2f}%)"
    return out


def render_solve(response: pb.SolveResponse, problem: pb.Problem, days_per_block: int = 14) -> str:
    """The full report of a solve: status, objective, roster grid, uncovered demand, KPIs
    and statistics."""
    stopped = response.statistics.stopped_by
    why = f" ({STOPPED_BY.get(stopped, stopped)})" if stopped else ""
    out = [f"Status: {pb.SolveStatus.Name(response.status)}{why}"]
    if response.message:
        out.append(f"Message: {response.message}")
    objective = response.objective if response.HasField("objective") else None
    bound = response.best_bound if response.HasField("best_bound") else None
    out.append(objective_text(objective, bound, response.breakdown))
    if response.violations:
        out += ["", f"Violations: {len(response.violations)}", violations_text(response.violations, problem)]
    if response.assignments or response.status in (pb.OPTIMAL, pb.FEASIBLE):
        zone = problem.timezone or "Europe/London"
        out += ["", f"Roster ({len(problem.staff)} staff, days in {zone}):"]
        out.append(roster_grid(problem, response.assignments, response.uncovered, days_per_block))
        out += ["", uncovered_text(response.uncovered, problem)]
        out += ["", kpis_text(response.kpis, problem)]
    out += ["", statistics_text(response.statistics)]
    return "\n".join(out) + "\n"


def render_validation(response: pb.ValidateRosterResponse, problem: pb.Problem) -> str:
    """The audit report: every violation grouped by rule, then objective, demand and KPIs."""
    if response.valid:
        out = ["Roster valid: no hard-rule violations"]
    else:
        counts = {}
        for v in response.violations:
            counts[v.rule] = counts.get(v.rule, 0) + 1
        summary = ", ".join(f"{code} {counts[code]}" for code in sorted(counts, key=rule_code_key))
        out = [f"Roster INVALID: {plural(len(response.violations), 'violation')} ({summary})", ""]
        out.append(violations_text(response.violations, problem))
    out += ["", objective_text(response.objective, None, response.breakdown)]
    out += ["", uncovered_text(response.uncovered, problem)]
    out += ["", kpis_text(response.kpis, problem)]
    return "\n".join(out) + "\n"
