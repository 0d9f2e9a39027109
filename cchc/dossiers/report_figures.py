"""The dossiers (766) app's part of the periodic CCHC report (hook ``report_figures``, see cchc.reports.figures):
dossiers settled on time by sở, ngành and by UBND cấp xã (Biểu mẫu 3, mục 3.1–3.2), online share and
digitisation from the 766 indicators."""

from __future__ import annotations


def report_figures(units, start, end):
    from cchc.dossiers import engine, selectors
    from cchc.org.models import UnitKind

    by_code = {u.code: u for u in units}
    result = engine.indicators(selectors.data_dir(), start, end)
    mine = [u for u in result["units"] if u["unit_id"] in by_code]
    if not mine:
        return {}
    sums = {UnitKind.DEPARTMENT: [0, 0], UnitKind.COMMUNE: [0, 0]}
    online, received, digit, digit_den = 0, 0, 0, 0
    for u in mine:
        ind = {i["id"]: i for i in u["indicators"]}
        kind = by_code[u["unit_id"]].kind
        i21 = ind.get("2.1")
        if kind in sums and i21 and i21["numerator"] is not None:
            sums[kind][0] += i21["numerator"] or 0
            sums[kind][1] += i21["denominator"] or 0
        if ind.get("3.3") and ind["3.3"]["numerator"] is not None:
            online += ind["3.3"]["numerator"] or 0
            received += ind["3.3"]["denominator"] or 0
        if ind.get("4.2") and ind["4.2"]["numerator"] is not None:
            digit += ind["4.2"]["numerator"] or 0
            digit_den += ind["4.2"]["denominator"] or 0
    note = "Chỉ số 2.1 (QĐ 766): hồ sơ đến hạn trong kỳ, gồm hồ sơ tồn kỳ trước"
    rows = {}
    for kind, base in ((UnitKind.DEPARTMENT, "3:3.1"), (UnitKind.COMMUNE, "3:3.2")):
        ok, total = sums[kind]
        if total:
            rows[f"{base}.1"] = {"value": total, "note": note}
            rows[f"{base}.2"] = {"value": ok, "note": ""}
    facts = []
    for kind, label in ((UnitKind.DEPARTMENT, "sở, ngành"), (UnitKind.COMMUNE, "UBND cấp xã")):
        ok, total = sums[kind]
        if total:
            facts.append(f"Hồ sơ TTHC do {label} giải quyết trước hạn, đúng hạn: {_n(ok)}/{_n(total)} hồ sơ "
                         f"({_p(ok, total)}%).")
    if received:
        facts.append(f"Hồ sơ tiếp nhận trực tuyến: {_n(online)}/{_n(received)} hồ sơ ({_p(online, received)}%).")
    if digit_den:
        facts.append(f"Hồ sơ được số hóa: {_n(digit)}/{_n(digit_den)} hồ sơ ({_p(digit, digit_den)}%).")
    return {"rows": rows, "facts": {"II.2": facts}}


def _n(v):
    return f"{int(v):,}".replace(",", ".")


def _p(a, b):
    return f"{a * 100 / b:.2f}".replace(".", ",")
