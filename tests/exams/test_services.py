"""Exam engine on the database: versioning, papers, autosave integrity, grading, audit, imports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from cchc.exams import gift, services
from cchc.exams.models import Attempt, AttemptItem, AttemptStatus, GradeChange, Question, Topic
from cchc.exams.qdata import Option, QuestionData

from .conftest import answer_all

pytestmark = pytest.mark.django_db


def test_editing_creates_a_version_and_past_attempts_keep_theirs(campaign, users):
    attempt = services.attempt_start(users["viewer"], campaign)
    item = attempt.items.select_related("version__question").first()
    question = item.version.question
    old_version, old_text = item.version_id, item.version.text
    data = services.question_data(question)
    data.text = old_text + " (sửa đổi)"
    q2, outcome = services.question_save(data, topic=question.topic, question=question)
    assert outcome == "versioned"
    assert q2.current.number == 2 and q2.current.text.endswith("(sửa đổi)")
    assert list(question.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    item.refresh_from_db()
    assert item.version_id == old_version and item.version.text == old_text
    assert services.question_save(services.question_data(q2), topic=q2.topic, question=q2)[1] == "unchanged"
    # a new paper uses the new version
    services.attempt_submit(users["viewer"], attempt.pk)
    services._pool_cache.clear()
    fresh = services.attempt_start(users["focal_point"], campaign)
    assert not AttemptItem.objects.filter(attempt=fresh, version_id=old_version).exists()


def test_paper_follows_blueprint_and_is_persisted(campaign, users):
    attempt = services.attempt_start(users["viewer"], campaign)
    items = list(attempt.items.select_related("version", "version__topic", "area"))
    assert len(items) == 6 and len({i.version.question_id for i in items}) == 6
    areas = sorted(i.area.code for i in items)
    assert areas == ["civil_service", "digital", "digital", "procedures", "procedures", "procedures"]
    assert any(i.area.code == "civil_service" and i.version.difficulty == "hard" for i in items)
    for i in items:
        assert sorted(i.option_order) == sorted(i.version.option_ids) and i.n_options == len(i.option_order)
    # resuming returns the same attempt and the same paper
    again = services.attempt_start(users["viewer"], campaign)
    assert again.pk == attempt.pk
    assert [i.version_id for i in again.items.all()] == [i.version_id for i in items]


def test_save_is_idempotent_and_ignores_stale_retries(campaign, users):
    u = users["viewer"]
    attempt = services.attempt_start(u, campaign)
    item = attempt.items.first()
    ids = item.option_order
    assert services.answer_save(u, attempt.pk, item.position, [ids[0]], 1)["seq"] == 1
    assert services.answer_save(u, attempt.pk, item.position, [ids[0]], 1) == {"ok": True, "seq": 1, "stale": False}
    services.answer_save(u, attempt.pk, item.position, [ids[1]], 3)
    late_retry = services.answer_save(u, attempt.pk, item.position, [ids[0]], 2)  # older save arriving late
    assert late_retry["stale"] is True
    item.refresh_from_db()
    assert item.selected == [ids[1]] and item.seq == 3


def test_refused_answers_do_not_corrupt_the_attempt(campaign, users):
    u, other = users["viewer"], users["focal_point"]
    attempt = services.attempt_start(u, campaign)
    item = attempt.items.select_related("version").first()
    services.answer_save(u, attempt.pk, item.position, [item.option_order[0]], 1)
    with pytest.raises(services.ExamError) as exc:
        services.answer_save(other, attempt.pk, item.position, [item.option_order[1]], 5)
    assert exc.value.code == "not_found"
    with pytest.raises(services.ExamError) as exc:
        services.answer_save(u, attempt.pk, 99, ["a"], 5)
    assert exc.value.code == "not_on_paper"
    with pytest.raises(services.ExamError) as exc:
        services.answer_save(u, attempt.pk, item.position, ["q"], 5)
    assert exc.value.code == "bad_option"
    if not item.multi:
        with pytest.raises(services.ExamError) as exc:
            services.answer_save(u, attempt.pk, item.position, ["a", "b"], 6)
        assert exc.value.code == "bad_option"
    with pytest.raises(services.ExamError):
        services.answer_save(u, attempt.pk, item.position, "a", 7)
    item.refresh_from_db()
    assert item.selected == [item.option_order[0]] and item.seq == 1
    # after the deadline: refused, and the attempt is submitted automatically with what was saved
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=30))
    with pytest.raises(services.ExamError) as exc:
        services.answer_save(u, attempt.pk, item.position, [item.option_order[1]], 8)
    assert exc.value.code == "deadline"
    attempt.refresh_from_db()
    item.refresh_from_db()
    assert attempt.status == AttemptStatus.AUTO_SUBMITTED and item.selected == [item.option_order[0]]
    with pytest.raises(services.ExamError) as exc:
        services.answer_save(u, attempt.pk, item.position, [item.option_order[1]], 9)
    assert exc.value.code == "submitted"


def test_submit_grades_per_topic_and_grade_changes_are_audited(campaign, users):
    u = users["viewer"]
    attempt = services.attempt_start(u, campaign)
    answer_all(u, attempt, correct=True, upto=4)
    done = services.attempt_submit(u, attempt.pk)
    assert done.status == AttemptStatus.SUBMITTED
    assert done.score == 4.0 and done.max_score == 6.0 and done.percent == 66.67 and done.passed
    assert sum(v[1] for v in done.topic_scores.values()) == 6
    areas = {Topic.objects.get(pk=int(k)).code for k in done.topic_scores}
    assert areas == {"procedures", "civil_service", "digital"}
    assert services.attempt_submit(u, attempt.pk).graded_at == done.graded_at  # second submit is harmless
    entries = LogEntry.objects.get_for_object(done)
    assert any("score" in (e.changes_dict or {}) for e in entries)
    wrong = done.items.filter(mark=0).first()
    admin = users["admin"]
    with pytest.raises(services.ExamError):
        services.mark_change(admin, wrong, 1.0, "  ")
    after = services.mark_change(admin, wrong, 1.0, "Đáp án câu hỏi có hai cách hiểu")
    assert after.score == 5.0
    gc = GradeChange.objects.get(item=wrong)
    assert gc.old_mark == 0 and gc.new_mark == 1 and gc.changed_by == admin
    last = LogEntry.objects.get_for_object(after).order_by("-timestamp").first()
    assert last.actor == admin and last.changes_dict["score"] == ["4.0", "5.0"]
    # regrading keeps the manual mark
    assert services.campaign_regrade(campaign) == 0
    after.refresh_from_db()
    assert after.score == 5.0


def test_overdue_attempts_are_auto_submitted(campaign, users):
    a = services.attempt_start(users["viewer"], campaign)
    b = services.attempt_start(users["focal_point"], campaign)
    Attempt.objects.filter(pk=a.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert services.attempts_close_overdue() == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == AttemptStatus.AUTO_SUBMITTED and a.percent == 0 and b.status == AttemptStatus.IN_PROGRESS


def test_start_rules_window_eligibility_attempts_and_stagger(campaign, users, org_tree):
    from cchc.org.models import OrgUnit

    outsider = users["commune_focal"]
    campaign.units.set([org_tree["T42.stp"]])
    with pytest.raises(services.ExamError) as exc:
        services.attempt_start(users["focal_b"], campaign)  # Sở Y tế is not targeted
    assert exc.value.code == "not_eligible"
    assert OrgUnit.objects.filter(pk=org_tree["T42.stp"].pk).exists() and outsider
    u = users["viewer"]
    for _ in range(2):
        a = services.attempt_start(u, campaign)
        services.attempt_submit(u, a.pk)
    with pytest.raises(services.ExamError) as exc:
        services.attempt_start(u, campaign)
    assert exc.value.code == "no_attempts_left"
    campaign.stagger_seconds = 3600
    campaign.opens_at = timezone.now()
    campaign.save()
    with pytest.raises(services.ExamError) as exc:
        services.attempt_start(users["unit_leader"], campaign, now=campaign.opens_at)
    assert exc.value.code == "staggered" and exc.value.extra["wait_seconds"] > 0
    later = campaign.opens_at + timedelta(hours=1)
    assert services.attempt_start(users["unit_leader"], campaign, now=later).pk
    campaign.closes_at = timezone.now() - timedelta(seconds=1)
    campaign.save()
    with pytest.raises(services.ExamError) as exc:
        services.attempt_start(users["focal_point"], campaign)
    assert exc.value.code == "closed"


def test_retake_prefers_unseen_questions(bank, org_tree, users):
    from cchc.exams.models import Campaign

    now = timezone.now()
    c = Campaign.objects.create(title="Lặp", opens_at=now - timedelta(hours=1), closes_at=now + timedelta(hours=5),
                                attempts_allowed=2, is_published=True,
                                blueprint=[{"topic": "public_finance", "difficulty": "", "count": 6}])
    c.units.add(org_tree["T42"])
    u = users["viewer"]
    first = services.attempt_start(u, c)
    services.attempt_submit(u, first.pk)
    second = services.attempt_start(u, c)
    q1 = set(first.items.values_list("version__question_id", flat=True))
    q2 = set(second.items.values_list("version__question_id", flat=True))
    n = Question.objects.filter(topic__code="public_finance").count()
    assert len(q1 & q2) == max(0, 12 - n)


def test_import_is_all_or_nothing_and_reimport_versions(bank):
    before = Question.objects.count()
    text = gift.export_gift([QuestionData(text="Câu mới hợp lệ", options=[Option("A", True), Option("B")],
                                          topic="procedures", ref="NEW-1")]) + "\n\nCâu hỏng {=A ~B\n"
    report = services.questions_import(gift.parse_gift(text))
    assert not report.ok and Question.objects.count() == before
    unknown = services.questions_import(gift.parse_gift("$CATEGORY: $course$/top/khong-co\n\nCâu {=A ~B}\n"))
    assert not unknown.ok and "khong-co" in unknown.errors[0].message
    q = Question.objects.get(ref="CCHC-001")
    data = services.question_data(q)
    data.options[0], data.options[1] = data.options[1], data.options[0]
    ok = services.questions_import(gift.parse_gift(gift.export_gift([data])))
    assert (ok.created, ok.versioned, ok.unchanged) == (0, 1, 0)
    q.refresh_from_db()
    assert q.current.number == 2 and q.versions.count() == 2


def test_demo_loader_is_idempotent(org_tree, users):
    from cchc.exams.demo.loader import load
    from cchc.exams.models import Campaign

    first = load()
    assert first["import"].created >= 100 and first["past"].attempts.count() > 0
    second = load()
    assert second["import"].created == 0 and second["import"].unchanged == first["import"].created
    assert Campaign.objects.count() == 2
    assert second["past"].attempts.count() == first["past"].attempts.count()


def test_remediation_finds_documents_to_study_without_an_area(campaign, users):
    """Documents uploaded without a CCHC area are still recommended: the ones the missed questions cite by
    number first, then those matching the weak topic's name; a draft of another unit is never offered."""
    from cchc.exams import selectors
    from cchc.knowledge import services as kb

    u = users["viewer"]
    attempt = services.attempt_start(u, campaign)
    answer_all(u, attempt, correct=False)
    attempt = services.attempt_finalize(attempt)
    weak = {r.topic.code: r for r in selectors.attempt_remediation(attempt)}
    assert "procedures" in weak and "digital" in weak
    general = kb.document_add(data="Cải cách thủ tục hành chính: rà soát, đơn giản hóa thủ tục hành chính, "
                                   "công khai thủ tục hành chính tại bộ phận một cửa.\n".encode(),
                              filename="tthc.txt", overrides={"title": "Hướng dẫn rà soát thủ tục hành chính",
                                                                "area": "general"})
    draft = kb.document_add(data="Cải cách thủ tục hành chính nội bộ (bản nháp).\n".encode(), filename="nhap.txt",
                            status="draft", unit=users["focal_b"].memberships.first().unit)
    assert general.area == "general"
    weak = {r.topic.code: r for r in selectors.attempt_remediation(attempt)}
    docs = weak["procedures"].documents
    assert general in docs and draft not in docs
    by_number = kb.document_add(data="Quyết định số 06/QĐ-TTg về đề án dữ liệu dân cư.\n".encode(),
                                filename="qd06.txt", overrides={"title": "Văn bản được trích dẫn", "number": "06/QĐ-TTg"})
    digital = Topic.objects.get(code="digital")
    docs = selectors._kb_documents(u, digital, ["Quyết định 06/QD-TTg ngày 06/01/2022", "Luật Giao dịch điện tử"])
    assert docs[0] == by_number
