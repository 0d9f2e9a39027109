"""Public answer flow (anonymous, no cookie, no address stored), staff pages scoped by unit, import, results."""

import io

import pytest
from django.test import Client

from cchc.surveys import services
from cchc.surveys.models import Item, Response, ResponseCode, Round
from tests.helpers import client_for as _client
from tests.helpers import xlsx as _xlsx
from tests.surveys.conftest import full_answers, getter


def test_citizen_answers_with_a_code_without_cookie_and_nothing_stores_the_address(users, make_round, caplog):
    from auditlog.models import LogEntry

    rnd = make_round()
    _b, codes = services.codes_create(users["focal_point"], rnd, 2)
    code = codes[0]
    c = Client(REMOTE_ADDR="203.0.113.77")
    page = c.get(f"/s/{code[:4]}-{code[4:]}/")
    assert page.status_code == 200 and "Tiếp cận dịch vụ" in page.content.decode()
    assert not page.cookies and page["Cache-Control"] == "no-store"
    entries_before = LogEntry.objects.count()
    with caplog.at_level("INFO", logger="cchc.request"):
        done = c.post(f"/s/{code}/", {**full_answers(rnd.version), "action": "submit"})
    assert done.status_code == 200 and "Cảm ơn" in done.content.decode() and not done.cookies
    assert Response.objects.filter(round=rnd, channel="code").count() == 1
    assert LogEntry.objects.count() == entries_before  # no audit row (it would hold the address)
    assert "203.0.113.77" not in caplog.text
    field_names = {f.name for m in (Response, ResponseCode) for f in m._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "remote_addr", "user", "user_agent", "code", "response"}
    again = c.post(f"/s/{code}/", {**full_answers(rnd.version), "action": "submit"})
    assert again.status_code == 410 and "đã được dùng" in again.content.decode()
    assert Response.objects.count() == 1


def test_expired_unknown_and_malformed_codes_get_clear_messages(users, make_round):
    from datetime import timedelta

    from django.utils import timezone

    rnd = make_round()
    _b, codes = services.codes_create(users["focal_point"], rnd, 1)
    ResponseCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    c = Client()
    r = c.get(f"/s/{codes[0]}/")
    assert r.status_code == 410 and "hết hạn" in r.content.decode()
    r = c.post(f"/s/{codes[0]}/", full_answers(rnd.version))
    assert r.status_code == 410 and Response.objects.count() == 0
    assert "Không tìm thấy mã" in c.get("/s/ABCD-2345/").content.decode()
    r = c.post("/s/", {"code": "12"})
    assert r.status_code == 400 and "không đúng dạng" in r.content.decode()
    assert c.post("/s/", {"code": " abcd 2345 "}).url == "/s/ABCD-2345/"


def test_a_code_of_an_ended_round_says_the_survey_has_ended(users, make_round):
    """A code expires when its round closes: the citizen is told the survey has ended, not that the code expired."""
    from datetime import timedelta

    from django.utils import timezone

    rnd = make_round()
    _b, codes = services.codes_create(users["focal_point"], rnd, 1)
    ended = timezone.now() - timedelta(seconds=1)
    Round.objects.filter(pk=rnd.pk).update(closes_at=ended)
    ResponseCode.objects.update(expires_at=ended)
    r = Client().get(f"/s/{codes[0]}/")
    assert r.status_code == 410 and "đã kết thúc" in r.content.decode() and "hết hạn" not in r.content.decode()


def test_missing_answer_is_shown_and_a_saved_draft_is_kept(users, make_round):
    rnd = make_round()
    _b, codes = services.codes_create(users["focal_point"], rnd, 1)
    data = full_answers(rnd.version)
    tc1 = str(Item.objects.get(section__version=rnd.version, code="tc1").pk)
    data.pop(tc1)
    c = Client()
    r = c.post(f"/s/{codes[0]}/", {**data, "action": "submit"})
    assert r.status_code == 400 and "Chưa trả lời câu này" in r.content.decode()
    assert ResponseCode.objects.get().used_at is None
    c.post(f"/s/{codes[0]}/", {**data, "action": "save"})
    page = c.get(f"/s/{codes[0]}/").content.decode()
    tc2 = str(Item.objects.get(section__version=rnd.version, code="tc2").pk)
    assert f'name="{tc2}" value="5" checked' in page


def test_unit_user_cannot_see_another_units_round_or_results(users, make_round):
    rnd = make_round("T42.stp")
    _b, codes = services.codes_create(users["focal_point"], rnd, 1)
    services.response_submit_with_code(codes[0], getter(full_answers(rnd.version)))
    other = _client(users["focal_b"])
    assert other.get(f"/surveys/rounds/{rnd.pk}/").status_code == 404
    assert other.post(f"/surveys/rounds/{rnd.pk}/codes/", {"count": 3, "valid_days": 5}).status_code == 404
    assert other.get(f"/surveys/rounds/{rnd.pk}/paper/").status_code == 404
    assert other.get(f"/surveys/rounds/{rnd.pk}/import/").status_code == 404
    res = other.get(f"/surveys/results/?unit={rnd.unit_id}").content.decode()
    assert "Sở Tư pháp" not in res
    assert "Sở Tư pháp" not in other.get("/surveys/").content.decode()
    own = _client(users["viewer"])
    assert own.get(f"/surveys/rounds/{rnd.pk}/").status_code == 200
    assert own.post(f"/surveys/rounds/{rnd.pk}/codes/", {"count": 3, "valid_days": 5}).status_code == 403
    office = _client(users["par_office"])
    assert "Sở Tư pháp" in office.get(f"/surveys/results/?year={rnd.year}").content.decode()


def test_code_sheet_has_one_qr_per_code(users, make_round):
    rnd = make_round()
    r = _client(users["focal_point"]).post(f"/surveys/rounds/{rnd.pk}/codes/", {"count": 3, "valid_days": 10})
    body = r.content.decode()
    assert r.status_code == 200 and body.count('data-testid="code-card"') == 3 and body.count("<svg") == 3
    assert ResponseCode.objects.filter(round=rnd).count() == 3


def test_import_template_sheets_are_named_in_vietnamese_and_the_filled_template_imports(users, make_round):
    """The template's sheets were "Phieu" and "Huong dan"."""
    from openpyxl import load_workbook

    rnd = make_round()
    wb = load_workbook(io.BytesIO(services.responses_template_xlsx(rnd)))
    assert wb.sheetnames == ["Phiếu khảo sát", "Hướng dẫn"]
    items = services.items_of(rnd.version)
    wb.active.append([5 if i.kind == "likert5" else (i.choices[0] if i.kind in ("single", "multiple") else "")
                      for i in items])
    buf = io.BytesIO()
    wb.save(buf)
    assert services.responses_import_xlsx(users["focal_point"], rnd, buf.getvalue(), "phieu.xlsx")["saved"] == 1


def test_import_with_errors_leaves_the_database_unchanged_and_names_row_and_column(users, make_round):
    rnd = make_round()
    items = services.items_of(rnd.version)
    header = [i.code for i in items]
    good = [5 if i.kind == "likert5" else (i.choices[0] if i.kind in ("single", "multiple") else "") for i in items]
    bad = list(good)
    bad[header.index("tc2")] = 7
    c = _client(users["focal_point"])
    f = io.BytesIO(_xlsx([header, good, bad]))
    f.name = "phieu.xlsx"
    r = c.post(f"/surveys/rounds/{rnd.pk}/import/", {"file": f})
    text = r.content.decode()
    col = chr(ord("A") + header.index("tc2"))
    assert "Dòng 3, cột " + col in text and "phieu.xlsx" in text
    assert Response.objects.count() == 0
    f = io.BytesIO(_xlsx([header, good, good]))
    f.name = "phieu.xlsx"
    r = c.post(f"/surveys/rounds/{rnd.pk}/import/", {"file": f})
    assert r.status_code == 302 and Response.objects.filter(channel="import").count() == 2


def test_results_page_and_export_show_satisfaction_and_sample_rule(users, make_round):
    from openpyxl import load_workbook

    rnd = make_round(population=20)
    _b, codes = services.codes_create(users["focal_point"], rnd, 4)
    for i, code in enumerate(codes):
        data = full_answers(rnd.version, level=5 if i < 3 else 2)
        services.response_submit_with_code(code, getter(data))
    c = _client(users["par_office"])
    page = c.get(f"/surveys/results/?year={rnd.year}&unit={rnd.unit_id}").content.decode()
    assert "75,0" in page and "Chưa đạt" in page and "dưới 50 phiếu" in page
    x = c.get(f"/surveys/results/?year={rnd.year}&format=xlsx")
    ws = load_workbook(io.BytesIO(x.content)).worksheets[0]
    row = [cell.value for cell in ws[2]]
    assert row[2] == 4 and row[4] == pytest.approx(75.0) and row[7] == "Chưa đạt"


def test_kiosk_started_by_staff_takes_answers_without_code(users, make_round):
    rnd = make_round()
    c = _client(users["focal_point"])
    r = c.post(f"/surveys/rounds/{rnd.pk}/kiosk/", {"label": "Quầy 1", "hours": 2, "min_interval_seconds": 30})
    assert r.status_code == 302 and r.url.startswith("/s/k/")
    anon = Client()
    assert anon.get(r.url).status_code == 200
    assert anon.post(r.url, full_answers(rnd.version)).status_code == 200
    assert anon.post(r.url, full_answers(rnd.version)).status_code == 429
    assert Response.objects.filter(channel="kiosk").count() == 1
    assert anon.get("/s/k/AAAAAAAABBBBBBBBCCCCCCCC/").status_code == 404


def test_guessing_codes_is_stopped_per_address_without_storing_it(users, make_round):
    from auditlog.models import LogEntry

    from cchc.surveys import guard

    rnd = make_round()
    _b, codes = services.codes_create(users["focal_point"], rnd, 1)
    guesser, citizen = Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="198.51.100.8")
    entries = LogEntry.objects.count()
    for i in range(guard.MAX_MISSES):
        wrong = f"ABCD-{2345 + i:04d}".replace("0", "2").replace("1", "3")
        assert guesser.get(f"/s/{wrong}/").status_code == 404
    blocked = guesser.get(f"/s/{codes[0]}/")  # even a good code waits: the address is blocked for the window
    assert blocked.status_code == 429 and "sai mã quá nhiều lần" in blocked.content.decode()
    assert guesser.post("/s/", {"code": "12"}).status_code == 429
    assert citizen.get(f"/s/{codes[0]}/").status_code == 200  # another address is not affected
    assert LogEntry.objects.count() == entries and not guesser.cookies


def test_round_dates_are_edited_on_its_page_and_printed_codes_never_outlive_it(users, make_round):
    import datetime as dt

    from django.utils import timezone

    rnd = make_round()
    _b, codes = services.codes_create(users["focal_point"], rnd, 3, valid_days=60)
    c = _client(users["focal_point"])
    opens = timezone.localtime(rnd.opens_at).date()
    bad = c.post(f"/surveys/rounds/{rnd.pk}/", {"opens_on": opens.isoformat(),
                                                "closes_on": (opens - dt.timedelta(days=1)).isoformat()})
    assert bad.status_code == 200 and "Thời điểm đóng phải sau thời điểm mở" in bad.content.decode()
    rnd.refresh_from_db()
    before = rnd.closes_at
    new_close = opens + dt.timedelta(days=5)
    ok = c.post(f"/surveys/rounds/{rnd.pk}/", {"quota": "80", "opens_on": opens.isoformat(),
                                               "closes_on": new_close.isoformat()})
    assert ok.status_code == 302
    rnd.refresh_from_db()
    assert rnd.quota == 80 and timezone.localtime(rnd.closes_at).date() == new_close and rnd.closes_at < before
    assert set(rnd.codes.values_list("expires_at", flat=True)) == {rnd.closes_at}
    other = _client(users["focal_b"])  # another unit's focal point cannot change it
    assert other.post(f"/surveys/rounds/{rnd.pk}/", {"opens_on": opens.isoformat()}).status_code in (403, 404)
