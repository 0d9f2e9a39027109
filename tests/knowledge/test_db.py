"""Database tests: indexing the seeds, diacritic-insensitive retrieval, document numbers, permissions,
both backends, re-indexing, bad input, the command-line contract and the FAQ loop."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from cchc.core.intake import IntakeError
from cchc.knowledge import selectors, services
from cchc.knowledge.models import Document, IndexStat, Passage, Question, TermStat
from cchc.knowledge.search import PostgresBackend, SqliteBackend

DEMO = Path(__file__).resolve().parents[2] / "cchc" / "knowledge" / "demo"


def add_seed(prefix, **kw):
    f = next(DEMO.glob(f"{prefix}_*.txt"))
    return services.document_add(data=f.read_bytes(), filename=f.name, source_key=f"seed:{prefix}", **kw)


@pytest.fixture
def seeds(db):
    return [add_seed(p) for p in ("000", "001", "002", "003", "004")]


def postings_count():
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM knowledge_posting")
        return cur.fetchone()[0]


def top(text, user=None, k=5):
    return selectors.library_search(user=user, text=text, k=k, answer=True)


def test_indexing_is_a_job_and_stats_are_exact(seeds):
    assert all(d.index_state == Document.IndexState.INDEXED for d in Document.objects.all())
    stat = IndexStat.objects.get(pk=1)
    assert stat.passages == Passage.objects.count() > 250
    assert TermStat.objects.get(term="cai").df <= stat.passages


@pytest.mark.parametrize("query", ["Tỷ lệ nộp hồ sơ trực tuyến năm 2024", "ty le nop ho so truc tuyen nam 2024",
                                   "TY LE NOP HO SO TRUC TUYEN"])
def test_diacritic_insensitive_retrieval(seeds, query):
    res = top(query)
    assert res.answered
    assert any("tỷ lệ nộp hồ sơ trực tuyến đạt 70%" in h.passage.text for h in res.hits[:3])


def test_document_number_lookup(seeds):
    for q in ("1718/QĐ-UBND", "1718/QD-UBND", "quyết định 1718/qđ-ubnd"):
        res = top(q)
        assert [d.original_name for d in res.documents] == ["003_b1926edb0b823183.txt"]
        assert res.hits[0].document.original_name == "003_b1926edb0b823183.txt"
    a = [h.passage.pk for h in top("905/QĐ-BNV").hits]
    b = [h.passage.pk for h in top("905/QD-BNV").hits]
    assert a[:3] == b[:3] and "905/QĐ-BNV" in Passage.objects.get(pk=a[0]).text


def test_phrase_and_syntax_characters(seeds):
    res = top('"sáng kiến" CCHC')
    assert res.hits and all("sáng kiến" in (h.passage.text + h.passage.heading).lower() for h in res.hits)
    for q in ['" * : - AND NEAR', "NEAR(a b) OR *", "'; DROP TABLE knowledge_passage; --", "x" * 20000]:
        top(q)  # no exception
    assert Passage.objects.exists()
    assert top("").message and top("   ").hits == []


def test_unanswerable_question_says_so(seeds):
    res = top("Thủ tục cấp hộ chiếu phổ thông cần những giấy tờ gì?")
    assert not res.answered and res.message == selectors.NO_ANSWER


def test_reindex_replaces_passages(seeds):
    doc = Document.objects.get(source_key="seed:004")
    before_rows, before_passages = postings_count(), Passage.objects.count()
    old = set(doc.passages.values_list("pk", flat=True))
    services.document_index(doc)
    assert postings_count() == before_rows and Passage.objects.count() == before_passages
    assert not old & set(doc.passages.values_list("pk", flat=True))
    # a changed document replaces its passages
    services.document_add(data="KẾ HOẠCH\n\nI. NỘI DUNG\n\nTừ khóa độc nhất zyxwvu kiểm thử.".encode(),
                          filename="004_new.txt", source_key="seed:004")
    assert Document.objects.filter(source_key="seed:004").count() == 1
    assert top("zyxwvu").hits[0].passage.document.source_key == "seed:004"
    assert not top("Luật Thực hiện dân chủ ở cơ sở").hits or all(
        h.document.source_key != "seed:004" for h in top("Luật Thực hiện dân chủ ở cơ sở").hits)
    services.document_delete(document=Document.objects.get(source_key="seed:004"))
    assert IndexStat.objects.get(pk=1).passages == Passage.objects.count()
    assert not TermStat.objects.filter(term="zyxwvu").exists()


@pytest.mark.parametrize("data,name,code", [
    (b"", "rong.txt", "empty"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "scan.png", "image"),
    (b"PK\x03\x04garbage", "hong.docx", "unsupported"),
    (b"%PDF-1.4 broken", "hong.pdf", "corrupt"),
])
def test_bad_files_are_rejected_with_a_message_and_leave_db_unchanged(db, data, name, code):
    with pytest.raises(IntakeError) as exc:
        services.document_add(data=data, filename=name)
    assert name in exc.value.message
    assert not Document.objects.exists() and postings_count() == 0


def test_scanned_pdf_without_text(db):
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(10, 10, 100, 100)
    c.save()
    with pytest.raises(IntakeError):
        services.document_add(data=buf.getvalue(), filename="scan.pdf")
    assert not Document.objects.exists()


def test_docx_and_xlsx_upload(db):
    import io

    import docx
    from openpyxl import Workbook

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("I. MỤC TIÊU")
    d.add_paragraph("Phấn đấu 100% hồ sơ được số hóa trong năm 2025 tại Trung tâm Phục vụ hành chính công.")
    t = d.add_table(rows=2, cols=3)
    for i, v in enumerate(["TT", "Nhiệm vụ", "Cơ quan chủ trì"]):
        t.rows[0].cells[i].text = v
    for i, v in enumerate(["1", "Triển khai ký số cho cán bộ", "Sở Nội vụ"]):
        t.rows[1].cells[i].text = v
    buf = io.BytesIO()
    d.save(buf)
    doc = services.document_add(data=buf.getvalue(), filename="kehoach.docx")
    assert doc.index_state == Document.IndexState.INDEXED
    row = top("trien khai ky so cho can bo").hits[0].passage
    assert row.kind == "row" and "Cơ quan chủ trì: Sở Nội vụ" in row.text

    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Chỉ tiêu", "Giá trị"])
    ws.append([1, "Tỷ lệ hồ sơ trực tuyến toàn trình", "80%"])
    buf = io.BytesIO()
    wb.save(buf)
    services.document_add(data=buf.getvalue(), filename="chitieu.xlsx")
    hit = top("ho so truc tuyen toan trinh").hits[0].passage
    assert "Giá trị: 80%" in hit.text


def test_draft_document_not_visible_to_other_units(users, org_tree):
    stp, syt = org_tree["T42.stp"], org_tree["T42.syt"]
    services.document_add(data="KẾ HOẠCH nội bộ\n\nNội dung mật qwertyuiop của Sở Tư pháp về chuyển đổi số.".encode(),
                          filename="noibo.txt", unit=stp, status=Document.Status.DRAFT)
    assert top("qwertyuiop", user=users["focal_point"]).hits
    assert top("qwertyuiop", user=users["par_office"]).hits
    assert not top("qwertyuiop", user=users["focal_b"]).hits
    assert not top("qwertyuiop").hits  # command line: published only
    assert syt.pk != stp.pk


def test_search_is_restricted_only_when_an_indexed_document_is_hidden(org_tree):
    services.document_add(data="KẾ HOẠCH công khai\n\nNội dung công khai zxcvbnm.".encode(), filename="congkhai.txt")
    assert selectors._restrict(None, None) is None  # everything indexed is visible: no document list in the query
    draft = services.document_add(data="KẾ HOẠCH nội bộ\n\nNội dung nội bộ asdfghjkl.".encode(), filename="nb.txt",
                                  unit=org_tree["T42.stp"], status=Document.Status.DRAFT)
    allowed = selectors._restrict(None, None)
    assert allowed is not None and draft.pk not in allowed and len(allowed) == 1
    assert selectors._restrict(None, {"document": draft.pk}) == []


def _backend_top(backend, text, k=5):
    from cchc.knowledge.analysis import parse_query
    from cchc.knowledge.ranking import split_query_terms

    q = parse_query(text)
    n = IndexStat.objects.get(pk=1).passages
    dfs = dict(TermStat.objects.filter(term__in=list(q.terms)).values_list("term", "df"))
    sel, com = split_query_terms(dict(q.terms), dfs, n)
    cands = backend.candidates(sel, limit=200)
    scores = dict(cands)
    for pid, s in backend.rescore(com, [p for p, _ in cands]).items():
        scores[pid] += s
    return [pid for pid, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k]]


FIXED = ["ty le nop ho so truc tuyen", "Sở Tài chính", "905/QĐ-BNV", "sáng kiến cải cách hành chính",
         "biên chế công chức năm 2024", "nhom zalo"]


def _memory_reference(text, k=5):
    from cchc.knowledge.analysis import analyze, parse_query
    from cchc.knowledge.ranking import MemoryIndex

    idx = MemoryIndex()
    for p in Passage.objects.select_related("document"):
        tf, dl = analyze(f"{p.document.title}\n{p.heading}\n{p.text}")
        idx.add(p.pk, tf, dl)
    return [pid for pid, _ in idx.search(dict(parse_query(text).terms), k, prune=True)]


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_backend_matches_reference(seeds):
    services.index_rebuild()  # every weight with the same average length, as in the reference
    for q in FIXED:
        assert _backend_top(SqliteBackend(), q) == _memory_reference(q), q


@pytest.mark.postgres
def test_postgres_backend_matches_reference(seeds):
    if connection.vendor != "postgresql":
        pytest.skip("DATABASE_URL does not point to PostgreSQL")
    services.index_rebuild()
    for q in FIXED:
        assert _backend_top(PostgresBackend(), q) == _memory_reference(q), q


def test_cli_contract(seeds, capsys):
    call_command("kb", "ask", "ty le nop ho so truc tuyen nam 2024", "--top", "3", "--format", "json")
    items = json.loads(capsys.readouterr().out)
    assert 1 <= len(items) <= 3
    assert set(items[0]) >= {"document", "title", "section", "text", "score"}
    assert items[0]["document"].endswith(".txt") and items[0]["score"] >= items[-1]["score"]
    call_command("kb", "ask", "Bảo hiểm y tế hộ gia đình đóng bao nhiêu tiền?", "--format", "json")
    assert json.loads(capsys.readouterr().out) == []


def test_cli_add_and_load_demo_idempotent(db, tmp_path):
    (tmp_path / "a.txt").write_text("QUYẾT ĐỊNH\nVề việc thử nghiệm\n\nĐiều 1. Nội dung thử nghiệm abcxyz.",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    out = StringIO()
    call_command("kb", "add", str(tmp_path), "--number", "12/QĐ-UBND", stdout=out, stderr=StringIO())
    doc = Document.objects.get(original_name="a.txt")
    assert doc.number == "12/QĐ-UBND" and doc.kind == "decision"
    call_command("kb", "load_demo", stdout=StringIO())
    n = Document.objects.count()
    call_command("kb", "load_demo", stdout=StringIO())
    assert Document.objects.count() == n >= 6


def test_demo_gives_the_office_a_queue_a_faq_and_what_staff_asked(users):
    from cchc.knowledge.models import QueryLog

    call_command("kb", "load_demo", stdout=StringIO())
    qs = Question.objects.order_by("pk")
    assert qs.count() == 3 and {q.asked_by for q in qs} == {users["focal_point"], users["commune_focal"]}
    published = qs.get(status=Question.Status.PUBLISHED)
    assert published.answered_by == users["par_office"] and published.faq_document.kind == "faq"
    stats = selectors.office_stats()
    assert sum(t["n"] for t in stats["open_by_topic"]) == 2
    assert stats["most_asked"][0]["n"] == 2 and "trễ hạn" in stats["most_asked"][0]["text"]
    logs, docs = QueryLog.objects.count(), Document.objects.count()
    call_command("kb", "load_demo", stdout=StringIO())  # again: nothing more
    assert (Question.objects.count(), QueryLog.objects.count(), Document.objects.count()) == (3, logs, docs)


def test_question_to_office_answer_becomes_searchable(users):
    q = services.question_ask(user=users["focal_point"], text="Quy trình lưu trữ hồ sơ điện tử plmokn?",
                              topic="digital")
    assert q.unit is not None and q.status == Question.Status.OPEN
    assert selectors.office_stats()["open_by_topic"][0]["topic"] == "digital"
    services.question_answer(user=users["par_office"], question=q, answer="Thực hiện theo hướng dẫn plmokn.")
    q.refresh_from_db()
    assert q.status == Question.Status.PUBLISHED and q.faq_document is not None
    res = top("luu tru ho so dien tu plmokn", user=users["viewer"])
    assert res.hits[0].document.kind == "faq"
    services.feedback_record(user=users["viewer"], helpful=True, question=q)
    q.refresh_from_db()
    assert q.helpful == 1


def test_api_ask_scoped_and_requires_login(users, org_tree, client):
    services.document_add(data="KẾ HOẠCH\n\nNội dung nháp mnbvcx về số hóa hồ sơ của Sở Tư pháp.".encode(),
                          filename="nhap.txt", unit=org_tree["T42.stp"], status=Document.Status.DRAFT)
    assert client.get("/api/knowledge/ask", {"q": "mnbvcx"}).status_code == 401
    client.force_login(users["focal_b"])
    data = client.get("/api/knowledge/ask", {"q": "mnbvcx so hoa ho so"}).json()
    assert all("mnbvcx" not in h["text"] for h in data["hits"])
    client.force_login(users["focal_point"])
    data = client.get("/api/knowledge/ask", {"q": "mnbvcx so hoa ho so"}).json()
    assert data["answered"] and "mnbvcx" in data["hits"][0]["text"]


def test_named_document_comes_before_documents_citing_it(db):
    """A question naming a document number is answered from that document, even when its passages do not repeat
    the number and another document cites the number many times."""
    own = services.document_add(
        data=("QUYẾT ĐỊNH\nVề công khai thủ tục hành chính\n\nĐiều 1. Công khai thủ tục hành chính\n"
              "Các cơ quan niêm yết công khai thủ tục hành chính tại bộ phận một cửa và trên cổng dịch vụ công.\n")
        .encode(), filename="qd-7777.txt", overrides={"number": "7777/QĐ-UBND", "title": "Quyết định công khai TTHC"})
    services.document_add(
        data=("BÁO CÁO\nKết quả thực hiện\n\n1. Thực hiện Quyết định 7777/QĐ-UBND\nTriển khai Quyết định 7777/QĐ-UBND về "
              "công khai thủ tục hành chính; Quyết định 7777/QĐ-UBND được phổ biến tới các cơ quan.\n").encode(),
        filename="bao-cao.txt", overrides={"title": "Báo cáo kết quả"})
    for q in ("Quyết định 7777/QĐ-UBND quy định công khai thủ tục hành chính ở đâu?",
              "quyet dinh 7777/QD-UBND cong khai thu tuc hanh chinh o dau"):
        res = selectors.library_ask(user=None, text=q, k=5)
        assert res.hits[0].document == own and res.answered, q


def test_no_answer_shows_the_nearest_passages_marked_as_such(seeds, users, org_tree, client):
    """A declined question used to leave the user with nothing but the office form, though the passage it needed was
    often the first one found (a question worded unlike the library): the nearest passages are listed, folded and
    marked as not an answer; the API gives them as ``related``, never as ``hits``."""
    services.document_add(data="KẾ HOẠCH\n\nNội dung nháp về hộ chiếu phổ thông giấy tờ qwerty của Sở Tư pháp.".encode(),
                          filename="nhap.txt", unit=org_tree["T42.stp"], status=Document.Status.DRAFT)
    question = "Thủ tục cấp hộ chiếu phổ thông cần những giấy tờ gì?"
    assert not top(question).answered and top(question).hits
    client.force_login(users["focal_b"])
    page = client.get(reverse("knowledge:search"), {"q": question}).content.decode()
    assert 'data-testid="kb-noanswer"' in page and 'data-testid="kb-answer"' not in page
    related = page.split('data-testid="kb-related"', 1)[1].split("</details>", 1)[0]
    assert "chưa chắc trả lời câu hỏi của bạn" in related and "qwerty" not in related
    assert 0 < related.count('<li class="card">') <= selectors.RELATED_ON_NO_ANSWER
    data = client.get("/api/knowledge/ask", {"q": question}).json()
    assert not data["answered"] and data["hits"] == []
    assert 0 < len(data["related"]) <= selectors.RELATED_ON_NO_ANSWER
    assert all("qwerty" not in h["text"] for h in data["related"])
    answered = "ty le nop ho so truc tuyen nam 2024"
    page = client.get(reverse("knowledge:search"), {"q": answered}).content.decode()
    assert 'data-testid="kb-answer"' in page and "kb-related" not in page
    data = client.get("/api/knowledge/ask", {"q": answered}).json()
    assert data["answered"] and data["hits"] and data["related"] == []


def test_named_document_header_is_not_pushed_below_its_own_body(db):
    """A question naming a document lifts that document's passages by the best score found (the number bonus); the
    title-block factor used to scale that bonus too, so the header block — the passage carrying the number and the
    date, what "… ban hành ngày nào?" asks — fell from first below every other passage of the document (the guide
    37-HD/BTGDVTW of the real library). The factor lowers a passage's own score, not the document's bonus."""
    body = "\n\n".join(
        f"**{i}.** Đổi mới, nâng cao chất lượng, hiệu quả Bản tin sinh hoạt chi bộ thường kỳ, nội dung thứ {i}: "
        "hướng dẫn các cấp ủy biên soạn, phát hành và sử dụng Bản tin sinh hoạt chi bộ bảo đảm thiết thực."
        for i in range(1, 8))
    own = services.document_add(
        data=("|\nBAN CHẤP HÀNH\nTRUNG ƯƠNG\n**BAN TUYÊN GIÁO VÀ DÂN VẬN**\n*\n|\n**ĐẢNG CỘNG SẢN\nVIỆT NAM**\n"
              "---------------\n|\n|\nSố 37-HD/BTGDVTW\n|\n*Hà Nội, ngày 19\ntháng 11 năm 2025*\n|\n\n\n**HƯỚNG DẪN**\n\n"
              "VỀ VIỆC ĐỔI MỚI, NÂNG CAO CHẤT LƯỢNG, HIỆU QUẢ BẢN TIN SINH HOẠT CHI BỘ\n\n------\n\n"
              f"**I. NỘI DUNG**\n\n{body}\n").encode(),
        filename="hd-37.txt", overrides={"number": "37-HD/BTGDVTW"})
    services.document_add(
        data=("Tải file Hướng dẫn 37-HD/BTGDVTW về Bản tin sinh hoạt chi bộ\n\nNgày 19/11/2025, Ban Tuyên giáo và Dân vận "
              "đã ban hành Hướng dẫn 37-HD/BTGDVTW về việc đổi mới Bản tin sinh hoạt chi bộ. Hướng dẫn 37-HD/BTGDVTW "
              "về Bản tin sinh hoạt chi bộ được ban hành ngày 19/11/2025 cho các cấp ủy.\n").encode(),
        filename="tin.txt", overrides={"title": "Tin tức"})
    header = next(p for p in own.passages.all() if "ngày 19" in p.text)
    assert selectors.title_block_factor(header.text) < 1  # the case: a header written in capitals
    res = selectors.library_ask(user=None, text="Hướng dẫn 37-HD/BTGDVTW về Bản tin sinh hoạt chi bộ ban hành ngày nào?",
                                k=5)
    assert res.answered and res.hits[0].passage == header
