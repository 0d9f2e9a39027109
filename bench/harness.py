"""What the benches share. Load benches (bench-exams, bench-surveys): a throw-away PostgreSQL database, the app
under gunicorn (gthread) on loopback, raw HTTP/1.1 requests with retries, the /healthz baseline and percentiles.
In-process benches (bench-plans, bench-index): Django set up on a temporary SQLite file or a recreated PostgreSQL
database. One place, so every bench measures the same way."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the benches import cchc
    sys.path.insert(0, str(ROOT))


def server_env(pg_url: str, tmp: str) -> dict:
    """The production settings on the bench database, with a throw-away secret and var dir."""
    return {**os.environ, "DATABASE_URL": pg_url, "DJANGO_SETTINGS_MODULE": "cchc.settings.production",
            "SECRET_KEY": "bench-" + secrets.token_hex(24), "SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1",
            "CCHC_VAR_DIR": tmp, "LOG_LEVEL": "WARNING", "DB_CONN_MAX_AGE": "300", "PYTHONPATH": str(ROOT)}


def load_knobs(name: str, port: int) -> tuple[int, int, int, str, float, str, dict]:
    """The knobs every load bench reads from the environment, its throw-away var dir and the server environment:
    (BENCH_WORKERS, BENCH_THREADS, BENCH_PORT, BENCH_DATABASE_URL, BENCH_TIME_LIMIT, var dir, env)."""
    workers = int(os.environ.get("BENCH_WORKERS", "4"))
    threads = int(os.environ.get("BENCH_THREADS", "8"))
    port = int(os.environ.get("BENCH_PORT", str(port)))
    pg_url = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/cchc_bench_{name}")
    time_limit = float(os.environ.get("BENCH_TIME_LIMIT", "900"))
    tmp = tempfile.mkdtemp(prefix=f"cchc-bench-{name}-")
    return workers, threads, port, pg_url, time_limit, tmp, server_env(pg_url, tmp)


def recreate_database(pg_url: str, bench: str) -> None:
    """Drop and recreate the bench database (its name must start with cchc_bench or bench)."""
    import psycopg

    dbname = pg_url.rsplit("/", 1)[1].split("?")[0]
    if not dbname.startswith(("cchc_bench", "bench")):
        sys.exit("BENCH_DATABASE_URL phải trỏ tới cơ sở dữ liệu tên bắt đầu bằng cchc_bench (sẽ bị xóa và tạo lại).")
    try:
        with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/postgres", autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{dbname}"')
    except psycopg.OperationalError as exc:
        sys.exit(f"Không kết nối được PostgreSQL ({exc}). {bench} cần PostgreSQL trên máy này.")


def setup_database(pg_url: str, env: dict, bench: str) -> None:
    """Drop and recreate the bench database, set up Django on it, migrate."""
    recreate_database(pg_url, bench)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def prepare(pg_url: str, env: dict, bench: str, build):
    """Recreate and migrate the bench database, then ``build()`` the dataset; the connection is closed after (the
    server's workers must not share it). Returns (what ``build`` returned, seconds taken)."""
    t0 = time.perf_counter()
    setup_database(pg_url, env, bench)
    data = build()
    from django.db import connection

    connection.close()
    return data, time.perf_counter() - t0


def django_in_process(name: str) -> tuple[str, str]:
    """Django in this process on the test settings: PostgreSQL when BENCH_DATABASE_URL is set (the database is
    dropped and recreated), else a SQLite file in a temporary var dir removed at exit. Returns (pg_url, var dir)."""
    tmp = tempfile.mkdtemp(prefix=f"cchc-bench-{name}-")
    atexit.register(shutil.rmtree, tmp, True)
    os.environ["CCHC_VAR_DIR"] = tmp
    pg_url = os.environ.get("BENCH_DATABASE_URL", "")
    if pg_url:
        os.environ["DATABASE_URL"] = pg_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings.test")
    os.environ["LOG_LEVEL"] = "WARNING"
    if pg_url:
        recreate_database(pg_url, f"bench-{name}")
    import django

    django.setup()
    from django.conf import settings

    if not pg_url:
        settings.DATABASES["default"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
    return pg_url, tmp


def pct(xs, p):
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def latency(ms: list[float]) -> str:
    """p50, p95, p99 and max of a list of milliseconds, as the load benches print them."""
    return (f"p50={statistics.median(ms) if ms else 0:.1f} ms p95={pct(ms, 95):.1f} ms p99={pct(ms, 99):.1f} ms "
            f"max={max(ms) if ms else 0:.0f} ms")


def print_errors(stats, first: int = 10) -> None:
    for e in stats.errors[:first]:
        print("  lỗi:", e)


def finish(stats, summary: str, tmp: str) -> None:
    """The end of a load bench: its first errors, then the one-line summary (``name: key=value …``), then the
    temporary folder removed."""
    print_errors(stats)
    print(summary)
    shutil.rmtree(tmp, ignore_errors=True)


def wait_for_server(proc, port: int, timeout=60):
    import urllib.request

    t0 = time.time()
    while time.time() - t0 < timeout:
        if proc.poll() is not None:
            sys.exit("gunicorn đã dừng khi khởi động (xem lỗi ở trên).")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn không phản hồi.")


@contextlib.contextmanager
def gunicorn(env: dict, port: int, workers: int, threads: int, log_path: Path):
    """The app under gunicorn until the block ends (then stopped, killed if it hangs)."""
    exe = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([exe, "cchc.wsgi:application", "-b", f"127.0.0.1:{port}", "-k", "gthread",
                                 "--workers", str(workers), "--threads", str(threads), "--backlog", "4096",
                                 "--timeout", "120", "--keep-alive", "2"],
                                env=env, cwd=str(ROOT), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for_server(proc, port)
            yield proc
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


# --------------------------------------------------------------------------- load: HTTP client on loopback

@dataclass
class LoadStats:
    """What every load bench counts: failed requests (``errors``) and retried ones (``retries``)."""

    errors: list[str] = field(default_factory=list)
    retries: int = 0


async def request(port: int, method: str, path: str, headers: str = "", body: bytes = b"",
                  timeout: float = 60.0) -> tuple[int, bytes, bytes]:
    """One HTTP/1.1 request on a fresh connection (``headers``: extra header lines, each ending in CRLF).
    Returns (status, raw header, raw body); status 0 when the answer has no header."""
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{headers}"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        writer.write(head + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    header, _, rest = raw.partition(b"\r\n\r\n")
    return (int(header.split(b" ", 2)[1]) if header else 0), header, rest


async def retrying(stats, send, label: str, *, on_error, show, timing=None, tries=4):
    """Await ``send()`` until it answers below 500, at most ``tries`` times, backing off; count retries in
    ``stats.retries``. The time of the answer that counts goes to ``timing``; a network error becomes the answer
    ``(0, on_error(exc))``; a request that never succeeds is logged in ``stats.errors`` as "label: status show(data)"."""
    for attempt in range(tries):
        t0 = time.perf_counter()
        try:
            status, data = await send()
        except (TimeoutError, OSError) as exc:
            status, data = 0, on_error(exc)
        ms = (time.perf_counter() - t0) * 1000
        if status and status < 500:
            if timing is not None:
                timing.append(ms)
            return status, data
        stats.retries += 1
        await asyncio.sleep(0.5 * (attempt + 1))
    stats.errors.append(f"{label}: {status} {show(data)}")
    return status, data


async def run_all(coros, time_limit: float, stats, who: str) -> None:
    """Run the simulated clients together; those still running after ``time_limit`` are cancelled and logged."""
    tasks = [asyncio.create_task(c) for c in coros]
    _done, pending = await asyncio.wait(tasks, timeout=time_limit)
    for t in pending:
        t.cancel()
        stats.errors.append(f"{who} did not finish within BENCH_TIME_LIMIT")


async def baseline(get, n: int = 200) -> list[float]:
    """Milliseconds of ``n`` sequential ``await get()`` (the /healthz baseline before the load)."""
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        await get()
        out.append((time.perf_counter() - t0) * 1000)
    return out


@contextlib.contextmanager
def serving(env: dict, port: int, workers: int, threads: int, tmp: str, healthz):
    """The app under gunicorn (log in ``tmp``) for the block, after the /healthz baseline (``await healthz()``
    200 times, one after another, before any load) has been printed."""
    with gunicorn(env, port, workers, threads, Path(tmp) / "gunicorn.log") as proc:
        base = asyncio.run(baseline(healthz))
        print(f"baseline /healthz (tuần tự, không tải): p50={statistics.median(base):.1f} ms "
              f"p95={pct(base, 95):.1f} ms")
        yield proc
