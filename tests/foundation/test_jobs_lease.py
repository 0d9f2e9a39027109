"""Issue 8 item 13: a job whose process died is retried, then failed cleanly; rolled-back uploads leave no file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from cchc.core import jobs
from cchc.core.models import Job
from cchc.core.storage import cleanup_rolled_back
from tests.conftest import PASSWORD

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def _crashed(job: Job, attempts: int) -> None:
    """What a killed worker leaves behind: running, a lease that ran out."""
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=attempts,
                                         started_at=timezone.now() - timedelta(hours=1),
                                         lease_expires_at=timezone.now() - timedelta(seconds=1))


@pytest.mark.django_db
def test_expired_lease_is_retried_then_runs():
    job = Job.objects.create(name="core.selftest", params={"steps": 2})
    _crashed(job, attempts=1)
    out = jobs.reclaim_expired(dispatch=False)
    job.refresh_from_db()
    assert out["requeued"] == [job.pk] and job.status == Job.Status.QUEUED and "thử lại" in job.message
    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2 and job.lease_expires_at is None


@pytest.mark.django_db
def test_live_lease_is_left_alone_and_progress_renews_it():
    job = Job.objects.create(name="core.selftest")
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1,
                                         lease_expires_at=timezone.now() + timedelta(seconds=30))
    assert jobs.reclaim_expired(dispatch=False) == {"requeued": [], "failed": []}
    job.refresh_from_db()
    job.progress(1, 3, "Bước 1")
    job.refresh_from_db()
    assert job.lease_expires_at > timezone.now() + timedelta(seconds=jobs.lease_seconds() - 60)


@pytest.mark.django_db
def test_after_max_attempts_the_plan_import_fails_with_a_message_on_the_upload_screen(users):
    from cchc.plans.models import PlanImport

    imp = PlanImport.objects.create(filename="kehoach.docx", content=b"x", created_by=users["par_office"])
    job = Job.objects.create(name="plans.parse_import", params={"import_id": imp.pk}, created_by=users["par_office"])
    PlanImport.objects.filter(pk=imp.pk).update(job=job)
    _crashed(job, attempts=jobs.max_attempts())
    c = Client()
    c.login(username="par_office", password=PASSWORD)
    resp = c.get(f"/plans/imports/{imp.pk}/status/")  # the page the upload screen polls
    assert resp.status_code == 200 and resp["HX-Redirect"].endswith(f"/plans/imports/{imp.pk}/")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "bị dừng giữa chừng" in job.error
    html = c.get(f"/plans/imports/{imp.pk}/").content.decode()
    assert "bị dừng giữa chừng" in html
    assert PlanImport.objects.get(pk=imp.pk).status == PlanImport.Status.FAILED  # a GET never writes
    c.post(f"/plans/imports/{imp.pk}/")  # "Xóa lượt nhập lỗi": nothing of the file is kept
    assert not PlanImport.objects.filter(pk=imp.pk).exists()


@pytest.mark.django_db
def test_killed_plan_parse_is_retried_to_review(users):
    from cchc.plans.models import PlanImport

    seed = sorted(SEEDS.glob("*.txt"))[0]
    imp = PlanImport.objects.create(filename=seed.name, content=seed.read_bytes(), created_by=users["par_office"])
    job = Job.objects.create(name="plans.parse_import", params={"import_id": imp.pk})
    _crashed(job, attempts=1)
    call_command("jobs", "once", stdout=__import__("io").StringIO())
    imp.refresh_from_db()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and imp.status in (PlanImport.Status.REVIEW, PlanImport.Status.FAILED)
    assert imp.status != PlanImport.Status.PARSING


@pytest.mark.django_db
def test_unexpected_exception_fails_the_import_too(users, monkeypatch):
    from cchc.plans import services
    from cchc.plans.models import PlanImport

    def boom(*a, **k):
        raise MemoryError("giả lập")

    monkeypatch.setattr(services, "plan_import_parse", boom)
    imp = services.plan_import_start(user=users["par_office"], filename="a.txt", data=b"Ke hoach")
    imp.refresh_from_db()
    assert imp.status == PlanImport.Status.FAILED and "MemoryError" in imp.error


@pytest.mark.django_db(transaction=True)
def test_files_of_rolled_back_saves_are_removed(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    cleanup_rolled_back()  # files left by earlier tests of this thread (their test transactions never commit)
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = default_storage.save("kb/mat.txt", ContentFile(b"abc"))
        assert default_storage.exists(lost)
        raise RuntimeError("lưu thất bại")
    with transaction.atomic():
        kept = default_storage.save("kb/con.txt", ContentFile(b"abc"))
        try:
            with transaction.atomic():  # an inner savepoint rolled back, the outer transaction commits
                inner = default_storage.save("kb/trong.txt", ContentFile(b"abc"))
                raise RuntimeError
        except RuntimeError:
            pass
    assert cleanup_rolled_back() == 2
    assert not default_storage.exists(lost) and not default_storage.exists(inner)
    assert default_storage.exists(kept)
