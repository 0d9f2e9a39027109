"""The kernel's shared shapes: one error type (codes → HTTP status and message in one table), hooks, and
after-response callbacks (the GET path does not write)."""

import pytest

from cchc.core import deferred, hooks
from cchc.core.errors import HTTP_STATUS, CodedError, status_of


def test_every_app_error_is_a_coded_error_with_the_tables_status():
    from cchc.capacity.services import CapacityError
    from cchc.exams.services import ExamError
    from cchc.knowledge.services import PublicationError
    from cchc.plans.services import PlanError

    exam = ExamError("Không tìm thấy bài làm.", "not_found")
    assert isinstance(exam, CodedError) and exam.status == 404 and exam.message == "Không tìm thấy bài làm."
    assert ExamError("Kỳ kiểm tra đã đóng.", "closed").status == HTTP_STATUS["closed"] == 409
    assert ExamError("x", "staggered", wait_seconds=5).as_dict() == {
        "ok": False, "code": "staggered", "message": "x", "wait_seconds": 5}
    cap = CapacityError("Cần nhập họ và tên giảng viên.")
    assert isinstance(cap, CodedError) and (cap.code, cap.status, str(cap)) == (
        "invalid", 400, "Cần nhập họ và tên giảng viên.")
    pub = PublicationError("forbidden", "Bạn không có quyền.")
    assert isinstance(pub, CodedError) and pub.status == 403
    assert PlanError("too_large", "Tệp quá lớn.").status == 400
    assert CodedError("not_found").message == "Không tìm thấy." and status_of("anything_else") == 400


def test_hooks_order_and_no_duplicates():
    name = "test-hook-order"

    def a():
        return "a"

    def b():
        return "b"

    hooks.register(name, b, order=2)
    hooks.register(name)(a)
    hooks.register(name, a)
    assert hooks.get_hooks(name) == [a, b]


def test_apps_register_their_hooks():
    from cchc.knowledge.attention import items as kb_items
    from cchc.plans.attention import items as plan_items

    attention = hooks.get_hooks("attention")
    assert plan_items in attention and kb_items in attention
    demo = [f.__module__ for f in hooks.get_hooks("demo")]
    # in their order: the plans demo before what turns findings into plan tasks
    assert demo[:4] == ["cchc.knowledge.hooks", "cchc.exams.hooks", "cchc.capacity.hooks", "cchc.plans.hooks"]
    assert demo.index("cchc.inspections.hooks") > demo.index("cchc.plans.hooks")


def test_after_response_runs_at_once_outside_a_request():
    out = []
    deferred.after_response(out.append, 1)
    assert out == [1]


def test_after_response_runs_once_the_response_exists_and_a_failure_does_not_break_it(rf):
    order = []

    def boom():
        raise RuntimeError("x")

    def view(request):
        deferred.after_response(order.append, "log")
        deferred.after_response(boom)
        order.append("rendered")
        return "response"

    assert deferred.AfterResponseMiddleware(view)(rf.get("/")) == "response"
    assert order == ["rendered", "log"]


@pytest.mark.django_db
def test_search_get_logs_the_question_after_the_response(users, client, monkeypatch):
    import cchc.knowledge.views as views
    from cchc.knowledge.models import QueryLog
    from tests.conftest import PASSWORD

    assert client.login(username=users["focal_point"].username, password=PASSWORD)
    seen_during_view = []
    real_render = views.render

    def render(*a, **k):
        seen_during_view.append(QueryLog.objects.count())
        return real_render(*a, **k)

    monkeypatch.setattr(views, "render", render)
    resp = client.get("/kb/", {"q": "thủ tục hành chính"})
    assert resp.status_code == 200
    assert seen_during_view == [0] and QueryLog.objects.count() == 1
