"""Issue 8, items 15 and 7 (knowledge parts): open redirect on /kb/feedback/, a question over 2,000 characters,
province-wide publication through the CCHC office, the same document added twice, the office's queue link."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cchc.knowledge import selectors, services
from cchc.knowledge.models import Document, Passage, Question

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "cchc" / "knowledge" / "demo"
TEXT = ("KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2025 của Sở Tư pháp\n\n"
        "I. MỤC ĐÍCH\n1. Nâng cao nhận thức về cải cách hành chính zyxwvutsr cho cán bộ, công chức.\n"
        "II. NỘI DUNG\n1. Tổ chức hội nghị tập huấn về thủ tục hành chính trong quý II.\n")


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _messages(resp):
    return [str(m) for m in get_messages(resp.wsgi_request)]


def _upload(c, data: bytes, name="ke-hoach.txt", status="published"):
    return c.post(reverse("knowledge:upload"), {"file": SimpleUploadedFile(name, data), "status": status,
                                               "validity": "effective", "area": "general"})


def _visible(user, pk):
    return selectors.documents_visible(user).filter(pk=pk).exists()


# ------------------------------------------------------------------------------------------ open redirect

@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/", "http:/\\evil.example",
                                    "javascript:alert(1)"])
def test_feedback_does_not_redirect_off_site(users, target):
    resp = _client(users["viewer"]).post(reverse("knowledge:feedback"), {"helpful": "1", "next": target})
    assert resp.status_code == 302 and resp["Location"] == reverse("knowledge:faq")


def test_feedback_returns_to_a_page_of_the_site(users):
    back = reverse("knowledge:search") + "?q=th%E1%BB%A7+t%E1%BB%A5c"
    resp = _client(users["viewer"]).post(reverse("knowledge:feedback"), {"helpful": "0", "next": back})
    assert resp["Location"] == back


# ------------------------------------------------------------------------------------------ question length

def test_a_question_over_2000_characters_is_called_too_long_not_empty(users):
    c = _client(users["viewer"])
    resp = c.post(reverse("knowledge:ask_office"), {"text": "Thủ tục " * 300, "topic": "general"})
    msgs = _messages(resp)
    assert msgs and "quá dài" in msgs[-1] and "tối đa 2.000 ký tự" in msgs[-1] and "trống" not in msgs[-1]
    assert not Question.objects.exists()
    resp = c.post(reverse("knowledge:ask_office"), {"text": "   ", "topic": "general"})
    assert "trống" in _messages(resp)[-1]
    with pytest.raises(ValueError, match="tối đa 2.000 ký tự"):
        services.question_ask(user=users["viewer"], text="x" * 2001)


# ------------------------------------------------------------------------------------------ publication review

def test_a_focal_points_upload_is_visible_to_its_unit_and_waits_for_the_office(users):
    focal, office = users["focal_point"], users["par_office"]
    resp = _upload(_client(focal), TEXT.encode())
    assert resp.status_code == 302
    doc = Document.objects.get()
    assert (doc.status, doc.review_state, doc.unit.code) == ("draft", "submitted", "T42.stp")
    assert _visible(focal, doc.pk) and _visible(users["viewer"], doc.pk)  # the unit sees it at once
    assert not _visible(users["focal_b"], doc.pk)  # another unit does not, yet
    assert _client(users["focal_b"]).get(reverse("knowledge:document", args=[doc.pk])).status_code == 404
    # nobody but the office publishes it
    for who in ("focal_point", "unit_leader", "focal_b"):
        _client(users[who]).post(reverse("knowledge:publication", args=[doc.pk]),
                                 {"action": "accept", "version": doc.version})
        doc.refresh_from_db()
        assert doc.status == "draft", who
    oc = _client(office)
    queue = oc.get(reverse("knowledge:office")).content.decode()
    assert reverse("knowledge:document", args=[doc.pk]) in queue
    assert oc.get(reverse("knowledge:publication", args=[doc.pk])).status_code == 405  # not on GET
    resp = oc.post(reverse("knowledge:publication", args=[doc.pk]), {"action": "return", "version": doc.version})
    doc.refresh_from_db()
    assert doc.review_state == "submitted" and "lý do" in _messages(resp)[0]  # a return needs a reason
    oc.post(reverse("knowledge:publication", args=[doc.pk]),
            {"action": "return", "comment": "Bổ sung số hiệu văn bản", "version": doc.version})
    doc.refresh_from_db()
    assert (doc.status, doc.review_state, doc.review_comment) == ("draft", "returned", "Bổ sung số hiệu văn bản")
    _client(focal).post(reverse("knowledge:publication", args=[doc.pk]), {"action": "submit", "version": doc.version})
    doc.refresh_from_db()
    assert doc.review_state == "submitted"
    oc.post(reverse("knowledge:publication", args=[doc.pk]), {"action": "accept", "version": doc.version})
    doc.refresh_from_db()
    assert (doc.status, doc.review_state, doc.reviewed_by) == ("published", "accepted", office)
    assert _visible(users["focal_b"], doc.pk)


def test_the_office_publishes_directly_and_a_stale_approval_is_refused(users):
    resp = _upload(_client(users["par_office"]), TEXT.encode())
    doc = Document.objects.get()
    assert resp.status_code == 302 and (doc.status, doc.review_state) == ("published", "accepted")
    unit_doc = services.document_add(user=users["focal_point"], data=(TEXT + "Phụ lục A.\n").encode(),
                                     filename="b.txt", unit=users["focal_point"].memberships.get().unit,
                                     source_key="test:b")
    assert unit_doc.review_state == "submitted"
    stale = unit_doc.version  # what the office looked at
    revised = services.document_add(user=users["focal_point"], data=(TEXT + "Phụ lục B mới.\n").encode(),
                                    filename="b.txt", unit=unit_doc.unit, source_key="test:b")
    assert revised.pk == unit_doc.pk and revised.outcome == "revised" and revised.revision == 2
    with pytest.raises(services.PublicationError) as exc:
        services.document_publication(user=users["par_office"], document=Document.objects.get(pk=unit_doc.pk),
                                      action="accept", expected_version=stale)
    assert exc.value.code == "version_conflict"
    assert Document.objects.get(pk=unit_doc.pk).status == "draft"
    # the unit changing a province-wide document's text sends it back to the office
    services.document_publication(user=users["par_office"], document=Document.objects.get(pk=unit_doc.pk),
                                  action="accept")
    services.document_add(user=users["focal_point"], data=(TEXT + "Phụ lục C.\n").encode(), filename="b.txt",
                          unit=unit_doc.unit, source_key="test:b")
    again = Document.objects.get(pk=unit_doc.pk)
    assert (again.status, again.review_state, again.revision) == ("draft", "submitted", 3)


def test_office_queue_has_a_link_with_counts(users):
    services.question_ask(user=users["viewer"], text="Thủ tục cấp phiếu lý lịch tư pháp mất bao lâu?")
    _upload(_client(users["focal_point"]), TEXT.encode())
    page = _client(users["par_office"]).get(reverse("knowledge:search")).content.decode()
    assert 'id="office-queue"' in page and "1 câu hỏi, 1 tài liệu" in page
    home = _client(users["par_office"]).get("/").content.decode()
    assert reverse("knowledge:office") + "#questions" in home and reverse("knowledge:office") + "#documents" in home
    assert 'id="office-queue"' not in _client(users["focal_point"]).get(reverse("knowledge:search")).content.decode()


# ------------------------------------------------------------------------------------------ the same document twice

def test_kb_add_of_the_same_files_twice_stores_and_indexes_them_once(tmp_path):
    files = sorted(DEMO.glob("00[0-2]_*.txt"))
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in files:  # the same documents under another path, one with other line breaks
        text = f.read_text(encoding="utf-8")
        (copy / f.name).write_text(text.replace("\n", "\r\n") if f is files[0] else text, encoding="utf-8")
    call_command("kb", "add", *map(str, files), stdout=StringIO())
    docs, passages = Document.objects.count(), Passage.objects.count()
    assert docs == len(files) and passages > 0
    out = StringIO()
    call_command("kb", "add", *map(str, files), stdout=out)
    call_command("kb", "add", str(copy), stdout=out)
    assert Document.objects.count() == docs and Passage.objects.count() == passages
    assert "3 đã có" in out.getvalue()
    # a changed text at the same path: the same document, a new revision, its passages replaced
    changed = tmp_path / files[1].name
    changed.write_text(files[1].read_text(encoding="utf-8") + "\nĐiều bổ sung: nội dung mới abcxyzmoi.\n",
                       encoding="utf-8")
    call_command("kb", "add", str(changed), stdout=StringIO())
    before = Document.objects.get(pk=Document.objects.filter(original_name=files[1].name).first().pk)
    call_command("kb", "add", str(changed), stdout=StringIO())
    assert Document.objects.count() == docs + 1  # other path, other text: a new document the first time
    changed.write_text(changed.read_text(encoding="utf-8") + "Khoản thêm lần hai.\n", encoding="utf-8")
    call_command("kb", "add", str(changed), stdout=StringIO())
    from cchc.knowledge.management.commands.kb import _source_key

    doc = Document.objects.get(source_key=_source_key(changed))  # long paths (xdist's tmp dirs) are hashed
    assert Document.objects.count() == docs + 1 and doc.revision == 2
    assert doc.passages.count() == len(set(doc.passages.values_list("ordinal", flat=True)))
    assert "Khoản thêm lần hai" in " ".join(doc.passages.values_list("text", flat=True))
    assert before.pk != doc.pk or before.revision < doc.revision
    hits = selectors.library_search(user=None, text="abcxyzmoi", k=10).hits
    assert len({h.passage.pk for h in hits}) == len(hits) and len({h.document.pk for h in hits}) == 1


def test_web_upload_twice_is_one_document_and_other_units_copies_stay_apart(users):
    focal = _client(users["focal_point"])
    _upload(focal, TEXT.encode(), status="draft")
    resp = _upload(focal, TEXT.encode(), name="ban-sao.txt", status="draft")
    assert Document.objects.count() == 1 and "đã có trong kho" in " ".join(_messages(resp))
    first = Document.objects.get()
    n_passages = first.passages.count()
    # another unit cannot see Sở Tư pháp's draft: its copy is its own (nothing of the draft is revealed or changed)
    _upload(_client(users["focal_b"]), TEXT.encode(), status="draft")
    assert Document.objects.count() == 2
    first.refresh_from_db()
    assert first.unit.code == "T42.stp" and first.passages.count() == n_passages and first.revision == 1
    # a copy of a document published by the office is recognised, not stored again nor modified
    office_doc = services.document_add(user=users["par_office"], data=(TEXT + "Bản của tỉnh.\n").encode(),
                                       filename="tinh.txt")
    again = services.document_add(user=users["focal_b"], data=(TEXT + "Bản của tỉnh.\n").encode(),
                                  filename="tinh-copy.txt", unit=users["focal_b"].memberships.get().unit)
    assert again.pk == office_doc.pk and again.outcome == "unchanged" and Document.objects.count() == 3
    office_doc.refresh_from_db()
    assert office_doc.status == "published" and office_doc.unit is None and office_doc.original_name == "tinh.txt"


def test_kb_dedupe_merges_documents_stored_twice_before_the_fix(users, org_tree):
    from cchc.capacity.models import Course, Material

    f = next(DEMO.glob("001_*.txt"))
    first = services.document_add(data=f.read_bytes(), filename=f.name)
    # what the old code did: a second, independent copy of the same document (and its passages)
    dupe = Document.objects.create(title=first.title, text=first.text, status="published", original_name=f.name)
    services.document_index(dupe)
    course = Course.objects.create(title="Lớp", organiser=org_tree["T42.snv"], start_date="2025-01-01",
                                   end_date="2025-01-02")
    material = Material.objects.create(course=course, title="Tài liệu", document=dupe)
    passages = Passage.objects.count()
    out = StringIO()
    call_command("kb", "dedupe", stdout=out)
    assert "Tìm thấy 1 bản trùng" in out.getvalue() and Document.objects.count() == 2  # dry run
    call_command("kb", "dedupe", "--apply", stdout=StringIO())
    assert list(Document.objects.values_list("pk", flat=True)) == [first.pk]
    assert Passage.objects.count() == passages // 2
    material.refresh_from_db()
    assert material.document_id == first.pk
    hits = selectors.library_search(user=None, text=first.title, k=20).hits
    assert {h.document.pk for h in hits} == {first.pk}
