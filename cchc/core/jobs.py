"""One task-queue layer for long work.

Backends (settings.CCHC_JOBS):
- "thread" (embedded default): a small in-process thread pool; no Redis needed. Jobs left queued by a
  restart are picked up by `cchc jobs work` or the next start of the pool.
- "inline": run synchronously in the caller (tests, management commands).
- "celery": dispatch to Celery workers through Redis (production, several machines).
Every backend records status and progress in the Job table, so the UI shows progress the same way.

Crashes: a running job holds a lease (``lease_expires_at``, settings.CCHC_JOB_LEASE_SECONDS, default 600 s)
renewed by every ``job.progress()`` / ``job.heartbeat()``. ``reclaim_expired()`` — run by `cchc jobs work`
on every loop, by `cchc jobs reclaim` (cron) and when a progress page is polled — queues a job whose lease ran
out again, up to settings.CCHC_JOB_MAX_ATTEMPTS attempts (default 3), then marks it failed with a Vietnamese
message and calls the task's ``on_failure`` hook, so the object it worked on (a plan import) fails cleanly too.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.models import Job

logger = logging.getLogger("cchc.jobs")
_REGISTRY: dict[str, Callable] = {}
_ON_FAILURE: dict[str, Callable] = {}
_executor: ThreadPoolExecutor | None = None


class JobError(Exception):
    """Raise inside a job with a Vietnamese message for the user."""


def task(name: str, *, on_failure: Callable | None = None):
    """Register a job function. ``on_failure(job, message)`` is called once when the job ends failed (an
    exception, or a crash whose retries ran out) — to mark the domain object failed with the same message."""

    def deco(fn):
        _REGISTRY[name] = fn
        if on_failure is not None:
            _ON_FAILURE[name] = on_failure
        return fn

    return deco


def registered() -> list[str]:
    return sorted(_REGISTRY)


def lease_seconds() -> int:
    return int(getattr(settings, "CCHC_JOB_LEASE_SECONDS", 600))


def max_attempts() -> int:
    return int(getattr(settings, "CCHC_JOB_MAX_ATTEMPTS", 3))


def lease_deadline():
    return timezone.now() + timedelta(seconds=lease_seconds())


def enqueue(name: str, *, user=None, **params) -> Job:
    if name not in _REGISTRY:
        raise KeyError(f"Tác vụ không tồn tại: {name}")
    job = Job.objects.create(name=name, params=params,
                             created_by=user if user is not None and user.is_authenticated else None)
    if getattr(settings, "CCHC_JOBS", "thread") == "inline":
        run_job(job.pk)
        job.refresh_from_db()
    else:
        _dispatch(job.pk)
    return job


def _dispatch(job_id: int) -> None:
    mode = getattr(settings, "CCHC_JOBS", "thread")
    if mode == "inline":
        transaction.on_commit(lambda: run_job(job_id))
    elif mode == "celery":
        from cchc.core.tasks import run_job_task

        transaction.on_commit(lambda: run_job_task.delay(job_id))
    else:
        transaction.on_commit(lambda: _pool().submit(_run_in_thread, job_id))


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=int(getattr(settings, "CCHC_JOB_THREADS", 2)),
                                       thread_name_prefix="cchc-job")
    return _executor


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run_job(job_id)
    finally:
        connection.close()  # a pool thread must not keep a database session open


def _fail(job_id: int, message: str, *, only_running: bool = True) -> bool:
    """Mark a job failed (once) and run its task's on_failure hook."""
    qs = Job.objects.filter(pk=job_id)
    if only_running:
        qs = qs.filter(status=Job.Status.RUNNING)
    if not qs.update(status=Job.Status.FAILED, error=message, finished_at=timezone.now(), lease_expires_at=None):
        return False
    job = Job.objects.get(pk=job_id)
    hook = _ON_FAILURE.get(job.name)
    if hook is not None:
        try:
            hook(job, message)
        except Exception:  # noqa: BLE001 - the job is failed either way; the hook's error is logged
            logger.exception("on_failure hook of job %s failed", job_id)
    return True


def run_job(job_id: int) -> None:
    """Run one queued job; the status ends as done or failed, never stuck at running on an exception."""
    from django.db.models import F

    updated = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), lease_expires_at=lease_deadline(),
        attempts=F("attempts") + 1)
    if not updated:
        return
    job = Job.objects.get(pk=job_id)
    fn = _REGISTRY.get(job.name)
    try:
        if fn is None:
            raise JobError(_("Tác vụ không tồn tại: %(name)s") % {"name": job.name})
        from cchc.core.audit import actor

        with actor(job.created_by):
            result = fn(job, **job.params)
        Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
            status=Job.Status.DONE, result=result or {}, finished_at=timezone.now(), lease_expires_at=None)
    except JobError as exc:
        _fail(job_id, str(exc))
    except Exception as exc:  # noqa: BLE001 - a job must never stay "running"
        logger.exception("job %s failed", job_id)
        _fail(job_id, _("Lỗi hệ thống khi chạy tác vụ: %(error)s. %(trace)s")
              % {"error": exc.__class__.__name__, "trace": traceback.format_exc(limit=2)[-400:]})
    finally:
        from cchc.core.storage import cleanup_rolled_back

        cleanup_rolled_back()


def reclaim_expired(*, dispatch: bool = True, now=None) -> dict:
    """Jobs whose lease ran out (the process running them died): queue them again, or fail them after
    ``max_attempts()`` attempts. Returns {"requeued": [...ids], "failed": [...ids]}."""
    now = now or timezone.now()
    stale = Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True,
                                            started_at__lt=now - timedelta(seconds=lease_seconds()))
    out = {"requeued": [], "failed": []}
    for job in Job.objects.filter(stale, status=Job.Status.RUNNING).only("pk", "attempts", "name"):
        if job.attempts < max_attempts():
            if Job.objects.filter(stale, pk=job.pk, status=Job.Status.RUNNING).update(
                    status=Job.Status.QUEUED, lease_expires_at=None,
                    message=_("Tiến trình xử lý bị dừng giữa chừng; đang thử lại (lần %(attempt)s).")
                    % {"attempt": job.attempts + 1}):
                out["requeued"].append(job.pk)
                logger.warning("job %s (%s): lease expired, queued again (attempt %s)", job.pk, job.name,
                               job.attempts + 1)
                if dispatch:
                    _dispatch(job.pk)
        else:
            message = _("Tác vụ bị dừng giữa chừng %(attempts)s lần (máy chủ khởi động lại, hết bộ nhớ hoặc quá "
                        "thời gian) và đã được hủy. Hãy thử lại; nếu lỗi lặp lại, tệp có thể quá lớn hoặc hỏng — "
                        "hãy báo quản trị hệ thống.") % {"attempts": job.attempts}
            if _fail(job.pk, message):
                out["failed"].append(job.pk)
                logger.error("job %s (%s): lease expired after %s attempts, failed", job.pk, job.name, job.attempts)
    return out


def run_pending(limit: int | None = None) -> int:
    """Run queued jobs in this process (used by `cchc jobs work`), after reclaiming expired leases."""
    reclaim_expired(dispatch=False)
    count = 0
    for job_id in Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at").values_list("pk", flat=True):
        run_job(job_id)
        count += 1
        if limit and count >= limit:
            break
    return count


@task("core.selftest")
def _selftest(job, steps: int = 3):
    for i in range(steps):
        job.progress(i + 1, steps, f"Bước {i + 1}/{steps}")
    return {"steps": steps}
