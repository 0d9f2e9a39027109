"""The survey part of the index (15 + 10 points) filled from the platform's own surveys or from a sheet."""

import io
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from cchc.assessment.models import Score
from cchc.surveys import demo as survey_demo
from cchc.surveys import services as survey_services
from cchc.surveys.models import QuestionnaireVersion
from cchc.surveys.selectors import unit_satisfaction
from tests.conftest import unit
from tests.helpers import client_for

YEAR = 2024


def _survey(office, code, stp, n, population, seed):
    call_command("surveys", "templates", stdout=io.StringIO())
    version = QuestionnaireVersion.objects.get(questionnaire__code=code, number=1)
    now = timezone.now()
    r = survey_services.round_create(office, version=version, unit=stp, year=YEAR, quarter=None,
                                     opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=5),
                                     population=population)
    survey_demo._import(office, r, n, seed=seed, mood=0.9)
    return r


def _survey_points(code):
    return Score.objects.get(assessment__round__framework__year=YEAR, assessment__unit=unit("T42.stp"),
                             criterion__code=code).survey_points


@pytest.mark.django_db
def test_office_pulls_survey_points_from_the_surveys_units_without_enough_forms_are_listed(users, rnd):
    office = users["par_office"]
    stp = unit("T42.stp")
    _survey(office, "sipas-dich-vu", stp, 60, 400, seed=1)
    _survey(office, "dtxhh-can-bo", stp, 50, 60, seed=2)  # the sample rule: ≥ 50 forms and ≥ 10 %
    citizen = unit_satisfaction([stp.pk], YEAR)[stp.pk]["pct"]
    staff = unit_satisfaction([stp.pk], YEAR, kind="staff")[stp.pk]["pct"]
    c = client_for(office)
    page = c.post(f"/index/rounds/{rnd.pk}/results/", {"op": "survey_pull"}, follow=True).content.decode()
    assert "Đã lấy 2 điểm điều tra xã hội học" in page
    assert "Chưa đủ mẫu khảo sát" in page and unit("T42.syt").name in page
    assert abs(_survey_points("9.1") - D(str(citizen)) / 100 * 10) < D("0.01")
    assert abs(_survey_points("8.1") - D(str(staff)) / 100 * 15) < D("0.01")
    # a unit's focal point cannot do it
    before = _survey_points("9.1")
    assert client_for(users["focal_point"]).post(f"/index/rounds/{rnd.pk}/results/", {"op": "survey_pull"}) \
        .status_code == 403
    assert _survey_points("9.1") == before


@pytest.mark.django_db
def test_survey_points_sheet_upload_names_bad_rows_and_writes_nothing(users, rnd):
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Tiêu chí", "Điểm", "Tỷ lệ (%)"])
    ws.append(["T42.stp", "9.1", 8.5, None])
    ws.append(["T42.syt", "9.1", None, 90])
    ws.append(["T42.syt", "1.1", 1, None])
    buf = io.BytesIO()
    wb.save(buf)
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(users["par_office"])
    url = f"/index/rounds/{rnd.pk}/results/"
    page = c.post(url, {"op": "survey_import", "file": SimpleUploadedFile("dt.xlsx", buf.getvalue())},
                  follow=True).content.decode()
    assert "Dòng 4, cột Tiêu chí" in page and _survey_points("9.1") is None
    ws.delete_rows(4)
    buf = io.BytesIO()
    wb.save(buf)
    page = c.post(url, {"op": "survey_import", "file": SimpleUploadedFile("dt.xlsx", buf.getvalue())},
                  follow=True).content.decode()
    assert "Đã nhập 2 điểm điều tra xã hội học" in page and _survey_points("9.1") == D("8.5")
