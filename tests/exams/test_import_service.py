"""Question-bank import service and screen: modes (all or nothing / valid only / preview), default topic for an
unknown category, question codes from [id:] or ::title::, re-import updating or skipping, feedback stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.exams import services
from cchc.exams.models import Question, QuestionVersion, Topic

DATA = Path(__file__).resolve().parents[1] / "data" / "qbank"
GIFT = (DATA / "moodle_export.txt").read_bytes()


def _line(marker: str) -> int:
    for no, line in enumerate(GIFT.decode().split("\n"), start=1):
        if marker in line:
            return no
    raise AssertionError(marker)


@pytest.fixture
def topics(db):
    from cchc.exams.demo.bank import TOPICS

    return services.topics_ensure(TOPICS)


def test_all_or_nothing_writes_nothing_and_lists_refused_lines(topics):
    report = services.questions_import_file(GIFT, "moodle_export.txt", default_topic=topics["procedures.control"])
    assert not report.ok and Question.objects.count() == 0 and not report.written
    assert report.refused_lines == sorted(_line(f"::{t}::") for t in ("KS-02", "KS-03", "KS-04", "KS-05", "KS-06",
                                                                        "KS-10"))


def test_preview_writes_nothing_and_tells_what_would_happen(topics):
    report = services.questions_import_file(GIFT, "moodle_export.txt", default_topic=topics["procedures.control"],
                                  mode=services.IMPORT_PREVIEW)
    assert Question.objects.count() == 0 and QuestionVersion.objects.count() == 0
    assert (report.created, report.valid, len(report.refused_lines)) == (11, 11, 6)


def test_valid_only_imports_the_valid_questions_with_codes_topics_and_feedback(topics):
    default = topics["procedures.control"]
    report = services.questions_import_file(GIFT, "moodle_export.txt", default_topic=default, mode=services.IMPORT_VALID)
    assert report.written and report.created == 11 and len(report.refused_lines) == 6
    assert sorted(Question.objects.values_list("ref", flat=True)) == sorted(
        ["TTHC-01", "TTHC-02", "TTHC-03", "TTHC-04", "TTHC-05", "TTHC-06", "TTHC-07", "KS-01", "KS-07", "KS-08",
         "KS-09"])
    q1 = Question.objects.get(ref="TTHC-01")
    assert q1.topic.code == "procedures" and q1.kind == "single"
    assert [(o["text"], o["correct"], o.get("feedback")) for o in q1.current.options] == [
        ("Hà Nội", True, "Đúng, Hà Nội là Thủ đô."), ("Thăng Long", False, "Tên cũ của Hà Nội."),
        ("Huế", False, "Huế là cố đô.")]
    # unknown $CATEGORY "Kiểm soát TTHC": the default topic, with one warning naming the first line
    assert Question.objects.get(ref="KS-01").topic == default
    w = [e for e in report.warnings if "Kiểm soát TTHC" in e.message]
    assert len(w) == 1 and w[0].line == _line("::KS-01::") and "4 câu" in w[0].message
    assert services.question_data(q1).options[0].feedback == "Đúng, Hà Nội là Thủ đô."


def test_unknown_category_without_default_topic_is_refused_per_question(topics):
    text = "$CATEGORY: $course$/top/Không có\n\n::A1:: Câu {=A ~B}\n"
    report = services.questions_import_file(text.encode(), "a.gift", mode=services.IMPORT_VALID)
    assert report.created == 0 and report.errors[0].line == 3 and "Không có" in report.errors[0].message


def test_reimport_updates_or_skips_and_reports(topics):
    default = topics["procedures.control"]
    first = services.questions_import_file(GIFT, "a.txt", default_topic=default, mode=services.IMPORT_VALID)
    assert first.created == 11
    again = services.questions_import_file(GIFT, "a.txt", default_topic=default, mode=services.IMPORT_VALID)
    assert (again.created, again.versioned, again.unchanged) == (0, 0, 11)
    assert Question.objects.count() == 11
    changed = GIFT.replace("=vàng ~[plain]đỏ".encode(), "~vàng =[plain]đỏ".encode())
    third = services.questions_import_file(changed, "a.txt", default_topic=default, mode=services.IMPORT_VALID)
    assert (third.created, third.versioned, third.unchanged) == (0, 1, 10)
    assert [i.code for i in third.by_outcome("versioned")] == ["TTHC-02"]
    q = Question.objects.get(ref="TTHC-02")
    assert q.current.number == 2 and q.current.correct_ids == ["b"]


def test_reimport_of_aiken_without_codes_matches_by_content(topics):
    data = (DATA / "aiken_no_space.txt").read_bytes()
    first = services.questions_import_file(data, "a.txt", default_topic=topics["procedures"], mode=services.IMPORT_VALID)
    assert first.created == 3 and first.refused_lines == [20]
    again = services.questions_import_file(data, "a.txt", default_topic=topics["procedures"], mode=services.IMPORT_VALID)
    assert (again.created, again.unchanged) == (0, 3) and Question.objects.count() == 3
    fixed = data.replace(b"A)\xc4\x90\xc3\xbang\nB)Sai\nANSWER: A", b"A)\xc4\x90\xc3\xbang\nB)Sai\nANSWER: B")
    third = services.questions_import_file(fixed, "a.txt", default_topic=topics["procedures"], mode=services.IMPORT_VALID)
    assert (third.created, third.versioned, third.unchanged) == (0, 1, 2)


def test_repeated_title_is_not_a_code_and_duplicate_content_is_skipped(topics):
    text = ("::Câu 1:: Hỏi một {=A ~B}\n\n::Câu 1:: Hỏi hai {=C ~D}\n\n"
            "Hỏi ba {=E ~F}\n\nHỏi ba {=E ~F}\n")
    report = services.questions_import_file(text.encode(), "x.txt", default_topic=topics["procedures"],
                                  mode=services.IMPORT_VALID)
    assert (report.created, report.duplicates) == (3, 1)
    assert any("Câu 1" in w.message and "lặp lại" in w.message for w in report.warnings)
    assert any(w.line == 7 and "dòng 5" in w.message for w in report.warnings)
    assert not Question.objects.filter(ref="Câu 1").exists()


@pytest.fixture
def par(client, users, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client.force_login(users["par_office"])
    return client


def test_import_screen_preview_then_confirm_imports_valid_ones(par, topics, settings):
    url = reverse("exams:bank_import")
    default = Topic.objects.get(code="procedures.control")
    resp = par.post(url, {"file": SimpleUploadedFile("ngan-hang.txt", GIFT), "fmt": "auto",
                          "default_topic": default.pk})
    page = resp.content.decode()
    assert resp.status_code == 200 and Question.objects.count() == 0
    assert "Chỉ nhập các câu hợp lệ" in page and "hình ảnh" in page
    assert f"<td>{_line('::KS-02::')}</td>" in page
    token = par.session["exams_import_pending"]["token"]
    assert par.post(url, {"op": "confirm", "token": "wrong"}).status_code == 302
    assert Question.objects.count() == 0
    pending = list((settings.VAR_DIR / "exams-import").glob("*.upload"))
    assert len(pending) == 1 and pending[0].read_bytes() == GIFT
    done = par.post(url, {"op": "confirm", "token": token})
    assert done.status_code == 302 and Question.objects.count() == 11
    assert not pending[0].exists()
    # confirming twice does not import twice
    par.post(url, {"op": "confirm", "token": token})
    assert QuestionVersion.objects.count() == 11


def test_import_screen_cancel_and_file_level_error(par, topics, settings):
    url = reverse("exams:bank_import")
    par.post(url, {"file": SimpleUploadedFile("a.txt", GIFT), "fmt": "auto",
                   "default_topic": Topic.objects.get(code="procedures").pk})
    assert "exams_import_pending" in par.session
    assert par.post(url, {"op": "cancel"}).status_code == 302
    assert "exams_import_pending" not in par.session and Question.objects.count() == 0
    assert list((settings.VAR_DIR / "exams-import").glob("*.upload")) == []
    bad = par.post(url, {"file": SimpleUploadedFile("a.txt", b"just words"), "fmt": "auto"})
    page = bad.content.decode()
    assert bad.status_code == 200 and "toàn tệp" in page and "dòng 0" not in page
    assert "exams_import_pending" not in par.session


def test_import_screen_refuses_other_roles(client, users, topics):
    client.force_login(users["focal_point"])
    resp = client.post(reverse("exams:bank_import"), {"file": SimpleUploadedFile("a.txt", GIFT), "fmt": "auto"})
    assert resp.status_code in (302, 403) and Question.objects.count() == 0


def test_formats_without_feedback_do_not_erase_it(topics):
    default = topics["procedures.control"]
    services.questions_import_file(GIFT, "a.txt", default_topic=default, mode=services.IMPORT_VALID)
    q = Question.objects.get(ref="TTHC-01")
    data = services.question_data(q)
    for o in data.options:
        o.feedback = ""
    data.text += " (sửa)"
    _, outcome = services.question_save(data, topic=q.topic, question=q)
    q.refresh_from_db()
    assert outcome == "versioned" and q.current.options[0]["feedback"] == "Đúng, Hà Nội là Thủ đô."


def test_nfd_files_give_nfc_questions(topics):
    import unicodedata

    text = unicodedata.normalize("NFD", "::N1:: Cơ quan nào ban hành Hiến pháp? {=Quốc hội ~Chính phủ}\n")
    aiken_text = unicodedata.normalize("NFD", "Cơ quan nào ban hành Hiến pháp?\nA. Quốc hội\nB. Chính phủ\n"
                                              "ANSWER: A\n")
    for data in (text, aiken_text):
        services.questions_import_file(data.encode(), "x.txt", default_topic=topics["institutions"], mode=services.IMPORT_VALID)
    versions = list(QuestionVersion.objects.all())
    assert len(versions) == 1  # the Aiken copy matches the GIFT question by content
    v = versions[0]
    assert v.text == unicodedata.normalize("NFC", "Cơ quan nào ban hành Hiến pháp?")
    assert [o["text"] for o in v.options] == [unicodedata.normalize("NFC", "Quốc hội"), "Chính phủ"]


def test_command_line_import_detects_format_and_modes(topics, capsys):
    from django.core.management import CommandError, call_command

    path = str(DATA / "moodle_export.txt")
    with pytest.raises(CommandError, match="--valid-only"):
        call_command("exams", "import", path, "--topic", "procedures")
    assert Question.objects.count() == 0
    call_command("exams", "import", path, "--topic", "procedures", "--dry-run")
    assert Question.objects.count() == 0 and "Sẽ nhập (gift) 11 câu mới" in capsys.readouterr().out
    call_command("exams", "import", path, "--topic", "procedures", "--valid-only")
    out, err = capsys.readouterr()
    assert Question.objects.count() == 11 and "6 câu bị từ chối" in out
    assert f"dòng {_line('::KS-02::')}: Câu dạng số" in err


def test_partial_credit_weights_are_stored_graded_and_survive_an_edit(topics):
    from cchc.exams.qdata import Option

    text = "::W-01:: Thủ đô của Việt Nam? {=Hà Nội ~%50%Thăng Long ~Huế}\n"
    report = services.questions_import_file(text.encode(), "w.gift", default_topic=topics["procedures.control"])
    assert not report.errors
    v = Question.objects.get(ref="W-01").current
    assert [o.get("weight") for o in v.options] == [None, 50.0, None]
    assert v.fraction(["b"]) == 0.5 and v.fraction(["a"]) == 1.0 and v.fraction(["c"]) == 0.0
    # an edit that cannot express weights (the form, Aiken, Excel) keeps them when options and answers are the same
    data = services.question_data(v.question)
    for o in data.options:
        o.weight = None
    data.explanation = "Hà Nội là Thủ đô từ năm 1010 (Thăng Long)."
    q, outcome = services.question_save(data, topic=v.topic)
    assert outcome == "versioned" and q.current.fraction(["b"]) == 0.5
    # changing the right answer drops them: the old partial credit no longer means anything
    data = services.question_data(q)
    data.options = [Option("Hà Nội", False), Option("Thăng Long", True), Option("Huế", False)]
    q, outcome = services.question_save(data, topic=v.topic)
    assert q.current.weights is None and q.current.fraction(["a"]) == 0.0
