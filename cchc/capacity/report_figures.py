"""The capacity app's part of the periodic CCHC report (hook ``report_figures``, see cchc.reports.figures):
CCHC training courses held in the period and who completed them (section II.4, chế độ công vụ)."""

from __future__ import annotations


def report_figures(units, start, end):
    from cchc.capacity.models import Course, Enrolment

    courses = Course.objects.filter(organiser__in=[u.pk for u in units], start_date__lte=end, end_date__gte=start)
    n = courses.count()
    if not n:
        return {}
    enrolled = Enrolment.objects.filter(course__in=courses)
    total, done = enrolled.count(), enrolled.filter(completed=True).count()
    text = (f"Đào tạo, bồi dưỡng về CCHC: tổ chức {n} lớp, khóa cho {total} lượt cán bộ, công chức; "
            f"{done} lượt hoàn thành chương trình.")
    return {"facts": {"II.4": [text]}}
