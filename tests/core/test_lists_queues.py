"""The office's queues are lists like the others: paged with counts, sorted by declared keys, filtered, a bounded
number of queries at 20 and 200 rows a page, and still scoped to the user's unit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.core.test_lists import _count

N = 30


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def reports(users, org_tree):
    """A SUBMITTED progress report for every occurrence of a quarterly task led by five units (8 quarters each)."""
    from django.utils import timezone

    from cchc.core import review
    from cchc.plans.models import Occurrence, ProgressReport
    from tests.plans.conftest import confirm_draft, small_draft

    draft = small_draft()
    draft["tables"][0]["tasks"][1]["lead"] = ["Sở Y tế", "Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng"]
    draft["period"] = "2023-2024"
    confirm_draft(users["par_office"], draft)
    now = timezone.now()
    occs = list(Occurrence.objects.select_related("unit").order_by("pk"))
    for i, o in enumerate(occs):
        ProgressReport.objects.create(occurrence=o, unit=o.unit, review_state=review.SUBMITTED, percent=50,
                                      submitted_by=users["focal_point"], submitted_at=now - timedelta(minutes=len(occs) - i))
    return ProgressReport.objects.filter(review_state=review.SUBMITTED)


def test_review_queue_pages_with_counts_and_bounded_queries(reports, users):
    total = reports.count()
    assert total > 20
    c = _client(users["par_office"])
    small, resp = _count(c, "/plans/review/?per=20")
    html = resp.content.decode()
    assert f"Hiển thị 1–20 trong {total}" in html and 'rel="next"' in html
    _n, resp = _count(c, "/plans/review/?per=20&page=2")
    assert f"Hiển thị 21–{min(40, total)} trong {total}" in resp.content.decode()
    large, resp = _count(c, "/plans/review/?per=200")
    assert f"Hiển thị 1–{min(200, total)} trong {total}" in resp.content.decode()
    assert large == small, f"{small} queries for 20 rows, {large} for {total}"


def test_review_queue_sorts_and_filters_by_unit(reports, users):
    c = _client(users["par_office"])
    stp = reports.filter(unit__code="T42.stp").count()
    assert 0 < stp < reports.count()
    html = c.get("/plans/review/?unit=T42.stp").content.decode()
    assert f"Hiển thị 1–{stp} trong {stp}" in html
    assert "Sở Y tế" not in html.split('id="queue"')[1]
    # the oldest report first by default; "-submitted" puts the newest first
    first, last = reports.order_by("submitted_at")[0], reports.order_by("-submitted_at")[0]
    first_link = reverse("plans:occurrence_detail", args=[first.occurrence_id])
    last_link = reverse("plans:occurrence_detail", args=[last.occurrence_id])
    html = c.get("/plans/review/?per=20").content.decode()
    assert f'href="{first_link}"' in html and f'href="{last_link}"' not in html
    html = c.get("/plans/review/?per=20&sort=-submitted").content.decode()
    assert 'aria-sort="descending"' in html
    assert f'href="{last_link}"' in html and f'href="{first_link}"' not in html
    # sorting by unit name, both ways (the database's order of names)
    import re

    for sort, expected in (("unit", "unit__name"), ("-unit", "-unit__name")):
        html = c.get(f"/plans/review/?per=20&sort={sort}").content.decode()
        # (the office's rows start with the box that ticks them for accepting at once)
        units = re.findall(r"<tr>\s*(?:<td[^>]*><input[^>]*></td>)?<td>[^<]*</td><td>([^<]*)</td>",
                           html.split("<tbody>")[1])
        assert len(units) == 20
        want = [r.unit.name for r in reports.select_related("unit").order_by(expected, "submitted_at")[:20]]
        assert units == want, sort


def test_review_queue_keeps_the_unit_scope(reports, users):
    from cchc.plans import selectors

    # a focal point or unit leader never reaches the office queue (the leader's approvals live on "my work")
    for who in ("focal_point", "unit_leader"):
        resp = _client(users[who]).get("/plans/review/?per=200")
        assert resp.status_code in (302, 403), who
        if resp.status_code == 302:
            assert "/plans/review/" not in resp["Location"]
    # the selector itself scopes: Sở Y tế's focal point gets Sở Y tế's reports only
    got = list(selectors.review_queue(users["focal_b"]))
    assert got and {r.unit.code for r in got} == {"T42.syt"}
    assert {code for code, _n in selectors.review_queue_units(users["focal_b"])} == {"T42.syt"}


@pytest.fixture
def office_rows(users, org_tree):
    from django.utils import timezone

    from cchc.core import review
    from cchc.knowledge.models import Document, Question
    from cchc.org.models import OrgUnit

    stp, syt = OrgUnit.objects.get(code="T42.stp"), OrgUnit.objects.get(code="T42.syt")
    now = timezone.now()
    for i in range(N):
        Question.objects.create(text=f"Câu hỏi chờ {i:02d}?", status=Question.Status.OPEN,
                                unit=stp if i % 2 else syt, asked_by=users["focal_point"])
        Document.objects.create(title=f"Tài liệu chờ {i:02d}", number=f"{i}/QĐ-UBND", unit=stp if i % 2 else syt,
                                review_state=review.SUBMITTED, submitted_at=now - timedelta(minutes=N - i),
                                submitted_by=users["focal_point"])


def test_office_queues_page_each_on_its_own(office_rows, users):
    c = _client(users["par_office"])
    small, resp = _count(c, "/kb/office/?per=20&dper=20")
    html = resp.content.decode()
    assert html.count(f"Hiển thị 1–20 trong {N}") == 2  # questions and documents
    large, resp = _count(c, "/kb/office/?per=200&dper=200")
    assert resp.content.decode().count(f"Hiển thị 1–{N} trong {N}") == 2
    assert large == small, f"{small} queries for 20 rows, {large} for {N}"
    # the documents' page 2 leaves the questions on their page 1 (and the link keeps both)
    html = c.get("/kb/office/?per=20&dper=20&dpage=2").content.decode()
    assert f"Hiển thị 1–20 trong {N}" in html and f"Hiển thị 21–{N} trong {N}" in html
    assert "Tài liệu chờ 20" in html and "Tài liệu chờ 00" not in html  # oldest submitted first
    assert "dpage=1" in html and "per=20" in html
    # sorting the questions does not reset the documents' page
    html = c.get("/kb/office/?per=20&dper=20&dpage=2&sort=created").content.decode()
    assert "Câu hỏi chờ 00" in html and "Tài liệu chờ 29" in html


def test_office_queues_are_the_office_only(office_rows, users):
    for who in ("focal_point", "focal_b", "unit_leader"):
        assert _client(users[who]).get("/kb/office/").status_code in (302, 403), who


def test_leader_approvals_are_paged_and_scoped(reports, users):
    """The unit leader's approvals on "my work" page on their own (aper/apage) and hold their units' reports only."""
    from cchc.core import review

    reports.update(review_state=review.LEADER_REVIEW)
    from cchc.plans.models import ProgressReport

    waiting = ProgressReport.objects.filter(review_state=review.LEADER_REVIEW)
    mine = set(waiting.filter(unit__code="T42.stp").values_list("pk", flat=True))
    others = set(waiting.exclude(unit__code="T42.stp").values_list("pk", flat=True))
    assert len(mine) > 1 and others
    c = _client(users["unit_leader"])
    small, resp = _count(c, "/plans/my/?show=approval&aper=20")
    html = resp.content.decode()
    shown = {int(x) for x in __import__("re").findall(r'data-report="(\d+)"', html)}
    assert shown and shown <= mine and not shown & others
    assert f"Hiển thị 1–{min(20, len(mine))} trong {len(mine)}" in html
    large, resp = _count(c, "/plans/my/?show=approval&aper=200")
    assert f"Hiển thị 1–{len(mine)} trong {len(mine)}" in resp.content.decode()
    assert large == small


def test_unit_children_are_paged(users, org_tree):
    from cchc.org.models import OrgUnit
    from cchc.org.selectors import unit_children

    province = OrgUnit.objects.get(code="T42")
    n = unit_children(province, None).count()
    assert n > 20
    c = _client(users["par_office"])
    small, resp = _count(c, "/org/units/T42/?per=20")
    html = resp.content.decode()
    assert f"Hiển thị 1–20 trong {n:,}".replace(",", ".") in html and 'rel="next"' in html
    html = c.get("/org/units/T42/?per=20&page=2").content.decode()
    assert f"Hiển thị 21–{min(40, n)} trong {n:,}".replace(",", ".") in html
    large, _resp = _count(c, "/org/units/T42/?per=200")
    assert large == small
