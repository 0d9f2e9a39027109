"""A plan from the centre (a Prime Minister's decision the province imports) whose tasks are led by national bodies:
no user of the installation works for a ministry, so a national body never gets a reporting line, is never late and
never fills a dashboard. Its task is kept as read, shown with that lead; the province's units named one by one as
partners report their part; with none, the task is followed for information (docs/decisions.md, "National bodies")."""

from datetime import date

import pytest

from cchc.org.models import OrgUnit, UnitKind
from cchc.plans import selectors, services
from cchc.plans.models import Assignment, Occurrence
from tests.helpers import client_for
from tests.plans.conftest import confirm_draft

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)  # every deadline below has passed: an open line would be late


def _task(number, title, lead, partners, deadline="Quý I/2026"):
    return {
        "number": number,
        "section": "I",
        "title": title,
        "activities": [],
        "products": [],
        "lead": lead,
        "partners": partners,
        "deadline": deadline,
        "budget": None,
        "note": None,
    }


def central_draft():
    """Shaped like Quyết định 2597/QĐ-TTg of 27/11/2025 (real-docs ec00bd6f58be7864): issued by the Prime Minister,
    naming no province."""
    return {
        "kind": "Quyết định",
        "title": "Đề án chuyển đổi số trong hoạt động xây dựng",
        "issuer": "Thủ tướng Chính phủ",
        "province": None,
        "period": "2026",
        "document_number": "2597/QĐ-TTg",
        "issue_date": "2025-11-27",
        "tables": [
            {
                "caption": "Nhiệm vụ",
                "columns": [],
                "sections": [{"number": "I", "title": "NHIỆM VỤ"}],
                "tasks": [
                    _task(
                        "1", "Rà soát các quy định về hạ tầng", ["Bộ Xây dựng"], ["Bộ Khoa học và Công nghệ"]
                    ),
                    _task(
                        "2",
                        "Báo cáo kết quả cải cách hành chính",
                        ["Bộ Nội vụ"],
                        ["Sở Nội vụ", "Các bộ, ngành liên quan", "các địa phương"],
                    ),
                    _task("3", "Công bố thủ tục hành chính", ["Văn phòng Chính phủ", "Sở Tư pháp"], []),
                    _task(
                        "4",
                        "Sắp xếp tổ chức bộ máy",
                        ["Các bộ, cơ quan ngang bộ"],
                        ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"],
                    ),
                ],
            }
        ],
        "targets": [],
    }


def _units_of(plan, number):
    return sorted(
        Occurrence.objects.filter(plan=plan, task__number=number)
        .values_list("unit__code", flat=True)
        .distinct()
    )


def test_central_plan_national_leads_never_report(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    plan, imp = confirm_draft(users["par_office"], central_draft())
    assert imp.agency_map["Bộ Xây dựng"]["units"] == ["TW.bxd"]  # resolved, kept on the task as read
    assert plan.province.code == "T42"
    assert not Occurrence.objects.filter(plan=plan, unit__kind=UnitKind.NATIONAL).exists()
    assert _units_of(plan, "1") == []  # a ministry leads, a ministry helps: followed for information
    # the province's units named as partners report: Sở Nội vụ, and "các địa phương", which in a plan of the centre
    # are the provinces, i.e. the province's committee (never every commune); "các bộ, ngành" adds nobody
    assert _units_of(plan, "2") == ["T42", "T42.snv"]
    assert imp.agency_map["các địa phương"]["units"] == ["T42"]
    assert _units_of(plan, "3") == ["T42.stp"]  # a province unit among the leads reports as lead
    assert _units_of(plan, "4") == ["T42"]  # "UBND các tỉnh, thành phố" is, here, the province's committee
    t1 = plan.tasks.get(number="1")
    assert [(a.role, a.unit.code) for a in t1.assignments.order_by("role")] == [
        ("lead", "TW.bxd"),
        ("partner", "TW.bkhcn"),
    ]
    modes = {t.number: t.reporting for t in selectors.plan_tasks(plan)}
    assert modes == {
        "1": selectors.REPORT_FOLLOW,
        "2": selectors.REPORT_PARTNERS,
        "3": selectors.REPORT_LEADS,
        "4": selectors.REPORT_PARTNERS,
    }


def test_central_plan_late_lists_and_dashboard_hold_no_national_body(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    plan, _imp = confirm_draft(users["par_office"], central_draft())
    office = type(users["par_office"]).objects.get(pk=users["par_office"].pk)
    dash = selectors.plans_dashboard(office, selectors.Filters(plan=plan.pk), today=TODAY)
    late_units = {o.unit.code for o in dash["late"]}
    assert dash["late_total"] == Occurrence.objects.filter(plan=plan).count() > 0  # all open, all past due
    assert late_units == {"T42.snv", "T42.stp", "T42"}
    assert not [r for r in dash["by_unit"] if str(r.get("unit__code", "")).startswith("TW.")]
    c = client_for(users["par_office"])
    late_html = c.get(f"/plans/late/?today={TODAY.isoformat()}").content.decode()
    assert "Bộ Xây dựng" not in late_html and "Bộ Nội vụ" not in late_html
    detail = c.get(f"/plans/{plan.pk}/").content.decode()
    assert "Bộ Xây dựng" in detail  # the lead as the plan names it
    assert "Cơ quan Trung ương chủ trì: tỉnh theo dõi, không có kỳ báo cáo" in detail
    assert "Cơ quan Trung ương chủ trì: đơn vị phối hợp của tỉnh báo cáo phần việc của mình" in detail


def test_task_assigned_by_hand_to_a_national_body_gets_no_reporting_line(users, settings):
    """The review screen offers the national bodies for mapping an agency: mapped to one, the task is read."""
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    draft = central_draft()
    draft["tables"][0]["tasks"] = [_task("1", "Hướng dẫn xác định chỉ số CCHC", ["Cơ quan quản lý CCHC"], [])]
    imp = services.plan_import_create(user=users["par_office"], draft=draft, filename="tw.txt")
    assert imp.agency_map["Cơ quan quản lý CCHC"]["kind"] == "unresolved"
    # the review picker: the province's units, then the national bodies valid on the plan's date
    from tests.plans.test_province_scope import _options

    labels = _options(
        client_for(users["par_office"]).get(f"/plans/imports/{imp.pk}/").content.decode(), "target"
    )
    assert "Bộ Nội vụ" in labels and "Sở Nội vụ tỉnh Hà Tĩnh" in labels
    assert labels.index("Sở Nội vụ tỉnh Hà Tĩnh") < labels.index("Bộ Nội vụ")
    assert "Bộ Nông nghiệp và Phát triển nông thôn" not in labels  # ended on 28/02/2025
    bnv = OrgUnit.objects.get(code="TW.bnv")
    imp = services.plan_import_map_agency(
        imp=imp, user=users["par_office"], text="Cơ quan quản lý CCHC", unit=bnv
    )
    plan = services.plan_import_confirm(imp=imp, user=users["par_office"])
    lead = Assignment.objects.get(task__plan=plan, role=Assignment.Role.LEAD)
    assert lead.unit == bnv and not Occurrence.objects.filter(plan=plan).exists()
