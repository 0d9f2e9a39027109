"""Exports of the exams app: .xlsx tables (via cchc.core.excel) and .docx certificates."""

from __future__ import annotations

from django.utils import timezone

from cchc.core.excel import write_xlsx
from cchc.exams import item_stats, selectors
from cchc.exams.models import Attempt, Campaign

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _local(dt):
    return timezone.localtime(dt).replace(tzinfo=None) if dt else None


def _name(user) -> str:
    return user.get_full_name() or user.username


def attempts_xlsx(user, campaign: Campaign) -> bytes:
    topics = selectors.topics_by_id()
    attempts = sorted(selectors.attempts_listed(user, campaign),
                      key=lambda a: (a.unit.name if a.unit else "", a.user.username, a.number))
    area_ids = sorted({int(k) for a in attempts for k in (a.topic_scores or {})},
                      key=lambda t: (topics[t].order, topics[t].code) if t in topics else (999, ""))
    headers = ["Họ và tên", "Tài khoản", "Đơn vị", "Lần", "Bắt đầu", "Nộp lúc", "Điểm", "Tối đa", "Tỷ lệ (%)",
               "Kết quả", *[f"{topics[t].name} (%)" for t in area_ids if t in topics]]
    rows = []
    for a in attempts:
        per = []
        for t in area_ids:
            s, m = (a.topic_scores or {}).get(str(t), [None, None])
            per.append(round(100 * s / m, 1) if m else None)
        rows.append([_name(a.user), a.user.username, a.unit.name if a.unit else "", a.number, _local(a.started_at),
                     _local(a.submitted_at), a.score, a.max_score, a.percent, "Đạt" if a.passed else "Chưa đạt",
                     *per])
    return write_xlsx([("Kết quả", headers, rows)])


def units_xlsx(user, campaign: Campaign) -> bytes:
    rows_, total = selectors.unit_summary(user, campaign)
    headers = ["Đơn vị", "Số người thuộc diện", "Số người dự", "Tỷ lệ tham gia (%)", "Điểm trung bình (%)",
               "Số đạt", "Tỷ lệ đạt (%)", *[f"{i * 10}–{i * 10 + 10}%" for i in range(10)]]
    rows = [[r.unit_name, r.eligible, r.participants, r.participation, r.average, r.passed, r.pass_rate,
             *r.distribution] for r in [*rows_, total]]
    return write_xlsx([("Theo đơn vị", headers, rows)])


def items_xlsx(campaign: Campaign) -> bytes:
    test, items = selectors.item_analysis(campaign)
    headers = ["Mã câu hỏi", "Chủ đề", "Mức độ", "Câu hỏi", "Số lượt", "Chỉ số dễ F (%)", "Độ lệch chuẩn (%)",
               "Chỉ số phân biệt D (%)", "Cảnh báo", "Nguồn"]
    rows = []
    for s, v in items:
        rows.append([v.question.ref if v else s.key, v.topic.name if v else "", v.get_difficulty_display() if v else "",
                     v.text if v else "", s.n, s.facility, s.sd, s.discrimination,
                     ", ".join(item_stats.FLAG_LABELS[f] for f in s.flags), v.source_ref if v else ""])
    summary = [["Số bài (lần làm đầu)", test.n], ["Điểm trung bình (%)", test.mean], ["Trung vị (%)", test.median],
               ["Độ lệch chuẩn (%)", test.sd], ["Độ lệch (skewness)", test.skewness], ["Độ nhọn (kurtosis)", test.kurtosis],
               ["Hệ số nhất quán nội tại CIC (%)", test.cic], ["Tỷ lệ sai số ER (%)", test.error_ratio],
               ["Sai số chuẩn SE (%)", test.standard_error]]
    return write_xlsx([("Phân tích câu hỏi", headers, rows), ("Thống kê đề", ["Chỉ số", "Giá trị"], summary)])


def commendation_xlsx(user, campaign: Campaign) -> bytes:
    rows = []
    for i, a in enumerate(selectors.campaign_commendation(user, campaign, limit=100), start=1):
        minutes = round((a.submitted_at - a.started_at).total_seconds() / 60, 1) if a.submitted_at else None
        rows.append([i, _name(a.user), a.unit.name if a.unit else "", a.percent, minutes])
    return write_xlsx([("Đề nghị khen thưởng", ["Hạng", "Họ và tên", "Đơn vị", "Tỷ lệ điểm (%)", "Thời gian (phút)"],
                        rows)])


def certificate_docx(attempt: Attempt) -> bytes:
    """The certificate in the Nghị định 30 format (cchc.core.official_docx): the issuing department and Quốc hiệu, its
    number, "GIẤY CHỨNG NHẬN", the place-date line, the signature block. (It was a Letter-size page with the date as
    "Ngày 24 tháng 03 năm 2026", no place, no issuer, no signature, and "55.5%" with a decimal point.)"""
    from django.conf import settings

    from cchc.core import official_docx as od
    from cchc.core.vntext import format_number

    province = (getattr(settings, "CCHC_PROVINCE", "") or "").strip()
    campaign = attempt.campaign
    lines = [od.Paragraph(f"Chứng nhận ông/bà: {_name(attempt.user)}", bold=True, align="center")]
    if attempt.unit:
        lines.append(od.Paragraph(f"Đơn vị: {attempt.unit.name}", align="center"))
    lines += [od.Paragraph(f"Đã tham gia {campaign.title} và đạt kết quả {format_number(round(attempt.percent, 1))}% "
                           f"(điểm đạt: {format_number(round(campaign.pass_percent, 1))}%).", align="center")]
    return od.build(od.OfficialDocument(
        parent=f"UBND tỉnh {province}" if province else "", issuer="Sở Nội vụ", kind="Giấy chứng nhận",
        title="Hoàn thành kiểm tra kiến thức cải cách hành chính",
        number=f"{attempt.campaign_id:03d}/{attempt.pk:06d}/CN-KTCCHC", place=province,
        issued_on=timezone.localtime(attempt.submitted_at or timezone.now()).date(), body=lines,
        authority="Giám đốc"))
