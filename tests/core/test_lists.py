"""List pages: paged with counts ("Hiển thị 1–20 trong 30"), declared sorts only, exports holding the filtered rows,
and a bounded number of queries however many rows a page shows (compared at 20 and 200 rows a page)."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from cchc.core.listing import export_rows, paginate

N = 30  # more rows than the small page size (20), fewer than the large one (200)


def _client(user):
    c = Client()
    c.force_login(user)
    return c


# ------------------------------------------------------------------------------------ the helper (pure-ish)

def test_paginate_counts_sorts_and_keeps_filters():
    rows = [{"name": f"Đơn vị {i:03d}", "n": i} for i in range(1234)]
    req = RequestFactory().get("/x/", {"q": "Hà Tĩnh", "page": "3", "sort": "-n"})
    listing = paginate(req, rows, sorts={"name": ("name",), "n": ("n",)}, default="name")
    assert listing.total == 1234 and (listing.start, listing.end) == (101, 150)
    assert [r["n"] for r in listing.rows][:2] == [1133, 1132]
    assert "page" not in listing.query and "q=H%C3%A0+T%C4%A9nh" in listing.query
    assert listing.sort_query("n").endswith("sort=n") and "sort=name" in listing.sort_query("name")
    assert listing.page_links() == [1, 2, 3, 4, 5, None, 25]
    # an undeclared sort key (a raw field name from the URL) is ignored
    req = RequestFactory().get("/x/", {"sort": "password"})
    assert paginate(req, rows, sorts={"name": ("name",)}, default="name").sort == "name"
    # the export takes the same sort and every page
    req = RequestFactory().get("/x/", {"sort": "-n", "page": "2"})
    out = export_rows(req, rows, sorts={"n": ("n",)}, default="n")
    assert len(out) == 1234 and out[0]["n"] == 1233


def test_vietnamese_sort_of_lists():
    rows = [{"name": n} for n in ("Đồng Nai", "Điện Biên", "Dĩ An", "An Giang", "Bình Định")]
    req = RequestFactory().get("/x/", {"sort": "name"})
    got = [r["name"] for r in paginate(req, rows, sorts={"name": ("name",)}, default="name").rows]
    assert got == ["An Giang", "Bình Định", "Dĩ An", "Điện Biên", "Đồng Nai"]


def test_page_size_is_bounded():
    req = RequestFactory().get("/x/", {"per": "100000"})
    assert paginate(req, list(range(500))).page.paginator.per_page == 50


# ------------------------------------------------------------------------------------ data for every list

@pytest.fixture
def many(users, org_tree):
    """N rows for every list page (created through the models; audit entries come with them)."""
    from django.utils import timezone

    from cchc.capacity import services as capacity
    from cchc.capacity.models import Course, StaffMember, Trainer
    from cchc.exams.models import Attempt, Campaign, Question, Topic
    from cchc.knowledge.models import Document
    from cchc.knowledge.models import Question as KbQuestion
    from cchc.org.models import OrgUnit
    from cchc.plans.models import Plan
    from tests.plans.conftest import confirm_draft, small_draft

    stp = OrgUnit.objects.get(code="T42.stp")
    for i in range(N):
        Plan.objects.create(title=f"Kế hoạch thử {i:02d}", issuer="UBND tỉnh Hà Tĩnh", period="2024",
                            province=org_tree["T42"])
        s = StaffMember.objects.create(full_name=f"Nguyễn Văn {i:02d}")
        capacity.staff_assign(s, stp, "focal_point", start=date(2024, 1, 1), position="Chuyên viên")
        Course.objects.create(title=f"Lớp {i:02d}", organiser=stp, start_date=date(2024, 3, 1) + timedelta(days=i),
                              end_date=date(2024, 3, 2) + timedelta(days=i))
        Trainer.objects.create(name=f"Giảng viên {i:02d}", organisation="Trường Chính trị")
        Document.objects.create(title=f"Văn bản {i:02d}", number=f"{i}/KH-UBND", issued_on=date(2024, 1, 1))
        KbQuestion.objects.create(text=f"Câu hỏi {i:02d}?", answer="Trả lời.", status=KbQuestion.Status.PUBLISHED,
                                  answered_at=timezone.now())
    topic = Topic.objects.create(code="procedures", name="Cải cách thủ tục hành chính")
    now = timezone.now()
    campaign = None
    for i in range(N):
        Question.objects.create(ref=f"Q{i:03d}", topic=topic, kind="single")
        campaign = Campaign.objects.create(title=f"Kỳ kiểm tra {i:02d}", opens_at=now - timedelta(days=2),
                                           closes_at=now - timedelta(days=1), is_published=True)
    from django.contrib.auth import get_user_model

    User = get_user_model()
    for i in range(N):
        u = User.objects.create_user(username=f"hv{i:02d}", password="x", first_name=f"Học viên {i:02d}")
        Attempt.objects.create(campaign=campaign, user=u, unit=stp, status="submitted", started_at=now - timedelta(days=2),
                               deadline=now - timedelta(days=2) + timedelta(minutes=30), submitted_at=now,
                               score=i, max_score=N, percent=100 * i / N, passed=i > N // 2)
    # a plan whose quarterly task gives many open, late occurrences for several units
    draft = small_draft()
    task = draft["tables"][0]["tasks"][1]
    task["lead"] = ["Sở Y tế", "Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng"]
    draft["period"] = "2023-2024"
    confirm_draft(users["par_office"], draft)
    return {"campaign": campaign}


def _count(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200, (url, resp.status_code)
    return len(ctx.captured_queries), resp


PAGES = [
    ("/plans/", "par_office"),
    ("/plans/late/?today=2025-06-30", "par_office"),
    ("/plans/my/?today=2025-06-30", "par_office"),
    ("/org/?kind=commune", "par_office"),
    ("/capacity/staff/", "par_office"),
    ("/capacity/courses/", "par_office"),
    ("/capacity/trainers/", "par_office"),
    ("/exams/bank/", "par_office"),
    ("/exams/campaigns/", "par_office"),
    ("/kb/documents/", "par_office"),
    ("/kb/faq/", "par_office"),
    ("/core/audit/?model=capacity.staffassignment", "par_office"),  # one model: the same related-name lookups
]


@pytest.mark.parametrize("url,who", PAGES)
def test_list_pages_page_with_counts_and_bounded_queries(many, users, url, who):
    c = _client(users[who])
    sep = "&" if "?" in url else "?"
    small, resp = _count(c, f"{url}{sep}per=20")
    html = resp.content.decode()
    assert 'data-testid="list-count"' in html
    assert "Hiển thị 1–20 trong" in html, url  # more than one page: counted, with links to the next
    assert 'rel="next"' in html
    large, resp = _count(c, f"{url}{sep}per=200")
    assert "Hiển thị 1–" in resp.content.decode()
    assert large == small, f"{url}: {small} queries for 20 rows, {large} for more rows"


def test_campaign_attempts_are_paged_with_bounded_queries(many, users):
    c = _client(users["par_office"])
    url = f"/exams/campaigns/{many['campaign'].pk}/"
    small, resp = _count(c, url + "?per=20")
    assert "Hiển thị 1–20 trong 30" in resp.content.decode()
    large, resp = _count(c, url + "?per=200")
    assert "Hiển thị 1–30 trong 30" in resp.content.decode()
    assert large == small


def test_sort_headers_change_the_order(many, users):
    c = _client(users["par_office"])
    html = c.get("/capacity/trainers/?sort=-name").content.decode()
    assert html.index("Giảng viên 29") < html.index("Giảng viên 28")
    html = c.get("/capacity/trainers/?sort=name").content.decode()
    assert html.index("Giảng viên 00") < html.index("Giảng viên 01")
    assert 'aria-sort="ascending"' in html


def _xlsx_rows(content) -> list[list]:
    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(content)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_exports_hold_the_filtered_rows(many, users):
    c = _client(users["par_office"])
    # plans: the search filter and every page, not the first page only
    rows = _xlsx_rows(c.get("/plans/?q=thử 0&format=xlsx&page=2&per=20").content)
    assert sorted(r[0] for r in rows[1:]) == [f"Kế hoạch thử 0{i}" for i in range(10)]
    from cchc.plans.models import Plan

    rows = _xlsx_rows(c.get("/plans/?format=xlsx&per=20").content)
    assert len(rows) - 1 == Plan.objects.count() > 20
    # staff: the name filter
    rows = _xlsx_rows(c.get("/capacity/staff/?q=Văn 1&format=xlsx").content)
    assert len(rows) - 1 == 10
    # units: the list's kind filter and search reach the export; kinds are written as labels
    rows = _xlsx_rows(c.get("/org/export.xlsx?kind=department&q=tư pháp").content)
    assert rows[1:] and all(r[3] == "Sở" or "Sở" in str(r[3]) for r in rows[1:])
    assert all("department" != r[3] for r in rows[1:])
    assert all("pháp" in r[1].lower() for r in rows[1:])
    # the bank: the search text reaches the export
    resp = c.get("/exams/bank/export.xlsx?q=Q00")
    assert resp.status_code == 200


def test_late_export_matches_the_list(many, users):
    c = _client(users["par_office"])
    html = c.get("/plans/late/?today=2025-06-30&per=20").content.decode()
    import re

    total = int(re.search(r'id="late-total">(\d+)<', html).group(1))
    assert total > 20
    rows = _xlsx_rows(c.get("/plans/late/?today=2025-06-30&per=20&page=2&export=1").content)
    assert len(rows) - 1 == total
    rows = _xlsx_rows(c.get("/plans/late/?today=2025-06-30&unit=T42.stp&export=1").content)
    assert rows[1:] and all(r[3] == "Sở Tư pháp tỉnh Hà Tĩnh" for r in rows[1:])


def test_unit_scope_still_applies_to_paged_lists(many, users):
    """A unit user's paged list never counts another unit's rows."""
    c = _client(users["focal_b"])  # Sở Y tế
    html = c.get("/capacity/staff/").content.decode()
    assert "Nguyễn Văn 00" not in html and html.count("Chưa có cán bộ.") == 1


# ------------------------------------------------------------------------------------ an empty list

def test_an_empty_list_says_so_once_in_the_pages_words(users):
    """The pager printed "Không có kết quả" under the page's own "Chưa có…" row: an empty list now shows only the
    page's message, and every page using the pager has one (in its template or a template it includes)."""
    import re
    from pathlib import Path

    from django.template.loader import render_to_string

    req = RequestFactory().get("/x/")
    assert render_to_string("partials/listing.html", {"listing": paginate(req, [], sorts={}, default="")}).strip() == ""
    full = render_to_string("partials/listing.html", {"listing": paginate(req, [{"n": 1}], sorts={}, default="")})
    assert "Hiển thị 1–1 trong 1" in full
    html = _client(users["focal_b"]).get("/capacity/staff/").content.decode()  # Sở Y tế has no staff here
    assert html.count("Chưa có cán bộ.") == 1 and "Không có kết quả" not in html and 'data-testid="list-count"' not in html
    root = Path(__file__).resolve().parents[2] / "cchc" / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "partials/listing.html" not in text or path.name == "listing.html":
            continue
        included = "".join((root / name).read_text(encoding="utf-8")
                           for name in re.findall(r'{% include "([^"]+)"', text) if name != "partials/listing.html")
        assert "{% empty %}" in text + included, f"{path.relative_to(root)}: an empty list would show no message"


# ------------------------------------------------------------------------------------ in a browser


def _cards_on_a_phone_table_on_a_desktop(page, table, size):
    """The audit log and the question bank on a phone: a card per row, nothing to scroll sideways (no scroll box),
    each filter on a line of its own above; on a desktop the same table as before (a row a line, its header shown)."""
    from tests.helpers import sideways

    row = page.locator(f"{table} tbody tr").first
    display = row.evaluate("tr => getComputedStyle(tr).display")
    if size == "desktop":
        assert display == "table-row" and page.locator(f"{table} thead th").first.is_visible()
        return
    found = sideways(page)
    assert found["page"] <= 0 and not found["outside"] and not found["boxes"], (table, found)
    assert display == "block"
    form, first = (page.locator("form.filters label").first.evaluate("e => e.parentElement.clientWidth"),
                   page.locator("form.filters label").first.bounding_box()["width"])
    assert first >= form - 2, (table, first, form)


SHOTS = __import__("os").environ.get("CCHC_SHOTS", "/tmp")


@pytest.mark.browser
@pytest.mark.usefixtures("transactional_db")
def test_browser_pagination_sort_and_screens(live_server, many, users, login, page):
    base = live_server.url
    login("par_office")
    page.goto(f"{base}/org/?kind=commune")
    count = page.locator("[data-testid=list-count]").inner_text()
    assert count.startswith("Hiển thị 1–50 trong ")
    total = count.rsplit(" ", 1)[1]
    page.click("a[rel=next]")
    end = min(100, int(total.replace(".", "")))  # the home province's communes only (69 in Hà Tĩnh)
    assert page.locator("[data-testid=list-count]").inner_text() == f"Hiển thị 51–{end} trong {total}"
    assert "kind=commune" in page.url and "page=2" in page.url
    # sorting by name (descending on the second click) keeps the filter and goes back to page 1
    page.click("th a.sort:has-text('Tên đơn vị')")
    page.click("th a.sort:has-text('Tên đơn vị')")
    assert "sort=-name" in page.url and "kind=commune" in page.url and "page=" not in page.url
    names = page.locator("table.table tbody tr td:nth-child(2)").all_inner_texts()
    assert len(names) == 50
    from cchc.core.vntext import fold_key

    # the database orders units by their folded name key (diacritics ignored), so compare folded names
    keys = [fold_key(n) for n in names]
    assert keys == sorted(keys, reverse=True)
    # the export link carries the filter and the sort
    href = page.locator("a:has-text('Xuất Excel')").get_attribute("href")
    assert "kind=commune" in href and "sort=-name" in href
    from cchc.capacity import services as capacity
    from cchc.capacity.models import NeedsSurvey

    survey = NeedsSurvey.objects.create(title="Nhu cầu bồi dưỡng 2025", year=2025, is_open=True)
    capacity.needs_save(survey, users["unit_leader"].memberships.first().unit, user=users["unit_leader"],
                        areas=["procedures"], format="online", period="Q2", learners=12, note="")
    for size, (w, h) in {"desktop": (1280, 900), "phone": (390, 844)}.items():
        page.set_viewport_size({"width": w, "height": h})
        for name, url in {"units": "/org/?kind=commune", "plans": "/plans/", "staff": "/capacity/staff/",
                          "audit": "/core/audit/", "late": "/plans/late/?today=2025-06-30",
                          "unit": "/org/units/T42.stp/", "404": "/khong-co/", "my": "/plans/my/",
                          "courses": "/capacity/courses/", "trainers": "/capacity/trainers/",
                          "needs": f"/capacity/needs/{survey.pk}/", "bank": "/exams/bank/",
                          "campaigns": "/exams/campaigns/", "attempts": f"/exams/campaigns/{many['campaign'].pk}/",
                          "documents": "/kb/documents/", "faq": "/kb/faq/"}.items():
            page.goto(base + url)
            page.screenshot(path=f"{SHOTS}/list-{name}-{size}.png")
            # the page itself never scrolls sideways (wide tables scroll inside their box)
            assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), (name, size)
            if name in ("audit", "bank"):
                _cards_on_a_phone_table_on_a_desktop(page, "#" + name, size)
    # on the phone the plan list is read as cards: its own box does not scroll sideways either
    page.goto(base + "/plans/")
    assert page.locator("#plan-list tbody tr").count() >= 1
    assert page.evaluate("() => { const w = document.querySelector('#plan-list').closest('.tablewrap');"
                         " return w.scrollWidth <= w.clientWidth; }")
