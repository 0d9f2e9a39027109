"""Idempotent demo content for the capacity app (demo province): staff registry, two courses, a needs survey."""

from __future__ import annotations

import random
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model

from cchc.capacity import selectors, services
from cchc.capacity.models import (
    CchcRole,
    Course,
    Material,
    NeedsResponse,
    NeedsSurvey,
    Session,
    StaffMember,
    Trainer,
)

ROLES = [CchcRole.PART_TIME, CchcRole.PART_TIME, CchcRole.FULL_TIME, CchcRole.FOCAL_POINT, CchcRole.LEADER]
POSITIONS = {CchcRole.PART_TIME: "Chuyên viên", CchcRole.FULL_TIME: "Chuyên viên chính",
             CchcRole.FOCAL_POINT: "Chuyên viên phụ trách CCHC", CchcRole.LEADER: "Phó Giám đốc"}


def load(stdout=None) -> dict:
    from cchc.org.management.accounts import office_account
    from cchc.org.models import Membership, OrgUnit, UnitKind
    from cchc.org.selectors import province_find

    say = stdout.write if stdout else (lambda s: None)
    province = province_find(settings.CCHC_DEMO_PROVINCE)
    if province is None:
        say("Chưa có tỉnh mẫu — bỏ qua dữ liệu mẫu đội ngũ CCHC.")
        return {}
    year = date.today().year
    start = date(year, 1, 2)
    User = get_user_model()
    made = 0
    # staff: every demo account with a membership in the demo province (exam examinees included)
    for m in Membership.objects.filter(unit__province=province, unit__valid_to__isnull=True).select_related(
            "user", "unit").order_by("user__username"):
        if StaffMember.objects.filter(user=m.user).exists():
            continue
        role = ROLES[m.user_id % len(ROLES)]
        staff = StaffMember.objects.create(full_name=m.user.get_full_name() or m.user.username, user=m.user,
                                           email=m.user.email or f"{m.user.username}@example.vn")
        services.staff_assign(staff, m.unit, role, start=start, position=POSITIONS[role])
        made += 1
    # a few staff without an account (no access to materials yet)
    units = list(OrgUnit.objects.filter(province=province, kind=UnitKind.DEPARTMENT, valid_to__isnull=True)
                 .order_by("name")[:4])
    for i, unit in enumerate(units):
        name = f"Ngô Thị {['Hạnh', 'Lan', 'Mai', 'Nhung'][i]}"
        if not StaffMember.objects.filter(full_name=name).exists():
            staff = StaffMember.objects.create(full_name=name, phone=f"0239 38{i:02d} 123")
            services.staff_assign(staff, unit, CchcRole.PART_TIME, start=start, position="Chuyên viên")
            made += 1
    snv = OrgUnit.objects.filter(province=province, standard_key="snv", valid_to__isnull=True).first() or province
    t1, _ = Trainer.objects.get_or_create(name="TS. Nguyễn Văn Bình", defaults={
        "organisation": "Học viện Hành chính và Quản trị công", "expertise": "Cải cách thủ tục hành chính"})
    t2, _ = Trainer.objects.get_or_create(name="ThS. Lê Thị Hoa", defaults={
        "organisation": "Sở Nội vụ", "expertise": "Chỉ số CCHC, SIPAS"})
    course, created = Course.objects.get_or_create(title=f"Tập huấn nghiệp vụ CCHC năm {year}", defaults=dict(
        format="mixed", organiser=snv, areas=["direction", "procedures", "digital"], start_date=date(year, 3, 10),
        end_date=date(year, 3, 12), description="Lớp tập huấn theo Kế hoạch thực hiện Đề án 905."))
    if created:
        s1 = Session.objects.create(course=course, date=date(year, 3, 10), topic="Cải cách TTHC, cơ chế một cửa",
                                    place="Hội trường Sở Nội vụ", trainer=t1)
        s2 = Session.objects.create(course=course, date=date(year, 3, 11), topic="Chỉ số CCHC và SIPAS",
                                    place="Trực tuyến", trainer=t2)
        s3 = Session.objects.create(course=course, date=date(year, 3, 12), topic="Dịch vụ công trực tuyến",
                                    place="Hội trường Sở Nội vụ", trainer=t1)
        Material.objects.create(course=course, title="Nghị định 61/2018/NĐ-CP và 107/2021/NĐ-CP (tóm tắt)")
        rng = random.Random(7)
        # the office enrols and calls the roll, the learners with an account evaluate: through the services
        office = office_account()
        staff = [a.staff for a in selectors.assignments_current(office).order_by("staff_id")[:30]] \
            if office is not None else []
        for st in staff:
            services.course_enrol(office, course, st)
        for s in (s1, s2, s3):
            services.attendance_record(office, s, {st.pk for st in staff if rng.random() < 0.8})
        for st in [st for st in staff if st.user_id][:20]:
            for trainer in (t1, t2):
                services.evaluation_submit(st.user, course, staff=st, trainer=trainer, scores={
                    "content": rng.choice([4, 4, 5]), "method": rng.choice([3, 4, 5]),
                    "trainer_score": rng.choice([4, 5, 5]), "usefulness": rng.choice([4, 5])})
    survey, created = NeedsSurvey.objects.get_or_create(title=f"Khảo sát nhu cầu bồi dưỡng CCHC năm {year + 1}",
                                                        defaults={"year": year + 1})
    if created:
        admin = User.objects.filter(is_superuser=True).first()
        picks = [["procedures", "digital"], ["direction", "procedures"], ["digital"], ["civil_service", "procedures"]]
        for i, unit in enumerate(units):
            NeedsResponse.objects.create(survey=survey, unit=unit, areas=picks[i % 4],
                                                  format=["in_person", "online", "mixed"][i % 3],
                                                  period=["Q1", "Q2", "Q2", "Q3"][i % 4], learners=3 + i,
                                                  submitted_by=admin)
    say(f"Đội ngũ CCHC: {StaffMember.objects.count()} cán bộ ({made} mới), {Course.objects.count()} lớp, "
        f"{NeedsSurvey.objects.count()} đợt khảo sát nhu cầu.")
    return {"course": course, "survey": survey}

