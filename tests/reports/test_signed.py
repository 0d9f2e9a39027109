"""The signed copy of an issued report: a real PDF only (parsed), within the upload limit, uploaded by the office
(province report) or the unit's leader (unit report) once frozen, kept beside the snapshot, downloadable by whoever
sees the report, audited; another unit is refused."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cchc.core import review
from cchc.core.audit import entries_for_object
from cchc.org.models import OrgUnit
from cchc.reports import catalog, services
from tests.conftest import PASSWORD
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db


def _pdf(text="Bao cao da ky") -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, text)
    c.save()
    return buf.getvalue()


def _client(user):
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def sent_unit_report(users, platform_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    r = services.report_create(user=users["focal_point"], unit=platform_data["stp"], year=YEAR,
                               period_kind=catalog.Q1)
    return r


def test_unit_leader_uploads_after_sending_and_others_download(users, sent_unit_report):
    r = sent_unit_report
    leader = _client(users["unit_leader"])
    resp = leader.post(f"/reports/{r.pk}/signed/", {"file": SimpleUploadedFile("bc.pdf", _pdf())})
    r.refresh_from_db()
    assert resp.status_code == 302 and not r.signed_file  # not frozen yet: refused with a message
    page = leader.get(f"/reports/{r.pk}/").content.decode()
    assert 'id="signed-form"' not in page

    services.report_transition(user=users["focal_point"], report=r, action=review.SUBMIT)
    with pytest.raises(PermissionDenied):  # the focal point sends, the leader signs
        services.signed_upload(user=users["focal_point"], report=r, name="bc.pdf", data=_pdf())
    assert 'id="signed-form"' in leader.get(f"/reports/{r.pk}/").content.decode()
    data = _pdf("Ban ky cua Giam doc")
    resp = leader.post(f"/reports/{r.pk}/signed/", {"file": SimpleUploadedFile("BC quý I.pdf", data)})
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.signed_name == "BC quý I.pdf" and r.signed_size == len(data) and r.signed_by == users["unit_leader"]
    assert r.snapshot["rows"]  # the frozen snapshot is untouched beside it
    got = _client(users["viewer"]).get(f"/reports/{r.pk}/signed.pdf")  # the unit's viewer reads it
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert b"".join(got.streaming_content) == data
    office = _client(users["par_office"]).get(f"/reports/{r.pk}/signed.pdf")
    assert office.status_code == 200
    assert any("signed_name" in (e.changes_dict or {}) for e in entries_for_object(r))  # audited


def test_only_pdf_and_size_limit(users, sent_unit_report, settings):
    r = sent_unit_report
    services.report_transition(user=users["focal_point"], report=r, action=review.SUBMIT)
    for name, data in (("bc.pdf", b"%PDF-1.4 not really a pdf"), ("bc.pdf", b"PK\x03\x04garbage"),
                       ("bc.docx", b"Hello")):
        with pytest.raises(services.ReportError) as e:
            services.signed_upload(user=users["unit_leader"], report=r, name=name, data=data)
        assert e.value.code == "not_pdf" and name in e.value.message
    settings.CCHC_MAX_UPLOAD_MB = 0.001  # about 1 KB
    big = _pdf("x" * 50) + b"\n" * 2000
    resp = _client(users["unit_leader"]).post(f"/reports/{r.pk}/signed/",
                                              {"file": SimpleUploadedFile("lon.pdf", big)}, follow=True)
    assert "quá lớn" in resp.content.decode()
    r.refresh_from_db()
    assert not r.signed_file


def test_another_unit_is_refused(users, sent_unit_report):
    r = sent_unit_report
    services.report_transition(user=users["focal_point"], report=r, action=review.SUBMIT)
    other = _client(users["focal_b"])  # Sở Y tế
    assert other.post(f"/reports/{r.pk}/signed/", {"file": SimpleUploadedFile("bc.pdf", _pdf())}).status_code == 404
    services.signed_upload(user=users["unit_leader"], report=r, name="bc.pdf", data=_pdf())
    assert other.get(f"/reports/{r.pk}/signed.pdf").status_code == 404
    with pytest.raises(PermissionDenied):
        services.signed_upload(user=users["focal_b"], report=r, name="bc.pdf", data=_pdf())


def test_province_report_signed_copy_by_the_office_only(users, platform_data, settings, tmp_path,
                                                         django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    p = services.report_create(user=users["par_office"], unit=OrgUnit.objects.get(code="T42"), year=YEAR,
                               period_kind=catalog.YEAR)
    with pytest.raises(services.ReportError) as e:
        services.signed_upload(user=users["par_office"], report=p, name="bc.pdf", data=_pdf())
    assert e.value.code == "not_issued"
    services.report_issue(user=users["par_office"], report=p, number="12/BC-UBND")
    with pytest.raises(PermissionDenied):
        services.signed_upload(user=users["unit_leader"], report=p, name="bc.pdf", data=_pdf())
    services.signed_upload(user=users["par_office"], report=p, name="12-BC-UBND", data=_pdf())
    first = p.signed_file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.signed_upload(user=users["par_office"], report=p, name="12-BC-UBND-ban-2.pdf", data=_pdf("v2"))
    p.refresh_from_db()
    assert p.signed_name == "12-BC-UBND-ban-2.pdf" and p.signed_file.name != first
    assert not (tmp_path / first).exists()  # the replaced copy is removed after commit
    assert _client(users["par_office"]).get(f"/reports/{p.pk}/signed.pdf").status_code == 200
