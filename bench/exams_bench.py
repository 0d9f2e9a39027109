"""Province-wide exam start: `make bench-exams`.

Starts the app under gunicorn (gthread) on PostgreSQL on this machine and simulates N concurrent examinees
(default 2,000) on loopback with plain HTTP/1.1 from one asyncio process:
- every examinee opens their paper at the same moment (the campaign staggers starts over BENCH_STAGGER seconds:
  a refused early start is told how long to wait and retries — that is the design, not an error);
- answers each question after a think time, autosaving through the API (POST /api/exams/attempts/<id>/answers
  with a sequence number); some change an answer, some resend a save (a network retry), some "reconnect" mid-way
  (reload the paper from the server and check it holds every answer they sent);
- all submit.
Then it compares what the clients sent (their last answer per question) with what the database holds (lost
answers: must be 0), and times the grading of every attempt (a full re-grade of the campaign in one process).
Baseline in the same run: latency of /healthz (a trivial Django view, one SELECT) through the same harness and
server before the load. Last line: `exams: examinees=N lost=N errors=N p95_ms=N grading_s=N`.

Knobs (environment): BENCH_EXAMINEES (2000), BENCH_QUESTIONS (20), BENCH_THINK_MIN/MAX seconds (10/30; a real examinee spends 90–135 s per question, so the
load is compressed 4–5×),
BENCH_STAGGER (120), BENCH_WORKERS (4), BENCH_THREADS (8), BENCH_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/cchc_bench_exams — dropped and recreated), BENCH_PORT (8765).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import secrets
import time
from dataclasses import dataclass, field

import harness  # bench/ is sys.path[0] for a script; harness puts the project root on sys.path

N = int(os.environ.get("BENCH_EXAMINEES", "2000"))
QUESTIONS = int(os.environ.get("BENCH_QUESTIONS", "20"))
THINK_MIN = float(os.environ.get("BENCH_THINK_MIN", "10"))
THINK_MAX = float(os.environ.get("BENCH_THINK_MAX", "30"))
STAGGER = int(os.environ.get("BENCH_STAGGER", "120"))
WORKERS, THREADS, PORT, PG_URL, TIME_LIMIT, TMP, ENV = harness.load_knobs("exams", 8765)


def build_dataset():
    """Province + 20 units, the demo bank, one campaign, N examinees with ready sessions (no login storm)."""
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from cchc.exams import services
    from cchc.exams.demo.bank import TOPICS, demo_questions
    from cchc.exams.models import Campaign
    from cchc.exams.qdata import ParseResult
    from cchc.org.models import Membership, OrgUnit, Role, UnitKind

    province = OrgUnit.objects.create(code="B", name="Tỉnh Thử Tải", kind=UnitKind.PROVINCE)
    units = [OrgUnit.objects.create(code=f"B.{i:02d}", name=f"Sở thử tải {i:02d}", kind=UnitKind.DEPARTMENT,
                                    parent=province) for i in range(20)]
    services.topics_ensure(TOPICS)
    assert services.questions_import(ParseResult(questions=demo_questions())).ok
    per_area = max(1, QUESTIONS // 7)
    areas = ["direction", "institutions", "procedures", "organisation", "civil_service", "public_finance", "digital"]
    blueprint = [{"topic": a, "difficulty": "", "count": per_area} for a in areas]
    blueprint[0]["count"] += QUESTIONS - per_area * 7
    now = timezone.now()
    campaign = Campaign.objects.create(title="Bench", opens_at=now + timedelta(seconds=60),
                                       closes_at=now + timedelta(hours=3), duration_minutes=45, blueprint=blueprint,
                                       pass_percent=50, attempts_allowed=1, stagger_seconds=STAGGER,
                                       is_published=True)
    campaign.units.add(province)
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"cv{i:05d}", first_name=f"Công chức {i}",
                                           password="!" + secrets.token_hex(8)) for i in range(N)])
    Membership.objects.bulk_create([Membership(user=u, unit=units[i % len(units)], role=Role.VIEWER)
                                    for i, u in enumerate(users)])
    backend = settings.AUTHENTICATION_BACKENDS[-1]
    store = SessionStore()
    rows, clients = [], []
    for u in User.objects.filter(username__startswith="cv").order_by("username"):
        key = secrets.token_hex(16)
        data = store.encode({"_auth_user_id": str(u.pk), "_auth_user_backend": backend,
                             "_auth_user_hash": u.get_session_auth_hash()})
        rows.append(Session(session_key=key, session_data=data, expire_date=now + timedelta(hours=6)))
        clients.append({"user_id": u.pk, "session": key, "csrf": secrets.token_hex(16)})
    Session.objects.bulk_create(rows, batch_size=1000)
    return campaign, clients


# --------------------------------------------------------------------------- HTTP client

@dataclass
class Stats(harness.LoadStats):
    save_ms: list[float] = field(default_factory=list)  # answer saves
    other_ms: list[float] = field(default_factory=list)  # reloads and submits
    start_ms: list[float] = field(default_factory=list)  # starts, staggered ones included
    staggered: int = 0
    reconnects: int = 0
    mismatch_on_reconnect: int = 0


async def http(method: str, path: str, client: dict, body: dict | None = None, timeout: float = 60.0):
    payload = json.dumps(body).encode() if body is not None else b""
    headers = (f"Cookie: sessionid={client['session']}; csrftoken={client['csrf']}\r\n"
               f"X-CSRFToken: {client['csrf']}\r\nContent-Type: application/json\r\n")
    status, header, rest = await harness.request(PORT, method, path, headers, payload, timeout)
    if b"transfer-encoding: chunked" in header.lower():
        out, data = b"", rest
        while data:
            size_line, _, data = data.partition(b"\r\n")
            size = int(size_line, 16)
            if size == 0:
                break
            out, data = out + data[:size], data[size + 2:]
        rest = out
    try:
        return status, json.loads(rest) if rest else {}
    except ValueError:
        return status, {"raw": rest[:200].decode(errors="replace")}


async def call(stats: Stats, method, path, client, body=None, *, timing=None, tries=4):
    return await harness.retrying(stats, lambda: http(method, path, client, body), f"{method} {path}",
                                  on_error=lambda exc: {"error": type(exc).__name__},
                                  show=lambda data: str(data)[:120], timing=timing, tries=tries)


async def examinee(i: int, client: dict, campaign_id: int, stats: Stats, rng: random.Random, sent: dict):
    # everyone presses "start" at 8:00 (the campaign opens during the first seconds of the run)
    while True:
        status, data = await call(stats, "POST", f"/api/exams/campaigns/{campaign_id}/start", client,
                                  timing=stats.start_ms)
        if status == 200:
            break
        if status == 409 and data.get("code") in ("staggered", "not_open"):
            stats.staggered += data.get("code") == "staggered"
            await asyncio.sleep(float(data.get("wait_seconds", 1)) + rng.random() * 2)  # the server says when
            continue
        stats.errors.append(f"start {i}: {status} {data}")
        return
    attempt = data["attempt"]
    items = data["items"]
    mine = sent.setdefault(attempt, {})
    seqs = {it["position"]: it["seq"] for it in items}
    reconnect_at = len(items) // 2 if rng.random() < 0.15 else -1
    for k, it in enumerate(items):
        await asyncio.sleep(rng.uniform(THINK_MIN, THINK_MAX))
        pos = it["position"]
        ids = [o["id"] for o in it["options"]]
        choice = rng.sample(ids, rng.randint(1, 2)) if it["multi"] else [rng.choice(ids)]
        changes = 2 if rng.random() < 0.1 else 1
        for _ in range(changes):
            seqs[pos] += 1
            body = {"position": pos, "selected": choice, "seq": seqs[pos]}
            mine[pos] = sorted(choice)
            status, resp = await call(stats, "POST", f"/api/exams/attempts/{attempt}/answers", client, body,
                                      timing=stats.save_ms)
            if status != 200 or not resp.get("ok"):
                stats.errors.append(f"save {attempt}/{pos}: {status} {resp}")
            if rng.random() < 0.05:  # the network dropped the response: the browser resends the same save
                await call(stats, "POST", f"/api/exams/attempts/{attempt}/answers", client, body,
                           timing=stats.save_ms)
            choice = [rng.choice(ids)] if not it["multi"] else rng.sample(ids, rng.randint(1, 2))
        if k == reconnect_at:  # lost connection: reload the paper and check nothing is missing
            stats.reconnects += 1
            await asyncio.sleep(rng.uniform(1, 5))
            status, state = await call(stats, "GET", f"/api/exams/attempts/{attempt}", client,
                                       timing=stats.other_ms)
            if status == 200:
                server = {x["position"]: sorted(x["selected"]) for x in state["items"]}
                stats.mismatch_on_reconnect += sum(1 for p, sel in mine.items() if server.get(p) != sel)
    await asyncio.sleep(rng.uniform(1, 3))
    status, _ = await call(stats, "POST", f"/api/exams/attempts/{attempt}/submit", client, timing=stats.other_ms)
    if status != 200:
        stats.errors.append(f"submit {attempt}: {status}")


pct = harness.pct


async def run_load(campaign_id: int, clients: list[dict]):
    stats = Stats()
    sent: dict[int, dict[int, list[str]]] = {}
    rng = random.Random(2026)
    await harness.run_all((examinee(i, c, campaign_id, stats, random.Random(rng.random()), sent)
                           for i, c in enumerate(clients)), TIME_LIMIT, stats, "examinee")
    return stats, sent


def main():
    (campaign, clients), setup_s = harness.prepare(PG_URL, ENV, "bench-exams", build_dataset)
    print(f"dữ liệu: {N} công chức, {QUESTIONS} câu/đề, ngân hàng 124 câu, giãn lượt bắt đầu {STAGGER} s "
          f"({setup_s:.1f} s)")
    with harness.serving(ENV, PORT, WORKERS, THREADS, TMP, lambda: http("GET", "/healthz", clients[0])):
        from django.db import connection
        from django.utils import timezone

        from cchc.exams.models import Campaign

        # the campaign opens now: every client presses start at the same moment
        Campaign.objects.filter(pk=campaign.pk).update(opens_at=timezone.now())
        connection.close()
        t0 = time.perf_counter()
        stats, sent = asyncio.run(run_load(campaign.pk, clients))
        wall = time.perf_counter() - t0
    from cchc.exams.models import Attempt, AttemptItem, AttemptStatus
    from cchc.exams.services import campaign_regrade

    held = {}
    for aid, pos, sel in AttemptItem.objects.filter(attempt__campaign=campaign).values_list("attempt_id", "position",
                                                                                            "selected"):
        held[(aid, pos)] = sorted(sel)
    answers_sent = sum(len(v) for v in sent.values())
    lost = sum(1 for aid, per in sent.items() for pos, sel in per.items() if held.get((aid, pos)) != sel)
    submitted = Attempt.objects.filter(campaign=campaign).exclude(status=AttemptStatus.IN_PROGRESS).count()
    # grading time for all attempts: reset the grades, then grade every attempt again in one process
    Attempt.objects.filter(campaign=campaign).update(score=None, passed=None)
    g0 = time.perf_counter()
    regraded = campaign_regrade(campaign)
    grading_s = time.perf_counter() - g0
    saves = stats.save_ms
    print(f"thời gian chạy tải: {wall:.0f} s; lượt lưu đáp án: {len(saves)} "
          f"({len(saves) / wall:.0f}/s trung bình); bắt đầu bị giãn: {stats.staggered} lần; "
          f"kết nối lại giữa chừng: {stats.reconnects}; thử lại do lỗi mạng/5xx: {stats.retries}")
    print(f"lưu đáp án: {harness.latency(saves)}; "
          f"bắt đầu (kể cả lượt bị giãn, cú nhấp đồng loạt lúc mở): p50={pct(stats.start_ms, 50):.0f} ms "
          f"p95={pct(stats.start_ms, 95):.0f} ms; tải lại đề, nộp bài: p95={pct(stats.other_ms, 95):.1f} ms")
    print(f"đáp án: client gửi {answers_sent} (câu cuối cùng mỗi vị trí), CSDL giữ đúng {answers_sent - lost}, "
          f"mất {lost}; sai lệch khi tải lại đề: {stats.mismatch_on_reconnect}; bài đã nộp: {submitted}/{N}")
    print(f"chấm lại toàn bộ {regraded} bài: {grading_s:.2f} s")
    harness.finish(stats, f"exams: examinees={N} lost={lost} errors={len(stats.errors)} p95_ms={pct(saves, 95):.0f} "
                   f"grading_s={grading_s:.1f}", TMP)


if __name__ == "__main__":
    main()
