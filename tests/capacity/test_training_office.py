"""The CCHC office's training screens: trainers, course materials (knowledge-base link or checked upload)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as DocxDocument

from cchc.capacity import services
from cchc.capacity.models import Course, Material, Trainer
from cchc.knowledge.models import Document
from tests.helpers import pdf_with_text as _pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def course(org_tree):
    return Course.objects.create(title="Tập huấn kỹ năng cải cách thủ tục hành chính", organiser=org_tree["T42.stp"],
                                 start_date=date(2025, 3, 3), end_date=date(2025, 3, 4))


def _docx(text: str) -> bytes:
    d = DocxDocument()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_office_adds_and_edits_trainers_through_pages(client, users):
    client.force_login(users["par_office"])
    resp = client.post(reverse("capacity:trainers"), {"name": "  Nguyễn   Thị Lan ", "organisation": "Sở Nội vụ",
                                                     "expertise": "Cải cách thủ tục hành chính"})
    assert resp.status_code == 302
    t = Trainer.objects.get()
    assert t.name == "Nguyễn Thị Lan"
    assert LogEntry.objects.get_for_object(t).get().actor == users["par_office"]
    resp = client.post(reverse("capacity:trainer_edit", args=[t.pk]), {"name": "Nguyễn Thị Lan",
                                                                      "organisation": "Trường Chính trị tỉnh"})
    assert resp.status_code == 302
    t.refresh_from_db()
    assert t.organisation == "Trường Chính trị tỉnh" and t.expertise == ""
    assert reverse("capacity:trainers") in client.get(reverse("capacity:index")).content.decode()
    html = client.get(reverse("capacity:trainers")).content.decode()
    assert "Trường Chính trị tỉnh" in html
    assert client.post(reverse("capacity:trainers"), {"name": "   "}).status_code == 200
    assert Trainer.objects.count() == 1


def test_office_attaches_a_knowledge_base_document_found_without_diacritics(client, users, course):
    doc = Document.objects.create(title="Nghị định về thực hiện thủ tục hành chính trên môi trường điện tử",
                                  number="45/2020/NĐ-CP", kind="decree", area="procedures", status="published")
    Document.objects.create(title="Quyết định về chỉ số cải cách hành chính", number="1149/QĐ-BNV",
                            status="published")
    client.force_login(users["par_office"])
    url = reverse("capacity:course_materials", args=[course.pk])
    html = client.get(url + "?q=moi truong dien tu").content.decode()
    assert "45/2020/NĐ-CP" in html and "1149/QĐ-BNV" not in html
    resp = client.post(url, {"action": "document", "d-document": doc.pk, "d-title": ""})
    assert resp.status_code == 302
    m = Material.objects.get(course=course)
    assert m.document == doc and m.title == doc.citation and not m.file
    assert LogEntry.objects.get_for_object(m).get().actor == users["par_office"]
    again = client.post(url, {"action": "document", "d-document": doc.pk})
    assert again.status_code == 400 and "đã có trong lớp" in again.content.decode()
    missing = client.post(url, {"action": "document", "d-document": 999999})
    assert missing.status_code == 400 and "Không tìm thấy tài liệu" in missing.content.decode()
    detail = client.get(reverse("capacity:course_detail", args=[course.pk])).content.decode()
    assert reverse("knowledge:document", args=[doc.pk]) in detail


def test_upload_is_sniffed_size_limited_and_refused_with_a_vietnamese_message(client, users, course, media,
                                                                              settings):
    client.force_login(users["par_office"])
    url = reverse("capacity:course_materials", args=[course.pk])
    # a Word file named .pdf: stored by its real type
    resp = client.post(url, {"action": "file", "f-title": "Bài giảng chuyên đề 1", "f-file": SimpleUploadedFile(
        "bai-giang.pdf", _docx("Chuyên đề 1: cải cách thủ tục hành chính"))})
    assert resp.status_code == 302
    m = Material.objects.get()
    assert m.title == "Bài giảng chuyên đề 1" and m.file.name.endswith(".docx")
    assert (media / m.file.name).read_bytes()[:2] == b"PK"
    resp = client.post(url, {"action": "file", "f-file": SimpleUploadedFile("Đề cương.pdf", _pdf("De cuong"))})
    assert resp.status_code == 302
    assert Material.objects.filter(title="Đề cương", file__endswith=".pdf").exists()
    # an executable dressed as a PDF
    bad = client.post(url, {"action": "file", "f-file": SimpleUploadedFile("tai-lieu.pdf", b"MZ\x90\x00" + bytes(300))})
    text = bad.content.decode()
    assert bad.status_code == 400 and "«tai-lieu.pdf»" in text and "không phải tài liệu được hỗ trợ" in text
    settings.CCHC_MAX_UPLOAD_MB = 1000 / 1048576
    big = client.post(url, {"action": "file", "f-file": SimpleUploadedFile("lon.pdf", _pdf("x" * 50) + bytes(2000))})
    assert big.status_code == 400 and "«lon.pdf» quá lớn" in big.content.decode()
    assert Material.objects.count() == 2
    remove = client.post(url, {"action": "remove", "material": m.pk})
    assert remove.status_code == 302 and not Material.objects.filter(pk=m.pk).exists()
    assert not (media / m.file.name).exists()


def test_focal_point_cannot_add_trainers_or_materials(client, users, course, media):
    doc = Document.objects.create(title="Kế hoạch CCHC năm 2025", status="published")
    focal = users["focal_point"]
    client.force_login(focal)
    url = reverse("capacity:course_materials", args=[course.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "document", "d-document": doc.pk}).status_code == 403
    assert client.post(url, {"action": "file", "f-file": SimpleUploadedFile("a.pdf", _pdf("a"))}).status_code == 403
    assert client.post(reverse("capacity:trainers"), {"name": "Ai đó"}).status_code == 403
    assert not Material.objects.exists() and not Trainer.objects.exists()
    detail = client.get(reverse("capacity:course_detail", args=[course.pk])).content.decode()
    assert url not in detail
    assert reverse("capacity:trainers") not in client.get(reverse("capacity:index")).content.decode()
    with pytest.raises(PermissionDenied):
        services.material_add_document(focal, course, doc)
    with pytest.raises(PermissionDenied):
        services.trainer_save(focal, name="Ai đó")


def test_the_enrol_list_is_labelled(client, users, course):
    """The office's list of staff to enrol says what it is for and how to pick several."""
    from tests.capacity.test_capacity import _staff

    _staff("Nguyễn Văn Mẫu", course.organiser)
    client.force_login(users["par_office"])
    page = client.get(reverse("capacity:course_detail", args=[course.pk])).content.decode()
    assert '<label for="enrol-staff">Ghi danh thêm học viên' in page and 'id="enrol-staff"' in page
    assert "Nguyễn Văn Mẫu" in page


def test_below_target_badge_follows_the_share_not_inside_it(client, users, org_tree):
    """The coverage table: “0 (0,0%)” then the below-target badge — not a badge wrapped inside the brackets, which
    broke over three lines on a phone."""
    from tests.capacity.test_capacity import _staff

    _staff("Nguyễn Văn Mẫu", org_tree["T42.stp"], start=date(date.today().year, 1, 1))
    client.force_login(users["focal_point"])
    page = client.get(reverse("capacity:index")).content.decode()
    assert '(0,0%)</span> <span class="badge late nowrap">dưới chỉ tiêu</span>' in page
