"""Demo survey data for `cchc load_demo`: last quarter's SIPAS rounds at two one-stop desks (a department and a
commune) and this year's staff survey of the department, with answers entered through the real .xlsx import
(``services.responses_import_xlsx``: the same validation, transaction and audit as a file a desk sends in).

Answers are drawn from a fixed seed so that every demo shows the same figures: mostly satisfied, some neutral,
a few dissatisfied answers, and a handful of free-text comments for the keyword view."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from cchc.core.excel import write_xlsx

COMMENTS = ("Cần thêm ghế ngồi chờ tại bộ phận một cửa", "Cán bộ hướng dẫn tận tình, chu đáo",
            "Nên rút ngắn thời gian trả kết quả", "Mong được thanh toán trực tuyến dễ hơn",
            "Cần niêm yết rõ phí, lệ phí", "Thủ tục còn nhiều giấy tờ")


def _likert(rng: random.Random, mood: float) -> int:
    r = rng.random()
    return 5 if r < mood * 0.55 else 4 if r < mood else 3 if r < mood + 0.08 else 2


def _answers(items, rng: random.Random, mood: float) -> list:
    """One form: a value per item code (``None`` when the item is not asked or left empty)."""
    chosen: dict[str, object] = {}
    row = []
    for it in items:
        value = None
        cond = it.condition_item.code if it.condition_item_id else None
        if cond and str(chosen.get(cond)) not in [str(v) for v in it.condition_values]:
            value = None
        elif it.kind == "likert5":
            value = _likert(rng, mood)
        elif it.kind == "single":
            options = list(it.choices or [])
            value = options[0] if rng.random() < 0.8 or len(options) < 2 else rng.choice(options[1:])
        elif it.kind == "multiple":
            value = rng.choice(list(it.choices or [""])) or None
        elif it.kind == "text":
            value = rng.choice(COMMENTS) if rng.random() < 0.25 else None
        chosen[it.code] = value
        row.append(value)
    return row


def _import(user, rnd, n: int, seed: int, mood: float) -> int:
    from cchc.surveys import services

    items = services.items_of(rnd.version)
    rng = random.Random(seed)
    headers = [f"{i.code}. {i.text}"[:200] for i in items]
    data = write_xlsx([("Phiếu khảo sát", headers, [_answers(items, rng, mood) for _ in range(n)])])
    result = services.responses_import_xlsx(user, rnd, data, filename="phieu-mau.xlsx")
    if result["errors"]:
        raise RuntimeError("; ".join(result["errors"][:3]))
    return result["saved"]


def load_demo(stdout) -> None:
    from django.contrib.auth import get_user_model

    from cchc.org import access
    from cchc.org.models import UnitKind
    from cchc.org.selectors import home_units
    from cchc.surveys import services
    from cchc.surveys.models import QuestionnaireVersion, Round

    office = get_user_model().objects.filter(memberships__role=access.PAR_OFFICE).first()
    if office is None or Round.objects.exists():
        return
    today = timezone.localdate()
    year, quarter = (today.year, (today.month - 1) // 3) if today.month > 3 else (today.year - 1, 4)
    units = home_units(today)
    desks = [units.filter(kind=UnitKind.DEPARTMENT, standard_key="stp").first(),
             units.filter(kind=UnitKind.COMMUNE).order_by("name").first()]
    versions = {v.questionnaire.code: v for v in QuestionnaireVersion.objects.filter(status="published")
                .select_related("questionnaire")}
    sipas, staff = versions.get("sipas-dich-vu"), versions.get("dtxhh-can-bo")
    q_start = dt.date(year, 3 * quarter - 2, 1)
    opens = timezone.make_aware(dt.datetime.combine(q_start, dt.time(7, 0)))
    closes = timezone.make_aware(dt.datetime.combine(q_start + dt.timedelta(days=88), dt.time(17, 0)))
    saved = 0
    for i, unit in enumerate(u for u in desks if u is not None):
        if sipas is not None:
            rnd = services.round_create(office, version=sipas, unit=unit, year=year, quarter=quarter, opens_at=opens,
                                        closes_at=closes, quota=60, population=480 - 160 * i,
                                        title=f"SIPAS quý {quarter}/{year} — {unit.name}")
            saved += _import(office, rnd, 60 - 5 * i, seed=2024 + i, mood=0.9 - 0.1 * i)
        if staff is not None and i == 0:
            rnd = services.round_create(office, version=staff, unit=unit, year=year, quarter=None, opens_at=opens,
                                        closes_at=closes, population=40,
                                        title=f"Khảo sát cán bộ, công chức năm {year} — {unit.name}")
            saved += _import(office, rnd, 24, seed=99, mood=0.85)
    # this quarter's round at a third desk, open and still empty: codes, the kiosk and the citizen's form can be
    # tried on it (the rounds above are last quarter's, closed, with their forms; an open round of their unit would
    # join their year's figures before it has any)
    now_q = (today.month - 1) // 3 + 1
    q_first = dt.date(today.year, 3 * now_q - 2, 1)
    q_last = (q_first + dt.timedelta(days=95)).replace(day=1) - dt.timedelta(days=1)
    desk = units.filter(kind=UnitKind.DEPARTMENT, standard_key="syt").first()
    if sipas is not None and desk is not None:
        services.round_create(office, version=sipas, unit=desk, year=today.year, quarter=now_q,
                              opens_at=timezone.make_aware(dt.datetime.combine(q_first, dt.time(7, 0))),
                              closes_at=timezone.make_aware(dt.datetime.combine(q_last, dt.time(23, 59))),
                              quota=60, population=300, title=f"SIPAS quý {now_q}/{today.year} — {desk.name}")
    stdout.write(f"Đã nạp {saved} phiếu khảo sát mẫu (SIPAS quý {quarter}/{year}, khảo sát cán bộ); đợt SIPAS quý "
                 f"{now_q}/{today.year} đang mở.\n")
