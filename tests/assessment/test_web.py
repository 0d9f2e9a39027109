"""Web pages of the CCHC index: scope per role (another unit's object is a 404), forms, import errors, results."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.assessment import services
from cchc.assessment.models import Framework, Score, SelfAssessment
from tests.assessment.test_services import GOOD, xlsx
from tests.conftest import unit
from tests.helpers import client_for


@pytest.mark.django_db
def test_unit_sees_only_its_own_assessment(users, rnd):
    own = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    other = SelfAssessment.objects.get(round=rnd, unit=unit("T42.syt"))
    c = client_for(users["focal_point"])
    page = c.get(reverse("assessment:index")).content.decode()
    assert unit("T42.stp").name in page and unit("T42.syt").name not in page
    assert c.get(reverse("assessment:assessment_detail", args=[own.pk])).status_code == 200
    assert c.get(reverse("assessment:assessment_detail", args=[other.pk])).status_code == 404
    sc_other = Score.objects.filter(assessment=other, criterion__code="1.3").get()
    r = c.post(reverse("assessment:assessment_detail", args=[other.pk]),
               {"op": "score", "score": sc_other.pk, "points": "1", "version": sc_other.version})
    assert r.status_code == 404
    # a score id of another unit posted through the unit's own page is not found either
    r = c.post(reverse("assessment:assessment_detail", args=[own.pk]),
               {"op": "score", "score": sc_other.pk, "points": "1", "version": sc_other.version})
    assert r.status_code == 404
    assert Score.objects.get(pk=sc_other.pk).self_points is None
    assert c.get(reverse("assessment:results", args=[rnd.pk])).status_code == 403
    office = client_for(users["par_office"])
    assert office.get(reverse("assessment:assessment_detail", args=[other.pk])).status_code == 200
    assert office.get(reverse("assessment:results", args=[rnd.pk])).status_code == 200


@pytest.mark.django_db
def test_score_form_saves_refuses_out_of_range_and_stale_version(users, rnd):
    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    sc = Score.objects.get(assessment=sa, criterion__code="1.3")
    c = client_for(users["focal_point"])
    url = reverse("assessment:assessment_detail", args=[sa.pk])
    r = c.post(url, {"op": "score", "score": sc.pk, "points": "1,5", "explanation": "Đã kiểm tra",
                     "version": sc.version}, follow=True)
    assert "Đã lưu" in r.content.decode()
    assert Score.objects.get(pk=sc.pk).self_points == D("1.5")
    r = c.post(url, {"op": "score", "score": sc.pk, "points": "1", "version": sc.version}, follow=True)
    assert "người khác thay đổi" in r.content.decode()
    fresh = Score.objects.get(pk=sc.pk)
    r = c.post(url, {"op": "score", "score": sc.pk, "points": "9", "version": fresh.version}, follow=True)
    assert "nằm ngoài khoảng 0 – 1,5" in r.content.decode()
    assert Score.objects.get(pk=sc.pk).self_points == D("1.5")
    page = c.get(url).content.decode()
    assert "Đã kiểm tra" in page and 'value="1,5"' in page


@pytest.mark.django_db
def test_evidence_download_scoped(users, rnd):
    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    sc = Score.objects.select_related("criterion", "assessment__round").get(assessment=sa, criterion__code="1.3")
    ev = services.evidence_add(sc, user=users["focal_point"], name="bien-ban.xlsx", data=xlsx(GOOD))
    assert client_for(users["focal_point"]).get(reverse("assessment:evidence_download", args=[ev.pk])) \
        .status_code == 200
    assert client_for(users["focal_b"]).get(reverse("assessment:evidence_download", args=[ev.pk])) \
        .status_code == 404


@pytest.mark.django_db
def test_import_page_office_only_and_errors_shown(users):
    url = reverse("assessment:framework_import")
    assert client_for(users["focal_point"]).get(url).status_code == 403
    c = client_for(users["par_office"])
    bad = [list(r) for r in GOOD]
    bad[1][2] = "5"
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post(url, {"year": "2025", "unit_kind": "so",
                     "file": SimpleUploadedFile("bo.xlsx", xlsx(bad))})
    page = r.content.decode()
    assert r.status_code == 200 and "Dòng 2, cột Điểm tối đa (mục 1)" in page
    assert Framework.objects.count() == 0
    r = c.post(url, {"year": "2025", "unit_kind": "so", "file": SimpleUploadedFile("bo.xlsx", xlsx(GOOD))})
    fw = Framework.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("assessment:framework_detail", args=[fw.pk])
    page = c.get(r["Location"]).content.decode()
    assert "Ban hành kế hoạch CCHC" in page
    x = c.get(r["Location"] + "?format=xlsx")
    assert x["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_office_opens_round_from_page(users):
    fw = services.framework_load_file("demo_xa.json", year=2025, user=users["par_office"])
    c = client_for(users["par_office"])
    url = reverse("assessment:framework_detail", args=[fw.pk])
    r = c.post(url, {"op": "open_round", "deadline": "2025-12-05"}, follow=True)
    fw.refresh_from_db()
    assert fw.locked and fw.round.deadline.date().isoformat() == "2025-12-05"
    n = SelfAssessment.objects.filter(round=fw.round).count()
    assert n == services.units_for("xa", 2025).count() and n > 0
    assert "Đã mở đợt tự đánh giá" in r.content.decode()
    # a unit user cannot post office operations
    assert client_for(users["focal_point"]).post(url, {"op": "lock"}).status_code == 403


@pytest.mark.django_db
def test_office_moves_the_deadline_and_late_units_can_send_again(users, rnd):
    from cchc.notifications.models import Notification

    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    score = sa.scores.select_related("criterion").first()
    rnd.deadline = timezone.now() - timedelta(days=1)
    rnd.save(update_fields=["deadline"])
    with pytest.raises(services.AssessmentError) as e:
        services.score_save(score, user=users["focal_point"], points=score.criterion.max_points)
    assert e.value.code == "past_deadline"
    c = client_for(users["par_office"])
    url = reverse("assessment:framework_detail", args=[rnd.framework_id])
    assert 'id="round-deadline"' in c.get(url).content.decode()
    new_day = (timezone.localdate() + timedelta(days=10)).isoformat()
    page = c.post(url, {"op": "deadline", "deadline": new_day}, follow=True).content.decode()
    rnd.refresh_from_db()
    assert timezone.localtime(rnd.deadline).date().isoformat() == new_day and "Đã đổi hạn gửi" in page
    score = Score.objects.select_related("criterion").get(pk=score.pk)  # read again, as the next request would
    services.score_save(score, user=users["focal_point"], points=score.criterion.max_points)  # allowed again
    told = Notification.objects.filter(user=users["focal_point"], title__contains="hạn gửi mới")
    assert told.count() == 1
    # a day already past, another unit's user, a closed round: refused, nothing changed
    past = c.post(url, {"op": "deadline", "deadline": "2020-01-01"}, follow=True).content.decode()
    assert "Hạn gửi mới phải sau thời điểm hiện tại" in past
    assert client_for(users["focal_point"]).post(url, {"op": "deadline", "deadline": new_day}).status_code == 403
    rnd.closed = True
    rnd.save(update_fields=["closed"])
    with pytest.raises(services.AssessmentError):
        services.round_set_deadline(rnd, deadline=timezone.now() + timedelta(days=20), user=users["par_office"])
    rnd.refresh_from_db()
    assert timezone.localtime(rnd.deadline).date().isoformat() == new_day


@pytest.mark.django_db
def test_nav_link(users):
    page = client_for(users["viewer"]).get("/").content.decode()
    assert reverse("assessment:index") in page


@pytest.mark.django_db
def test_publish_freezes_results_and_public_page(users, rnd):
    from tests.assessment.test_publish import publishable

    publishable(rnd, users)  # both units sent, every line appraised
    anon = Client()
    detail = reverse("assessment:public_detail", args=[rnd.pk])
    assert anon.get(detail).status_code == 404  # not published yet
    url = reverse("assessment:results", args=[rnd.pk])
    assert client_for(users["focal_point"]).post(url, {"op": "publish"}).status_code == 403
    office = client_for(users["par_office"])
    office.post(url, {"op": "publish", "decision": "Quyết định 141/QĐ-UBND ngày 14/01/2025", "confirm": "1"})
    rnd.refresh_from_db()
    assert rnd.published_at and rnd.closed and [r["rank"] for r in rnd.published_results] == [1, 2]
    page = anon.get(detail).content.decode()
    assert unit("T42.stp").name in page and "141/QĐ-UBND" in page and "100,00%" in page
    assert str(detail) in anon.get(reverse("assessment:public_list")).content.decode()
    # after publication the round is closed: a unit cannot change its scores any more
    sc = Score.objects.select_related("criterion", "assessment__round").get(
        assessment__round=rnd, assessment__unit=unit("T42.stp"), criterion__code="1.3")
    from cchc.core import review

    with pytest.raises((services.AssessmentError, review.TransitionError)) as e:
        services.score_save(sc, user=users["focal_point"], points=0)
    assert e.value.code in ("round_closed", "not_editable")
    office.post(url, {"op": "unpublish", "reason": ""})
    rnd.refresh_from_db()
    assert rnd.published_at is not None  # a reason is required
    office.post(url, {"op": "unpublish", "reason": "Sai số liệu Sở Y tế"})
    rnd.refresh_from_db()
    assert rnd.published_at is None and anon.get(detail).status_code == 404


@pytest.mark.django_db
def test_rank_change_against_last_year(users):
    from tests.assessment.test_services import _fill_all, _send

    office = users["par_office"]
    ranks = {}
    for year, best in ((2023, "T42.syt"), (2024, "T42.stp")):
        fw = services.framework_load_file("demo_so.json", year=year, user=office)
        r = services.round_open(fw, deadline=timezone.now() + timedelta(days=30), user=office,
                                units=[unit("T42.stp"), unit("T42.syt")])
        for code in ("T42.stp", "T42.syt"):
            sa = SelfAssessment.objects.get(round=r, unit=unit(code))
            _fill_all(sa, office, value=None if code == best else "0.5")
            _send(sa, office)
        ranks[year] = r
    from cchc.assessment import selectors

    rows = {x["unit"]: x for x in selectors.result_rows(ranks[2024], with_previous=True)}
    assert rows[unit("T42.stp").name]["previous_rank"] == 2 and rows[unit("T42.stp").name]["rank_change"] == 1
    assert rows[unit("T42.syt").name]["rank_change"] == -1
    page = client_for(office).get(reverse("assessment:results", args=[ranks[2024].pk])).content.decode()
    assert "▲ 1" in page and "▼ 1" in page


@pytest.mark.django_db
def test_results_xlsx_and_docx_annex(users, rnd):
    import io

    from docx import Document
    from docx.oxml.ns import qn

    from cchc.core.excel import sheet_rows
    from tests.assessment.test_publish import publishable

    publishable(rnd, users)  # Sở Tư pháp full marks, Sở Y tế 0,5 a criterion; sent and appraised
    c = client_for(users["par_office"])
    url = reverse("assessment:results", args=[rnd.pk])
    rows = sheet_rows(c.get(url + "?format=xlsx").content)
    assert rows[1][:2] == (1, unit("T42.stp").name) and rows[1][4] == 100
    assert rows[0][8] == "Chỉ số (chưa làm tròn)" and rows[1][8] == 100  # a number, not the text "100.0000…"
    draft = "\n".join(p.text for p in Document(io.BytesIO(c.get(url + "?format=docx").content)).paragraphs)
    assert f"(Kèm theo Quyết định số      /QĐ-UBND ngày      tháng      năm {timezone.localdate().year})" in draft
    c.post(url, {"op": "publish", "decision": "Quyết định số 141/QĐ-UBND ngày 14/01/2025 của UBND tỉnh",
                 "confirm": "1"})
    doc = Document(io.BytesIO(c.get(url + "?format=docx").content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA CÁC SỞ, BAN, NGÀNH" in text
    assert "(Kèm theo Quyết định số 141/QĐ-UBND" in text
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][-1] == "Xếp hạng"
    # the unit as the province lists it, without "tỉnh Hà Tĩnh" the title implies
    assert [c.text for c in table.rows[1].cells] == ["1", "Sở Tư pháp", "75,00", "75,00", "100,00", "Tốt", "1"]
    assert doc.sections[0].left_margin.mm == pytest.approx(30, abs=0.1)
    # the shared writer: A4, page numbers, header row repeated, the unit's name the widest column (it wrapped every
    # word in six equal columns, the ranks 1, 1, 1, 7 printed as "STT")
    assert round(doc.sections[0].page_height.mm) == 297 and "PAGE" in doc.sections[0].header._element.xml
    assert "tblHeader" in table.rows[0]._tr.xml
    grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[1] == max(grid)


@pytest.mark.django_db
def test_a_lines_message_is_shown_on_that_line(users, rnd):
    """Saving one line brings the page back scrolled to it: a refused evidence file (or “Đã lưu.”) is said on that
    line, not only at the top of the page, out of sight."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    sc = Score.objects.filter(assessment=sa, criterion__code="1.3").get()
    c = client_for(users["focal_point"])
    url = reverse("assessment:assessment_detail", args=[sa.pk])
    r = c.post(url, {"op": "score", "score": sc.pk, "points": "1", "version": sc.version,
                     "files": SimpleUploadedFile("kế hoạch.pdf", b"not a pdf at all")}, follow=True)
    row = r.content.decode().split(f'<tr id="s{sc.pk}"')[1].split("</tr>")[0]
    assert '<p class="msg error line-msg" role="status">' in row and "không phải PDF" in row
    sc.refresh_from_db()
    assert sc.self_points == D(1) and not sc.files.exists()  # the score is kept, the file refused
    other = Score.objects.filter(assessment=sa, criterion__code="1.2").get()
    page = c.post(url, {"op": "score", "score": other.pk, "points": "1", "version": other.version},
                  follow=True).content.decode()
    row = page.split(f'<tr id="s{other.pk}"')[1].split("</tr>")[0]
    assert '<p class="msg success line-msg" role="status">Đã lưu.</p>' in row
    assert "line-msg" not in page.split(f'<tr id="s{sc.pk}"')[1].split("</tr>")[0]  # shown once, then gone


@pytest.mark.django_db
def test_a_long_sheet_opens_with_its_parts_points_and_lines_filled(users, rnd):
    from cchc.assessment import selectors

    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    Score.objects.filter(assessment=sa).update(self_points=None, not_applicable=False)
    line = Score.objects.get(assessment=sa, criterion__code="1.3")
    services.score_save(line, user=users["focal_point"], points=D("1.5"), expected_version=line.version)
    outline = selectors.sheet_outline(selectors.self_assessment_sheet(sa))
    top = [c for c in rnd.framework.criteria.filter(parent=None).order_by("order")]
    assert [p["criterion"] for p in outline] == top
    first = outline[0]
    leaves = Score.objects.filter(assessment=sa, criterion__code__startswith="1.", criterion__is_leaf=True,
                                  criterion__survey=False)
    assert (first["own"], first["filled"], first["lines"]) == (D("1.5"), 1, leaves.count())
    assert first["max"] == sum(s.criterion.max_points for s in leaves)
    assert all(p["filled"] == 0 for p in outline[1:])
    survey = [p for p in outline if p["survey"]]  # the sociological-survey parts: points come from the survey
    assert survey and all(p["lines"] == 0 for p in survey if p["criterion"].code in ("8", "9"))
    page = client_for(users["focal_point"]).get(reverse("assessment:assessment_detail", args=[sa.pk])).content.decode()
    start = page.index('<nav class="card" id="outline"')
    nav = page[start:page.index("</nav>", start)]
    assert f'href="#{first["anchor"]}"' in nav and f'id="{first["anchor"]}"' in page
    assert f"đã chấm 1/{leaves.count()} dòng" in nav and nav.count("<li>") == len(top)
