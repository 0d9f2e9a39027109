"""The surveys app's part of the periodic CCHC report (hook ``report_figures``, see cchc.reports.figures):
satisfaction surveys held in the period — how many forms, in which form, the satisfaction rate (Biểu mẫu 1, mục 5)."""

from __future__ import annotations


def report_figures(units, start, end):
    from cchc.surveys.models import Answer, Item, Response

    responses = Response.objects.filter(round__unit__in=[u.pk for u in units], submitted_on__gte=start,
                                        submitted_on__lte=end)
    n = responses.count()
    if not n:
        return {}
    channels = set(responses.values_list("channel", flat=True).distinct())
    paper = {Response.Channel.PAPER, Response.Channel.IMPORT}
    form = 1 if channels <= paper else (0 if not channels & paper else 2)
    likert = list(Answer.objects.filter(response__in=responses, item__measure=Item.Measure.SATISFACTION,
                                        value__isnull=False)
                  .values_list("value", "item__section__version__satisfied_min"))
    satisfied = sum(1 for v, m in likert if v >= (m or 4))
    rows = {"1:5": {"value": 1, "note": ""}, "1:5.1": {"value": n, "note": ""},
            "1:5.2": {"value": form, "note": {0: "Trực tuyến (mã QR, máy tại quầy)", 1: "Phát phiếu",
                                               2: "Kết hợp"}[form]}}
    text = f"Khảo sát sự hài lòng của người dân, tổ chức: thu về {n:,} phiếu".replace(",", ".")
    if likert:
        text += f"; tỷ lệ câu trả lời hài lòng, rất hài lòng đạt {satisfied * 100 / len(likert):.2f}%".replace(".", ",")
    return {"rows": rows, "facts": {"II.2": [text + "."]}}
