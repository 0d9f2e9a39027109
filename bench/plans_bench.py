"""Dashboard and late-list speed at province scale: `make bench-plans`.

Builds the dataset of bench/plans_generate.py (≥ 2,000 units, ≥ 20,000 occurrences, ≥ 200,000 progress
reports) in a fresh database, then times, in the same run and process, through the full Django stack
(test client, middleware, session, templates):
- the dashboard (/plans/dashboard/) and the late list (/plans/late/) as the CCHC office (all units),
- the dashboard as a focal point (one unit),
- a trivial Django view (/healthz: one SELECT 1) as the baseline.
Median and p95 over BENCH_REPEAT runs (default 15) after one warm-up, plus the SQL query count per page.

SQLite by default (temporary file). BENCH_DATABASE_URL=postgres://user@host:port/name runs on PostgreSQL:
the database ``name`` is dropped and recreated (never point it at real data).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import harness  # noqa: E402

PG_URL, TMP = harness.django_in_process("plans")
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]

from plans_generate import generate  # noqa: E402

UNITS = int(os.environ.get("BENCH_UNITS", "2000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


def timed(client, url, repeat=REPEAT):
    resp = client.get(url)
    assert resp.status_code == 200, (url, resp.status_code)
    with CaptureQueriesContext(connection) as q:
        client.get(url)
    n_queries = len(q)  # read now: the next request's new connection clears the log
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], n_queries, len(resp.content)


def main():
    engine = "PostgreSQL" if PG_URL else "SQLite"
    print(f"== bench-plans trên {engine} ==")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    data = generate(units=UNITS)
    if PG_URL:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(f"  dữ liệu tạo trong {time.perf_counter() - t0:.1f} s")
    today = data["today"].isoformat()
    office, focal = Client(), Client()
    office.force_login(data["office"])
    focal.force_login(data["focal"])
    rows = [
        ("trivial view /healthz (baseline)", office, "/healthz"),
        ("dashboard, Phòng CCHC (all units)", office, f"/plans/dashboard/?today={today}"),
        ("late list, Phòng CCHC", office, f"/plans/late/?today={today}"),
        ("dashboard filtered (plan+area+2025Q1)", office,
         f"/plans/dashboard/?today={today}&plan={data['plan'].pk}&area=procedures&period=2025Q1"),
        ("dashboard, focal point (5 units)", focal, "/plans/dashboard/"),
        ("my work, focal point", focal, "/plans/my/"),
    ]
    print(f"  {'page':<42} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KB':>6}")
    base = None
    for label, client, url in rows:
        med, p95, nq, size = timed(client, url)
        base = base or med
        print(f"  {label:<42} {med:>10.1f} {p95:>8.1f} {nq:>8} {size / 1024:>6.0f}   ×{med / base:.0f} baseline")
    print(f"  ({data['units']} đơn vị, {data['occurrences']} kỳ báo cáo, {data['reports']} báo cáo; "
          f"{REPEAT} lần đo mỗi trang)")


if __name__ == "__main__":
    main()
