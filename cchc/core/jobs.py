"""One task-queue layer for long work.

Backends (settings.CCHC_JOBS):
- "thread" (embedded default): a small in-process thread pool; no Redis needed. Jobs left queued by a
  restart are picked up by `cchc jobs work` or the next start of the pool.
- "inline": run synchronously in the caller (tests, management commands).
- "celery": dispatch to Celery workers through Redis (production, several machines).
Every backend records status and progress in the Job table, so the UI shows progress the same way.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from cchc.core.models import Job

logger = logging.getLogger("cchc.jobs")
_REGISTRY: dict[str, Callable] = {}
_executor: ThreadPoolExecutor | None = None


class JobError(Exception):
    """Raise inside a job with a Vietnamese message for the user."""


def task(name: str):
    def deco(fn):
        _REGISTRY[name] = fn
        return fn

    return deco


def registered() -> list[str]:
    return sorted(_REGISTRY)


def enqueue(name: str, *, user=None, **params) -> Job:
    if name not in _REGISTRY:
        raise KeyError(f"Tác vụ không tồn tại: {name}")
    job = Job.objects.create(name=name, params=params,
                             created_by=user if user is not None and user.is_authenticated else None)
    mode = getattr(settings, "CCHC_JOBS", "thread")
    if mode == "inline":
        run_job(job.pk)
        job.refresh_from_db()
    elif mode == "celery":
        from cchc.core.tasks import run_job_task

        transaction.on_commit(lambda: run_job_task.delay(job.pk))
    else:
        transaction.on_commit(lambda: _pool().submit(_run_in_thread, job.pk))
    return job


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


def run_job(job_id: int) -> None:
    """Run one queued job; the status ends as done or failed, never stuck at running on an exception."""
    updated = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now())
    if not updated:
        return
    job = Job.objects.get(pk=job_id)
    fn = _REGISTRY.get(job.name)
    try:
        if fn is None:
            raise JobError(f"Tác vụ không tồn tại: {job.name}")
        from cchc.core.audit import actor

        with actor(job.created_by):
            result = fn(job, **job.params)
        Job.objects.filter(pk=job_id).update(status=Job.Status.DONE, result=result or {},
                                             finished_at=timezone.now())
    except JobError as exc:
        Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, error=str(exc), finished_at=timezone.now())
    except Exception as exc:  # noqa: BLE001 - a job must never stay "running"
        logger.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, finished_at=timezone.now(),
            error=f"Lỗi hệ thống khi chạy tác vụ: {exc.__class__.__name__}. {traceback.format_exc(limit=2)[-400:]}")


def run_pending(limit: int | None = None) -> int:
    """Run queued jobs in this process (used by `cchc jobs work`)."""
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
