"""Only the units whose self-assessment the office has received (sent and, with the leader step, approved: waiting for
appraisal or appraised) are ranked; a draft, a returned one and one still with its leader are listed under the
ranking, unranked, with why — on the results page, in its Excel export, the API rows, the command line, and the
publication refuses while any is left (the same rule)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cchc.assessment import selectors, services
from cchc.assessment.models import SelfAssessment
from cchc.core import review
from tests.assessment.test_services import _fill_all
from tests.conftest import unit
from tests.helpers import client_for

CODES = ("T42.stp", "T42.syt", "T42.snv", "T42.skhcn", "T42.stttt")


@pytest.fixture
def mixed(users, settings):
    """Five sở: Sở Y tế sent (0,5 a criterion), Sở Nội vụ sent and accepted (1 a criterion); Sở Tư pháp sent by its
    focal point and waiting for its leader, Sở KH&CN sent then returned, Sở TT&TT a draft — all three with full
    marks, which would top the ranking if drafts were ranked."""
    settings.CCHC_LEADER_APPROVAL = True
    office = users["par_office"]
    fw = services.framework_load_file("demo_so.json", year=2024, user=office)
    rnd = services.round_open(fw, deadline=timezone.now() + timedelta(days=30), user=office,
                              units=[unit(c) for c in CODES])
    sa = {c: SelfAssessment.objects.get(round=rnd, unit=unit(c)) for c in CODES}

    def send(code, user, value=None):
        _fill_all(sa[code], user, value=value)
        sa[code].refresh_from_db()
        services.self_assessment_transition(sa[code], user=user, action=review.SUBMIT)

    send("T42.stp", users["focal_point"])
    send("T42.syt", users["focal_b"], "0.5")
    send("T42.snv", office, "1")
    services.self_assessment_transition(sa["T42.snv"], user=office, action=review.ACCEPT)
    send("T42.skhcn", office)
    services.self_assessment_transition(sa["T42.skhcn"], user=office, action=review.RETURN, comment="Thiếu tài liệu")
    _fill_all(sa["T42.stttt"], office)
    states = dict(SelfAssessment.objects.filter(round=rnd).values_list("unit__code", "review_state"))
    assert states == {"T42.stp": review.LEADER_REVIEW, "T42.syt": review.SUBMITTED, "T42.snv": review.ACCEPTED,
                      "T42.skhcn": review.RETURNED, "T42.stttt": review.DRAFT}
    return rnd


UNRANKED = {"T42.stp": "Chờ lãnh đạo đơn vị duyệt, Sở Nội vụ chưa nhận", "T42.skhcn": "Bị trả lại, chưa gửi lại",
            "T42.stttt": "Chưa gửi tự đánh giá"}


@pytest.mark.django_db
@pytest.mark.parametrize("use", ["appraised", "self"])
def test_only_received_self_assessments_are_ranked(users, mixed, use):
    rows = selectors.result_rows(mixed, use=use, with_previous=True)
    ranked = [(r["unit"], r["rank"]) for r in rows if r["ranked"]]
    assert ranked == [(unit("T42.snv").name, 1), (unit("T42.syt").name, 2)]
    assert [r["ranked"] for r in rows] == [True, True, False, False, False]  # the others below the ranking
    below = {r["unit"]: (r["rank"], r["points"], r["index"], r["class"], r["reason"]) for r in rows[2:]}
    assert below == {unit(c).name: (None, None, None, None, reason) for c, reason in UNRANKED.items()}
    # the lost points are those of the ranked units too: a draft has lost nothing yet
    losers = {name for d in selectors.lost_points(mixed, use=use, top=None) for name in d["losers"]}
    assert losers <= {unit("T42.snv").name, unit("T42.syt").name} and losers


@pytest.mark.django_db
def test_publication_waits_for_the_same_units(users, mixed):
    problems = services.round_publish_problems(mixed)[0]
    assert problems.startswith("3/5 đơn vị chưa gửi")
    unranked = [r["unit"] for r in selectors.result_rows(mixed) if not r["ranked"]]
    assert all(name in problems for name in unranked)
    assert not any(unit(c).name in problems for c in ("T42.snv", "T42.syt"))


@pytest.mark.django_db
def test_results_page_export_and_command_list_the_unranked_below(users, mixed):
    from cchc.core.excel import sheet_rows

    c = client_for(users["par_office"])
    url = reverse("assessment:results", args=[mixed.pk])
    page = c.get(url).content.decode()
    ranking = page[page.index('id="results"'):page.index("</table>", page.index('id="results"'))]
    assert unit("T42.snv").name in ranking and unit("T42.syt").name in ranking
    assert not any(unit(code).name in ranking for code in UNRANKED)
    below = page[page.index('id="unranked"'):]
    assert "Chưa xếp hạng: 3 đơn vị Sở Nội vụ chưa nhận báo cáo tự đánh giá" in below
    for code, reason in UNRANKED.items():
        row = below[below.index(unit(code).name):]
        assert row[:row.index("</tr>")].count(reason) == 1
    rows = sheet_rows(c.get(url + "?format=xlsx").content)
    assert rows[0][-1] == "Ghi chú"
    assert [r[0] for r in rows[1:]] == [1, 2, None, None, None]
    assert {r[1]: r[-1] for r in rows[3:]} == {unit(code).name: reason for code, reason in UNRANKED.items()}
    assert all(v is None for r in rows[3:] for v in r[2:7])  # no figures of a draft
    from docx import Document

    table = Document(io.BytesIO(c.get(url + "?format=docx").content)).tables[0]
    assert [[cell.text for cell in row.cells][-1] for row in table.rows[1:]][:2] == ["1", "2"]
    assert {tuple(cell.text for cell in row.cells)[2:] for row in table.rows[3:]} == {
        ("", "", "", "", reason) for reason in UNRANKED.values()}
    out = io.StringIO()
    call_command("index", "results", "--year", "2024", "--kind", "so", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("  1. " + unit("T42.snv").name) and lines[1].startswith("  2. ")
    assert f"  —  {unit('T42.stttt').name}: Chưa gửi tự đánh giá" in lines


@pytest.mark.django_db
def test_no_unit_sent_yet(users, rnd):
    page = client_for(users["par_office"]).get(reverse("assessment:results", args=[rnd.pk])).content.decode()
    assert "Chưa có đơn vị nào được xếp hạng: chưa đơn vị nào gửi báo cáo tự đánh giá tới Sở Nội vụ." in page
    assert "Chưa xếp hạng: 2 đơn vị" in page
