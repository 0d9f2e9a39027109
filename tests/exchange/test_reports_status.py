"""GET /api/v1/exchange/reports with the reports app's own provider: real periodic reports, scoped and incremental."""

from datetime import timedelta

from cchc.reports import catalog
from cchc.reports import services as reports


def test_real_reports_are_served_with_their_state_scoped_to_the_client(users, org_tree, make_client, api_for):
    stp = reports.report_create(user=users["focal_point"], unit=org_tree["T42.stp"], year=2026,
                                period_kind=catalog.Q1)
    syt = reports.report_create(user=users["focal_b"], unit=org_tree["T42.syt"], year=2026, period_kind=catalog.Q1)
    _c, province = make_client("tinh", scopes=["reports:read"])
    items = {i["id"]: i for i in api_for(province).walk("reports")}
    assert {f"reports:{stp.pk}", f"reports:{syt.pk}"} <= set(items)
    row = items[f"reports:{stp.pk}"]
    assert row["unit_code"] == "T42.stp" and row["status"] == "draft" and row["period"] == "2026-q1"
    _c2, own = make_client("stp", scopes=["reports:read"], unit="T42.stp")
    assert [i["id"] for i in api_for(own).walk("reports")] == [f"reports:{stp.pk}"]
    syt.refresh_from_db()
    later = (max(stp.updated_at, syt.updated_at) + timedelta(seconds=1)).isoformat()
    assert api_for(province).walk("reports", updated_since=later) == []
