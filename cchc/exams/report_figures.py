"""The exams app's part of the periodic CCHC report (hook ``report_figures``, see cchc.reports.figures):
knowledge tests of CCHC staff in the period (section II.4, chế độ công vụ)."""

from __future__ import annotations


def report_figures(units, start, end):
    from cchc.exams.models import Attempt

    graded = Attempt.objects.filter(unit__in=[u.pk for u in units], submitted_at__date__gte=start,
                                    submitted_at__date__lte=end, passed__isnull=False)
    rows = list(graded.values_list("user_id", "passed", "campaign_id"))
    if not rows:
        return {}
    people = {u for u, _p, _c in rows}
    passed = {u for u, p, _c in rows if p}
    text = (f"Kiểm tra kiến thức CCHC: {len({c for _u, _p, c in rows})} kỳ kiểm tra, {len(people)} lượt cán bộ, "
            f"công chức tham gia ({len(rows)} bài làm); {len(passed)}/{len(people)} người đạt yêu cầu "
            f"({len(passed) * 100 / len(people):.2f}%).".replace(".", ",").replace(",00%", "%").rstrip(",") + ".")
    return {"facts": {"II.4": [text]}}
