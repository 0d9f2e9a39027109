"""What the load benches share (bench-exams, bench-surveys): a throw-away PostgreSQL database, the app under
gunicorn (gthread) on loopback, and percentiles. One place, so every load bench measures the same way."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def server_env(pg_url: str, tmp: str) -> dict:
    """The production settings on the bench database, with a throw-away secret and var dir."""
    return {**os.environ, "DATABASE_URL": pg_url, "DJANGO_SETTINGS_MODULE": "cchc.settings.production",
            "SECRET_KEY": "bench-" + secrets.token_hex(24), "SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1",
            "CCHC_VAR_DIR": tmp, "LOG_LEVEL": "WARNING", "DB_CONN_MAX_AGE": "300", "PYTHONPATH": str(ROOT)}


def setup_database(pg_url: str, env: dict, bench: str) -> None:
    """Drop and recreate the bench database (its name must start with cchc_bench), set up Django on it, migrate."""
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
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def pct(xs, p):
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


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
