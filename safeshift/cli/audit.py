"""``safeshift audit list|show|verify``: read and check the audit log, on a server
(``--server``, default localhost:50051) or straight from its store (``--store URL``,
which needs no running server and does not trust one).

Exit codes: 0 fine, 1 ``verify`` found a problem, 2 bad input, 3 a server error.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone


def add_audit_parser(sub) -> None:
    from .remote_jobs import DEFAULT_SERVER

    audit = sub.add_parser("audit", help="the audit log of decisions (list, show, verify)")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    lister = actions.add_parser("list", help="records, oldest first")
    lister.add_argument("--since", metavar="TIME", help="ISO 8601, e.g. 2024-05-01T08:00 (UTC unless given)")
    lister.add_argument("--until", metavar="TIME", help="ISO 8601, exclusive")
    lister.add_argument("--rpc", default="", help="e.g. ValidateRoster or safeshift.v1.RosterService/Solve")
    lister.add_argument("--caller", default="")
    lister.add_argument("--staff", default="", metavar="ID", help="records whose problem names this staff id")
    lister.add_argument("--shift", default="", metavar="ID", help="records whose problem names this shift id")
    lister.add_argument("--job", default="", metavar="NAME", help="jobs/ID")
    lister.add_argument("--newest-first", action="store_true")
    lister.add_argument("--limit", type=int, default=100, metavar="N", help="at most N records (0: all)")
    show = actions.add_parser("show", help="one record in full")
    show.add_argument("name", metavar="SEQ", help="a sequence number or auditRecords/SEQ")
    verify = actions.add_parser("verify", help="recompute every hash and link of the chain")
    for parser in (lister, show, verify):
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--server", default=DEFAULT_SERVER, metavar="HOST:PORT",
                           help=f"ask this server (default {DEFAULT_SERVER})")
        where.add_argument("--store", metavar="URL", help="read the store directly: sqlite:///PATH or postgresql://...")


def _time_us(text: str | None, option: str) -> int | None:
    from .errors import CliError, violation_line

    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CliError((violation_line(option, f"not an ISO 8601 time: {text!r}", "INVALID_VALUE"),)) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return int(value.timestamp() * 1_000_000)


def _when(us: int) -> str:
    return datetime.fromtimestamp(us / 1e6, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def run_audit(args) -> int:
    if args.store:
        return _LOCAL[args.audit_command](_open_store(args.store), args)
    import grpc

    from ..v1 import audit_pb2_grpc
    from .errors import from_rpc_error
    from .remote_jobs import channel

    with channel(args.server) as ch:
        try:
            return _REMOTE[args.audit_command](audit_pb2_grpc.AuditServiceStub(ch), args)
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None


def _open_store(url: str):
    from pathlib import Path

    from ..audit.store import AuditStore
    from ..storage import open_database, parse_url
    from .errors import CliError, violation_line

    try:
        backend, target = parse_url(url)
    except ValueError as e:
        raise CliError((violation_line("--store", str(e), "INVALID_VALUE"),)) from None
    if backend == "sqlite" and not Path(target).exists():
        raise CliError((violation_line("--store", f"no such file: {target}", "NOT_FOUND"),))
    return AuditStore(open_database(url))


# ---------------------------------------------------------------- output
def _summary(outcome: dict) -> str:
    keys = ("code", "state", "status", "valid", "objective", "violations", "job", "created")
    return " ".join(f"{k}={outcome[k]}" for k in keys if k in outcome)


def _line(seq, time_us, rpc, caller, outcome: dict) -> str:
    return f"{seq:>6}  {_when(time_us)}  {rpc.split('/')[-1]:<16} {caller or '-':<12} {_summary(outcome)}"


def _print_report(ok, checked, first, last, head, problems) -> int:
    for seq, reason, message in problems:
        print(f"record {seq}: {reason}: {message}")
    if ok:
        print(f"OK: {checked} records ({first}..{last}) verified; head hash {head}")
        return 0
    print(f"FAILED: {len(problems)} problem(s) in {checked} records", file=sys.stderr)
    return 1


# ---------------------------------------------------------------- straight from the store
def _local_list(store, args) -> int:
    from ..audit.store import AuditQuery

    query = AuditQuery(start_us=_time_us(args.since, "--since"), end_us=_time_us(args.until, "--until"),
                       rpc=args.rpc, caller=args.caller, staff_id=args.staff, shift_id=args.shift,
                       job=args.job, newest_first=args.newest_first)
    shown, after = 0, None
    while True:
        records = store.list(query, after, 500)
        for r in records:
            if args.limit and shown >= args.limit:
                return 0
            print(_line(r.seq, r.time_us, r.rpc, r.caller, r.outcome_dict()))
            shown += 1
        if len(records) < 500:
            return 0
        after = records[-1].seq


def _local_show(store, args) -> int:
    from ..audit.record import seq_from_name

    r = store.get(seq_from_name(args.name))
    data = {"name": r.name, "sequence": r.seq, "time": _when(r.time_us), "caller": r.caller, "peer": r.peer,
            "rpc": r.rpc, "request_sha256": r.request_sha256, "rule_parameters": json.loads(r.rule_parameters),
            "engine_version": r.engine_version, "outcome": r.outcome_dict(), "job": r.job,
            "previous_hash": r.previous_hash, "hash": r.hash}
    print(json.dumps(data, indent=2, sort_keys=True))
    return 0


def _local_verify(store, args) -> int:
    report = store.verify()
    return _print_report(report.ok, report.records_checked, report.first_seq, report.last_seq, report.head_hash,
                         [(p.seq, p.reason, p.message) for p in report.problems])


# ---------------------------------------------------------------- through a server
def _outcome(msg) -> dict:
    from google.protobuf import json_format

    out = json_format.MessageToDict(msg.outcome)
    return {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in out.items()}


def _remote_list(stub, args) -> int:
    from ..v1 import audit_pb2

    request = audit_pb2.ListAuditRecordsRequest(rpc=args.rpc, caller=args.caller, staff_id=args.staff,
                                                shift_id=args.shift, job=args.job, newest_first=args.newest_first,
                                                page_size=500)
    for option, field in (("since", "start_time"), ("until", "end_time")):
        us = _time_us(getattr(args, option), f"--{option}")
        if us is not None:
            getattr(request, field).FromMicroseconds(us)
    shown = 0
    while True:
        page = stub.ListAuditRecords(request, timeout=60)
        for r in page.records:
            if args.limit and shown >= args.limit:
                return 0
            print(_line(r.sequence, r.time.ToMicroseconds(), r.rpc, r.caller, _outcome(r)))
            shown += 1
        if not page.next_page_token:
            return 0
        request.page_token = page.next_page_token


def _remote_show(stub, args) -> int:
    from google.protobuf import json_format

    from ..v1 import audit_pb2

    name = args.name if args.name.startswith("auditRecords/") else f"auditRecords/{args.name}"
    record = stub.GetAuditRecord(audit_pb2.GetAuditRecordRequest(name=name), timeout=60)
    print(json.dumps(json_format.MessageToDict(record, preserving_proto_field_name=True), indent=2, sort_keys=True))
    return 0


def _remote_verify(stub, args) -> int:
    from ..v1 import audit_pb2

    r = stub.VerifyAuditLog(audit_pb2.VerifyAuditLogRequest(), timeout=600)
    return _print_report(r.ok, r.records_checked, r.first_sequence, r.last_sequence, r.head_hash,
                         [(p.sequence, p.reason, p.message) for p in r.problems])


_LOCAL = {"list": _local_list, "show": _local_show, "verify": _local_verify}
_REMOTE = {"list": _remote_list, "show": _remote_show, "verify": _remote_verify}
