"""Web pages of the CCHC index (thin: reads in selectors, writes in services; every object scoped by org.access)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.assessment import scoring, selectors, services
from cchc.assessment.models import (
    Framework,
    IndexKind,
    Objection,
    Round,
    Score,
    ScoreEvidence,
    SelfAssessment,
)
from cchc.core import review
from cchc.core.excel import write_xlsx
from cchc.core.params import BadParameter, id_param, version_param, year_param
from cchc.core.vndates import format_date_short, parse_date_input
from cchc.org import access
from cchc.org.access import login_and_role_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE = access.EDIT_ALL_ROLES
READ_ALL = access.READ_ALL_ROLES
MAX_FILES = 10


def _is_office(user) -> bool:
    return access.edits_all(user)


@login_and_role_required()
def index(request):
    year = year_param(request.GET.get("year"))
    state = request.GET.get("state") if request.GET.get("state") in review.STATES else None
    ctx = {"year": year, "state": state, "is_office": _is_office(request.user),
           "sees_all": access.sees_all(request.user), "kinds": IndexKind.choices,
           "states": [(s, review.state_label(s)) for s in review.STATES]}
    fws = Framework.objects.select_related("round").order_by("-year", "unit_kind", "-version")
    if year:
        fws = fws.filter(year=year)
    ctx["frameworks"] = fws[:100]
    ctx["assessments"] = selectors.assessments_for(request.user, year=year, state=state)[:300]
    return render(request, "assessment/index.html", ctx)


@login_and_role_required(*OFFICE)
def framework_import(request):
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            year = year_param(request.POST.get("year"), name="year")
            kind = request.POST.get("unit_kind", "")
            if upload is None:
                raise services.AssessmentError("no_file", _("Hãy chọn tệp Excel (.xlsx) của bộ tiêu chí."))
            if year is None:
                raise services.AssessmentError("bad_year", _("Hãy nhập năm đánh giá."))
            fw = services.framework_import_xlsx(upload.read(), filename=upload.name, year=year, unit_kind=kind,
                                                title=request.POST.get("title", ""), user=request.user,
                                                decision=request.POST.get("decision", ""))
        except (services.AssessmentError, BadParameter) as exc:
            errors = getattr(exc, "errors", None) or [exc.message]
        else:
            messages.success(request, _("Đã nhập bộ tiêu chí (phiên bản %(v)s).") % {"v": fw.version})
            return redirect("assessment:framework_detail", fw.pk)
    return render(request, "assessment/import.html", {"errors": errors, "kinds": IndexKind.choices,
                                                      "year": timezone.localdate().year})


def _deadline(request):
    """The deadline posted as a day ("deadline"): its end (23:59) in local time; a bad day is refused."""
    raw = request.POST.get("deadline", "")
    try:
        day = parse_date_input(raw)
        if day is None:
            raise ValueError(raw)
    except ValueError as exc:
        raise services.AssessmentError("bad_deadline", _("Hạn gửi “%(d)s” không hợp lệ.") % {"d": raw[:20]}) from exc
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


@login_and_role_required()
def framework_detail(request, pk):
    fw = get_object_or_404(Framework, pk=pk)
    if request.GET.get("format") == "xlsx":
        resp = HttpResponse(services.framework_export_xlsx(fw), content_type=XLSX)
        resp["Content-Disposition"] = f'attachment; filename="bo-tieu-chi-{fw.unit_kind}-{fw.year}-v{fw.version}.xlsx"'
        return resp
    if request.method == "POST":
        access.require_office(request.user)
        op = request.POST.get("op")
        try:
            if op == "copy":
                year = year_param(request.POST.get("year"), default=fw.year + 1)
                new = services.framework_copy(fw, year=year, user=request.user)
                messages.success(request, _("Đã tạo bộ tiêu chí năm %(y)s.") % {"y": new.year})
                return redirect("assessment:framework_detail", new.pk)
            if op == "new_version":
                new = services.framework_copy(fw, user=request.user)
                messages.success(request, _("Đã tạo phiên bản %(v)s để sửa.") % {"v": new.version})
                return redirect("assessment:framework_detail", new.pk)
            if op == "lock":
                services.framework_set_lock(fw, user=request.user, locked=True)
            elif op == "unlock":
                services.framework_set_lock(fw, user=request.user, locked=False, reason=request.POST.get("reason", ""))
            elif op == "open_round":
                rnd = services.round_open(fw, deadline=_deadline(request), user=request.user)
                messages.success(request, _("Đã mở đợt tự đánh giá cho %(n)s đơn vị.") % {"n": rnd.assessments.count()})
            elif op == "deadline":
                rnd = services.round_set_deadline(fw.round, deadline=_deadline(request), user=request.user)
                messages.success(request, _("Đã đổi hạn gửi tự đánh giá thành %(d)s.")
                                 % {"d": format_date_short(timezone.localtime(rnd.deadline))})
            elif op == "prefill":
                n = services.round_prefill(fw.round, user=request.user)
                messages.success(request, _("Đã cập nhật %(n)s dòng số liệu tự động.") % {"n": n})
        except (services.AssessmentError, BadParameter) as exc:
            messages.error(request, exc.message)
        return redirect("assessment:framework_detail", fw.pk)
    crits = list(fw.criteria.order_by("order"))
    rnd = Round.objects.filter(framework=fw).first()
    return render(request, "assessment/framework_detail.html", {
        "fw": fw, "criteria": crits, "round": rnd, "is_office": _is_office(request.user),
        "rule_labels": scoring.RULE_LABELS, "today": timezone.localdate()})


def _assessment(request, pk) -> SelfAssessment:
    return access.get_unit_scoped_or_404(
        request.user, SelfAssessment.objects.select_related("unit", "round__framework"), pk=pk)


def _save_score(request, sa: SelfAssessment) -> None:
    score_id = id_param(request.POST.get("score"), name="score")
    score = get_object_or_404(Score.objects.select_related("criterion", "assessment__round", "assessment__unit"),
                              pk=score_id, assessment=sa)
    if request.POST.get("op") == "appraise":
        services.score_appraise(score, user=request.user, points=request.POST.get("appraised", ""),
                                note=request.POST.get("appraisal_note", ""))
        return
    services.score_save(score, user=request.user, points=request.POST.get("points", ""),
                        explanation=request.POST.get("explanation", ""),
                        evidence_text=request.POST.get("evidence_text", ""),
                        not_applicable=request.POST.get("not_applicable") == "1",
                        expected_version=version_param(request.POST.get("version")))
    files = request.FILES.getlist("files")[:MAX_FILES]
    for f in files:
        services.evidence_add(score, user=request.user, name=f.name, data=f.read())


@login_and_role_required()
def assessment_detail(request, pk):
    sa = _assessment(request, pk)
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op in ("score", "appraise"):
                _save_score(request, sa)
                messages.success(request, _("Đã lưu."), extra_tags=_line_tag(request))
            elif op == "object":
                score = get_object_or_404(Score.objects.select_related("criterion", "assessment__round",
                                                                       "assessment__unit"),
                                          pk=id_param(request.POST.get("score"), name="score"), assessment=sa)
                services.objection_file(score, user=request.user, text=request.POST.get("text", ""))
                messages.success(request, _("Đã gửi kiến nghị."))
            elif op == "transition":
                services.self_assessment_transition(sa, user=request.user, action=request.POST.get("action", ""),
                                    comment=request.POST.get("comment", ""),
                                    expected_version=version_param(request.POST.get("version")))
                messages.success(request, _transition_message(sa))
        except review.TransitionError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied(exc.message) from exc
            messages.error(request, exc.message)
        except (services.AssessmentError, BadParameter) as exc:
            messages.error(request, exc.message, extra_tags=_line_tag(request))
        anchor = f"#s{request.POST.get('score')}" if request.POST.get("score") else ""
        return redirect(request.path + anchor)
    rows = selectors.self_assessment_sheet(sa)
    _attach_line_messages(request, rows)
    can_edit = access.can_edit_unit(request.user, sa.unit)
    flags = sa.review_flags(can_edit=can_edit, can_review=access.edits_all(request.user),
                            can_lead=access.can_lead_unit(request.user, sa.unit))
    leaves = [r["score"] for r in rows if r["score"] is not None]
    own = sum((s.self_points or 0) for s in leaves if not s.not_applicable and not s.criterion.survey)
    own_max = sum(s.criterion.max_points for s in leaves if not s.not_applicable and not s.criterion.survey)
    return render(request, "assessment/assessment_detail.html", {
        "sa": sa, "rows": rows, "flags": flags, "round": sa.round,
        "to_leader": can_edit and access.leader_step_needed(request.user, sa.unit),
        "may_appraise": access.edits_all(request.user) or access.has_role(request.user, access.APPRAISER),
        "own": own, "own_max": own_max, "can_edit": can_edit, "outline": selectors.sheet_outline(rows),
        "write_refusal": services.assessment_write_refusal(sa, request.user),
        "objections_open": bool(sa.round.objections_until and timezone.now() <= sa.round.objections_until)})


def _line_tag(request) -> str:
    """The tag of a message about one line of the sheet: the page comes back scrolled to that line, so the message
    is shown there too (the top of the page is out of sight)."""
    score = request.POST.get("score", "")
    return f"line-{score}" if score.isdigit() else ""


def _attach_line_messages(request, rows) -> None:
    from django.contrib.messages import get_messages

    by_line: dict[str, list] = {}
    for m in get_messages(request):  # still shown at the top by base.html (same request, same messages)
        if m.extra_tags.startswith("line-"):
            by_line.setdefault(m.extra_tags[5:], []).append(m)
    for r in rows:
        if r["score"] is not None:
            r["messages"] = by_line.get(str(r["score"].pk), [])


def _transition_message(sa) -> str:
    """Where the self-assessment went: a sender is told who has it now."""
    if sa.review_state == review.LEADER_REVIEW:
        return _("Đã gửi báo cáo tới lãnh đạo đơn vị duyệt.")
    if sa.review_state == review.SUBMITTED:
        return _("Đã gửi báo cáo tới Phòng CCHC.")
    return _("Đã cập nhật trạng thái báo cáo.")


@login_and_role_required()
def evidence_download(request, pk):
    ev = access.get_unit_scoped_or_404(request.user, ScoreEvidence.objects.select_related("score__assessment__unit"),
                                       field="score__assessment__unit", pk=pk)
    return FileResponse(ev.file.open("rb"), as_attachment=not ev.name.lower().endswith(".pdf"), filename=ev.name)


@login_and_role_required(*READ_ALL)
def results(request, pk):
    rnd = get_object_or_404(Round.objects.select_related("framework"), pk=pk)
    if request.method == "POST":
        access.require_office(request.user)
        try:
            if request.POST.get("op") == "publish":
                services.round_publish(rnd, user=request.user, decision=request.POST.get("decision", ""),
                                       confirmed=request.POST.get("confirm") == "1")
                messages.success(request, _("Đã công bố kết quả."))
            elif request.POST.get("op") == "objection_window":
                raw = request.POST.get("until", "")
                until = None
                if raw:
                    try:
                        until = timezone.make_aware(dt.datetime.combine(parse_date_input(raw), dt.time(23, 59)))
                    except ValueError as exc:
                        raise services.AssessmentError("bad_date", _("Ngày “%(d)s” không hợp lệ.") % {"d": raw[:20]}) \
                            from exc
                services.objection_window_set(rnd, until=until, user=request.user)
                messages.success(request, _("Đã cập nhật hạn gửi kiến nghị."))
            elif request.POST.get("op") == "answer":
                obj = get_object_or_404(Objection.objects.select_related("score__criterion"),
                                        pk=id_param(request.POST.get("objection"), name="objection"),
                                        score__assessment__round=rnd)
                services.objection_answer(obj, user=request.user, answer=request.POST.get("answer", ""),
                                          points=request.POST.get("points", ""))
                messages.success(request, _("Đã trả lời kiến nghị."))
            elif request.POST.get("op") == "to_task":
                from cchc.org.models import OrgUnit
                from cchc.plans.models import Plan

                plan = get_object_or_404(Plan, pk=id_param(request.POST.get("plan"), name="plan"))
                lead = get_object_or_404(OrgUnit, pk=id_param(request.POST.get("lead"), name="lead"))
                task = services.lost_point_task(rnd, code=request.POST.get("code", ""), plan=plan, lead=lead,
                                                user=request.user, deadline=request.POST.get("deadline", ""))
                messages.success(request, _("Đã thêm nhiệm vụ vào kế hoạch “%(p)s”: %(t)s") % {
                    "p": plan.title, "t": task.title})
            elif request.POST.get("op") == "survey_pull":
                out = services.survey_points_from_surveys(rnd, user=request.user)
                messages.success(request, _("Đã lấy %(n)s điểm điều tra xã hội học từ kết quả khảo sát.")
                                 % {"n": out["set"]})
                if out["missing"]:
                    messages.warning(request, _("Chưa đủ mẫu khảo sát (giữ nguyên điểm): %(list)s") % {
                        "list": "; ".join(f"{u} – {c}" for u, c in out["missing"][:20])
                        + ("…" if len(out["missing"]) > 20 else "")})
            elif request.POST.get("op") == "survey_import":
                upload = request.FILES.get("file")
                if upload is None:
                    raise services.AssessmentError("no_file", _("Hãy chọn tệp Excel điểm điều tra xã hội học."))
                n = services.survey_points_import_xlsx(rnd, upload.read(), filename=upload.name, user=request.user)
                messages.success(request, _("Đã nhập %(n)s điểm điều tra xã hội học.") % {"n": n})
            elif request.POST.get("op") == "unpublish":
                services.round_unpublish(rnd, user=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("Đã rút lại kết quả đã công bố."))
        except (services.AssessmentError, BadParameter) as exc:
            messages.error(request, exc.message)
            for line in [e for e in getattr(exc, "errors", []) if e != exc.message][:20]:
                messages.error(request, line)
        return redirect("assessment:results", rnd.pk)
    use = "self" if request.GET.get("use") == "self" else "appraised"
    rows = selectors.result_rows(rnd, use=use, with_previous=True)
    if request.GET.get("format") == "docx":
        from cchc.assessment.publication import annex_docx

        fw = rnd.framework
        data = rnd.published_results if rnd.published_at else rows
        resp = HttpResponse(annex_docx(data, year=fw.year, unit_kind=fw.unit_kind, decision=rnd.decision,
                                       province=getattr(settings, "CCHC_PROVINCE", ""),
                                       draft_year=timezone.localdate().year),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        resp["Content-Disposition"] = f'attachment; filename="phu-luc-chi-so-cchc-{fw.unit_kind}-{fw.year}.docx"'
        return resp
    if request.GET.get("format") == "xlsx":
        headers = [_("Xếp hạng"), _("Đơn vị"), _("Điểm đạt được"), _("Điểm tối đa của đơn vị"), _("Chỉ số (%)"),
                   _("Xếp loại"), _("Điểm điều tra XHH"), _("Tiêu chí không áp dụng"), _("Chỉ số (chưa làm tròn)"),
                   _("Ghi chú")]
        data = [[r["rank"], r["unit"], float(r["points"]), float(r["maximum"]), round(float(r["index_exact"]), 2),
                 r["class"], float(r["survey_points"]), ", ".join(r["not_applicable"]), Decimal(r["index_exact"]), ""]
                if r["ranked"] else  # below the ranking, without figures: the office has not received it
                [None, r["unit"], None, None, None, None, None, "", None, r["reason"]] for r in rows]
        fw = rnd.framework
        resp = HttpResponse(write_xlsx([(f"Kết quả {fw.year}", headers, data)]), content_type=XLSX)
        resp["Content-Disposition"] = f'attachment; filename="chi-so-cchc-{fw.unit_kind}-{fw.year}.xlsx"'
        return resp
    lost = selectors.lost_points(rnd, use=use, top=10)
    plans = []
    if _is_office(request.user):
        from cchc.plans.models import Plan

        plans = list(Plan.objects.order_by("-issue_date", "-pk").only("pk", "title")[:20])
        from cchc.org.models import OrgUnit

        lead_units = list(OrgUnit.objects.filter(pk__in={u for d in lost for u in d["loser_ids"]} | (
            {request.user.memberships.filter(unit__isnull=False).values_list("unit_id", flat=True).first()} - {None}))
            .order_by("name_key"))
    else:
        lead_units = []
    publish_problems = (services.round_publish_problems(rnd) if _is_office(request.user) and not rnd.published_at
                        else [])
    return render(request, "assessment/results.html", {"round": rnd, "use": use, "lost": lost,
                                                       "rows": [r for r in rows if r["ranked"]],
                                                       "unranked": [r for r in rows if not r["ranked"]],
                                                       "is_office": _is_office(request.user),
                                                       "publish_problems": publish_problems,
                                                       "unit_count": rnd.assessments.count(),
                                                       "objections": selectors.round_objections(rnd),
                                                       "plans": plans, "lead_units": lead_units})


def public_list(request):
    """Published results, open to everyone (no sign-in)."""
    return render(request, "assessment/public.html", {"rounds": selectors.rounds_published()})


def public_detail(request, pk):
    rnd = get_object_or_404(Round.objects.select_related("framework").filter(published_at__isnull=False), pk=pk)
    return render(request, "assessment/public.html", {"round": rnd, "rows": rnd.published_results})


def _council_page_access(request, rnd: Round):
    council = getattr(rnd, "council", None)
    is_member = council is not None and services.member_for(request.user, council) is not None
    if not (_is_office(request.user) or is_member):
        raise PermissionDenied(_("Chỉ Phòng CCHC và thành viên Hội đồng thẩm định xem được trang này."))
    return council, is_member


@login_and_role_required()
def council(request, pk):
    """The round's appraisal council: formed by the office; members re-score what is assigned to them, the
    members' scores are shown side by side, the chair locks the final scores."""
    from django.contrib.auth import get_user_model

    rnd = get_object_or_404(Round.objects.select_related("framework"), pk=pk)
    council_obj, is_member = _council_page_access(request, rnd)
    User = get_user_model()
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "form":
                access.require_office(request.user)
                chair = get_object_or_404(User, pk=id_param(request.POST.get("chair"), name="chair"), is_active=True)
                ids = [id_param(x, name="members") for x in request.POST.getlist("members")]
                services.council_form(rnd, chair=chair, members=list(User.objects.filter(pk__in=ids, is_active=True)),
                                      user=request.user)
                messages.success(request, _("Đã thành lập Hội đồng thẩm định."))
            elif op == "assign" and council_obj is not None:
                member_user = get_object_or_404(User, pk=id_param(request.POST.get("member"), name="member"))
                codes = request.POST.get("codes", "").replace(";", ",").split(",")
                services.criteria_assign(council_obj, member_user=member_user, codes=codes, user=request.user)
                messages.success(request, _("Đã giao tiêu chí."))
            elif op == "score" and council_obj is not None:
                score = get_object_or_404(Score.objects.select_related("criterion", "assessment__round"),
                                          pk=id_param(request.POST.get("score"), name="score"),
                                          assessment__round=rnd)
                services.member_score(score, user=request.user, points=request.POST.get("points", ""),
                                      reason=request.POST.get("reason", ""))
                messages.success(request, _("Đã lưu điểm thẩm định."))
            elif op == "lock" and council_obj is not None:
                n = services.council_lock(council_obj, user=request.user)
                messages.success(request, _("Đã chốt %(n)s điểm thẩm định.") % {"n": n})
        except (services.AssessmentError, BadParameter) as exc:
            messages.error(request, exc.message)
        return redirect("assessment:council", rnd.pk)
    ctx = {"round": rnd, "council": council_obj, "is_office": _is_office(request.user), "is_member": is_member}
    if council_obj is None:
        from cchc.org.selectors import people_of_home_units

        ctx["candidates"] = people_of_home_units()[:500]  # as the inspection team picker: not the administrator's account
    else:
        ctx["members"] = council_obj.members.select_related("user").prefetch_related("criteria")
        ctx["queue"] = selectors.member_queue(request.user, council_obj)
        ctx["lines"] = selectors.council_lines(council_obj)
        ctx["is_chair"] = request.user.pk == council_obj.chair_id
    return render(request, "assessment/council.html", ctx)


@login_and_role_required()
def external(request):
    """The province's external index results (PAR INDEX, SIPAS, PAPI, PCI, DTI, 766): trends, distance to the
    national average and the best province; the office imports and exports the table."""
    from cchc.assessment import external as ext

    errors = []
    is_office = _is_office(request.user)
    if request.method == "POST":
        if not is_office:
            raise PermissionDenied
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise services.AssessmentError("no_file", _("Hãy chọn tệp Excel (.xlsx) kết quả các chỉ số."))
            out = ext.external_import_xlsx(user=request.user, data=upload.read(), filename=upload.name)
        except services.AssessmentError as exc:
            errors = exc.errors
        else:
            messages.success(request, _("Đã nhập %(c)s kết quả mới, cập nhật %(u)s kết quả.")
                             % {"c": out["created"], "u": out["updated"]})
            return redirect("assessment:external")
    if request.GET.get("format") == "xlsx":
        resp = HttpResponse(ext.external_export_xlsx(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = 'attachment; filename="ket-qua-chi-so.xlsx"'
        return resp
    return render(request, "assessment/external.html", {
        "blocks": ext.external_overview(), "is_office": is_office, "errors": errors},
        status=400 if errors else 200)
