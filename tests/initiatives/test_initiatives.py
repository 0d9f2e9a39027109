"""Reform initiatives: a unit proposes, the council scores, the office decides, other units replicate; the
recognised list is public; proposals of other units stay hidden."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cchc.initiatives import scoring, selectors, services
from cchc.initiatives.models import Initiative, Replication
from cchc.org.models import OrgUnit
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
GOOD = {"novelty": 25, "effect": "32,5", "replicable": 15, "scope": 8}


def _client(user=None):
    c = Client()
    if user is not None:
        assert c.login(username=user.username, password=PASSWORD)
    return c


def test_score_sheet_rules():
    values, errors = scoring.check_sheet(GOOD)
    assert errors == [] and scoring.total(values) == 80.5
    _v, errors = scoring.check_sheet({"novelty": 31, "effect": "abc", "replicable": 5})
    assert len(errors) == 3 and any("từ 0 đến 30" in e for e in errors) and any("phải là số" in e for e in errors)
    assert any("Phạm vi ảnh hưởng" in e for e in errors)
    assert scoring.proposed_outcome(scoring.mean_total([80.5, 40])) == "recognise"
    assert scoring.proposed_outcome(scoring.mean_total([40, 50])) == "reject"
    assert scoring.proposed_outcome(None) == ""


@pytest.fixture
def proposal(users):
    return services.initiative_propose(user=users["focal_point"], unit=OrgUnit.objects.get(code="T42.stp"), year=YEAR,
                                       title="Bộ phận một cửa không giấy", authors="Lê Văn Cường",
                                       description="Số hóa 100% hồ sơ khi tiếp nhận.", area="procedures")


def test_propose_score_decide_replicate(users, proposal):
    with pytest.raises(services.InitiativeError) as e:
        services.initiative_propose(user=users["focal_point"], unit=OrgUnit.objects.get(code="T42.syt"), year=YEAR,
                                    title="x", authors="y", description="z")
    assert e.value.code == "forbidden"
    with pytest.raises(services.InitiativeError) as e:
        services.initiative_decide(user=users["par_office"], initiative=proposal, recognise=True, decision_number="1")
    assert e.value.code == "not_scored"
    with pytest.raises(services.InitiativeError):
        services.initiative_score(user=users["focal_b"], initiative=proposal, scores=GOOD)  # not on the council
    with pytest.raises(services.InitiativeError) as e:
        services.initiative_score(user=users["appraiser"], initiative=proposal, scores={**GOOD, "scope": 11})
    assert e.value.code == "bad_scores"
    services.initiative_score(user=users["appraiser"], initiative=proposal, scores=GOOD)
    services.initiative_score(user=users["par_office"], initiative=proposal, scores={**GOOD, "effect": 20})
    services.initiative_score(user=users["appraiser"], initiative=proposal, scores={**GOOD, "novelty": 20})  # replaces
    rows = selectors.sheet_rows(proposal)
    assert len(rows["sheets"]) == 2 and rows["mean"] == round((75.5 + 68) / 2, 2) and rows["proposed"] == "recognise"
    with pytest.raises(services.InitiativeError) as e:
        services.initiative_decide(user=users["par_office"], initiative=proposal, recognise=True)
    assert e.value.code == "no_number"
    with pytest.raises(services.InitiativeError):
        services.initiative_decide(user=users["appraiser"], initiative=proposal, recognise=True, decision_number="1")
    services.initiative_decide(user=users["par_office"], initiative=proposal, recognise=True,
                               decision_number="123/QĐ-UBND", commendation="Bằng khen của Chủ tịch UBND tỉnh")
    assert proposal.status == Initiative.Status.RECOGNISED
    with pytest.raises(services.InitiativeError) as e:
        services.initiative_score(user=users["appraiser"], initiative=proposal, scores=GOOD)
    assert e.value.code == "decided"
    # Sở Y tế applies it; the author unit cannot "replicate" its own; no future start
    syt = OrgUnit.objects.get(code="T42.syt")
    with pytest.raises(services.InitiativeError) as e:
        services.replication_declare(user=users["focal_point"], initiative=proposal,
                                     unit=OrgUnit.objects.get(code="T42.stp"), started_on=timezone.localdate())
    assert e.value.code == "own"
    with pytest.raises(services.InitiativeError) as e:
        services.replication_declare(user=users["focal_b"], initiative=proposal, unit=syt,
                                     started_on=timezone.localdate() + timedelta(days=2))
    assert e.value.code == "future"
    services.replication_declare(user=users["focal_b"], initiative=proposal, unit=syt,
                                 started_on=timezone.localdate(), result="Giảm 30% thời gian")
    services.replication_declare(user=users["focal_b"], initiative=proposal, unit=syt,
                                 started_on=timezone.localdate(), result="Giảm 40% thời gian")
    assert Replication.objects.get().result == "Giảm 40% thời gian"


def test_public_list_shows_only_recognised_and_proposals_stay_with_their_unit(users, proposal):
    anon = _client()
    assert "Bộ phận một cửa không giấy" not in anon.get("/initiatives/public/").content.decode()
    assert _client(users["focal_b"]).get(f"/initiatives/{proposal.pk}/").status_code == 404
    assert _client(users["commune_focal"]).get(f"/initiatives/{proposal.pk}/").status_code == 404
    for name in ("focal_point", "unit_leader", "viewer", "par_office", "appraiser"):
        assert _client(users[name]).get(f"/initiatives/{proposal.pk}/").status_code == 200, name
    assert "Bộ phận một cửa không giấy" not in _client(users["focal_b"]).get("/initiatives/").content.decode()
    services.initiative_score(user=users["appraiser"], initiative=proposal, scores=GOOD)
    services.initiative_decide(user=users["par_office"], initiative=proposal, recognise=True, decision_number="9/QĐ")
    page = anon.get("/initiatives/public/").content.decode()
    assert "Bộ phận một cửa không giấy" in page and "9/QĐ" in page
    assert _client(users["focal_b"]).get(f"/initiatives/{proposal.pk}/").status_code == 200
    assert anon.get("/initiatives/").status_code == 302  # the working list needs sign-in


def test_web_propose_with_attachment_and_bad_file(users):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    buf = BytesIO()
    Document().save(buf)
    c = _client(users["focal_point"])
    stp = OrgUnit.objects.get(code="T42.stp")
    bad = SimpleUploadedFile("a.pdf", b"%PDF-1.4 not really a pdf")
    c.post("/initiatives/new/", {"unit": stp.pk, "year": YEAR, "title": "Sáng kiến A", "authors": "B",
                                 "description": "C", "area": "direction", "attachment": bad})
    assert not Initiative.objects.exists()
    good = SimpleUploadedFile("thuyet-minh.docx", buf.getvalue())
    r = c.post("/initiatives/new/", {"unit": stp.pk, "year": YEAR, "title": "Sáng kiến A", "authors": "B",
                                     "description": "C", "area": "direction", "attachment": good})
    ini = Initiative.objects.get()
    assert r.status_code == 302 and ini.attachment.name.endswith(".docx") and ini.unit == stp
    got = c.get(f"/initiatives/{ini.pk}/attachment/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == buf.getvalue()
    assert _client(users["focal_b"]).get(f"/initiatives/{ini.pk}/attachment/").status_code == 404
    # another unit's id in the form is refused
    c.post("/initiatives/new/", {"unit": OrgUnit.objects.get(code="T42.syt").pk, "year": YEAR, "title": "X",
                                 "authors": "Y", "description": "Z"})
    assert Initiative.objects.count() == 1


def test_index_measures_count_recognised_and_replicated_initiatives(users, proposal):
    from cchc.assessment import measures

    stp, syt = OrgUnit.objects.get(code="T42.stp"), OrgUnit.objects.get(code="T42.syt")
    assert measures.compute("initiatives.recognised_count", [stp, syt], YEAR) == {}  # proposed only: nothing yet
    services.initiative_score(user=users["appraiser"], initiative=proposal, scores=GOOD)
    services.initiative_decide(user=users["par_office"], initiative=proposal, recognise=True,
                               decision_number="123/QĐ-UBND")
    services.replication_declare(user=users["focal_b"], initiative=proposal, unit=syt,
                                 started_on=timezone.localdate(), result="Giảm 30% thời gian")
    got = measures.compute("initiatives.recognised_count", [stp, syt], YEAR)
    assert set(got) == {stp.pk} and got[stp.pk].value == 1 and got[stp.pk].rows == [proposal.pk]
    assert "1 sáng kiến được công nhận" in got[stp.pk].formula
    rep = measures.compute("initiatives.replicated_count", [stp, syt], timezone.localdate().year)
    assert set(rep) == {syt.pk} and rep[syt.pk].value == 1
    assert measures.get("initiatives.recognised_count").kind == measures.COUNT


def test_recognition_links_to_its_commendation_and_bad_input_changes_nothing(users, proposal):
    services.initiative_score(user=users["appraiser"], initiative=proposal, scores=GOOD)
    office = Client()
    office.force_login(users["par_office"])
    url = f"/initiatives/{proposal.pk}/decide/"
    bad_url = office.post(url, {"outcome": "recognise", "decision_number": "12/QĐ-UBND",
                                "commendation_url": "javascript:alert(1)"}, follow=True).content.decode()
    assert "không phải địa chỉ http(s) hợp lệ" in bad_url
    bad_date = office.post(url, {"outcome": "recognise", "decision_number": "12/QĐ-UBND",
                                 "decided_on": "31/02/2026"}, follow=True).content.decode()
    assert "Ngày quyết định “31/02/2026” không hợp lệ" in bad_date
    proposal.refresh_from_db()
    assert proposal.status == Initiative.Status.PROPOSED and not proposal.decision_number  # nothing written
    link = "https://vanban.hatinh.gov.vn/qd-khen-thuong-123.pdf"
    office.post(url, {"outcome": "recognise", "decision_number": "12/QĐ-UBND", "decided_on": "05/03/2026",
                      "commendation": "Bằng khen của Chủ tịch UBND tỉnh", "commendation_url": link})
    proposal.refresh_from_db()
    assert proposal.status == Initiative.Status.RECOGNISED and proposal.decided_on.isoformat() == "2026-03-05"
    public = Client().get("/initiatives/public/").content.decode()
    assert f'href="{link}"' in public and "Bằng khen của Chủ tịch UBND tỉnh" in public
    detail = office.get(f"/initiatives/{proposal.pk}/").content.decode()
    assert f'href="{link}"' in detail and 'rel="noopener noreferrer"' in detail
