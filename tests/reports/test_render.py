"""The report looked at the way a person would: rendered by LibreOffice to PDF, then each page to PNG
(pdftoppm), counted and checked for ink; the structure read back from the .docx itself always runs."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document

from cchc.reports import catalog, documents, services
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db
NO_RENDERER = shutil.which("pdftoppm") is None or documents.libreoffice() is None
REASON = "LibreOffice hoặc pdftoppm chưa cài (make libreoffice): bỏ qua phần dựng trang PNG"


@pytest.fixture
def report(users, platform_data):
    r = services.report_create(user=users["focal_point"], unit=platform_data["stp"], year=YEAR,
                               period_kind=catalog.Q1)
    services.report_text_save(user=users["focal_point"], report=r,
                       narrative={"III.2": "Đội ngũ làm công tác CCHC còn kiêm nhiệm nhiều việc.\nKinh phí hạn chế."})
    return r


def test_docx_styles_always(report):
    doc = Document(io.BytesIO(documents.report_docx(report)))
    body = [p for p in doc.paragraphs if p.text.strip()]
    bold_centre = [p.text for p in body if p.alignment == 1 and all(r.font.bold for r in p.runs)]
    assert "BÁO CÁO" in bold_centre and "PHỤ LỤC" in bold_centre
    text_paras = [p for p in body if p.text.startswith("Đội ngũ làm công tác")]
    assert text_paras and text_paras[0].paragraph_format.first_line_indent.mm == pytest.approx(10, abs=0.1)
    assert text_paras[0].runs[0].font.size.pt == 14
    date_line = doc.tables[0].cell(1, 1).paragraphs[-1]
    assert date_line.runs[0].font.italic and "ngày" in date_line.text
    assert doc.sections[0].different_first_page_header_footer  # page numbers from page 2


@pytest.mark.skipif(NO_RENDERER, reason=REASON)
def test_rendered_pages(report):
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "r.pdf"
        pdf.write_bytes(documents.to_pdf(documents.report_docx(report)))
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        size = next(line for line in info.splitlines() if line.startswith("Page size:"))
        assert "595" in size and "841" in size  # A4 in points
        assert pages >= 4  # the body, then the seven annex forms
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(Path(tmp) / "p")], check=True)
        pngs = sorted(Path(tmp).glob("p-*.png"))
        assert len(pngs) == pages
        from PIL import Image

        for i, png in enumerate(pngs, start=1):
            dark = sum(Image.open(png).convert("L").histogram()[:128])
            assert dark > 150, f"{png.name} is blank"  # a page number alone is about 20 dark pixels
            words = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout.split()
            assert any(w.isalpha() for w in words), f"page {i} has no text besides its number"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Biểu mẫu 7" in text
        assert "Đội ngũ làm công tác CCHC" in text


def test_letterhead_names_the_department_once_and_annex_groups_are_bold(report):
    """The letterhead read "UBND TỈNH HÀ TĨNH / SỞ TƯ PHÁP TỈNH HÀ TĨNH" (the province twice, the body's name on two
    lines); the annex's group rows ("1. Thống kê TTHC") looked like the indicators under them."""
    doc = Document(io.BytesIO(documents.report_docx(report)))
    left = [p.text for p in doc.tables[0].cell(0, 0).paragraphs if p.text]
    assert left == ["UBND TỈNH HÀ TĨNH", "SỞ TƯ PHÁP"]
    # the annex names the report by number and date, as "(Kèm theo Báo cáo số …/BC-UBND ngày … tháng … năm …)"
    assert any(p.text.startswith("(Kèm theo Báo cáo số") and " ngày " in p.text for p in doc.paragraphs)
    form3 = next(t for t in doc.tables if len(t.rows) > 2 and t.rows[1].cells[1].text == "Thống kê TTHC")
    assert form3.rows[1].cells[1].paragraphs[0].runs[0].font.bold
    assert not form3.rows[2].cells[1].paragraphs[0].runs[0].font.bold


def test_a_commune_letterhead_has_no_parent_line():
    """"ỦY BAN NHÂN DÂN XÃ …" stands alone (it was printed under "UBND TỈNH HÀ TĨNH" like a department)."""
    from types import SimpleNamespace

    from cchc.org.models import UnitKind

    unit = SimpleNamespace(kind=UnitKind.COMMUNE, name="Ủy ban nhân dân xã Thạch Hà")
    assert documents.issuer(SimpleNamespace(level="unit", unit=unit)) == ("", "Ủy ban nhân dân xã Thạch Hà")
    dept = SimpleNamespace(kind=UnitKind.DEPARTMENT, name="Sở Y tế tỉnh Hà Tĩnh")
    assert documents.issuer(SimpleNamespace(level="unit", unit=dept)) == ("UBND tỉnh Hà Tĩnh", "Sở Y tế")
