"""Documents of an inspection in the Nghị định 30 format (``cchc.core.official_docx``): the yearly plan with its
annexes (units × month; the outline each inspected unit reports on) and the minutes (biên bản) of one inspection."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from cchc.core import official_docx as od
from cchc.core.areas import LABELS as AREA_LABELS
from cchc.core.vndates import format_date_draft
from cchc.inspections.models import ChecklistItem, Inspection, InspectionMember, InspectionPlan
from cchc.org.models import unit_order

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _province() -> str:
    return getattr(settings, "CCHC_PROVINCE", "") or ""


def _outline_blocks(items: list[dict]) -> list:
    blocks, current = [], None
    for it in items:
        head = it["code"].split(".")[0]
        if head != current:
            current = head
            blocks.append(od.Heading(f"{head}. {AREA_LABELS.get(it.get('area'), 'Khác').upper()}"))
        blocks.append(od.Paragraph(f"{it['code'].split('.', 1)[-1]}. {it['text']}."))
    return blocks


def plan_docx(plan: InspectionPlan) -> bytes:
    """The yearly plan; its two annexes follow the signature, each from a new page under "Phụ lục I/II", its title
    and "(Kèm theo Kế hoạch số … ngày …)", as the province's plan prints them (they were in the body, before the
    signature, with no reference to the plan)."""
    inspections = list(plan.inspections.select_related("unit").order_by(unit_order("unit__")[0], "month",
                                                                         "unit__name_key"))
    rows, groups, group_rows = [], {}, []
    for ins in inspections:
        groups.setdefault(ins.unit.get_kind_display(), []).append(ins)
    for g, (label, items) in enumerate(groups.items()):
        group_rows.append(len(rows))
        rows.append([ROMAN[g] if g < len(ROMAN) else str(g + 1), label, ""])
        for i, ins in enumerate(items, start=1):
            when = f"Tháng {ins.month}/{plan.year}"
            if ins.starts_on and ins.ends_on:
                when = f"Từ {ins.starts_on:%d/%m/%Y} đến {ins.ends_on:%d/%m/%Y}"
            rows.append([i, od.without_province(ins.unit.name, _province()), when])
    number = plan.document_number or "      /KH-SNV"
    dated = format_date_draft(plan.issued_on, year=timezone.localdate().year)
    attached = f"(Kèm theo Kế hoạch số {number} {dated} của Sở Nội vụ)"
    body = [
        od.Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        od.Paragraph("Kiểm tra, theo dõi, đôn đốc việc thực hiện nhiệm vụ cải cách hành chính năm "
                     f"{plan.year}; phát hiện cách làm hay để nhân rộng, tồn tại, hạn chế để khắc phục; thu thập "
                     "thông tin phục vụ xác định Chỉ số cải cách hành chính."),
        od.Heading("II. ĐƠN VỊ ĐƯỢC KIỂM TRA, THỜI GIAN KIỂM TRA"),
        od.Paragraph(f"Số lượng đơn vị được kiểm tra: {len(inspections)} đơn vị (tối thiểu "
                     f"{plan.target_share:g}% số cơ quan, đơn vị); đơn vị và thời gian kiểm tra theo Phụ lục I kèm "
                     "theo Kế hoạch này."),
        od.Heading("III. NỘI DUNG KIỂM TRA"),
        od.Paragraph("Các cơ quan, đơn vị được kiểm tra báo cáo kết quả thực hiện công tác cải cách hành chính theo "
                     "đề cương tại Phụ lục II kèm theo Kế hoạch này."),
    ]
    annex = [
        od.Paragraph("Phụ lục I", bold=True, align="center"),
        od.Paragraph("THỜI GIAN, ĐƠN VỊ ĐƯỢC KIỂM TRA", bold=True, align="center"),
        od.Paragraph(attached, italic=True, align="center"),
        od.Table(["STT", "Đơn vị được kiểm tra", "Thời gian kiểm tra"], rows, widths_mm=(15, 100, 50),
                 bold_rows=group_rows),
        od.Paragraph("Phụ lục II", bold=True, align="center", new_page=True),
        od.Paragraph("ĐỀ CƯƠNG BÁO CÁO PHỤC VỤ KIỂM TRA", bold=True, align="center"),
        od.Paragraph(f"CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM {plan.year}", bold=True, align="center"),
        od.Paragraph(attached, italic=True, align="center"),
        *_outline_blocks(plan.outline or []),
    ]
    return od.build(od.OfficialDocument(
        parent=f"UBND tỉnh {_province()}" if _province() else "", issuer="Sở Nội vụ", kind="Kế hoạch",
        title=plan.title, number=number, place=_province(),
        issued_on=plan.issued_on, draft_year=timezone.localdate().year, body=body, annex=annex,
        recipients=["Các cơ quan, đơn vị được kiểm tra", "Lưu: VT, CCHC"], authority="Giám đốc"))


def notice_docx(ins: Inspection) -> bytes:
    """The letter (công văn) that tells one unit when and how it will be inspected, who comes, and what to prepare:
    its own report on the plan's outline (Phụ lục II of the plan), sent before the visit."""
    plan = ins.plan
    team = list(ins.team.select_related("user").order_by("role", "user__last_name"))
    when = ins.when_text(letter=True)
    report_by = ins.starts_on or None
    body = [
        od.Paragraph(f"Thực hiện {plan.title}" + (f" số {plan.document_number}" if plan.document_number else "")
                     + f", Sở Nội vụ thông báo kiểm tra công tác cải cách hành chính năm {plan.year} tại "
                     f"{ins.unit.name} như sau:"),
        od.Paragraph(f"1. Thời gian: {when}. Hình thức: {ins.get_mode_display().lower()}."),
        od.Paragraph("2. Thành phần Đoàn kiểm tra:"),
        *[od.Paragraph(f"- {m.user.get_full_name() or m.user.username}, {m.get_role_display().lower()}.")
          for m in team],
        od.Paragraph("3. Đề nghị đơn vị chuẩn bị báo cáo kết quả thực hiện công tác cải cách hành chính theo đề "
                     "cương kèm theo, gửi về Sở Nội vụ (qua hệ thống quản lý CCHC)"
                     + (f" trước ngày {report_by:%d/%m/%Y}" if report_by else " trước ngày kiểm tra")
                     + "; bố trí lãnh đạo đơn vị, công chức đầu mối CCHC và các bộ phận liên quan làm việc với "
                     "Đoàn; chuẩn bị hồ sơ, tài liệu kiểm chứng."),
        od.Heading("ĐỀ CƯƠNG BÁO CÁO PHỤC VỤ KIỂM TRA"),
        *_outline_blocks(plan.outline or []),
    ]
    return od.build(od.OfficialDocument(
        parent=f"UBND tỉnh {_province()}" if _province() else "", issuer="Sở Nội vụ", kind="",
        title=f"kiểm tra công tác cải cách hành chính năm {plan.year}", number="      /SNV-CCHC",
        place=_province(), issued_on=None, draft_year=timezone.localdate().year, addressees=[ins.unit.name], body=body,
        recipients=[ins.unit.name, "Thành viên Đoàn kiểm tra", "Lưu: VT, CCHC"], authority="Giám đốc"))


def minutes_docx(ins: Inspection) -> bytes:
    team = list(ins.team.select_related("user").order_by("role", "user__last_name"))
    results = dict(ChecklistItem.Result.choices)
    check_rows = [[it.code, it.text, str(results.get(it.result, it.result)), it.note]
                  for it in ins.checklist.all()]
    finding_rows = [[i, f.get_area_display(), f.text, f.recommendation, f"{f.due_date:%d/%m/%Y}"]
                    for i, f in enumerate(ins.findings.all(), start=1)]
    when = ins.concluded_on or timezone.localdate()
    members = [f"{m.user.get_full_name() or m.user.username} — {m.get_role_display()}" for m in team]
    body = [
        od.Paragraph(f"Thực hiện {ins.plan.title}" + (f" số {ins.plan.document_number}" if ins.plan.document_number
                                                       else "") + f", hôm nay, ngày {when:%d/%m/%Y}, Đoàn kiểm tra "
                     f"làm việc với {ins.unit.name} ({ins.get_mode_display().lower()})."),
        od.Heading("I. THÀNH PHẦN ĐOÀN KIỂM TRA"),
        *[od.Paragraph(f"{i}. {m}") for i, m in enumerate(members, start=1)],
        od.Heading("II. KẾT QUẢ KIỂM TRA"),
        od.Table(["Mục", "Nội dung kiểm tra", "Kết quả", "Ghi chú"], check_rows, widths_mm=(15, 85, 30, 35)),
        od.Heading("III. TỒN TẠI, HẠN CHẾ VÀ KIẾN NGHỊ KHẮC PHỤC"),
        (od.Table(["STT", "Lĩnh vực", "Tồn tại, hạn chế", "Kiến nghị", "Hạn khắc phục"], finding_rows,
                  widths_mm=(12, 30, 55, 45, 23)) if finding_rows else od.Paragraph("Không có.")),
        od.Heading("IV. NHẬN XÉT, ĐÁNH GIÁ CHUNG"),
        *[od.Paragraph(p) for p in (ins.summary or "").split("\n") if p.strip()],
        od.Paragraph("Biên bản được lập thành 02 bản, đơn vị được kiểm tra giữ 01 bản, Đoàn kiểm tra giữ 01 bản."),
    ]
    chief = next((m for m in team if m.role == InspectionMember.Role.CHIEF), None)
    return od.build(od.OfficialDocument(
        parent=f"UBND tỉnh {_province()}" if _province() else "", issuer="Đoàn kiểm tra CCHC", kind="Biên bản",
        title=f"Kiểm tra công tác cải cách hành chính năm {ins.plan.year} tại {ins.unit.name}",
        # the minutes' own number (the conclusion number is the later notice's, "…/TB-…": a BIÊN BẢN printed
        # "Số: 01/TB-ĐKT"); signed by both sides, kept in the two copies the last paragraph names (no recipients)
        number="      /BB-ĐKT", place=_province(), issued_on=when, body=body,
        cosigner_title="Đại diện đơn vị được kiểm tra", authority="Trưởng đoàn",
        signer_name=(chief.user.get_full_name() or chief.user.username) if chief else ""))
