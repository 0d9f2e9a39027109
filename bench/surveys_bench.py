"""Citizens answering the satisfaction survey: `make bench-surveys`.

Starts the app under gunicorn (gthread) on PostgreSQL on this machine and simulates N respondents (default 5,000)
arriving over BENCH_SPREAD seconds (default 180) on loopback with plain HTTP/1.1 from one asyncio process. Each
opens the form from the QR link (GET /s/<code>/), thinks, and sends the full SIPAS form (POST, form-encoded, no
cookie). Some phones resend the same POST (the network dropped the answer: BENCH_RESEND, default 5 %): the resend
must be refused as "used" and must not count twice. Some open the form twice before answering.
Then it counts what the database holds: responses (must equal N: lost = 0), codes used (duplicates = responses
beyond the codes used: must be 0). Baseline in the same run: latency of /healthz through the same harness and
server before the load. Last line: `surveys: responses=N lost=N duplicates=N errors=N p95_ms=N`.

Knobs (environment): BENCH_RESPONDENTS (5000), BENCH_SPREAD (180), BENCH_RESEND (0.05), BENCH_WORKERS (4),
BENCH_THREADS (8), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/cchc_bench_surveys — dropped and
recreated), BENCH_PORT (8766).
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import harness  # noqa: E402

N = int(os.environ.get("BENCH_RESPONDENTS", "5000"))
SPREAD = float(os.environ.get("BENCH_SPREAD", "180"))
RESEND = float(os.environ.get("BENCH_RESEND", "0.05"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
PORT = int(os.environ.get("BENCH_PORT", "8766"))
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cchc_bench_surveys")
TIME_LIMIT = float(os.environ.get("BENCH_TIME_LIMIT", "900"))
TMP = tempfile.mkdtemp(prefix="cchc-bench-surveys-")
ENV = harness.server_env(PG_URL, TMP)


def setup_database():
    harness.setup_database(PG_URL, ENV, "bench-surveys")  # migration 0002 installs the SIPAS questionnaire


def build_dataset():
    """One province, 10 one-stop desks, one open round each, N one-time codes; the answer body of each code."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cchc.org.models import Membership, OrgUnit, Role, UnitKind
    from cchc.surveys import services
    from cchc.surveys.models import QuestionnaireVersion

    province = OrgUnit.objects.create(code="B", name="Tỉnh Thử Tải", kind=UnitKind.PROVINCE)
    units = [OrgUnit.objects.create(code=f"B.{i:02d}", name=f"Sở thử tải {i:02d}", kind=UnitKind.DEPARTMENT,
                                    parent=province) for i in range(10)]
    office = get_user_model().objects.create_user("office", password=secrets.token_hex(8))
    Membership.objects.create(user=office, unit=province, role=Role.PAR_OFFICE)
    version = QuestionnaireVersion.objects.get(questionnaire__code="sipas-dich-vu", number=1)
    now = timezone.now()
    rng = random.Random(2026)
    items = services.items_of(version)
    codes = []
    for unit in units:
        rnd = services.round_create(office, version=version, unit=unit, year=now.year, quarter=1,
                                    opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=1))
        count = N // len(units) + (N % len(units) if unit is units[0] else 0)
        _batch, plain = services.codes_create(office, rnd, count)
        codes.extend(plain)
    bodies = []
    for _ in codes:
        data = [("action", "submit")]
        for it in items:
            if it.kind == "likert5":
                data.append((str(it.pk), str(rng.choices([1, 2, 3, 4, 5], [2, 3, 10, 45, 40])[0])))
            elif it.kind == "single":
                data.append((str(it.pk), rng.choice(it.choices)))
            elif it.kind == "multiple":
                for c in rng.sample(it.choices, rng.randint(0, 2)):
                    data.append((str(it.pk), c))
            elif rng.random() < 0.2:
                data.append((str(it.pk), "Cán bộ nhiệt tình, hướng dẫn chu đáo"))
        bodies.append(urlencode(data).encode())
    return codes, bodies


class Stats:
    def __init__(self):
        self.post_ms: list[float] = []
        self.get_ms: list[float] = []
        self.errors: list[str] = []
        self.accepted = 0
        self.resends = 0
        self.resend_refused = 0
        self.retries = 0


async def http(method: str, path: str, body: bytes = b"", timeout: float = 60.0) -> tuple[int, bytes]:
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nConnection: close\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", PORT), timeout)
    try:
        writer.write(head + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    header, _, rest = raw.partition(b"\r\n\r\n")
    return (int(header.split(b" ", 2)[1]) if header else 0), rest


async def call(stats, method, path, body=b"", *, timing=None, tries=4):
    for attempt in range(tries):
        t0 = time.perf_counter()
        try:
            status, data = await http(method, path, body)
        except (TimeoutError, OSError) as exc:
            status, data = 0, type(exc).__name__.encode()
        ms = (time.perf_counter() - t0) * 1000
        if status and status < 500:
            if timing is not None:
                timing.append(ms)
            return status, data
        stats.retries += 1
        await asyncio.sleep(0.5 * (attempt + 1))
    stats.errors.append(f"{method} {path}: {status} {data[:120]!r}")
    return status, data


async def respondent(i, code, body, stats, rng):
    await asyncio.sleep(rng.uniform(0, SPREAD))
    path = f"/s/{code[:4]}-{code[4:]}/"
    for _ in range(2 if rng.random() < 0.1 else 1):
        status, _page = await call(stats, "GET", path, timing=stats.get_ms)
        if status != 200:
            stats.errors.append(f"GET {i}: {status}")
            return
    await asyncio.sleep(rng.uniform(5, 20))  # reading and tapping
    status, page = await call(stats, "POST", path, body, timing=stats.post_ms)
    if status == 200 and "Cảm ơn".encode() in page:
        stats.accepted += 1
    else:
        stats.errors.append(f"POST {i}: {status} {page[:80]!r}")
    if rng.random() < RESEND:  # the phone did not see the answer and sends it again
        stats.resends += 1
        status, page = await call(stats, "POST", path, body, timing=stats.post_ms)
        if status == 410:
            stats.resend_refused += 1
        else:
            stats.errors.append(f"resend {i}: {status} (410 expected)")


pct = harness.pct


async def run_load(codes, bodies):
    stats = Stats()
    rng = random.Random(7)
    tasks = [asyncio.create_task(respondent(i, c, b, stats, random.Random(rng.random())))
             for i, (c, b) in enumerate(zip(codes, bodies, strict=True))]
    _done, pending = await asyncio.wait(tasks, timeout=TIME_LIMIT)
    for t in pending:
        t.cancel()
        stats.errors.append("respondent did not finish within BENCH_TIME_LIMIT")
    return stats


async def baseline(n: int = 200) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        await http("GET", "/healthz")
        out.append((time.perf_counter() - t0) * 1000)
    return out




def main():
    t_setup = time.perf_counter()
    setup_database()
    codes, bodies = build_dataset()
    from django.db import connection

    connection.close()
    print(f"dữ liệu: {len(codes)} mã khảo sát ở 10 đơn vị, đến rải trong {SPREAD:.0f} s "
          f"({time.perf_counter() - t_setup:.1f} s)")
    with harness.gunicorn(ENV, PORT, WORKERS, THREADS, Path(TMP) / "gunicorn.log"):
        base = asyncio.run(baseline())
        print(f"baseline /healthz (tuần tự, không tải): p50={statistics.median(base):.1f} ms "
              f"p95={pct(base, 95):.1f} ms")
        t0 = time.perf_counter()
        stats = asyncio.run(run_load(codes, bodies))
        wall = time.perf_counter() - t0
    from cchc.surveys.models import Response, ResponseCode

    responses = Response.objects.count()
    used = ResponseCode.objects.filter(used_at__isnull=False).count()
    lost = max(0, len(codes) - responses)
    duplicates = max(0, responses - used)
    posts = stats.post_ms
    print(f"thời gian chạy tải: {wall:.0f} s; phiếu gửi: {len(posts)} ({len(posts) / wall:.1f}/s trung bình); "
          f"gửi lại cùng phiếu: {stats.resends} (bị từ chối đúng: {stats.resend_refused}); "
          f"thử lại do lỗi mạng/5xx: {stats.retries}")
    print(f"gửi phiếu (POST): p50={statistics.median(posts) if posts else 0:.1f} ms p95={pct(posts, 95):.1f} ms "
          f"p99={pct(posts, 99):.1f} ms max={max(posts) if posts else 0:.0f} ms; mở phiếu (GET): "
          f"p95={pct(stats.get_ms, 95):.1f} ms")
    print(f"CSDL: {responses} phiếu, {used} mã đã dùng; client được báo nhận {stats.accepted}")
    for e in stats.errors[:10]:
        print("  lỗi:", e)
    print(f"surveys: responses={responses} lost={lost} duplicates={duplicates} errors={len(stats.errors)} "
          f"p95_ms={pct(posts, 95):.0f}")
    shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
