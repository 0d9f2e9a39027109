"""The CCHC thesaurus written from the domain (cchc/knowledge/thesaurus.py): a few entries expand as intended (pure)."""

from cchc.knowledge.analysis import ONE_WAY, SYNONYM_GROUPS, SYNONYM_WEIGHT, analyze, parse_query
from cchc.knowledge.ranking import MemoryIndex, coverage
from cchc.knowledge.thesaurus import DOMAIN_GROUPS, DOMAIN_ONE_WAY


def _added(question):
    return {t for t, w in parse_query(question).terms.items() if w == SYNONYM_WEIGHT}


def test_the_thesaurus_joins_the_existing_entries_without_replacing_them():
    assert all(g in SYNONYM_GROUPS for g in DOMAIN_GROUPS)
    assert ("trễ hạn", "quá hạn", "chậm trễ", "trễ", "chậm") in SYNONYM_GROUPS
    assert all(set(alts) <= set(ONE_WAY[p]) for p, alts in DOMAIN_ONE_WAY.items())
    assert ONE_WAY["mất bao lâu"] == ("thời hạn giải quyết",)
    for group in DOMAIN_GROUPS:
        assert len(group) >= 2 and len(set(group)) == len(group)
    for phrase, alts in DOMAIN_ONE_WAY.items():
        assert alts and phrase not in alts


def test_everyday_wording_brings_the_documents_wording():
    assert {"dang_ky", "ky_khai", "khai_sinh"} <= _added("Làm giấy khai sinh cho con ở đâu?") | {"khai_sinh"}
    assert "cap_lai" in _added("lam lai can cuoc mat bao lau")
    assert "chu_tri" in _added("Đơn vị nào phụ trách nhiệm vụ này?")
    assert {"tiep_nhan", "tra_ket"} <= _added("Bộ phận một cửa mở cửa mấy giờ?")
    assert {"chinh_quyen", "quyen_so"} <= parse_query("chính phủ số").terms.keys()
    assert "ty_le" in _added("tỉ lệ hồ sơ trực tuyến")  # i / y spelling, not unified by folding
    assert "sau_thang" in _added("báo cáo 6 tháng đầu năm")


def test_one_way_entries_do_not_come_back_and_lone_common_syllables_do_not_trigger():
    assert "giay_khai" not in parse_query("đăng ký khai sinh").terms
    assert "chu_tri" in _added("ai phụ trách") and "phu_trach" not in parse_query("cơ quan chủ trì").terms
    assert not _added("chuyển đổi số trong xã hội")  # "đổi", "xã" alone expand nothing


def test_a_passage_in_the_regulations_wording_is_found_and_covers_the_question():
    texts = ["Người yêu cầu đăng ký khai sinh nộp tờ khai theo mẫu cho cơ quan đăng ký hộ tịch.",
             "Công dân nộp hồ sơ đăng ký tạm trú tại công an cấp xã.",
             "Sở Nội vụ chủ trì, phối hợp với các sở, ngành tổ chức bồi dưỡng cho công chức."]
    idx = MemoryIndex()
    dfs: dict = {}
    for i, text in enumerate(texts):
        tf, dl = analyze(text)
        idx.add(i, tf, dl)
        for t in tf:
            dfs[t] = dfs.get(t, 0) + 1
    q = parse_query("Làm giấy khai sinh cần mẫu đơn gì?")
    assert idx.search(q.terms, 1)[0][0] == 0
    q = parse_query("Cơ quan nào phụ trách bồi dưỡng công chức?")
    assert idx.search(q.terms, 1)[0][0] == 2
    literal = parse_query("Cơ quan nào phụ trách bồi dưỡng công chức?")
    literal.synonyms = []
    assert coverage(q, texts[2], dfs, len(texts)) > coverage(literal, texts[2], dfs, len(texts))
