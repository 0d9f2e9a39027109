"""The 766 engine on small hand-made dossier tables (pure: no Django, no database). Expected values are worked
out by hand in each test from the rows written there."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest

from cchc.dossiers import engine

HEAD = ["dossier_id", "unit_id", "tthc_code", "channel", "received_at", "due_at", "finished_at", "end_status",
        "legal_days", "supplement_requested_at", "supplement_completed_at", "result_file_url",
        "tthc_requires_paper_result", "input_files_attached", "reused_digital_data", "fee_amount", "paid_online",
        "rating", "has_complaint"]
MARCH = (date(2025, 3, 1), date(2025, 4, 1))
AS_OF = datetime(2025, 6, 1)


def write_csv(path, rows, head=HEAD):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        for r in rows:
            w.writerow([r.get(h, "") for h in head])
    return path


def row(did, **kw):
    return {"dossier_id": did, "unit_id": kw.pop("unit_id", "U1"), "tthc_code": "T1", "channel": "1", **kw}


def load(tmp_path, rows, **kw):
    data = tmp_path / "data"
    rep = engine.import_file(data, write_csv(tmp_path / "in.csv", rows), **kw)
    assert rep.accepted, [i.text() for i in rep.refused]
    return data


def unit(result, uid="U1"):
    return next(u for u in result["units"] if u["unit_id"] == uid)


def ind(u, iid):
    return next(i for i in u["indicators"] if i["id"] == iid)


ON_TIME_ROWS = [
    row("A", received_at="2025-03-02 08:00", due_at="2025-03-10 17:00", finished_at="2025-03-09 10:00",
        has_complaint="1"),
    # one supplement of 3 days: 03-08 − 3 days = 03-05 ≤ due 03-05 → on time
    row("B", received_at="2025-03-02 08:00", due_at="2025-03-05 17:00", finished_at="2025-03-08 17:00",
        supplement_requested_at="2025-03-03 09:00", supplement_completed_at="2025-03-06 09:00"),
    # two supplement requests → late, even finished early
    row("C", received_at="2025-03-02", due_at="2025-03-20", finished_at="2025-03-10",
        supplement_requested_at="2025-03-03;2025-03-06", supplement_completed_at="2025-03-04;2025-03-07"),
    # open at period end, not yet due → on time
    row("D", received_at="2025-03-20", due_at="2025-04-10", rating="dislike"),
    # open at period end and overdue → late
    row("E", received_at="2025-03-01", due_at="2025-03-15"),
    # carried over from February, finished in March on time
    row("F", received_at="2025-02-20", due_at="2025-03-05", finished_at="2025-03-03"),
    # finished in February: not in March
    row("G", received_at="2025-02-01", due_at="2025-02-12", finished_at="2025-02-10"),
    # no due date: received + 5 legal days = 03-07 → finished 03-06 on time
    row("H", received_at="2025-03-02", legal_days="5", finished_at="2025-03-06"),
    # no due date and no legal days: left out of 2.1, counted apart
    row("I", received_at="2025-03-02", finished_at="2025-03-06"),
    # withdrawn by the citizen: left out of 2.1
    row("J", received_at="2025-03-02", due_at="2025-03-03", finished_at="2025-03-09", end_status="công dân rút"),
    # one supplement asked 03-05, never answered, nobody closed it by 04-01 (> 15 days) → late
    row("K", received_at="2025-03-02", due_at="2025-03-12", supplement_requested_at="2025-03-05"),
    # one supplement asked 03-25 before due 03-28, still waiting at 04-01 (< 15 days) → on time
    row("L", received_at="2025-03-20", due_at="2025-03-28", supplement_requested_at="2025-03-25"),
    # finished after the period end, overdue at the period end → late
    row("M", received_at="2025-03-10", due_at="2025-03-20", finished_at="2025-04-05"),
]


def test_on_time_rule_with_supplements_carry_over_and_open_dossiers(tmp_path):
    data = load(tmp_path, ON_TIME_ROWS)
    u = unit(engine.indicators(data, *MARCH, as_of=AS_OF))
    i21 = ind(u, "2.1")
    # counted: A B C D E F H K L M (G finished before March, I has no due date, J withdrawn)
    # on time: A B D F H L
    assert (i21["numerator"], i21["denominator"]) == (6, 10)
    assert i21["ratio"] == 60.0 and i21["points"] == 12.0          # linear: 60 / 100 × 20
    assert u["carried_over"] == 1 and u["no_due_date"] == 1
    assert u["received"] == 11                                       # all but F and G
    late = {d["dossier_id"]: d["late_reason"] for d in engine.late_dossiers(data, "U1", *MARCH, as_of=AS_OF)}
    assert late == {"C": "supplements", "E": "open_overdue", "K": "not_closed", "M": "open_overdue"}
    # 5.4 = 100 − (% late of 2.1 + % received with a complaint or a dislike); A complained, D disliked
    i54 = ind(u, "5.4")
    complaints = round(100 * 2 / 11, 2)
    assert (i54["numerator"], i54["denominator"]) == (2, 11)
    assert i54["ratio"] == round(100 - (40.0 + complaints), 2)
    assert i54["points"] == round(i54["ratio"] / 90 * 6, 2)


def test_period_not_over_stops_the_clock_at_now(tmp_path):
    data = load(tmp_path, [row("E", received_at="2025-03-01", due_at="2025-03-15")])
    before_due = engine.indicators(data, *MARCH, as_of=datetime(2025, 3, 10))
    after_due = engine.indicators(data, *MARCH, as_of=datetime(2025, 3, 20))
    assert ind(unit(before_due), "2.1")["numerator"] == 1
    assert ind(unit(after_due), "2.1")["numerator"] == 0


def test_service_indicators_and_targets(tmp_path):
    rows = [
        # online, paper result with an e-result: counts for 3.3, 4.1, 4.2 (inputs digitised)
        row("1", channel="2", received_at="2025-03-03", due_at="2025-03-20", tthc_requires_paper_result="1",
            result_file_url="https://kq/1", input_files_attached="1", reused_digital_data="có", fee_amount="50.000",
            paid_online="1"),
        # online but paper result without e-result: not online for 3.3, not 4.1, not 4.2
        row("2", channel="2", received_at="2025-03-04", due_at="2025-03-20", tthc_requires_paper_result="1",
            input_files_attached="1", fee_amount="20000", paid_online="0"),
        # counter, no paper result, digitised: 4.2 yes
        row("3", channel="1", received_at="2025-03-05", due_at="2025-03-20", tthc_requires_paper_result="0",
            input_files_attached="1", fee_amount="0"),
        # post, nothing digitised
        row("4", channel="3", received_at="2025-03-06", due_at="2025-03-20", tthc_requires_paper_result="0",
            input_files_attached="0", paid_online="2", fee_amount="10000"),
    ]
    u = unit(engine.indicators(load(tmp_path, rows), *MARCH, as_of=AS_OF))
    got = {i["id"]: (i["numerator"], i["denominator"], i["ratio"], i["points"]) for i in u["indicators"]}
    assert got["3.3"] == (1, 4, 25.0, 3.0)           # 25 / 50 target × 6
    assert got["3.6"] == (2, 3, 66.67, 4.0)          # paid online 1 and 2 among fee > 0 (1, 2, 4); 66.67/100 × 6
    assert got["4.1"] == (1, 2, 50.0, 3.0)           # e-result among paper-result dossiers 1, 2
    assert got["4.2"] == (2, 4, 50.0, 2.5)           # 1 and 3; 50 / 80 × 4
    assert got["4.3"] == (1, 4, 25.0, 0.62)          # 25 / 80 × 2 = 0.625 → 0.62 (round half even)
    # absent columns give N/A, not 0
    assert got["4.4"][2:] == (None, None) and got["4.5b"][2:] == (None, None)
    assert "1.4" not in got                          # no sync counts given
    groups = {g["id"]: g for g in u["groups"]}
    assert groups["3"]["points"] == 7.0 and groups["3"]["max_available"] == 12
    assert groups["4"]["points"] == round(3.0 + 2.5 + 0.62, 2) and groups["4"]["max_available"] == 12


def test_sync_counts_give_1_4_and_scale_3_3(tmp_path):
    rows = [row(str(n), channel="2", received_at="2025-03-03", due_at="2025-03-20") for n in range(3)]
    data = load(tmp_path, rows)
    u = unit(engine.indicators(data, *MARCH, as_of=AS_OF, sync_counts={"U1": 4}))
    i14, i33 = ind(u, "1.4"), ind(u, "3.3")
    assert (i14["numerator"], i14["denominator"], i14["ratio"], i14["points"]) == (3, 4, 75.0, 4.5)
    assert i33["ratio"] == 75.0 and i33["points"] == 6   # 100 % online × 75 % synced, above the 50 % target


def test_zero_denominator_is_na_never_imputed(tmp_path):
    data = load(tmp_path, [row("1", received_at="2025-03-03", due_at="2025-03-20", fee_amount="0",
                               tthc_requires_paper_result="0", paid_online="0")])
    u = unit(engine.indicators(data, *MARCH, as_of=AS_OF))
    assert ind(u, "3.6")["ratio"] is None and ind(u, "3.6")["points"] is None
    assert ind(u, "4.1")["ratio"] is None
    empty = engine.indicators(data, date(2024, 1, 1), date(2024, 2, 1), as_of=AS_OF)
    assert empty["units"] == [] and empty["assumptions"]


@pytest.mark.parametrize(("r", "pmax", "target", "expected"), [
    (97.96, 20, None, 19.59), (89.01, 6, 90, 5.93), (40.84, 6, 50, 4.9), (56.12, 6, 50, 6), (72.41, 2, 80, 1.81),
    (None, 6, 50, None),
])
def test_points_match_the_province_report(r, pmax, target, expected):
    # pairs (ratio → points) read from the province's real 766 report (Lâm Đồng, 6/11/2025)
    assert engine.points(r, pmax, target) == expected


def test_bad_rows_are_reported_in_vietnamese_and_the_file_refused(tmp_path):
    rows = [
        row("1", received_at="2025-03-03", due_at="2025-03-20"),
        row("2", received_at="32/13/2025", channel="9"),
        row("", received_at="2025-03-03"),
        row("1", received_at="2025-03-04"),
        row("5", received_at="2025-03-05", finished_at="2025-03-01"),
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    rep = engine.import_file(tmp_path / "data", path)
    assert not rep.accepted and rep.refused_count == 4
    found = {(i.row, i.column) for i in rep.refused}
    assert {(3, "received_at"), (3, "channel"), (4, "dossier_id"), (5, "dossier_id"), (6, "finished_at")} <= found
    assert any("Dòng 3, cột received_at" in i.text() and "32/13/2025" in i.text() for i in rep.refused)
    assert engine.load_manifest(tmp_path / "data")["batches"] == []
    rep = engine.import_file(tmp_path / "data", path, accept_valid=True)
    assert rep.accepted and rep.rows_imported == 1 and rep.refused_count == 4


def test_vietnamese_headers_and_dates(tmp_path):
    head = ["Mã hồ sơ", "Mã đơn vị", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc", "Trạng thái"]
    path = tmp_path / "vi.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        w.writerow(["HS1", "U1", "trực tuyến", "03/03/2025 08:00", "10/03/2025", "07/03/2025 16:30", "Đã trả kết quả"])
    rep = engine.import_file(tmp_path / "data", path)
    assert rep.accepted and rep.columns["received_at"] == "Ngày tiếp nhận"
    u = unit(engine.indicators(tmp_path / "data", *MARCH, as_of=AS_OF))
    assert ind(u, "2.1")["numerator"] == 1 and ind(u, "3.3")["numerator"] == 1


def test_reimport_replaces_instead_of_duplicating(tmp_path):
    data = tmp_path / "data"
    first = [row("A", received_at="2025-03-02", due_at="2025-03-05"),
             row("B", received_at="2025-03-02", due_at="2025-03-05"),
             row("C", received_at="2025-03-02", due_at="2025-03-05", unit_id="U2")]
    engine.import_file(data, write_csv(tmp_path / "1.csv", first), source="motcua")
    # a new export of March for U1 only: A finished on time, B no longer exists; U2's March stays
    second = [row("A", received_at="2025-03-02", due_at="2025-03-05", finished_at="2025-03-04")]
    rep = engine.import_file(data, write_csv(tmp_path / "2.csv", second), source="motcua")
    assert rep.replaced == 2
    res = engine.indicators(data, *MARCH, as_of=AS_OF)
    assert ind(unit(res), "2.1")[("numerator")] == 1 and ind(unit(res), "2.1")["denominator"] == 1
    assert unit(res, "U2")["received"] == 1
    # another source bringing A again: the latest import of A wins, nothing is counted twice
    third = [row("A", received_at="2025-03-02", due_at="2025-03-05", finished_at="2025-03-09")]
    engine.import_file(data, write_csv(tmp_path / "3.csv", third), source="dvc")
    res = engine.indicators(data, *MARCH, as_of=AS_OF)
    assert ind(unit(res), "2.1")["numerator"] == 0 and unit(res)["received"] == 1


def test_xlsx_and_parquet_imports(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["dossier_id", "unit_id", "received_at", "due_at", "finished_at"])
    ws.append(["X1", "U1", datetime(2025, 3, 3, 8), datetime(2025, 3, 10), datetime(2025, 3, 12)])
    ws.append(["X2", "U1", "không phải ngày", None, None])
    wb.save(tmp_path / "f.xlsx")
    rep = engine.import_file(tmp_path / "data", tmp_path / "f.xlsx")
    assert not rep.accepted and [(i.row, i.column) for i in rep.refused] == [(3, "received_at")]
    rep = engine.import_file(tmp_path / "data", tmp_path / "f.xlsx", accept_valid=True)
    assert rep.accepted
    con = engine.connect()
    con.execute(f"COPY (SELECT 'P1' AS dossier_id, 'U1' AS unit_id, TIMESTAMP '2025-03-04' AS received_at, "
                f"TIMESTAMP '2025-03-09' AS due_at) TO '{tmp_path / 'p.parquet'}' (FORMAT parquet)")
    assert engine.import_file(tmp_path / "data", tmp_path / "p.parquet", source="other").accepted
    u = unit(engine.indicators(tmp_path / "data", *MARCH, as_of=AS_OF))
    # X1 finished after due → late; P1 open, overdue at 04-01 → late
    assert (ind(u, "2.1")["numerator"], ind(u, "2.1")["denominator"]) == (0, 2)


def test_missing_required_column_refuses_the_file(tmp_path):
    path = write_csv(tmp_path / "x.csv", [{"dossier_id": "1"}], head=["dossier_id", "channel"])
    with pytest.raises(engine.DossierError, match="thiếu cột bắt buộc"):
        engine.import_file(tmp_path / "data", path)


def test_month_range():
    assert engine.month_range("2025-11", "2025-12") == (date(2025, 11, 1), date(2026, 1, 1))
    with pytest.raises(engine.DossierError):
        engine.month_range("2025-05", "2025-01")


def test_rows_beyond_the_listed_ones_are_still_kept_out(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "MAX_REPORTED", 1)
    rows = [row("A", received_at="2025-03-02", due_at="2025-03-05") for _ in range(4)]
    rows.append(row("B", received_at="2025-03-02", due_at="2025-03-05"))
    rep = engine.import_file(tmp_path / "data", write_csv(tmp_path / "d.csv", rows), accept_valid=True)
    # three repeats of A refused, one listed; A once and B imported
    assert rep.refused_count == 3 and len(rep.refused) == 1 and rep.rows_imported == 2
    assert unit(engine.indicators(tmp_path / "data", *MARCH, as_of=AS_OF))["received"] == 2


def test_monthly_breakdown_in_the_same_scan(tmp_path):
    data = load(tmp_path, [
        # received in February, overdue at the end of February, finished late in March: late in both months
        row("A", received_at="2025-02-10", due_at="2025-02-20", finished_at="2025-03-05"),
        row("B", received_at="2025-03-02", due_at="2025-03-10", finished_at="2025-03-05", channel="2"),
        row("C", received_at="2025-02-03", due_at="2025-02-10", finished_at="2025-02-05"),
    ])
    start, end = date(2025, 2, 1), date(2025, 4, 1)
    res = engine.indicators(data, start, end, as_of=AS_OF, monthly=True)
    u = unit(res)
    assert (ind(u, "2.1")["numerator"], ind(u, "2.1")["denominator"], ind(u, "2.1")["ratio"]) == (2, 3, 66.67)
    feb, mar = u["months"]
    assert (feb["month"], feb["received"], ind(feb, "2.1")["ratio"]) == ("2025-02", 2, 50.0)
    # March: A carried over (and late), B on time; only B was received in March and it was online
    assert (mar["month"], mar["received"], mar["carried_over"]) == ("2025-03", 1, 1)
    assert (ind(mar, "2.1")["numerator"], ind(mar, "2.1")["denominator"]) == (1, 2)
    assert ind(mar, "3.3")["ratio"] == 100.0 and ind(feb, "3.3")["ratio"] == 0.0
    # the whole-period figures are those of a query without the months
    plain = unit(engine.indicators(data, start, end, as_of=AS_OF))
    assert plain["indicators"] == u["indicators"] and "months" not in plain


def test_per_procedure_and_late_pages(tmp_path):
    data = load(tmp_path, [
        row("P1", received_at="2025-03-02", due_at="2025-03-03", finished_at="2025-03-09"),
        row("P2", received_at="2025-03-03", due_at="2025-03-04", finished_at="2025-03-09"),
        {**row("P3", received_at="2025-03-04", due_at="2025-03-20", finished_at="2025-03-09"), "tthc_code": "T2"},
    ])
    res = engine.indicators(data, *MARCH, as_of=AS_OF, by="tthc")
    assert {u["unit_id"]: ind(u, "2.1")["ratio"] for u in res["units"]} == {"T1": 0.0, "T2": 100.0}
    page1 = engine.late_dossiers(data, "U1", *MARCH, as_of=AS_OF, limit=1)
    page2 = engine.late_dossiers(data, "U1", *MARCH, as_of=AS_OF, limit=1, offset=1)
    assert [r["dossier_id"] for r in page1 + page2] == ["P1", "P2"]
    assert engine.late_dossiers(data, "U1", *MARCH, as_of=AS_OF, limit=1, offset=2) == []


def test_batch_is_written_sorted_by_unit_and_date_without_bad_rows(tmp_path):
    import duckdb

    rows = [row("Z1", unit_id="U2", received_at="2025-03-05"), row("Z2", unit_id="U1", received_at="2025-03-09"),
            row("Z3", unit_id="U1", received_at="2025-03-01"), row("Z4", unit_id="U1", received_at="sai ngày"),
            row("Z2", unit_id="U3", received_at="2025-03-02")]
    data = tmp_path / "data"
    rep = engine.import_file(data, write_csv(tmp_path / "in.csv", rows), accept_valid=True)
    assert rep.accepted and rep.refused_count == 2 and rep.rows_imported == 3
    assert [(i.row, i.column) for i in rep.refused] == [(5, "received_at"), (6, "dossier_id")]
    batch = data / "batches" / engine.load_manifest(data)["batches"][0]["file"]
    got = duckdb.connect().execute(f"SELECT dossier_id FROM read_parquet('{batch}')").fetchall()
    assert [r[0] for r in got] == ["Z3", "Z2", "Z1"]


def test_rolled_up_per_group_of_units(tmp_path):
    data = load(tmp_path, [
        row("G1", unit_id="S1", received_at="2025-03-02", due_at="2025-03-03", finished_at="2025-03-09"),
        row("G2", unit_id="S2", received_at="2025-03-02", due_at="2025-03-20", finished_at="2025-03-09"),
        row("G3", unit_id="X1", received_at="2025-03-02", due_at="2025-03-20", finished_at="2025-03-09"),
        row("G4", unit_id="??", received_at="2025-03-02", due_at="2025-03-20", finished_at="2025-03-09"),
    ])
    res = engine.indicators(data, *MARCH, as_of=AS_OF, by="group",
                            group_of={"S1": "department", "S2": "department", "X1": "commune"})
    got = {u["unit_id"]: (ind(u, "2.1")["numerator"], ind(u, "2.1")["denominator"]) for u in res["units"]}
    assert got == {"department": (1, 2), "commune": (1, 1), "": (1, 1)}


def _xlsx(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_duplicate_header_refuses_an_xlsx_naming_the_columns(tmp_path):
    path = _xlsx(tmp_path / "hs.xlsx", [["dossier_id", "unit_id", "received_at", "Mã đơn vị", "unit_id"],
                                        ["X1", "U1", datetime(2025, 3, 3), "U1", "U2"]])
    with pytest.raises(engine.DossierError) as exc:
        engine.import_file(tmp_path / "data", path)
    msg = str(exc.value)
    assert "hs.xlsx" in msg and "trùng" in msg and "“unit_id”" in msg and "các cột B, E" in msg
    with pytest.raises(engine.DossierError, match="các cột B, E"):
        engine.preview(path)  # the upload screen says it before any mapping
    assert not (tmp_path / "data").exists() or not engine.load_manifest(tmp_path / "data")["batches"]


def test_duplicate_header_in_a_csv_differing_only_in_case_and_accents(tmp_path):
    path = tmp_path / "hs.csv"
    path.write_text("dossier_id,unit_id,received_at,Ghi chú,GHI CHU\nX1,U1,2025-03-03,a,b\n", encoding="utf-8")
    with pytest.raises(engine.DossierError, match=r"hs\.csv.*“Ghi chú”; “GHI CHU” ở các cột D, E"):
        engine.import_file(tmp_path / "data", path)


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_empty_header_over_data_is_refused_over_an_empty_column_ignored(tmp_path, suffix):
    def write(name, rows):
        if suffix == "xlsx":
            return _xlsx(tmp_path / f"{name}.xlsx", rows)
        p = tmp_path / f"{name}.csv"
        with open(p, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([["" if v is None else v for v in r] for r in rows])
        return p

    bad = write("bad", [["dossier_id", "unit_id", None, "received_at"],
                        ["X1", "U1", None, "2025-03-03"], ["X2", "U1", "ghi chú lạc", "2025-03-04"]])
    with pytest.raises(engine.DossierError) as exc:
        engine.import_file(tmp_path / "data", bad)
    assert f"bad.{suffix}" in str(exc.value) and "cột C có dữ liệu" in str(exc.value) and "để trống" in str(exc.value)
    ok = write("ok", [["dossier_id", "unit_id", None, "received_at", "due_at"],
                      ["X1", "U1", None, "2025-03-03", "2025-03-10"]])
    headers, rows = engine.preview(ok)
    assert headers == ["dossier_id", "unit_id", "received_at", "due_at"] and rows[0][:3] == ["X1", "U1", "2025-03-03"]
    rep = engine.import_file(tmp_path / "data", ok)
    assert rep.accepted and rep.unused_columns == []
