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
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import harness  # bench/ is sys.path[0] for a script; harness puts the project root on sys.path

N = int(os.environ.get("BENCH_RESPONDENTS", "5000"))
SPREAD = float(os.environ.get("BENCH_SPREAD", "180"))
RESEND = float(os.environ.get("BENCH_RESEND", "0.05"))
WORKERS, THREADS, PORT, PG_URL, TIME_LIMIT, TMP, ENV = harness.load_knobs("surveys", 8766)


def build_dataset():
    """One province, 10 one-stop desks, one open round each, N one-time codes; the answer body of each code.
    (Migration 0002 of surveys installs the SIPAS questionnaire.)"""
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


@dataclass
class Stats(harness.LoadStats):
    post_ms: list[float] = field(default_factory=list)  # answers sent
    get_ms: list[float] = field(default_factory=list)  # forms opened
    accepted: int = 0
    resends: int = 0
    resend_refused: int = 0


async def http(method: str, path: str, body: bytes = b"", timeout: float = 60.0) -> tuple[int, bytes]:
    status, _header, rest = await harness.request(PORT, method, path,
                                                  "Content-Type: application/x-www-form-urlencoded\r\n", body, timeout)
    return status, rest


async def call(stats, method, path, body=b"", *, timing=None, tries=4):
    return await harness.retrying(stats, lambda: http(method, path, body), f"{method} {path}",
                                  on_error=lambda exc: type(exc).__name__.encode(), show=lambda data: f"{data[:120]!r}",
                                  timing=timing, tries=tries)


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
    await harness.run_all((respondent(i, c, b, stats, random.Random(rng.random()))
                           for i, (c, b) in enumerate(zip(codes, bodies, strict=True))), TIME_LIMIT, stats, "respondent")
    return stats


def main():
    (codes, bodies), setup_s = harness.prepare(PG_URL, ENV, "bench-surveys", build_dataset)
    print(f"dữ liệu: {len(codes)} mã khảo sát ở 10 đơn vị, đến rải trong {SPREAD:.0f} s ({setup_s:.1f} s)")
    with harness.serving(ENV, PORT, WORKERS, THREADS, TMP, lambda: http("GET", "/healthz")):
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
    print(f"gửi phiếu (POST): {harness.latency(posts)}; mở phiếu (GET): p95={pct(stats.get_ms, 95):.1f} ms")
    print(f"CSDL: {responses} phiếu, {used} mã đã dùng; client được báo nhận {stats.accepted}")
    harness.finish(stats, f"surveys: responses={responses} lost={lost} duplicates={duplicates} "
                   f"errors={len(stats.errors)} p95_ms={pct(posts, 95):.0f}", TMP)


if __name__ == "__main__":
    main()
