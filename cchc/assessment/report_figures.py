"""The assessment app's part of the periodic CCHC report (hook ``report_figures``, see cchc.reports.figures):
the latest published CCHC index results of the units (section III.1, đánh giá chung)."""

from __future__ import annotations


def report_figures(units, start, end):
    from cchc.assessment.models import Round

    ids = {u.pk for u in units}
    facts = []
    for rnd in (Round.objects.filter(published_at__isnull=False, published_at__date__lte=end,
                                     framework__year__gte=end.year - 1)
                .select_related("framework").order_by("framework__year", "framework__unit_kind")):
        rows = [r for r in rnd.published_results if r.get("unit_id") in ids]
        if not rows:
            continue
        fw = rnd.framework
        if len(rows) == 1:
            r = rows[0]
            facts.append(f"Chỉ số CCHC năm {fw.year} ({fw.get_unit_kind_display()}): đạt {r['index']}%, xếp loại "
                         f"{r['class']}, xếp thứ {r['rank']}/{len(rnd.published_results)}"
                         + (f" (Quyết định {rnd.decision})" if rnd.decision else "") + ".")
        else:
            bands = {}
            for r in rows:
                bands[r["class"]] = bands.get(r["class"], 0) + 1
            top = rows[0]
            facts.append(f"Chỉ số CCHC năm {fw.year} ({fw.get_unit_kind_display()}): {len(rows)} đơn vị được đánh "
                         f"giá; " + ", ".join(f"{n} đơn vị xếp loại {b}" for b, n in bands.items())
                         + f"; cao nhất {top['unit']} ({top['index']}%)"
                         + (f" (Quyết định {rnd.decision})" if rnd.decision else "") + ".")
    return {"facts": {"III.1": facts}} if facts else {}
