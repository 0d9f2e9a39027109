"""Bad input gets an IntakeError with a machine code and a Vietnamese message — never anything else."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.core.intake import IntakeError, read_document, sniff
from cchc.plans.importing import parse_file, parse_text

from .conftest import SEEDS, refusal


def _pdf(draw_text: bool, encrypt: bool = False) -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=StandardEncryption("secret", canPrint=0) if encrypt else None)
    c.rect(50, 50, 400, 600, fill=1)  # a "scan": graphics only
    if draw_text:
        c.drawString(100, 700, "Ke hoach cai cach hanh chinh nam 2024 - van ban co lop chu")
    c.save()
    return buf.getvalue()


def _code(data: bytes, name: str) -> str:
    with pytest.raises(IntakeError) as exc:
        parse_file(data, name)
    assert exc.value.message and name in exc.value.message or exc.value.code in ("empty",)
    return exc.value.code


def test_scanned_pdf_without_text_layer():
    assert _code(_pdf(draw_text=False), "scan.pdf") == "pdf_no_text"


def test_encrypted_pdf():
    assert _code(_pdf(draw_text=True, encrypt=True), "mat-khau.pdf") == "pdf_encrypted"


def test_corrupt_files():
    assert _code(b"%PDF-1.4\n garbage garbage", "hong.pdf") == "corrupt"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<not-xml")
    assert _code(buf.getvalue(), "hong.docx") == "corrupt"


def test_old_word_doc_and_images():
    assert _code(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cu.doc") == "doc_legacy"
    assert _code(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "anh.png") == "image"
    assert sniff(b"PK\x03\x04junk", "x.docx") == "unknown"


def test_size_limit(settings):
    settings.CCHC_MAX_UPLOAD_MB = 1000 / 1048576
    with pytest.raises(IntakeError) as exc:
        read_document(b"a" * 1001, "lon.txt")
    assert exc.value.code == "too_large" and "vượt giới hạn" in exc.value.message


def test_document_without_task_table():
    err = refusal("KẾ HOẠCH\nCải cách hành chính năm 2024\n\nI. MỤC ĐÍCH\n\nTỷ lệ đạt 90%.\n")
    assert err.code == "no_task_table" and "bảng nhiệm vụ" in err.message


def test_scoring_rubric_is_not_a_task_table():
    text = "KẾ HOẠCH\nX\n\nTT\tTiêu chí\tĐiểm tối đa\tGhi chú\n1\tChỉ đạo điều hành\t10\t\n"
    assert refusal(text).code == "no_task_table"


def test_prose_tasks_are_read_without_a_table():
    text = ("KẾ HOẠCH\nCải cách hành chính năm 2024\n\n"
            "1. Rà soát thủ tục hành chính nội bộ. Đơn vị chủ trì: Văn phòng UBND tỉnh; Đơn vị phối hợp: Các sở, "
            "ban, ngành; Thời gian thực hiện: Quý II/2024.\n")
    draft = parse_text(text)
    t = draft.tasks[0]
    assert (t["number"], t["lead"], t["partners"], t["deadline"]) == (
        "1", ["Văn phòng UBND tỉnh"], ["Các sở, ban, ngành"], "Quý II/2024")
    assert t["schedule"]["due"] == "2024-06-30"


def test_legacy_encoded_bytes_get_a_clear_message_or_are_decoded():
    tcvn3 = "KÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2024".encode("latin-1")
    try:
        doc = read_document(tcvn3, "cu.txt")
    except IntakeError as exc:
        assert exc.code == "legacy_encoding" and "TCVN3" in exc.message
    else:
        assert "hoạch" in doc.text.lower()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_random_text_never_raises_anything_else(text):
    try:
        draft = parse_text(text)
    except IntakeError as exc:
        assert exc.code and exc.message
    else:
        assert isinstance(draft.to_dict(), dict)


_SEED_TEXTS = [s.read_text(encoding="utf-8") for s in SEEDS]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(range(len(_SEED_TEXTS))),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 400), st.sampled_from(["", "\t", "\n", "|\n", "<b>", "Quý ",
                                                                               "xx", "\n\n", "%"])),
             max_size=8),
)
def test_mutated_seeds_never_raise_anything_else(idx, edits):
    text = _SEED_TEXTS[idx]
    for pos, cut, insert in edits:
        at = int(pos * len(text))
        text = text[:at] + insert + text[at + cut:]
    try:
        draft = parse_text(text)
    except IntakeError as exc:
        assert exc.code and exc.message
    else:
        for t in draft.tasks:
            assert isinstance(t["lead"], list) and "kind" in t["schedule"]


def _legacy_plan_docx(encoding: str) -> bytes:
    import io

    import docx

    from cchc.core.legacy_encoding import from_unicode

    d = docx.Document()
    d.add_paragraph(from_unicode("KẾ HOẠCH Cải cách hành chính tỉnh Hà Tĩnh năm 2024", encoding))
    rows = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
            ["1", "Rà soát, đơn giản hóa thủ tục hành chính", "Sở Tư pháp", "Các sở, ban, ngành", "Quý II/2024"],
            ["2", "Kiểm tra công tác cải cách hành chính", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Tháng 10/2024"]]
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = from_unicode(text, encoding)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_font_docx_is_converted_with_a_warning(encoding):
    """A Word file typed with a TCVN3 (.VnTime) or VNI font: tasks come out in Unicode, and the review screen
    is told the text was converted."""
    from cchc.plans.importing import parse_file

    draft = parse_file(_legacy_plan_docx(encoding), "ke-hoach-cu.docx")
    assert [t["lead"] for t in draft.tasks] == [["Sở Tư pháp"], ["Sở Nội vụ"]]
    assert draft.tasks[0]["title"] == "Rà soát, đơn giản hóa thủ tục hành chính"
    assert any("bảng mã cũ" in w for w in draft.warnings)


def test_legacy_text_file_is_converted_with_a_warning_and_unicode_gets_none():
    from cchc.core.legacy_encoding import from_unicode

    text = "Kế hoạch cải cách hành chính năm 2024 của tỉnh Hà Tĩnh\nRà soát thủ tục hành chính"
    doc = read_document(from_unicode(text, "tcvn3").encode("cp1252"), "cu.txt")
    assert "cải cách hành chính" in doc.text and doc.warnings and "TCVN3" in doc.warnings[0]
    assert read_document(text.encode(), "moi.txt").warnings == []
