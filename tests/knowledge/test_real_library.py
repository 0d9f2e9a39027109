"""Issue 10: portal task tables become row passages with column names, diacritic restoration of questions
typed without diacritics, and the answer decision on restored questions (synthetic fixtures, no database)."""

from cchc.core.intake import read_document
from cchc.knowledge.analysis import AccentModel, is_unaccented, parse_query
from cchc.knowledge.ranking import coverage
from cchc.knowledge.splitting import split_passages

# The layout of the legal portal's web copies: one cell per block between lines holding a single "|", bold header
# cells, rows separated by an empty cell, a lead unit merged down over two activity rows (missing in the second).
PORTAL = """**KẾ HOẠCH**
|
Triển khai phòng thủ dân sự trên địa bàn tỉnh
|
**STT**
|
**Cơ quan chủ trì**
|
**Nội dung nhiệm
vụ**
|
**Thời hạn hoàn thành**
|
|
**I**
|
**KIỆN TOÀN BỘ MÁY**
|
|
1
|
Sở Nội vụ
|
Rà soát quy chế hoạt động của Ban Chỉ huy
phòng thủ dân sự cấp tỉnh
|
Quý I năm 2026
|
|
Ban hành quy chế phối hợp tìm kiếm cứu nạn
|
Quý II năm 2026
|
|
2
|
Sở Tài chính
|
Bố trí kinh phí thực hiện kế hoạch
|
Hằng năm
|
Kế hoạch này thay thế kế hoạch năm 2024.
Văn bản này chưa cập nhật nội dung Tiếng Anh
"""


def test_portal_table_rows_are_sentences_with_column_names():
    from cchc.knowledge.services import upload_text_read

    doc = read_document(PORTAL.encode(), "kh.txt")
    assert doc.tables, "the shared intake parses the portal table"
    text = upload_text_read(PORTAL.encode(), "kh.txt")
    assert text == doc.text  # stored as written: the splitter reads the table through core.intake.text_blocks
    rows = [p for p in split_passages(text) if p.kind == "row"]
    texts = [p.text for p in rows]
    assert any("Cơ quan chủ trì: Sở Nội vụ" in t and "Nội dung nhiệm vụ: Rà soát quy chế hoạt động" in t
               and "Thời hạn hoàn thành: Quý I năm 2026" in t for t in texts)
    # the second activity of task 1 keeps its number and its lead unit (merged cell)
    assert any("Cơ quan chủ trì: Sở Nội vụ" in t and "tìm kiếm cứu nạn" in t and "Quý II năm 2026" in t for t in texts)
    assert any("Cơ quan chủ trì: Sở Tài chính" in t and "Hằng năm" in t for t in texts)
    # the portal's text after the table is not a row
    assert not any("Văn bản này chưa cập nhật" in t for t in texts)
    assert all(p.kind != "row" or "KIỆN TOÀN" in " ".join(p.heading) for p in rows[:2])


def test_row_with_a_multi_line_cell_does_not_break_the_splitter():
    text = "STT\tNhiệm vụ\tChủ trì\n1\tRà soát \u2028 thủ tục\tSở Nội vụ\n1.1\tCập nhật\tSở Tư pháp\n"
    parts = split_passages(text)
    assert any("Sở Tư pháp" in p.text for p in parts)


LIBRARY = [
    "Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan.",
    "Phó Giám đốc Sở Nội vụ do Chủ tịch Ủy ban nhân dân tỉnh bổ nhiệm.",
    "Cơ quan có thẩm quyền quyết định thành lập hội đồng.",
    "Thủ tục hành chính được giải quyết trong thời hạn 10 ngày.",
]


def test_accent_model_restores_from_the_library():
    model = AccentModel.build(LIBRARY)
    assert model.restore("pho giam doc so noi vu do ai bo nhiem".split()) == \
        "phó giám đốc sở nội vụ do ai bổ nhiệm".split()
    assert model.restore(["co", "quan"]) == ["cơ", "quan"]
    assert model.restore(["karaoke"]) == ["karaoke"]  # never written in the library: kept as typed


def test_only_questions_without_any_diacritic_are_restored():
    model = AccentModel.build(LIBRARY)
    assert is_unaccented("so noi vu") and not is_unaccented("Sở noi vu") and not is_unaccented("123")
    assert parse_query("so noi vu chu tri", model).restored == "sở nội vụ chủ trì"
    assert parse_query("Sở Nội vụ chủ trì", model).restored == ""
    q = parse_query("thu tuc hanh chinh giai quyet trong bao lau", model)
    assert "thủ" in q.terms and "giải" in q.terms  # exact forms join the query (at a lower weight)
    assert q.terms["thủ"] < q.terms["thu"]


def test_restored_question_needs_the_written_form_for_full_coverage():
    model = AccentModel.build(LIBRARY)
    q = parse_query("so noi vu chu tri", model)
    exact = coverage(q, "Sở Nội vụ chủ trì kế hoạch.", {}, 100)
    other_form = coverage(q, "Số nơi vụ chủ trì kế hoạch.", {}, 100)
    assert exact > other_form > 0


def _old_stored_form(blocks: list) -> str:
    """What the library stored for a portal web copy before the splitter read tables through core.intake
    (``_portal_text``/``_filled_rows`` of cchc/knowledge/services.py at 559b352, kept here verbatim in effect):
    text blocks each followed by a lone "|" line, each table as tab-separated rows with merged-down cells filled."""
    def plain(cell: str) -> str:
        return " ".join(cell.replace("*", " ").replace("\t", " ").split())

    out: list[str] = []
    for b in blocks:
        if isinstance(b, str):
            out += [b, "|"]
            continue
        rows = [[plain(c) for c in b[0]]] if b else []
        prev = None
        for raw in b[1:]:
            cells = [plain(c) for c in raw]
            if sum(1 for c in cells if c) <= 2 and not any(cells[2:]):
                rows.append(cells)
                prev = None
                continue
            if prev is not None and cells and not cells[0]:
                k = next((i for i, c in enumerate(cells) if c), len(cells))
                cells = prev[:k] + cells[k:]
            rows.append(cells)
            prev = cells
        out += ["", *("\t".join(r) for r in rows), ""]
    return "\n".join(out)


def test_a_document_stored_in_the_old_form_splits_as_when_stored_as_written():
    # documents already in a database keep the old stored text; re-indexing them must give the same passages
    old = _old_stored_form(read_document(PORTAL.encode(), "kh.txt").blocks)
    assert "\t" in old and "\n|\n" in old
    got = [(p.kind, p.text) for p in split_passages(old)]
    assert got == [(p.kind, p.text) for p in split_passages(PORTAL)]
    assert got[0] == ("text", "Triển khai phòng thủ dân sự trên địa bàn tỉnh")  # no stray "|"
    assert sum(1 for k, _ in got if k == "row") == 3
