"""The index pages fit a 390 px phone: the self-assessment sheet, the results, the framework and the public ranking (wide tables scroll
inside their ``.tablewrap``, the page itself does not)."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_index_pages_fit_a_phone(live_server, users, login, page, rnd):
    from cchc.assessment import services
    from cchc.assessment.models import SelfAssessment
    from tests.assessment.test_publish import publishable
    from tests.conftest import unit

    publishable(rnd, users)
    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    page.set_viewport_size({"width": 390, "height": 844})
    login("par_office")
    base = live_server.url
    widths = {}
    for path in (f"/index/a/{sa.pk}/", f"/index/rounds/{rnd.pk}/results/", f"/index/frameworks/{rnd.framework_id}/",
                 "/index/"):
        page.goto(base + path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    services.round_publish(rnd, user=users["par_office"], decision="Quyết định số 141/QĐ-UBND ngày 14/01/2025",
                           confirmed=True)
    page.context.clear_cookies()
    page.goto(f"{base}/index/public/{rnd.pk}/")
    widths["public"] = page.evaluate("document.documentElement.scrollWidth")
    print(widths)
    assert all(w <= 390 for w in widths.values()), widths
