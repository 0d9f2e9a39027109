"""Exports of the exams app: .xlsx tables (via cchc.core.excel) and .docx certificates."""

from __future__ import annotations

import io

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
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    def para(text, *, bold=False, size=None, center=True):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    para("Độc lập - Tự do - Hạnh phúc", bold=True)
    para("")
    para("GIẤY CHỨNG NHẬN", bold=True, size=22)
    para("HOÀN THÀNH KIỂM TRA KIẾN THỨC CẢI CÁCH HÀNH CHÍNH", bold=True, size=14)
    para("")
    para(f"Chứng nhận ông/bà: {_name(attempt.user)}", bold=True, size=15)
    if attempt.unit:
        para(f"Đơn vị: {attempt.unit.name}")
    para(f"Đã tham gia {attempt.campaign.title}")
    para(f"và đạt kết quả {attempt.percent:g}% (điểm đạt: {attempt.campaign.pass_percent:g}%).")
    local = timezone.localtime(attempt.submitted_at or timezone.now())
    para("")
    para(f"Ngày {local.day:02d} tháng {local.month:02d} năm {local.year}", center=False).alignment = \
        WD_ALIGN_PARAGRAPH.RIGHT
    para(f"Số: {attempt.campaign_id:03d}/{attempt.pk:06d}/CN-KTCCHC", center=False)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
