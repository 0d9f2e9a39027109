"""Issue 8 items 10 and 15: decompression limits before any parser, and uploads validated by parsing their type."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from cchc.core import excel, intake
from cchc.core.intake import IntakeError, check_archive, check_pdf, read_document, verify
from tests.helpers import pdf_with_text


def _refusal(fn, *args) -> str:
    """The code of the IntakeError that ``fn(*args)`` must raise."""
    with pytest.raises(IntakeError) as exc:
        fn(*args)
    return exc.value.code


def _docx(document_xml: bytes | None = None) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("Kế hoạch cải cách hành chính năm 2025 của Sở Tư pháp tỉnh Hà Tĩnh.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _bomb(member: str, size_mb: int, base: bytes) -> bytes:
    """A valid package whose ``member`` is replaced by ``size_mb`` MB of one repeated byte (compresses ~1000:1)."""
    zin = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in zin.namelist():
            if name == member:
                with zf.open(name, "w") as fh:
                    fh.write(b"<w:document xmlns:w='x'>")
                    chunk = b" " * (1 << 20)
                    for _ in range(size_mb):
                        fh.write(chunk)
            else:
                zf.writestr(name, zin.read(name))
    return out.getvalue()


def test_docx_bomb_is_refused_before_parsing():
    bomb = _bomb("word/document.xml", 3, _docx())
    assert len(bomb) < 100_000  # a few KB on disk, 3 MB inflated: ratio ~1000
    with pytest.raises(IntakeError) as exc:
        read_document(bomb, "kehoach.docx")
    assert exc.value.code == "too_large_inflated" and "kehoach.docx" in exc.value.message
    assert "bom nén" in exc.value.message


def test_total_inflated_size_is_capped(settings, monkeypatch):
    monkeypatch.setattr(intake, "MAX_RATIO", 10**9)
    settings.CCHC_MAX_INFLATED_MB = 2
    with pytest.raises(IntakeError) as exc:
        check_archive(_bomb("word/document.xml", 3, _docx()), "a.docx")
    assert exc.value.code == "too_large_inflated"
    check_archive(_docx(), "a.docx")  # an ordinary document passes


def test_lying_central_directory_is_caught_by_actual_inflation(settings, monkeypatch):
    """Declared sizes say little; the streamed inflation still stops at the cap."""
    bomb = _bomb("word/document.xml", 3, _docx())
    real_infolist = zipfile.ZipFile.infolist

    def lying(self):
        infos = real_infolist(self)
        for i in infos:
            i.file_size = min(i.file_size, 1000)  # the header claims 1 KB …
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying)
    monkeypatch.setattr(intake, "MAX_RATIO", 10**9)
    settings.CCHC_MAX_INFLATED_MB = 1
    with pytest.raises(IntakeError) as exc:  # … and reading it never yields more than it claims (CRC fails)
        check_archive(bomb, "a.docx")
    assert exc.value.code in ("corrupt", "too_large_inflated")


def test_xlsx_bomb_is_refused_by_every_excel_reader():
    base = excel.write_xlsx([("S", ["Mã", "Tên"], [["1", "a"]])])
    bomb = _bomb("xl/worksheets/sheet1.xml", 3, base)
    rows, errors = excel.read_xlsx(bomb, columns={"code": ["Mã"]})
    assert rows == [] and "bom nén" in errors[0].message
    with pytest.raises(excel.ExcelError) as exc:
        excel.sheet_rows(bomb, "chitieu.xlsx")
    assert "chitieu.xlsx" in exc.value.message


def _pdf_with_stream(raw: bytes) -> bytes:
    import zlib

    body = zlib.compress(raw, 9)
    return (b"%PDF-1.4\n1 0 obj\n<< /Length " + str(len(body)).encode() + b" /Filter /FlateDecode >>\nstream\n"
            + body + b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n")


def test_pdf_flate_bomb_is_refused(settings):
    settings.CCHC_MAX_INFLATED_MB = 1
    pdf = _pdf_with_stream(b"0" * (3 * 1024 * 1024))
    assert _refusal(check_pdf, pdf, "a.pdf") == _refusal(read_document, pdf, "a.pdf") == "too_large_inflated"
    check_pdf(_pdf_with_stream(b"BT (x) Tj ET"), "b.pdf")


def _real_pdf() -> bytes:
    return pdf_with_text("Bao cao ket qua CCHC nam 2025")


def test_verify_parses_the_type_not_only_magic_bytes():
    assert verify(_real_pdf(), "bc.pdf") == "pdf"
    with pytest.raises(IntakeError) as exc:
        verify(b"%PDF-1.7\n" + os.urandom(2000), "gia.pdf")
    assert exc.value.code == "corrupt" and "gia.pdf" in exc.value.message
    assert verify(_docx(), "a.docx") == "docx"
    fake_docx = io.BytesIO()
    with zipfile.ZipFile(fake_docx, "w") as zf:
        zf.writestr("word/document.xml", b"not xml")
    with pytest.raises(IntakeError):
        verify(fake_docx.getvalue(), "a.docx")
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    assert verify(png.getvalue(), "a.png") == "image"
    with pytest.raises(IntakeError):
        verify(b"\x89PNG\r\n\x1a\n" + os.urandom(300), "b.png")
    with pytest.raises(IntakeError) as exc:
        verify(_docx(), "a.docx", allowed={"pdf"})
    assert exc.value.code == "bad_type"


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_markup_is_not_text():
    for data in (SVG, b"  <svg onload='alert(1)'></svg>"):
        assert _refusal(verify, data, "ghichu.txt") == _refusal(read_document, data, "ghichu.txt") == "markup"
    page = b"<!DOCTYPE html><html><body><p>Xin chao</p></body></html>"
    with pytest.raises(IntakeError):
        verify(page, "trang.txt")
    assert verify(page, "trang.html") == "html"
    assert verify("Kế hoạch <b>CCHC</b> năm 2025".encode(), "kh.txt") == "txt"  # inline tags in text stay text


def test_evidence_uses_the_parsing_check():
    from cchc.plans.services import evidence_sniff

    assert evidence_sniff(b"%PDF-1.4\n" + os.urandom(500)) is None
    assert evidence_sniff(_real_pdf()) == "pdf"
    assert evidence_sniff(SVG) is None
