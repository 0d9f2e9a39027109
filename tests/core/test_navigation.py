"""The top bar: the yearly assessment tools are one menu (so the bar stays on one line), scoped by role."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_assessment_tools_are_one_menu_and_roles_still_apply(users):
    c = Client()
    assert c.login(username="par_office", password=PASSWORD)
    page = c.get("/inspections/")
    items = page.context["nav_items"]
    top = [str(i["label"]) for i in items]
    assert top.count("Đánh giá") == 1 and "Kiểm tra CCHC" not in top and "Nhật ký" in top
    group = next(i for i in items if str(i["label"]) == "Đánh giá")
    assert [str(ch["label"]) for ch in group["children"]] == [
        "Chỉ số CCHC", "Khảo sát hài lòng", "Thủ tục hành chính", "Chỉ số 766", "Kiểm tra CCHC", "Sáng kiến"]
    assert group["active"] and [ch["active"] for ch in group["children"]].count(True) == 1
    html = page.content.decode()
    assert '<details class="navgroup active">' in html and 'href="/inspections/" class="active"' in html
    v = Client()
    assert v.login(username="viewer", password=PASSWORD)
    top = [str(i["label"]) for i in v.get("/").context["nav_items"]]
    assert "Nhật ký" not in top and "Đội ngũ CCHC" not in top and "Đánh giá" in top
