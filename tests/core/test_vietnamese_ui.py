"""Vietnamese everywhere: audit entries as sentences, error pages with a way home, password messages, the favicon,
labels instead of codes (training needs, unit export), unit pages that link only where the user may go, and course
materials streamed through a scoped view (media is never public)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.test import Client


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


# --------------------------------------------------------------------------------------------- audit sentences

def test_audit_entries_read_as_vietnamese_sentences(users, org_tree):
    from auditlog.models import LogEntry

    from cchc.capacity.models import Course
    from cchc.core import audit

    with audit.actor(users["par_office"]):
        course = Course.objects.create(title="Lớp nghiệp vụ CCHC", organiser=org_tree["T42.stp"],
                                       start_date=date(2024, 3, 1), end_date=date(2024, 3, 2), areas=[])
        course.format = "online"
        course.start_date = date(2024, 3, 5)
        course.areas = ["thủ tục hành chính", "chính quyền số"]
        course.description = "Bồi dưỡng kỹ năng"
        course.save()
    entries = LogEntry.objects.get_for_object(course).select_related("actor", "content_type").order_by("timestamp")
    created, updated = audit.describe(entries)
    assert created["sentence"].startswith("par_office đã tạo lớp bồi dưỡng, tập huấn “Lớp nghiệp vụ CCHC”")
    changes = {label: (old, new) for label, old, new in updated["changes"]}
    assert changes["Hình thức"] == ("Trực tiếp", "Trực tuyến")
    assert changes["Từ ngày"] == ("01/03/2024", "05/03/2024")
    assert changes["Lĩnh vực CCHC"][1] == "thủ tục hành chính; chính quyền số"
    assert changes["Nội dung"] == ("(trống)", "Bồi dưỡng kỹ năng")
    values = [v for c in updated["changes"] for v in c]
    assert "None" not in values and not any("\\u" in v for v in values)


def test_audit_browser_shows_sentences_in_local_time(users, org_tree, settings):
    from auditlog.models import LogEntry
    from django.utils import timezone

    from cchc.capacity.models import Course
    from cchc.core import audit

    with audit.actor(users["admin"]):
        course = Course.objects.create(title="Lớp thử", organiser=org_tree["T42.stp"], start_date=date(2024, 3, 1),
                                       end_date=date(2024, 3, 2))
        course.format = "mixed"
        course.save()
    html = _client(users["par_office"]).get("/core/audit/?model=capacity.course").content.decode()
    assert "admin đã sửa lớp bồi dưỡng, tập huấn “Lớp thử”" in html
    assert "Hình thức: Trực tiếp → Kết hợp" in html
    assert "None" not in html.split('id="audit"')[1] and "\\u" not in html
    entry = LogEntry.objects.get_for_object(course).latest("timestamp")
    local = timezone.localtime(entry.timestamp, timezone=__import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh"))
    assert local.strftime("%H:%M %d/%m/%Y") in html
    # the model filter lists Vietnamese names, not app.model codes
    assert ">Lớp bồi dưỡng, tập huấn<" in html


# --------------------------------------------------------------------------------------------- pages and messages

def test_error_pages_are_vietnamese_with_a_way_home(users, settings):
    settings.DEBUG = False
    c = _client(users["viewer"])
    resp = c.get("/khong-co-trang-nay/")
    html = resp.content.decode()
    assert resp.status_code == 404 and "Không tìm thấy trang" in html and 'href="/"' in html
    resp = c.get("/core/audit/")
    assert resp.status_code == 403 and "Không có quyền truy cập" in resp.content.decode()
    assert "Về trang chủ" in resp.content.decode()
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "Lỗi hệ thống" in html and 'href="/"' in html and "Về trang chủ" in html


def test_favicon_linked_and_served(users):
    html = _client(users["viewer"]).get("/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    resp = _client().get("/favicon.ico")
    assert resp.status_code == 301 and resp["Location"].endswith("img/favicon.ico")
    from django.contrib.staticfiles import finders

    assert finders.find("img/favicon.ico") and finders.find("img/favicon.svg")


def test_password_messages_are_vietnamese(db):
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("vi"):
        with pytest.raises(ValidationError) as exc:
            validate_password("Ab1!", User(username="nguoidung"))
    messages = exc.value.messages
    assert any("ít nhất 10 ký tự" in m for m in messages)
    assert not any("This password" in m or "characters" in m for m in messages)


# --------------------------------------------------------------------------------------------- labels, not codes

def test_training_needs_figures_use_labels(users, org_tree):
    from cchc.capacity import services
    from cchc.capacity.models import NeedsSurvey

    survey = NeedsSurvey.objects.create(title="Nhu cầu 2025", year=2025, is_open=True)
    services.needs_save(survey, org_tree["T42.stp"], user=users["unit_leader"], areas=["procedures"],
                        format="online", period="Q2", learners=1234, note="")
    html = _client(users["par_office"]).get(f"/capacity/needs/{survey.pk}/").content.decode()
    section = html.split('id="needs-summary"')[1]
    assert "Trực tuyến" in section and "Quý II" in section
    assert ">online<" not in section and ">Q2<" not in section and "online:" not in section
    assert "1.234" in section


def test_unit_export_writes_kind_labels(users, org_tree):
    from openpyxl import load_workbook

    resp = _client(users["par_office"]).get("/org/export.xlsx?q=T42.stp")
    ws = load_workbook(BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    kinds = {r[3] for r in rows[1:]}
    assert kinds and not kinds & {"department", "province", "district", "commune"}
    assert ws.title == "Đơn vị"


def test_unit_export_round_trips_through_import(users, org_tree):
    """Kinds written as labels are read back by the import (no change reported as an error)."""
    from cchc.org import services
    from cchc.org.models import OrgUnit

    data = services.units_export_xlsx(OrgUnit.objects.filter(code__startswith="T42.snv"))
    report = services.units_import_xlsx(data, user=users["par_office"], filename="don-vi.xlsx")
    assert report.ok, report


# --------------------------------------------------------------------------------------------- unit pages

def test_unit_page_links_only_to_units_the_user_may_open(users, org_tree):
    from cchc.org.models import Succession

    c = _client(users["viewer"])  # Sở Tư pháp Hà Tĩnh
    html = c.get("/org/units/T42.stp/").content.decode()
    parent = org_tree["T42.stp"].parent
    assert parent is not None
    assert f'href="/org/units/{parent.code}/"' not in html and parent.name in html
    assert c.get(f"/org/units/{parent.code}/").status_code == 404
    office = _client(users["par_office"]).get("/org/units/T42.stp/").content.decode()
    assert f'href="/org/units/{parent.code}/"' in office
    # successions: a predecessor outside the user's scope is plain text
    s = Succession.objects.filter(successor__province__code="T42").select_related("predecessor", "successor") \
        .exclude(successor__path__startswith=org_tree["T42.stp"].path).first()
    if s is not None:
        html = _client(users["viewer"]).get(f"/org/units/{s.successor.code}/")
        assert html.status_code == 404  # not even the page: the viewer only sees Sở Tư pháp


# --------------------------------------------------------------------------------------------- media

def test_course_material_is_served_only_through_a_scoped_view(users, org_tree, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    from cchc.capacity import services
    from cchc.capacity.models import Course

    course = Course.objects.create(title="Lớp tài liệu", organiser=org_tree["T42.stp"], start_date=date(2024, 3, 1),
                                   end_date=date(2024, 3, 2))
    from tests.helpers import pdf_with_text

    pdf = pdf_with_text("Tài liệu bồi dưỡng")  # a material must parse as a PDF, not only start like one
    material = services.material_add_file(users["par_office"], course, pdf, "Tài liệu bồi dưỡng.pdf",
                                          title="Tài liệu bồi dưỡng")
    office = _client(users["par_office"])
    html = office.get(f"/capacity/courses/{course.pk}/").content.decode()
    url = f"/capacity/materials/{material.pk}/"
    assert f'href="{url}"' in html and "/media/" not in html
    resp = office.get(url)
    assert resp.status_code == 200 and b"".join(resp.streaming_content).startswith(b"%PDF")
    # the organiser's own staff may read it; another unit's user gets a 404; nobody reads /media/ directly
    assert _client(users["viewer"]).get(url).status_code == 200
    assert _client(users["focal_b"]).get(url).status_code == 404
    assert _client().get(url).status_code == 302  # to the login page
    assert office.get("/media/" + material.file.name).status_code == 404


# --------------------------------------------------------------------------------------------- UI language

@pytest.mark.django_db
def test_ui_is_vietnamese_whatever_the_browser_language_until_the_user_chooses():
    from django.conf import settings

    c = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = c.get("/login/")
    assert page.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in page.content.decode() and "Sign in" not in page.content.decode()
    # the language switch (a POST to set_language) is the only way to English, and back
    c.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert c.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = c.get("/login/")
    assert page.headers["Content-Language"] == "en" and "Sign in" in page.content.decode()
    c.post("/i18n/setlang/", {"language": "vi", "next": "/login/"})
    assert "Đăng nhập" in c.get("/login/").content.decode()
