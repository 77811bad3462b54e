"""Summarises one burst scenario of bench/run.sh (see bench/burst.sh) as one JSON object on stdout.

    python3 burst_summary.py DIR ASYNC(0|1) INSTALLS LOGIN_MS SIZE

DIR/burst.out has one "<n> <status> <seconds> <seconds to send> <location>" line per request (curl's
write-out: the time from the start of the burst to the answer, and the part of it spent before the
request went out, which on 2 cores is mostly curl and the kernel opening hundreds of connections at once),
DIR/burst/<n>.json each response's body, and for the async burst DIR/jobs/<n>.json each job's last view.
"""
import json
import math
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def ms(value):
    return None if value is None else round(value * 1000, 1)


def read_json(path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def instant(text):
    # 2026-12-02T17:30:00.1234567Z: Python before 3.11 takes at most 6 fraction digits and no Z.
    text = text.rstrip("Z")
    if "." in text:
        whole, fraction = text.split(".", 1)
        text = f"{whole}.{fraction[:6]}"
    return datetime.fromisoformat(text)


def main():
    directory, is_async = Path(sys.argv[1]), sys.argv[2] == "1"
    installs, login_s, size = int(sys.argv[3]), int(sys.argv[4]) / 1000, int(sys.argv[5])
    ideal_per_s = installs / login_s
    answers = []
    for line in (directory / "burst.out").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 4:
            answers.append((int(parts[0]), parts[1], float(parts[2]), float(parts[3])))
    statuses = Counter(status for _, status, _, _ in answers)
    problems = []
    if len(answers) != size:
        problems.append(f"{len(answers)} answers to {size} requests")
    summary = {
        "requests": size,
        "installs": installs,
        "login_ms": int(login_s * 1000),
        "ideal_per_s": round(ideal_per_s, 3),
        "statuses": dict(sorted(statuses.items())),
        "transport_errors": statuses.get("000", 0),
        "non2xx": sum(count for status, count in statuses.items() if not status.startswith("2")),
    }

    if not is_async:
        verified = [seconds for _, status, seconds, _ in answers if status == "201"]
        refused = [(n, seconds, seconds - sent) for n, status, seconds, sent in answers if status == "503"]
        codes = Counter((read_json(directory / "burst" / f"{n}.json") or {}).get("code") for n, _, _ in refused)
        span = max(verified) if verified else None
        per_s = len(verified) / span if span else 0
        summary.update({
            "verified": len(verified),
            "verified_per_s": round(per_s, 3),
            "throughput_vs_ideal": round(per_s / ideal_per_s, 3),
            "accepted_p50_ms": ms(percentile(verified, 50)),
            "accepted_p99_ms": ms(percentile(verified, 99)),
            "refused": len(refused),
            "refused_codes": {str(code): count for code, count in codes.items()},
            "refused_p50_ms": ms(percentile([s for _, s, _ in refused], 50)),
            "refused_p99_ms": ms(percentile([s for _, s, _ in refused], 99)),
            "refused_max_ms": ms(max((s for _, s, _ in refused), default=None)),
            "refused_after_sending_p50_ms": ms(percentile([a for _, _, a in refused], 50)),
            "refused_after_sending_p99_ms": ms(percentile([a for _, _, a in refused], 99)),
        })
        others = {status: count for status, count in statuses.items() if status not in ("201", "503")}
        if others:
            problems.append(f"statuses other than 201 and 503: {others}")
    else:
        accepted = [seconds for _, status, seconds, _ in answers if status == "202"]
        accepted_after_sending = [seconds - sent for _, status, seconds, sent in answers if status == "202"]
        wrong, created, finished, verified = [], [], [], 0
        for n, status, _, _ in answers:
            if status != "202":
                continue
            job = read_json(directory / "jobs" / f"{n}.json") or {}
            expect_rejection = n % 10 == 9
            result = job.get("result") or {}
            body = result.get("body") or {}
            if job.get("status") not in ("succeeded", "failed"):
                wrong.append(f"job {n} {job.get('status')}")
                continue
            created.append(instant(job["created_at"]))
            finished.append(instant(job["finished_at"]))
            if expect_rejection:
                ok = result.get("status_code") == 400 and body.get("code") == "credentials_rejected"
            else:
                ok = result.get("status_code") == 201 and isinstance(body, dict) and body.get("login") is not None
                verified += ok
            if not ok:
                wrong.append(f"job {n}: {result.get('status_code')} {json.dumps(body)[:120]}")
        total_s = (max(finished) - min(created)).total_seconds() if finished else None
        per_s = len(finished) / total_s if total_s else 0
        summary.update({
            "accepted": len(accepted),
            "accepted_p50_ms": ms(percentile(accepted, 50)),
            "accepted_p99_ms": ms(percentile(accepted, 99)),
            "accepted_max_ms": ms(max(accepted, default=None)),
            "accepted_after_sending_p99_ms": ms(percentile(accepted_after_sending, 99)),
            "jobs_finished": len(finished),
            "jobs_right_outcome": len(finished) - len([w for w in wrong if "job" in w and ":" in w]),
            "verified": verified,
            "total_s": None if total_s is None else round(total_s, 2),
            "ideal_total_s": round(size * login_s / installs, 2),
            "verified_per_s": round(per_s, 3),
            "throughput_vs_ideal": round(per_s / ideal_per_s, 3),
        })
        if len(accepted) != size:
            problems.append(f"{size - len(accepted)} requests were not answered 202")
        problems.extend(wrong[:10])
        if len(wrong) > 10:
            problems.append(f"... and {len(wrong) - 10} more jobs without the right outcome")
    summary["problems"] = problems
    print(json.dumps(summary))


main()
