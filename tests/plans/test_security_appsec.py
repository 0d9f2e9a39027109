"""Issue 8, item 15 (plans parts): another unit's evidence is a 404; a failed import is not deleted by a GET."""

from __future__ import annotations

import pytest
from django.test import Client

from cchc.plans import services
from cchc.plans.models import Occurrence, PlanImport

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _png() -> bytes:
    """A real 2×2 PNG (uploads are checked by parsing, not by magic bytes)."""
    import zlib

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", (2).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0]))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_other_units_evidence_is_not_found_not_forbidden(users, small_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    o = Occurrence.objects.filter(plan=small_plan, unit__code="T42.stp").first()
    assert o is not None
    r = services.progress_report_save(occurrence=o, user=users["focal_point"], data={"status": "in_progress"})
    ev = services.evidence_add(report=r, user=users["focal_point"], name="anh.png",
                               data=_png())
    url = f"/plans/evidence/{ev.pk}/"
    assert _client(users["focal_point"]).get(url).status_code == 200
    other = _client(users["focal_b"])  # Sở Y tế
    assert other.get(url).status_code == 404
    assert other.get("/plans/evidence/999999/").status_code == 404  # same answer as a missing one
    assert other.get(f"/plans/{small_plan.pk}/targets/?unit=T42.stp").status_code == 404


def test_failed_import_is_kept_on_get_and_deleted_by_post(users):
    office = users["par_office"]
    imp = PlanImport.objects.create(filename="hong.docx", content=b"x", created_by=office,
                                    status=PlanImport.Status.FAILED, error="Tệp hong.docx bị hỏng.")
    c = _client(office)
    resp = c.get(f"/plans/imports/{imp.pk}/")
    assert resp.status_code == 400 and "Tệp hong.docx bị hỏng." in resp.content.decode()
    assert PlanImport.objects.filter(pk=imp.pk).exists()  # a GET changes nothing
    resp = c.post(f"/plans/imports/{imp.pk}/")
    assert resp.status_code == 302 and not PlanImport.objects.filter(pk=imp.pk).exists()
