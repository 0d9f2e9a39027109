"""Paraphrased questions: administrative synonyms at query time and in the answer decision (pure, synthetic)."""

from cchc.knowledge.analysis import (
    ONE_WAY,
    SYNONYM_GROUPS,
    SYNONYM_WEIGHT,
    analyze,
    parse_query,
    synonym_matches,
)
from cchc.knowledge.ranking import MIN_COVERAGE, MemoryIndex, coverage

EFFECT = "Điều 31. Hiệu lực thi hành\n1. Nghị định này có hiệu lực thi hành từ ngày 22 tháng 5 năm 2020."
APOLOGY = ("Thư xin lỗi về thủ tục hành chính giải quyết trễ hạn được thực hiện thông qua một hoặc các "
           "cách thức sau: văn bản, tin nhắn, trực tiếp.")


def _words(text):
    return parse_query(text).text.split()


def test_paraphrase_phrases_match_with_and_without_diacritics_but_not_another_word():
    assert synonym_matches(_words("hồ sơ bị chậm"))
    assert synonym_matches(_words("ho so bi cham"))
    # typed with diacritics, "chấm" (to mark) is not "chậm" (late)
    assert not synonym_matches(_words("giáo viên chấm bài"))
    q = parse_query("Nghị định bắt đầu có hiệu lực khi nào?")
    assert q.synonyms and parse_query("nghi dinh bat dau co hieu luc khi nao").synonyms


def test_alternatives_are_added_with_a_reduced_weight_and_never_lower_a_typed_term():
    q = parse_query("hồ sơ bị chậm")
    assert q.terms["tre_han"] == SYNONYM_WEIGHT < 1
    assert q.terms["cham"] == 1  # the literal word keeps its weight
    # one-way entries: a document phrase does not bring back the question phrase
    assert "bat_dau" not in parse_query("có hiệu lực thi hành").terms


def test_dictionary_is_data_with_short_phrases_in_both_spellings():
    for group in SYNONYM_GROUPS:
        assert len(group) >= 2 and all(1 <= len(p.split()) <= 6 for p in group)
    for phrase, alts in ONE_WAY.items():
        assert alts and phrase not in alts


def test_a_passage_in_the_documents_wording_is_found_for_the_paraphrase():
    idx = MemoryIndex()
    texts = [APOLOGY, "Cơ quan gửi hồ sơ qua dịch vụ bưu chính công ích.",
             "Cơ quan gửi báo cáo qua hệ thống quản lý văn bản.", "Hồ sơ được tiếp nhận tại Bộ phận Một cửa.",
             "Cơ quan chủ trì kiểm tra hồ sơ và gửi kết quả.", "Tổ chức, cá nhân nộp hồ sơ trực tuyến."]
    for i, text in enumerate(texts):
        tf, dl = analyze(text)
        idx.add(i, tf, dl)
    q = parse_query("Khi hồ sơ bị chậm, cơ quan có thể gửi lời xin lỗi qua những kênh nào?")
    assert 0 in [pid for pid, _ in idx.search(q.terms, 3)]
    literal = {t: w for t, w in q.terms.items() if w != SYNONYM_WEIGHT}  # the question's own words only
    assert 0 not in [pid for pid, _ in idx.search(literal, 3)]


def test_coverage_counts_the_documents_wording_for_a_paraphrase():
    for question in ("Nghị định về thủ tục điện tử bắt đầu có hiệu lực khi nào?",
                     "nghi dinh ve thu tuc dien tu bat dau co hieu luc khi nao"):
        q = parse_query(question)
        with_synonyms = coverage(q, EFFECT, {}, 100)
        q.synonyms = []
        # the document's wording ("có hiệu lực thi hành" for "bắt đầu có hiệu lực") counts: the question's phrase is
        # covered (the passage still lacks "thủ tục điện tử", so the answer line decides with the other passages)
        without = coverage(q, EFFECT, {}, 100)
        assert with_synonyms >= without + 0.2 and without < 0.5


def test_synonyms_do_not_make_an_unrelated_question_answered():
    q = parse_query("Thời hạn cấp giấy phép lái xe quốc tế là bao lâu?")
    assert q.synonyms  # "thời hạn" ~ "thời gian"
    assert coverage(q, "Thời gian giải quyết thủ tục hành chính là 05 ngày làm việc.", {}, 100) < MIN_COVERAGE


def test_question_words_co_the_and_may_are_not_content():
    assert "the" not in parse_query("cơ quan có thể gửi qua kênh nào").content
    assert "may" not in parse_query("Tỉnh xếp thứ mấy?").content
    assert parse_query("cụ thể").content == ["cu", "the"]


def test_an_abbreviation_in_the_passage_keeps_the_word_pairs_at_its_edges():
    q = parse_query("Tỷ lệ cơ quan được kiểm tra cải cách hành chính trong năm 2024 tối thiểu là bao nhiêu?")
    short = "Tối thiểu 35% cơ quan, đơn vị được kiểm tra CCHC trong năm 2024."
    full = "Tối thiểu 35% cơ quan, đơn vị được kiểm tra cải cách hành chính trong năm 2024."
    assert abs(coverage(q, short, {}, 100) - coverage(q, full, {}, 100)) < 1e-9
