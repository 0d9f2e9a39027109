"""Sending a self-assessment says where it goes: the button names the unit's leader (when the leader step applies)
or the CCHC office, and so does the message after sending; the comment box asks for a reason only of those who
may return it."""

import pytest
from django.urls import reverse

from cchc.assessment.models import SelfAssessment
from cchc.core import review
from tests.assessment.test_services import _fill_all
from tests.conftest import unit
from tests.helpers import client_for


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "code", "button", "message", "state"), [
    ("focal_point", "T42.stp", "Gửi lãnh đạo đơn vị duyệt", "Đã gửi báo cáo tới lãnh đạo đơn vị duyệt.",
     review.LEADER_REVIEW),
    ("focal_b", "T42.syt", "Gửi Phòng CCHC", "Đã gửi báo cáo tới Phòng CCHC.", review.SUBMITTED)])
def test_send_names_who_gets_it(users, rnd, settings, who, code, button, message, state):
    settings.CCHC_LEADER_APPROVAL = True  # Sở Tư pháp has a leader account, Sở Y tế none
    sa = SelfAssessment.objects.get(round=rnd, unit=unit(code))
    _fill_all(sa, users[who])
    sa.refresh_from_db()
    c = client_for(users[who])
    url = reverse("assessment:assessment_detail", args=[sa.pk])
    page = c.get(url).content.decode()
    assert f'id="submit-sa">{button}</button>' in page
    assert "Ý kiến (nếu có)" in page and "bắt buộc khi trả lại" not in page
    r = c.post(url, {"op": "transition", "action": "submit", "version": sa.version}, follow=True)
    assert message in [str(m) for m in r.context["messages"]]
    sa.refresh_from_db()
    assert sa.review_state == state
    if state == review.SUBMITTED:  # the office may return it: the box asks for the reason
        assert "Ý kiến (bắt buộc khi trả lại)" in client_for(users["par_office"]).get(url).content.decode()
