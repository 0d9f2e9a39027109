import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from cchc.core import jobs
from cchc.core.models import Job
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_healthz():
    resp = Client().get("/healthz")
    assert resp.status_code == 200 and resp.json()["database"] == "ok"


@pytest.mark.django_db
def test_home_requires_login_and_shows_own_unit_in_vietnamese(users):
    assert Client().get("/").status_code == 302
    c = Client()
    c.login(username="focal_point", password=PASSWORD)
    html = c.get("/").content.decode()
    assert "Sở Tư pháp tỉnh Hà Tĩnh" in html
    assert "Việc cần chú ý" in html and 'lang="vi"' in html


@pytest.mark.django_db
def test_english_is_available(users):
    c = Client()
    c.login(username="viewer", password=PASSWORD)
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = c.get("/").content.decode()
    assert "Needs your attention" in html and "Việc cần chú ý" not in html


@pytest.mark.django_db
def test_static_assets_are_local():
    html = Client().get("/login/").content.decode()
    assert "/static/vendor/htmx.min.js" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    docs = Client().get("/api/docs").content.decode()  # the OpenAPI page works on an offline intranet too
    assert "swagger-ui" in docs and "cdn." not in docs and "https://" not in docs


@pytest.mark.django_db
def test_job_runs_with_progress(users):
    job = jobs.enqueue("core.selftest", user=users["par_office"], steps=4)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.done == 4 and job.total == 4 and job.result == {"steps": 4}
    c = Client()
    c.login(username="par_office", password=PASSWORD)
    assert "100%" in c.get(f"/core/jobs/{job.pk}/").content.decode()
    other = Client()
    other.login(username="focal_b", password=PASSWORD)
    assert other.get(f"/core/jobs/{job.pk}/").status_code == 403


@pytest.mark.django_db
def test_failing_job_is_marked_failed():
    @jobs.task("test.boom")
    def boom(job):
        raise jobs.JobError("Tệp không hợp lệ")

    job = jobs.enqueue("test.boom")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "Tệp không hợp lệ" in job.error


@pytest.mark.django_db(transaction=True)
def test_thread_backend_runs_job(settings):
    import time

    settings.CCHC_JOBS = "thread"
    job = jobs.enqueue("core.selftest", steps=2)
    for _ in range(100):
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.05)
    assert job.status == Job.Status.DONE


def test_console_script_and_deploy_check(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "cchc.settings.production", "SECRET_KEY": "x" * 60 + "Yz!9#k",
           "ALLOWED_HOSTS": "cchc.example.vn", "CCHC_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "cchc", "check", "--deploy", "--fail-level", "WARNING"],
                         capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.django_db
def test_openapi_lists_org_endpoints():
    spec = json.loads(Client().get("/api/openapi.json").content)
    assert "/api/org/resolve" in spec["paths"] and "/api/org/units" in spec["paths"]


@pytest.mark.django_db
def test_navigation_links_exist_for_role(users):
    c = Client()
    c.login(username="par_office", password=PASSWORD)
    html = c.get("/").content.decode()
    for href in ('href="/org/"', 'href="/plans/"', 'href="/kb/"', 'href="/exams/"', 'href="/capacity/"',
                 'href="/core/audit/"'):
        assert href in html, href
    v = Client()
    v.login(username="viewer", password=PASSWORD)
    html = v.get("/").content.decode()
    assert 'href="/kb/"' in html and 'href="/capacity/"' not in html and 'href="/core/audit/"' not in html


def test_tests_do_not_touch_the_developers_var_directory(settings):
    """`make run` then `make test` in one checkout: the demo's var/dossiers fed the report tests' figures (two
    failed), and uploads went to var/media."""
    from cchc.settings.base import PROJECT_DIR

    var = (PROJECT_DIR / "var").resolve()
    for path in (settings.MEDIA_ROOT, settings.CCHC_DOSSIERS_DIR):
        assert var not in Path(path).resolve().parents and Path(path).resolve() != var
