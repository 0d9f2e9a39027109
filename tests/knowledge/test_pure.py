"""Pure tests: analyzer, passage splitting on the seeds, ranking and answer sentences (no database)."""

from pathlib import Path

import pytest

from cchc.knowledge.analysis import contains_phrase, doc_numbers, parse_query, term_list
from cchc.knowledge.metadata import guess_metadata
from cchc.knowledge.ranking import MemoryIndex, best_sentences, coverage, highlight_html
from cchc.knowledge.splitting import split_passages

DEMO = Path(__file__).resolve().parents[2] / "cchc" / "knowledge" / "demo"


def seed(prefix: str) -> str:
    return next(DEMO.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_terms_fold_d_and_keep_diacritic_form():
    terms = term_list("Đắk Lắk")
    assert "dak" in terms and "đắk" in terms and "dak_lak" in terms


def test_doc_numbers_normalised_and_periods_ignored():
    assert doc_numbers("theo 905/QĐ-BNV, 60/2021/NĐ-CP giai đoạn 2021-2025") == ["905/QD-BNV", "60/2021/ND-CP"]
    assert parse_query("905/QD-BNV").numbers == parse_query("905/QĐ-BNV").numbers


def test_query_with_syntax_characters_and_huge_length_never_raises():
    q = parse_query('" * : - AND NEAR( ) \' ; DROP TABLE x; -- ' + "cải cách " * 3000)
    assert q.truncated and not q.empty
    assert parse_query("   ").empty and parse_query(None).empty


def test_phrase_matching_ignores_diacritics():
    q = parse_query('"cai cach hanh chinh" tinh')
    assert q.phrases == ["cai cach hanh chinh"]
    assert contains_phrase("Kế hoạch cải cách hành chính năm 2024", q.phrases[0])
    assert not contains_phrase("cải cách thể chế hành chính", q.phrases[0])


def test_splitting_seed_000_headings():
    ps = split_passages(seed("000"))
    by_heading = {p.heading_text: p for p in ps}
    assert "KẾ HOẠCH › V. TỔ CHỨC THỰC HIỆN › 4. Sở Tài chính" in by_heading
    assert by_heading["KẾ HOẠCH › V. TỔ CHỨC THỰC HIỆN › 4. Sở Tài chính"].text.startswith("Giúp Ủy ban nhân dân")
    assert any(p.heading_text == "QUYẾT ĐỊNH › Điều 2" and "hiệu lực" in p.text for p in ps)
    # the "I. MỤC ĐÍCH, YÊU CẦU****1. Mục đích" line gives two heading levels
    assert any(p.heading == ["KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"] for p in ps)


def test_splitting_appendix_rows_whole_with_column_names():
    ps = split_passages(seed("001"))
    rows = [p for p in ps if p.kind == "row"]
    assert len(rows) >= 45
    # a row broken by a page break is re-joined, column names kept
    row5 = next(p for p in rows if "Ban hành và triển khai thực hiện Quy chế công tác dân vận" in
                p.text.replace("thực hiện Quy chế", "thực hiện Quy chế"))
    assert "Cơ quan chủ trì: Văn phòng Sở" in row5.text
    assert "Các cơ quan, đơn vị thuộc, trực thuộc Sở" in row5.text
    assert row5.heading[-1].startswith("I. CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH")


def test_splitting_hard_wrapped_pipe_table_seed_003():
    ps = split_passages(seed("003"))
    assert any(p.heading[-2:] == ["II. MỤC TIÊU", "2. Mục tiêu cụ thể"] for p in ps)
    rows = [p for p in ps if p.kind == "row"]
    assert len(rows) == 12
    assert rows[0].text.startswith("Stt: 1\nNhiệm vụ: Rà soát, bố trí")
    assert rows[0].heading[-1].startswith("I Kiện toàn tổ chức")
    assert "Cơ quan chủ trì: Các cơ quan, đơn vị, địa phương" in rows[0].text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_seed_splits_into_reasonable_passages(prefix):
    ps = split_passages(seed(prefix))
    assert len(ps) > 20
    assert all(p.text.strip() for p in ps)
    assert max(len(p.text) for p in ps if p.kind == "text") <= 1800


def test_metadata_guess():
    meta = guess_metadata(seed("003"), "003.txt")
    assert meta.number == "1718/QĐ-UBND" and meta.kind == "decision"
    assert "NÂNG CAO NĂNG LỰC" in meta.title
    assert guess_metadata(seed("001"), "x.txt").kind == "plan"


def _index(texts):
    from cchc.knowledge.analysis import analyze

    idx = MemoryIndex()
    for i, t in enumerate(texts):
        tf, dl = analyze(t)
        idx.add(i, tf, dl)
    return idx


def test_diacritic_insensitive_ranking_and_pruned_equals_full_on_small_index():
    texts = ["Tỷ lệ số hóa kết quả giải quyết thủ tục hành chính cấp xã đạt 50%.",
             "Sở Tư pháp chủ trì cải cách thể chế.", "Đắk Lắk tổ chức hội nghị trực tuyến."]
    idx = _index(texts)
    for q in ("ty le so hoa cap xa", "tỷ lệ số hóa cấp xã"):
        assert idx.search(parse_query(q).terms, 3)[0][0] == 0
    assert idx.search(parse_query("dak lak").terms, 1)[0][0] == 2


def test_answer_sentence_and_highlight():
    text = ("Kinh phí do ngân sách bảo đảm. Tối thiểu 35% cơ quan, đơn vị được kiểm tra CCHC trong năm 2024; "
            "các đơn vị tự kiểm tra.")
    q = parse_query("ty le co quan duoc kiem tra cai cach hanh chinh nam 2024")
    best = best_sentences(text, q, {}, 10)
    assert text[best[0].start:best[0].end].startswith("Tối thiểu 35%")
    html = highlight_html(text, q, [(best[0].start, best[0].end)])
    assert '<strong class="answer">' in html and "<mark>kiểm</mark>" in html
    assert "<script>" not in highlight_html("<script>alert(1)</script> kiểm tra", q)


def test_coverage_requires_the_specific_words():
    q = parse_query("Thủ tục cấp hộ chiếu cần giấy tờ gì")
    assert coverage(q, "Thủ tục hành chính cấp xã", {}, 100) < 0.5
    assert coverage(q, "Thủ tục cấp hộ chiếu: giấy tờ cần nộp", {}, 100) > 0.9


def test_area_is_guessed_only_when_one_area_dominates():
    from cchc.knowledge.metadata import guess_area, guess_metadata

    assert guess_area("Hướng dẫn giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông",
                      "Tiếp nhận hồ sơ thủ tục hành chính tại Bộ phận Một cửa; trả kết quả hồ sơ.") == "procedures"
    assert guess_area("Kế hoạch chuyển đổi số năm 2025", "Phát triển chính quyền số, dữ liệu số, dịch vụ công "
                      "trực tuyến toàn trình.") == "digital"
    mixed = ("Cải cách thể chế; cải cách thủ tục hành chính; cải cách tổ chức bộ máy; cải cách chế độ công vụ; "
             "cải cách tài chính công; xây dựng chính quyền điện tử, chính quyền số.")
    assert guess_area("Kế hoạch cải cách hành chính năm 2024", mixed) == "general"
    assert guess_metadata("QUYẾT ĐỊNH\nVỀ CHUYỂN ĐỔI SỐ VÀ CHÍNH QUYỀN SỐ\nPhát triển dữ liệu và dịch vụ công trực "
                          "tuyến.").area == "digital"


def test_letterhead_issuer_number_and_agency_case():
    from cchc.knowledge.metadata import agency_case, guess_metadata

    assert agency_case("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA") == "Ủy ban nhân dân tỉnh Khánh Hòa"
    assert agency_case("SỞ NỘI VỤ") == "Sở Nội vụ" and agency_case("UBND THÀNH PHỐ HỒ CHÍ MINH") == "UBND thành phố Hồ Chí Minh"
    text = ("ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\n-------\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nSố: 1718/QĐ-UBND\n|\n"
            "Khánh Hòa, ngày 20 tháng 6 năm 2023\n\nQUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH ĐỀ ÁN NÂNG CAO NĂNG LỰC\n")
    meta = guess_metadata(text, "qd.txt")
    assert meta.issuer == "Ủy ban nhân dân tỉnh Khánh Hòa" and meta.number == "1718/QĐ-UBND"
    assert meta.issued_on.isoformat() == "2023-06-20" and meta.kind == "decision"
    portal = "Nghị định 45/2020/NĐ-CP về thủ tục hành chính trên môi trường điện tử\nSố hiệu: | 45/2020/NĐ-CP\n"
    assert guess_metadata(portal, "nd.txt").number == "45/2020/NĐ-CP"


def test_title_of_a_notice_in_portal_layout_is_its_subject_not_the_letterhead():
    text = ("|\n**VĂN PHÒNG CHÍNH\nPHỦ**\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n|\nSố: 636/TB-VPCP\n|\n"
            "*Hà Nội, ngày 24\ntháng 11 năm 2025*\n|\n\n**THÔNG BÁO**\n\nKẾT\nLUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ BÙI THANH SƠN "
            "TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH\nPHÚ THỌ\n\nNgày 14 tháng 11 năm 2025, Phó Thủ tướng Chính phủ chủ trì …\n")
    meta = guess_metadata(text, "98be6e047028fade.txt")
    assert meta.kind == "other"
    assert meta.title == ("KẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ BÙI THANH SƠN TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH "
                          "PHÚ THỌ")


def test_title_line_ending_in_cua_goes_on_over_a_line_that_starts_like_an_agency():
    text = ("CHÍNH PHỦ\nSố: 303/2025/NĐ-CP\nHà Nội, ngày 19 tháng 11 năm 2025\nNGHỊ ĐỊNH\n"
            "QUY ĐỊNH CHỨC NĂNG, NHIỆM VỤ, QUYỀN HẠN VÀ CƠ CẤU TỔ CHỨC CỦA\nBỘ, CƠ QUAN NGANG BỘ\n"
            "Căn cứ Luật Tổ chức Chính phủ;\n")
    assert guess_metadata(text).title.endswith("TỔ CHỨC CỦA BỘ, CƠ QUAN NGANG BỘ")
    # the signer's authority line after a complete title still ends it
    text = "QUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH QUY CHẾ LÀM VIỆC\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nCăn cứ …\n"
    assert guess_metadata(text).title == "VỀ VIỆC BAN HÀNH QUY CHẾ LÀM VIỆC"
