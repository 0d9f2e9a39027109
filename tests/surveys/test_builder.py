"""Questionnaire versions through the pages: only the CCHC office edits, only drafts change; the plan target
measurement from the results page."""

from cchc.surveys.models import Item, QuestionnaireVersion
from tests.helpers import client_for as _client


def test_office_copies_edits_and_publishes_a_version_others_cannot(users, sipas):
    office = _client(users["par_office"])
    unit_user = _client(users["focal_point"])
    assert unit_user.post(f"/surveys/versions/{sipas.pk}/action/", {"action": "copy"}).status_code == 403
    r = office.post(f"/surveys/versions/{sipas.pk}/action/", {"action": "copy"})
    v2 = QuestionnaireVersion.objects.get(questionnaire=sipas.questionnaire, number=2)
    assert r.url == f"/surveys/versions/{v2.pk}/"
    section = v2.sections.get(code="cong_chuc")
    form = {"section": section.pk, "order": 9, "code": "cc9", "text": "Công chức mặc đồng phục, đeo thẻ",
            "kind": "likert5", "measure": "satisfaction", "required": "on"}
    assert unit_user.post(f"/surveys/versions/{v2.pk}/", form).status_code == 403
    assert office.post(f"/surveys/versions/{v2.pk}/", form).status_code == 302
    assert Item.objects.filter(section__version=v2, code="cc9").exists()
    again = office.post(f"/surveys/versions/{v2.pk}/", {**form, "text": "Câu khác"})
    assert again.status_code == 200 and "đã có trong phiên bản" in again.content.decode()
    # a published version shows no form and refuses a change
    assert office.post(f"/surveys/versions/{sipas.pk}/", form).status_code == 403
    office.post(f"/surveys/versions/{v2.pk}/action/", {"action": "publish"})
    assert QuestionnaireVersion.objects.get(pk=v2.pk).is_locked
    assert office.post(f"/surveys/versions/{v2.pk}/", form).status_code == 403
    assert Item.objects.filter(section__version=v2, code="cc9").count() == 1


def test_results_page_records_the_year_as_a_target_measurement(users, make_round):
    from cchc.plans.models import Measurement, Plan, Target
    from cchc.surveys import services
    from tests.surveys.conftest import full_answers, getter

    plan = Plan.objects.create(title="Kế hoạch CCHC")
    target = Target.objects.create(plan=plan, text="Mức độ hài lòng của người dân ≥ 94 %",
                                   indicator="mức độ hài lòng", value=94)
    rnd = make_round("T42.stp", quarter=None, population=100)
    _b, codes = services.codes_create(users["par_office"], rnd, 50)
    for code in codes:
        services.response_submit_with_code(code, getter(full_answers(rnd.version)))
    c = _client(users["focal_point"])
    page = c.get(f"/surveys/results/?year={rnd.year}&unit={rnd.unit_id}").content.decode()
    assert "Ghi kết quả năm vào chỉ tiêu" in page
    c.post("/surveys/results/measure/", {"unit": rnd.unit_id, "target": target.pk, "year": rnd.year})
    assert Measurement.objects.get(target=target, unit=rnd.unit).value == 100
    other = _client(users["focal_b"])
    assert other.post("/surveys/results/measure/", {"unit": rnd.unit_id, "target": target.pk,
                                                    "year": rnd.year}).status_code == 404
