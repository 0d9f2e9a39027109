"""Writes of the inspections app: plans, inspections and their teams, the checklist, findings (each one a
follow-up task of the inspected unit through ``cchc.plans.followups``), conclusions. Every write is audited and
checked against the user's role here, not in the views."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import audit
from cchc.core.errors import CodedError
from cchc.core.models import Area
from cchc.core.vntext import clean_spaces, nfc
from cchc.inspections import checklist
from cchc.inspections.models import ChecklistItem, Finding, Inspection, InspectionMember, InspectionPlan
from cchc.org import access
from cchc.org.models import OrgUnit
from cchc.org.selectors import unit_is_home
from cchc.plans import followups


class InspectionError(CodedError):
    """A rule of the inspections app was broken (Vietnamese ``message``, machine ``code``)."""


def _err(code: str, message: str) -> InspectionError:
    return InspectionError(code=code, message=message)


def _require_office(user):
    if not access.edits_all(user):
        raise _err("forbidden", _("Chỉ Phòng CCHC (Sở Nội vụ) mới được thực hiện thao tác này."))


def user_can_work_on(user, inspection: Inspection) -> bool:
    """The office, or a member of the inspection's team."""
    if access.edits_all(user):
        return True
    return bool(user and user.is_authenticated and inspection.team.filter(user=user).exists())


def _require_team(user, inspection: Inspection):
    if not user_can_work_on(user, inspection):
        raise _err("forbidden", _("Chỉ thành viên đoàn kiểm tra hoặc Phòng CCHC mới được ghi kết quả kiểm tra."))


def plan_create(*, user, year: int, title: str = "", target_share: float = 35.0, outline_text: str = "",
                document_number: str = "", issued_on: date | None = None) -> InspectionPlan:
    _require_office(user)
    if not 2000 <= int(year) <= 2100:
        raise _err("bad_year", _("Năm không hợp lệ: %(year)s.") % {"year": year})
    if not 0 < float(target_share) <= 100:
        raise _err("bad_share", _("Tỷ lệ đơn vị được kiểm tra phải lớn hơn 0 và không quá %(max)s%%.")
                   % {"max": 100})
    items, errors = checklist.parse_outline(outline_text or checklist.DEFAULT_OUTLINE)
    if errors:
        raise _err("bad_outline", " ".join(e.message for e in errors))
    title = clean_spaces(nfc(title)) or f"Kế hoạch kiểm tra công tác cải cách hành chính năm {year}"
    with transaction.atomic(), audit.actor(user):
        return InspectionPlan.objects.create(year=year, title=title[:500], target_share=float(target_share),
                                             outline=items, document_number=clean_spaces(document_number)[:100],
                                             issued_on=issued_on, created_by=user)


def plan_issue(*, user, plan: InspectionPlan, document_number: str, issued_on: date) -> InspectionPlan:
    _require_office(user)
    number = clean_spaces(document_number)
    if not number:
        raise _err("no_number", _("Nhập số, ký hiệu của kế hoạch trước khi ban hành."))
    with transaction.atomic(), audit.actor(user):
        plan.document_number, plan.issued_on, plan.status = number[:100], issued_on, InspectionPlan.Status.ISSUED
        plan.save(update_fields=["document_number", "issued_on", "status"])
    return plan


def inspection_add(*, user, plan: InspectionPlan, unit: OrgUnit, month: int, mode: str = Inspection.Mode.DIRECT,
                   starts_on: date | None = None, ends_on: date | None = None, chief=None,
                   members=()) -> Inspection:
    """Schedule the inspection of ``unit`` in ``month`` of the plan's year, with its team; the checklist is the
    plan's outline."""
    _require_office(user)
    if not unit_is_home(unit):
        raise _err("foreign_unit", _("«%(unit)s» không thuộc tỉnh của hệ thống.") % {"unit": unit.name})
    if not 1 <= int(month) <= 12:
        raise _err("bad_month", _("Tháng kiểm tra không hợp lệ: %(month)s.") % {"month": month})
    if not unit.is_active_on(date(plan.year, int(month), 1)):
        raise _err("ended_unit", _("«%(unit)s» không hoạt động vào tháng %(month)s/%(year)s.")
                   % {"unit": unit.name, "month": month, "year": plan.year})
    if starts_on and ends_on and ends_on < starts_on:
        raise _err("bad_dates", _("Ngày kết thúc kiểm tra phải sau ngày bắt đầu."))
    if mode not in Inspection.Mode.values:
        raise _err("bad_mode", _("Hình thức kiểm tra không hợp lệ."))
    if plan.inspections.filter(unit=unit).exists():
        raise _err("duplicate", _("«%(unit)s» đã có trong kế hoạch kiểm tra năm %(year)s.")
                   % {"unit": unit.name, "year": plan.year})
    _check_team(chief, members)
    with transaction.atomic(), audit.actor(user):
        ins = Inspection.objects.create(plan=plan, unit=unit, month=int(month), mode=mode, starts_on=starts_on,
                                        ends_on=ends_on)
        ChecklistItem.objects.bulk_create([
            ChecklistItem(inspection=ins, order=i, code=it["code"], area=it.get("area") or Area.GENERAL,
                          text=it["text"]) for i, it in enumerate(plan.outline or [])])
        _set_team(ins, chief, members)
    return ins


def _check_team(chief, members) -> None:
    """Everyone on a team is one of ``org.selectors.people_of_home_units()`` (what the picker lists): an active
    account of a unit of the province, not the system administrator's account."""
    from cchc.org.selectors import people_outside_home_units

    names = people_outside_home_units([chief, *members])
    if names:
        raise _err("not_a_member", _("Không đưa được vào đoàn kiểm tra (tài khoản không hoạt động hoặc không thuộc "
                                     "đơn vị nào của tỉnh): %(names)s.") % {"names": ", ".join(names)})


def _set_team(ins: Inspection, chief, members):
    User = get_user_model()
    ins.team.all().delete()
    seen = set()
    if chief is not None:
        InspectionMember.objects.create(inspection=ins, user=chief, role=InspectionMember.Role.CHIEF)
        seen.add(chief.pk)
    for m in members:
        if isinstance(m, int):
            m = User.objects.get(pk=m)
        if m.pk not in seen:
            InspectionMember.objects.create(inspection=ins, user=m, role=InspectionMember.Role.MEMBER)
            seen.add(m.pk)


def team_set(*, user, inspection: Inspection, chief, members=()) -> Inspection:
    _require_office(user)
    _check_team(chief, members)
    with transaction.atomic(), audit.actor(user):
        _set_team(inspection, chief, members)
    return inspection


def checklist_save(*, user, inspection: Inspection, results: dict[int, tuple[str, str]]) -> int:
    """Record the result and note of checklist items: {item_id: (result, note)}. Returns the number changed."""
    _require_team(user, inspection)
    if inspection.status == Inspection.Status.CONCLUDED:
        raise _err("concluded", _("Cuộc kiểm tra đã có kết luận, không sửa kết quả được nữa."))
    items = {i.pk: i for i in inspection.checklist.all()}
    changed = []
    for pk, (result, note) in results.items():
        item = items.get(int(pk))
        if item is None:
            raise _err("bad_item", _("Nội dung kiểm tra không thuộc cuộc kiểm tra này."))
        if result not in ChecklistItem.Result.values:
            raise _err("bad_result", _("Kết quả không hợp lệ ở mục %(code)s.") % {"code": item.code})
        note = clean_spaces(nfc(note or ""))
        if (item.result, item.note) != (result, note):
            item.result, item.note = result, note
            changed.append(item)
    with transaction.atomic(), audit.actor(user):
        for item in changed:
            item.save(update_fields=["result", "note"])
        if changed and inspection.status == Inspection.Status.PLANNED:
            inspection.status = Inspection.Status.DONE
            inspection.save(update_fields=["status"])
    return len(changed)


def _followup_plan(plan: InspectionPlan, user):
    title = f"Khắc phục tồn tại, hạn chế qua kiểm tra công tác cải cách hành chính năm {plan.year}"
    fp = followups.followup_plan_get(title=title, year=plan.year, document_number=plan.document_number,
                                     issued_on=plan.issued_on, user=user, plan=plan.followup_plan)
    if plan.followup_plan_id != fp.pk:
        plan.followup_plan = fp
        plan.save(update_fields=["followup_plan"])
    return fp


def finding_add(*, user, inspection: Inspection, text: str, due_date: date, area: str = "",
                severity: str = Finding.Severity.MINOR, recommendation: str = "",
                checklist_item: ChecklistItem | None = None) -> Finding:
    """A shortcoming found on site; it becomes a follow-up task of the inspected unit due on ``due_date``."""
    _require_team(user, inspection)
    text = clean_spaces(nfc(text))
    if not text:
        raise _err("empty", _("Nhập nội dung tồn tại, hạn chế."))
    if severity not in Finding.Severity.values:
        raise _err("bad_severity", _("Mức độ không hợp lệ."))
    if due_date < timezone.localdate():
        raise _err("past_due", _("Hạn khắc phục không được trước ngày hôm nay."))
    if checklist_item is not None and checklist_item.inspection_id != inspection.pk:
        raise _err("bad_item", _("Nội dung kiểm tra không thuộc cuộc kiểm tra này."))
    area = area or (checklist_item.area if checklist_item else Area.GENERAL)
    if area not in Area.values:
        raise _err("bad_area", _("Lĩnh vực không hợp lệ."))
    recommendation = clean_spaces(nfc(recommendation))
    with transaction.atomic(), audit.actor(user):
        finding = Finding.objects.create(inspection=inspection, text=text, due_date=due_date, area=area,
                                         severity=severity, recommendation=recommendation,
                                         checklist_item=checklist_item, created_by=user)
        if checklist_item is not None and checklist_item.result != ChecklistItem.Result.ISSUE:
            checklist_item.result = ChecklistItem.Result.ISSUE
            checklist_item.save(update_fields=["result"])
        fp = _followup_plan(inspection.plan, user)
        n = inspection.findings.count()
        finding.task = followups.followup_task_save(
            plan=fp, key=f"inspection-finding-{finding.pk}", unit=inspection.unit, due=due_date, area=area,
            number=f"{n}", title=f"Khắc phục: {text}" + (f" — {recommendation}" if recommendation else ""),
            section_title=f"Kiểm tra tại {inspection.unit.name}", user=user)
        finding.save(update_fields=["task"])
    return finding


def inspection_conclude(*, user, inspection: Inspection, summary: str, conclusion_number: str = "",
                        concluded_on: date | None = None) -> Inspection:
    _require_team(user, inspection)
    summary = nfc(summary or "").strip()
    if not summary:
        raise _err("no_summary", _("Nhập nhận xét, đánh giá chung trước khi kết luận."))
    pending = inspection.checklist.filter(result=ChecklistItem.Result.PENDING).count()
    if pending:
        raise _err("pending_items", _("Còn %(count)s nội dung chưa ghi kết quả kiểm tra.") % {"count": pending})
    with transaction.atomic(), audit.actor(user):
        inspection.summary, inspection.status = summary, Inspection.Status.CONCLUDED
        inspection.conclusion_number = clean_spaces(conclusion_number)[:100]
        inspection.concluded_on = concluded_on or timezone.localdate()
        inspection.save(update_fields=["summary", "status", "conclusion_number", "concluded_on"])
    return inspection
