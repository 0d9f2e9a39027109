"""Pages, API, exports and the permission rules of the exams app."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cchc.core.vndates import format_date_official
from cchc.exams import services
from cchc.exams.models import Attempt, Question

from .conftest import answer_all

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_exam_page_never_contains_the_answer_key(client, campaign, users):
    c = _client(client, users["viewer"])
    resp = c.post(reverse("exams:start", args=[campaign.pk]))
    attempt = users["viewer"].exam_attempts.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("exams:take", args=[attempt.pk])
    html = c.get(resp["Location"]).content.decode()
    assert "correct" not in html and "đáp án đúng" not in html.lower()
    for it in attempt.items.select_related("version"):
        assert it.version.text.split("\n")[0][:40] in html
        assert not it.version.explanation or it.version.explanation not in html
    api = c.get(f"/api/exams/attempts/{attempt.pk}").json()
    assert "correct" not in json.dumps(api) and len(api["items"]) == 6 and 0 < api["remaining_seconds"] <= 1800


def test_api_autosave_submit_and_result_page(client, campaign, users):
    u = users["viewer"]
    c = _client(client, u)
    state = c.post(f"/api/exams/campaigns/{campaign.pk}/start").json()
    aid = state["attempt"]
    item = state["items"][0]
    url = f"/api/exams/attempts/{aid}/answers"
    body = {"position": item["position"], "selected": [item["options"][0]["id"]], "seq": 1}
    assert c.post(url, body, content_type="application/json").json() == {"ok": True, "seq": 1, "stale": False}
    assert c.post(url, body, content_type="application/json").status_code == 200  # retry is harmless
    bad = c.post(url, {**body, "position": 77, "seq": 2}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "not_on_paper"
    other = _client(client.__class__(), users["focal_point"])
    assert other.post(url, {**body, "seq": 5}, content_type="application/json").status_code == 404
    resumed = c.get(f"/api/exams/attempts/{aid}").json()
    assert resumed["items"][0]["selected"] == body["selected"] and resumed["items"][0]["seq"] == 1
    done = c.post(f"/api/exams/attempts/{aid}/submit").json()
    assert done["status"] == "submitted" and done["max_score"] == 6
    html = c.get(reverse("exams:result", args=[aid])).content.decode()
    assert "Lĩnh vực cần bồi dưỡng thêm" in html and "Xem lại bài làm" in html


def test_examinee_sees_only_own_attempts(client, campaign, users):
    mine = services.attempt_start(users["viewer"], campaign)
    theirs = services.attempt_start(users["focal_b"], campaign)
    for a, u in ((mine, users["viewer"]), (theirs, users["focal_b"])):
        answer_all(u, a)
        services.attempt_submit(u, a.pk)
    c = _client(client, users["viewer"])
    assert c.get(reverse("exams:result", args=[mine.pk])).status_code == 200
    assert c.get(reverse("exams:result", args=[theirs.pk])).status_code == 404
    assert c.get(reverse("exams:certificate", args=[theirs.pk])).status_code == 404
    assert c.get(reverse("exams:campaign_detail", args=[campaign.pk])).status_code == 403
    assert c.get(f"/api/exams/attempts/{theirs.pk}").status_code == 404


def test_unit_leader_sees_only_their_units_results(client, campaign, users):
    stp = services.attempt_start(users["viewer"], campaign)  # Sở Tư pháp
    syt = services.attempt_start(users["focal_b"], campaign)  # Sở Y tế
    for a, u in ((stp, users["viewer"]), (syt, users["focal_b"])):
        answer_all(u, a)
        services.attempt_submit(u, a.pk)
    c = _client(client, users["unit_leader"])
    page = c.get(reverse("exams:campaign_detail", args=[campaign.pk])).content.decode()
    assert users["viewer"].first_name in page and users["focal_b"].first_name not in page
    assert "Sở Y tế" not in page
    assert c.get(reverse("exams:result", args=[stp.pk])).status_code == 200
    assert c.get(reverse("exams:result", args=[syt.pk])).status_code == 404
    wb = load_workbook(io.BytesIO(c.get(reverse("exams:campaign_export", args=[campaign.pk, "attempts"])).content))
    names = [r[0] for r in wb.active.iter_rows(min_row=2, values_only=True)]
    assert names == [users["viewer"].first_name]
    assert c.get(reverse("exams:campaign_export", args=[campaign.pk, "items"])).status_code == 404
    par = _client(client.__class__(), users["par_office"])
    page = par.get(reverse("exams:campaign_detail", args=[campaign.pk])).content.decode()
    assert users["viewer"].first_name in page and users["focal_b"].first_name in page
    assert "Phân tích câu hỏi" in page
    # only managers reach the bank
    assert c.get(reverse("exams:bank")).status_code == 403
    assert par.get(reverse("exams:bank")).status_code == 200


def test_exports_and_certificate_are_real_files(client, campaign, users):
    u = users["viewer"]
    a = services.attempt_start(u, campaign)
    answer_all(u, a)
    services.attempt_submit(u, a.pk)
    par = _client(client, users["par_office"])
    for table, sheet_title in (("attempts", "Kết quả"), ("units", "Theo đơn vị"), ("items", "Phân tích câu hỏi"),
                               ("commendation", "Đề nghị khen thưởng")):
        resp = par.get(reverse("exams:campaign_export", args=[campaign.pk, table]))
        assert resp.status_code == 200
        wb = load_workbook(io.BytesIO(resp.content))
        assert wb.worksheets[0].title == sheet_title and wb.worksheets[0].max_row >= 2
    units = load_workbook(io.BytesIO(par.get(reverse("exams:campaign_export", args=[campaign.pk, "units"])).content))
    rows = {r[0]: r for r in units.active.iter_rows(min_row=2, values_only=True)}
    assert rows["Tổng cộng"][2] == 1 and rows["Tổng cộng"][5] == 1
    me = _client(client.__class__(), u)
    doc = Document(io.BytesIO(me.get(reverse("exams:certificate", args=[a.pk])).content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "GIẤY CHỨNG NHẬN" in text and u.first_name in text and "100%" in text
    # the Nghị định 30 page and letterhead (it was a Letter page with no issuer, no place and no signature)
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm), round(s.left_margin.mm)) == (210, 297, 30)
    head = doc.tables[0]
    assert [p.text for p in head.cell(0, 0).paragraphs if p.text][-1] == "SỞ NỘI VỤ"
    when = timezone.localtime(Attempt.objects.get(pk=a.pk).submitted_at).date()
    assert head.cell(1, 1).paragraphs[-1].text == format_date_official(when, "Hà Tĩnh")
    assert "GIÁM ĐỐC" in [p.text for p in doc.tables[-1].cell(0, 1).paragraphs]


def test_bank_export_and_reimport_through_pages(client, bank, users):
    par = _client(client, users["par_office"])
    for fmt in ("xlsx", "gift", "aiken"):
        resp = par.get(reverse("exams:bank_export", args=[fmt]))
        assert resp.status_code == 200
        if fmt == "xlsx":  # the topic as people read it, not its code ("direction"); imported back unchanged below
            from cchc.exams.models import Topic

            ws = load_workbook(io.BytesIO(resp.content)).active
            topics = {r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
            assert topics and topics <= set(Topic.objects.values_list("name", flat=True))
        ext = {"xlsx": "xlsx", "gift": "gift.txt", "aiken": "txt"}[fmt]
        from django.core.files.uploadedfile import SimpleUploadedFile

        up = SimpleUploadedFile(f"bank.{ext}", resp.content)
        preview = par.post(reverse("exams:bank_import"), {"file": up, "fmt": "auto"})
        assert preview.status_code == 200 and 'value="confirm"' in preview.content.decode()
        token = par.session["exams_import_pending"]["token"]
        back = par.post(reverse("exams:bank_import"), {"op": "confirm", "token": token})
        assert back.status_code == 302, back.content.decode()[:2000]
    assert all(q.versions.count() == 1 for q in Question.objects.all())
    bad = par.post(reverse("exams:bank_import"), {"file": __import__("django.core.files.uploadedfile", fromlist=["x"])
                                                  .SimpleUploadedFile("x.gift.txt", b"Hong {=A ~B\n"), "fmt": "gift"})
    assert bad.status_code == 200 and "Thiếu dấu }" in bad.content.decode()


def test_question_edit_page_creates_new_version(client, bank, users):
    par = _client(client, users["par_office"])
    q = Question.objects.get(ref="CCHC-005")
    v = q.current
    form = {"topic": v.topic_id, "kind": v.kind, "difficulty": v.difficulty, "text": v.text + " Sửa.",
            "explanation": v.explanation, "source_ref": v.source_ref}
    for i, o in enumerate(v.options):
        form[f"option_{'ABCDEF'[i]}"] = o["text"]
        if o["correct"]:
            form[f"correct_{'ABCDEF'[i]}"] = "on"
    assert par.post(reverse("exams:question_edit", args=[q.pk]), form).status_code == 302
    q.refresh_from_db()
    assert q.current.number == 2 and q.current.text.endswith("Sửa.")


def test_campaign_form_validates_blueprint(client, bank, users, org_tree):
    par = _client(client, users["par_office"])
    data = {"title": "Đợt 2", "units": [org_tree["T42"].pk], "opens_at": "2030-01-01T08:00",
            "closes_at": "2030-01-01T11:00", "duration_minutes": 30, "pass_percent": 60, "attempts_allowed": 1,
            "results_policy": "after_close", "stagger_seconds": 300, "is_published": "on",
            "blueprint_text": "procedures; khó; 2\nkhong-co; ; 1\ndigital; dễ; x"}
    resp = par.post(reverse("exams:campaign_new"), data)
    html = resp.content.decode()
    assert resp.status_code == 200 and "Dòng 2" in html and "Dòng 3" in html
    data["blueprint_text"] = "procedures; khó; 2\ndigital; ; 3"
    resp = par.post(reverse("exams:campaign_new"), data)
    assert resp.status_code == 302
    from cchc.exams.models import Campaign

    c = Campaign.objects.get(title="Đợt 2")
    assert c.blueprint == [{"topic": "procedures", "difficulty": "hard", "count": 2},
                           {"topic": "digital", "difficulty": "", "count": 3}]


def test_staggered_start_shows_a_countdown_that_retries(client, campaign, users):
    from django.utils import timezone

    campaign.stagger_seconds = 600
    campaign.opens_at = timezone.now()
    campaign.save()
    u = next(x for x in (users["viewer"], users["focal_point"], users["unit_leader"], users["focal_b"])
             if services.paper.stagger_offset(x.pk, campaign.pk, 600) > 30)
    c = _client(client, u)
    resp = c.post(reverse("exams:start", args=[campaign.pk]))
    assert resp.status_code == 409
    html = resp.content.decode()
    assert 'id="startform"' in html and "tự động bắt đầu" in html
    assert not u.exam_attempts.exists()


def test_campaign_blueprint_box_speaks_in_topic_names_and_vietnamese_levels(client, campaign, users):
    """The "Ma trận đề" box shows the topics as the bank names them and the levels dễ/trung bình/khó; saving the
    page unchanged keeps the blueprint (codes stored), and the old codes are still accepted."""
    import html as htmllib

    par = _client(client, users["par_office"])
    page = par.get(reverse("exams:campaign_edit", args=[campaign.pk])).content.decode()
    box = htmllib.unescape(page.split('name="blueprint_text"')[1].split("</textarea>")[0])
    assert "Cải cách thủ tục hành chính; ; 3" in box
    assert "Cải cách chế độ công vụ; khó; 1" in box
    assert "procedures" not in box and "civil_service" not in box and "hard" not in box
    from cchc.exams.forms import CampaignForm

    form = CampaignForm(instance=campaign)
    data = {k: form[k].value() for k in form.fields}
    data["units"] = [u.pk for u in campaign.units.all()]
    data["opens_at"] = campaign.opens_at.strftime("%Y-%m-%dT%H:%M")
    data["closes_at"] = campaign.closes_at.strftime("%Y-%m-%dT%H:%M")
    data = {k: v for k, v in data.items() if v is not None and v is not False}
    blueprint = list(campaign.blueprint)
    resp = par.post(reverse("exams:campaign_edit", args=[campaign.pk]), data)
    assert resp.status_code == 302, resp.context["form"].errors
    campaign.refresh_from_db()
    assert campaign.blueprint == blueprint
    # old codes and English levels, names without diacritics, levels in words: all read
    data["blueprint_text"] = ("civil_service; hard; 1\nCO CHE MOT CUA, MOT CUA LIEN THONG; trung bình; 2\n"
                              "Dịch vụ công trực tuyến; Dễ; 1")
    assert par.post(reverse("exams:campaign_edit", args=[campaign.pk]), data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.blueprint == [{"topic": "civil_service", "difficulty": "hard", "count": 1},
                                  {"topic": "procedures.onestop", "difficulty": "medium", "count": 2},
                                  {"topic": "digital.online", "difficulty": "easy", "count": 1}]


def test_blueprint_line_keeps_the_code_when_a_name_is_ambiguous(bank):
    from cchc.exams import services
    from cchc.exams.models import Topic

    Topic.objects.create(code="x.dup", name="Cải cách chế độ công vụ", parent=Topic.objects.get(code="procedures"))
    text = services.blueprint_text([{"topic": "civil_service", "difficulty": "medium", "count": 2}])
    assert text == "civil_service; trung bình; 2"
