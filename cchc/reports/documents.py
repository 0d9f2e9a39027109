"""The report as documents: the .docx in the Nghị định 30 format (cchc.core.official_docx) with the statistics
annex (Biểu mẫu 1–7) after the signature, the annex as .xlsx (cchc.core.excel), and a PDF when LibreOffice is
installed. Everything is built from ``report.data``: the frozen snapshot once issued, the live figures before."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cchc.core import official_docx as od
from cchc.core.excel import write_xlsx
from cchc.core.vndates import format_date_draft
from cchc.org.models import UnitKind
from cchc.reports import catalog

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EMPTY = "(Chưa có nội dung)"


def _province() -> str:
    return (getattr(settings, "CCHC_PROVINCE", "") or "").strip()


def subject(report) -> str:
    return f"tỉnh {_province()}" if report.level == catalog.PROVINCE else report.unit.name


def issuer(report) -> tuple[str, str]:
    """(parent body, issuing body) of the letterhead. A department prints "UBND TỈNH HÀ TĨNH / SỞ TƯ PHÁP" — its
    name without the province the line above already gives (it read "SỞ TƯ PHÁP TỈNH HÀ TĨNH" on two lines);
    a commune's People's Committee has no parent body line ("ỦY BAN NHÂN DÂN XÃ …")."""
    if report.level == catalog.PROVINCE:
        return "", f"Ủy ban nhân dân tỉnh {_province()}"
    if report.unit.kind == UnitKind.COMMUNE:
        return "", report.unit.name
    return f"UBND tỉnh {_province()}", od.without_province(report.unit.name, _province())


def signature(report) -> tuple[str, str]:
    """(authority, title) of the signature block; the title can be changed on the report."""
    if report.level == catalog.PROVINCE or report.unit.kind == UnitKind.COMMUNE:
        return "TM. Ủy ban nhân dân", report.signer_title or "Chủ tịch"
    return "", report.signer_title or "Giám đốc"


def recipients(report) -> list[str]:
    if report.level == catalog.PROVINCE:
        return ["Bộ Nội vụ", "Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh", "Chủ tịch, các PCT UBND tỉnh",
                "Các sở, ban, ngành tỉnh", "UBND các xã, phường", "Lưu: VT, NC"]
    return ["Sở Nội vụ (Phòng Cải cách hành chính)", "Lãnh đạo đơn vị", "Lưu: VT"]


def annex_table(report) -> list[dict]:
    """Every annex row with its value, note and source ("data", "manual", "computed", "" = no data)."""
    data = report.data or {}
    manual = data.get("manual", report.manual) if report.frozen else report.manual
    values = catalog.annex_values(data.get("rows", {}), manual)
    out = []
    for form, rows in catalog.FORMS.items():
        for row in rows:
            v = values.get(row.key)
            note = ""
            if v is not None:
                note = v.get("note", "")
                if v["source"] == "manual":
                    note = (note + "; " if note else "") + "Đơn vị nhập"
            elif not row.is_heading:
                note = catalog.NO_DATA
            out.append({"form": form, "key": row.key, "code": row.code, "label": row.label, "unit": row.unit,
                        "heading": row.is_heading, "value": v["value"] if v else None,
                        "text": catalog.fmt_number(v["value"]) if v else "", "note": note,
                        "source": v["source"] if v else ""})
    return out


def sections(report) -> list[dict]:
    """The outline with, per section, the facts from data, the tables and the unit's text."""
    data = report.data or {}
    narrative = (data.get("narrative") if report.frozen else None) or report.narrative or {}
    allowed = {s.key for s in catalog.sections_for(report.level)}
    out = []
    for part, heading, items in catalog.OUTLINE:
        secs = []
        for i, s in enumerate([s for s in items if s.key in allowed], start=1):
            secs.append({"key": s.key, "number": i, "heading": s.heading,
                         "facts": data.get("facts", {}).get(s.key, []),
                         "tables": [{**t, "labelled": [list(zip(t["headers"], row, strict=False)) for row in t["rows"]]}
                                    for t in data.get("tables", {}).get(s.key, [])],
                         "text": narrative.get(s.key, "")})
        out.append({"part": part, "heading": heading, "sections": secs})
    return out


def _body(report) -> list:
    _parent, who = issuer(report)
    body = [od.Paragraph(
        f"Thực hiện chế độ báo cáo cải cách hành chính định kỳ, {who} báo cáo kết quả thực hiện công tác cải "
        f"cách hành chính (CCHC) {report.period_label} và phương hướng, nhiệm vụ kỳ tới như sau:"),
        od.Paragraph(f"({report.period_text}.)", italic=True)]
    for part in sections(report):
        body.append(od.Heading(f"{part['part']}. {part['heading']}"))
        for s in part["sections"]:
            body.append(od.Heading(f"{s['number']}. {s['heading']}"))
            body += [od.Paragraph(f) for f in s["facts"]]
            for t in s["tables"]:
                body.append(od.Table(t["headers"], t["rows"], widths_mm=t.get("widths_mm"), caption=t["caption"]))
            text = [line.strip() for line in (s["text"] or "").split("\n") if line.strip()]
            body += [od.Paragraph(line) for line in text]
            if not s["facts"] and not s["tables"] and not text:
                body.append(od.Paragraph(EMPTY, italic=True))
    return body


def number_text(report) -> str:
    """The number/symbol as printed: the one given, else a blank number for the issuer's symbol."""
    return report.number or ("      /BC-UBND" if signature(report)[0] else "      /BC")


def _dated(report) -> str:
    """"ngày 05 tháng 3 năm 2026" once issued, else blanks for the day and month, as the province's drafts print them."""
    return format_date_draft(report.issued_on, year=timezone.localdate().year)


def _annex(report) -> list:
    rows = annex_table(report)
    number = number_text(report)
    blocks = [od.Paragraph("PHỤ LỤC", bold=True, align="center"),
              od.Paragraph(f"BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH {report.period_label.upper()}",
                           bold=True, align="center"),
              od.Paragraph(f"(Kèm theo Báo cáo số {number} {_dated(report)} của {issuer(report)[1]})", italic=True,
                           align="center")]
    for form, title in catalog.FORM_TITLES.items():
        mine = [r for r in rows if r["form"] == form]
        # a row without a figure is left blank, as the province's annex prints it (the note on ~100 rows had to be
        # cleared by hand before signing); the list below names them until the report is issued
        lines = [[r["code"] + ".", r["label"], r["unit"], r["text"], r["note"] if r["source"] else ""] for r in mine]
        blocks.append(od.Table(["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"], lines,
                               widths_mm=(17, 73, 24, 22, 29), caption=f"Biểu mẫu {form}. {title}",
                               bold_rows=[i for i, r in enumerate(mine) if r["heading"]]))
    blank = [r for r in rows if not r["heading"] and r["source"] == ""]
    if blank and not report.issued_on:
        blocks.append(od.Paragraph(f"{catalog.NO_DATA} ({len(blank)} chỉ tiêu):", bold=True))
        for form in catalog.FORM_TITLES:
            codes = [r["code"] for r in blank if r["form"] == form]
            if codes:
                blocks.append(od.Paragraph(f"Biểu mẫu {form}: chỉ tiêu {', '.join(codes)}."))
    return blocks


def report_docx(report) -> bytes:
    parent, who = issuer(report)
    authority, title = signature(report)
    return od.build(od.OfficialDocument(
        parent=parent, issuer=who, kind="Báo cáo",
        title=catalog.report_title(report.period_kind, report.year, subject(report)),
        number=number_text(report), place=_province(), issued_on=report.issued_on,
        draft_year=timezone.localdate().year,
        body=_body(report), recipients=recipients(report), authority=authority, signer_title=title,
        signer_name=report.signer_name, annex=_annex(report)))


def annex_xlsx(report) -> bytes:
    rows = annex_table(report)
    source_label = {"data": "Hệ thống", "manual": "Đơn vị nhập", "computed": "Tính từ 2 chỉ tiêu", "": ""}
    sheets = []
    for form in catalog.FORM_TITLES:
        sheets.append((f"Biểu mẫu {form}", ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú", "Nguồn"],
                       [[r["code"], r["label"], r["unit"], r["value"], r["note"], source_label[r["source"]]]
                        for r in rows if r["form"] == form]))
    blank = [r for r in rows if not r["heading"] and r["source"] == ""]
    sheets.append(("Chưa có số liệu", ["Biểu mẫu", "STT", "Chỉ tiêu thống kê", "Đơn vị tính"],
                   [[r["form"], r["code"], r["label"], r["unit"]] for r in blank]))
    return write_xlsx(sheets)


def libreoffice() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


def to_pdf(docx: bytes, timeout: int = 180) -> bytes | None:
    """The .docx converted by LibreOffice (headless); None when LibreOffice is not installed."""
    exe = libreoffice()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="cchc-report-") as tmp:
        src = Path(tmp) / "bao-cao.docx"
        src.write_bytes(docx)
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, str(src)], check=True, timeout=timeout, capture_output=True)
        return (Path(tmp) / "bao-cao.pdf").read_bytes()


def filename(report, ext: str) -> str:
    return f"bao-cao-cchc-{report.period_kind}-{report.year}-{report.unit.code}.{ext}".replace("/", "-")
