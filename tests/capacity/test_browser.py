"""The CCHC office in a real browser: coverage figures, the staff registry, and its Excel export (a download)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.helpers import sideways

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_office_reads_coverage_and_exports_the_registry(live_server, users, org_tree, login, page, tmp_path):
    from cchc.capacity import services
    from cchc.capacity.models import CchcRole, Course, StaffMember

    today = date.today()
    stp, syt = org_tree["T42.stp"], org_tree["T42.syt"]
    lan = StaffMember.objects.create(full_name="Nguyễn Thị Lan", user=users["focal_point"], phone="0912345678")
    services.staff_assign(lan, stp, CchcRole.FOCAL_POINT, start=date(2024, 1, 2), position="Chuyên viên")
    binh = StaffMember.objects.create(full_name="Trần Văn Bình")
    services.staff_assign(binh, stp, CchcRole.PART_TIME, start=date(2024, 1, 2), position="Phó Chánh Văn phòng")
    hoa = StaffMember.objects.create(full_name="Lê Thị Hòa", user=users["focal_b"])
    services.staff_assign(hoa, syt, CchcRole.FULL_TIME, start=date(2024, 3, 1), position="Chuyên viên")
    course = Course.objects.create(title="Tập huấn CCHC", organiser=stp, start_date=today, end_date=today)
    services.course_enrol(users["par_office"], course, lan)
    services.course_enrol(users["par_office"], course, hoa)
    session = course.sessions.create(date=today, topic="Cải cách thủ tục hành chính")
    services.attendance_record(users["par_office"], session, {lan.pk})  # Lan attended the only session: trained; Hòa did not

    login("par_office")
    page.goto(f"{live_server.url}/capacity/")
    table = page.locator("#coverage")
    rows = {r.locator("td").first.inner_text().strip(): [c.strip() for c in r.locator("td").all_inner_texts()]
            for r in table.locator("tbody tr").all()}
    assert rows[stp.name][1] == "2" and rows[stp.name][2].startswith("1 (50,0%")
    assert rows[syt.name][1] == "1" and rows[syt.name][2].startswith("0 (0,0%")
    total = rows["Toàn tỉnh"]
    assert total[1] == "3" and total[2].startswith("1 (33,3%")
    assert total[5].startswith("2 (66,7%")  # two of three have an account: access to the knowledge base

    page.click("text=Danh sách cán bộ")
    page.wait_for_url(f"{live_server.url}/capacity/staff/")
    body = page.locator("table.table tbody")
    for name in ("Nguyễn Thị Lan", "Trần Văn Bình", "Lê Thị Hòa"):
        assert body.get_by_text(name).count() == 1
    with page.expect_download() as info:
        page.click("text=Xuất Excel")
    download = info.value
    assert re.fullmatch(r"can-bo-cchc-\d{4}-\d{2}-\d{2}\.xlsx", download.suggested_filename)  # the list's day
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    ws = load_workbook(target).active
    header, *data = list(ws.iter_rows(values_only=True))
    assert header[:5] == ("Họ và tên", "Mã đơn vị", "Đơn vị", "Chức vụ", "Vai trò CCHC")
    got = {r[0]: (r[1], r[4], r[9]) for r in data}
    assert got == {"Nguyễn Thị Lan": ("T42.stp", "Đầu mối", "focal_point"),
                   "Trần Văn Bình": ("T42.stp", "Kiêm nhiệm", None),
                   "Lê Thị Hòa": ("T42.syt", "Chuyên trách", "focal_b")}


@pytest.mark.usefixtures("transactional_db")
def test_staff_and_course_pages_fit_a_phone(live_server, users, org_tree, login, page):
    """At 390 px the page is no wider than the screen; the assignment history reads as cards (it scrolled inside its
    .tablewrap), the evaluation tables scroll inside theirs."""
    from cchc.capacity import services
    from cchc.capacity.models import CchcRole, Course, StaffMember, Trainer

    today = date.today()
    stp = org_tree["T42.stp"]
    lan = StaffMember.objects.create(full_name="Nguyễn Thị Lan", user=users["focal_point"])
    services.staff_assign(lan, stp, CchcRole.FOCAL_POINT, start=date(2024, 1, 2),
                          position="Phó Chánh Văn phòng kiêm Trưởng bộ phận một cửa")
    course = Course.objects.create(title="Tập huấn nghiệp vụ kiểm soát thủ tục hành chính", organiser=stp,
                                   start_date=today, end_date=today)
    services.course_enrol(users["par_office"], course, lan)
    trainer = Trainer.objects.create(name="Trần Văn Giảng Viên")
    course.sessions.create(date=today, topic="Cải cách thủ tục hành chính", trainer=trainer)
    login("par_office")
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (f"/capacity/staff/{lan.pk}/", f"/capacity/courses/{course.pk}/"):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    page.goto(f"{live_server.url}/capacity/staff/{lan.pk}/")
    got = sideways(page)
    assert not got["boxes"] and not got["outside"], got


@pytest.mark.usefixtures("transactional_db")
def test_office_lists_read_on_a_phone_without_sideways_scrolling(live_server, users, login, page):
    """Trainers, course evaluations and the knowledge office's queues as cards, the training-needs counts as they are:
    nothing on these pages scrolls sideways at 390 px (each had a table wider than the screen)."""
    from cchc.capacity.models import NeedsResponse, NeedsSurvey, Trainer
    from cchc.org.models import OrgUnit

    Trainer.objects.create(name="TS. Nguyễn Văn Bình", organisation="Học viện Hành chính và Quản trị công",
                           expertise="Cải cách thủ tục hành chính")
    survey = NeedsSurvey.objects.create(title="Nhu cầu bồi dưỡng", year=date.today().year, is_open=True)
    NeedsResponse.objects.create(survey=survey, unit=OrgUnit.objects.get(code="T42.stp"), areas=["procedures"],
                                 format="online", period="Q2", learners=4)
    from cchc.capacity import services
    from cchc.capacity.models import CchcRole, Course, Session, StaffMember

    course = Course.objects.create(title="Tập huấn nghiệp vụ CCHC", organiser=OrgUnit.objects.get(code="T42.snv"),
                                   start_date=date.today(), end_date=date.today())
    trainer = Trainer.objects.get()
    Session.objects.create(course=course, date=date.today(), topic="Buổi 1", trainer=trainer)
    learner = StaffMember.objects.create(full_name="Lê Văn Học", user=users["viewer"])
    services.staff_assign(learner, OrgUnit.objects.get(code="T42.stp"), CchcRole.PART_TIME, start=date(2024, 1, 2))
    services.course_enrol(users["par_office"], course, learner)
    services.evaluation_submit(users["viewer"], course, staff=learner, trainer=trainer, scores={
        "content": 5, "method": 4, "trainer_score": 5, "usefulness": 4})
    login("par_office")
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/capacity/trainers/", f"/capacity/needs/{survey.pk}/", "/kb/office/", "/capacity/courses/"):
        page.goto(f"{live_server.url}{url}")
        wide = page.evaluate("""() => [...document.querySelectorAll('.tablewrap')]
            .filter(w => w.scrollWidth > w.clientWidth + 2).length""")
        assert page.locator("table").count() and wide == 0, url
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
