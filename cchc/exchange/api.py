"""/api/v1/exchange/ — the exchange API for the provincial reporting system and the national CCHC portal.

Every operation needs a client system's token (``Authorization: Token …``, `cchc exchange token CODE`), the
scope named in its description (403 otherwise) and stays within the token's rate limit (429 with Retry-After).
Lists: stable order, keyset pages (``cursor`` = the previous page's ``next_cursor``), ``updated_since`` for
incremental pulls. The push of a measurement is idempotent by its ``Idempotency-Key`` header."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema

from cchc.assessment.models import IndexKind
from cchc.core.api_params import MAX_ID
from cchc.core.errors import CodedError
from cchc.exchange import paging, selectors, services
from cchc.exchange.auth import client_auth, need
from cchc.exchange.scopes import SCOPES

router = Router(tags=["exchange"], auth=client_auth)

ERRORS = {400: dict, 403: dict, 404: dict, 409: dict, 429: dict}
LIST_ERRORS = {400: dict, 403: dict, 404: dict, 429: dict}
RATE_NOTE = ("Mỗi khóa có giới hạn số yêu cầu mỗi phút (do Phòng CCHC đặt cho hệ thống); vượt quá thì trả 429 kèm "
             "tiêu đề Retry-After (số giây phải chờ).")
PAGE_NOTE = ("Phân trang theo khóa ổn định: lấy tiếp bằng `cursor` = `next_cursor` của trang trước cho tới khi "
             "`next_cursor` là null. Lấy phần thay đổi: `updated_since` (ISO 8601, tính cả mốc đó; không ghi múi "
             "giờ thì hiểu là giờ Việt Nam).")


def _doc(scope: str, text: str) -> str:
    return f"{text}\n\nPhạm vi cần có: `{scope}` ({SCOPES[scope]}). {RATE_NOTE}"


def _since(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value = value.astimezone(UTC)  # PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 parsers accept
    except (OverflowError, ValueError):
        raise CodedError("bad_parameter", "Tham số “updated_since” nằm ngoài khoảng thời gian cho phép.") from None
    return value


LIMIT = Query(200, ge=1, le=1000, description="số dòng tối đa một trang (1–1000)")
CURSOR = Query(None, max_length=500, description="`next_cursor` của trang trước (bỏ trống: trang đầu)")
SINCE = Query(None, description="chỉ lấy dòng thay đổi từ thời điểm này (ISO 8601, ví dụ 2026-01-31T08:00:00+07:00)")
UNIT = Query(None, max_length=64, description="mã đơn vị (lấy cả các đơn vị trực thuộc)")
PERIOD = Query(None, max_length=8, description="mã kỳ: 2024 (năm), 2024S1 (6 tháng), 2024Q1 (quý), 202401 (tháng)")


class ClientOut(Schema):
    code: str
    name: str
    scopes: list[str]
    unit_code: str | None
    rate_limit_per_minute: int
    token_prefix: str
    token_expires_at: datetime | None


class TaskStatusOut(Schema):
    id: int = Field(..., description="mã dòng theo dõi (nhiệm vụ × đơn vị × kỳ)")
    plan_id: int
    plan_title: str
    plan_number: str
    task_id: int
    task_number: str
    task_title: str
    area: str
    unit_id: int
    unit_code: str
    unit_name: str
    period: str
    due_date: date = Field(..., description="hạn đang áp dụng (sau điều chỉnh, nếu có)")
    original_due_date: date | None = Field(None, description="hạn theo kế hoạch khi hạn đã được điều chỉnh")
    status: str = Field(..., description="not_started | in_progress | done | done_late | not_applicable")
    status_label: str
    percent: int
    completed_on: date | None
    first_submitted_on: date | None
    on_time: bool
    accepted: bool = Field(..., description="báo cáo đã được Phòng CCHC chấp nhận")
    timing: str = Field(..., description="done | done_late | not_applicable | late | at_risk | on_track")
    updated_at: datetime


class TaskPage(Schema):
    items: list[TaskStatusOut]
    next_cursor: str | None
    server_time: datetime


class TargetOut(Schema):
    id: int
    plan_id: int
    plan_title: str
    indicator: str
    text: str
    comparator: str
    value: float
    value_max: float | None
    unit_of_measure: str
    year: int | None
    level: str
    updated_at: datetime


class TargetPage(Schema):
    items: list[TargetOut]
    next_cursor: str | None
    server_time: datetime


class MeasurementOut(Schema):
    id: int
    target_id: int
    unit_code: str
    period: str
    value: float
    note: str
    version: int
    updated_at: datetime


class MeasurementPage(Schema):
    items: list[MeasurementOut]
    next_cursor: str | None
    server_time: datetime


class MeasurementIn(Schema):
    target_id: int = Field(..., ge=1, le=MAX_ID, description="mã chỉ tiêu (từ GET /targets)")
    unit_code: str = Field(..., min_length=1, max_length=64, description="mã đơn vị báo số liệu")
    period: str = Field(..., min_length=1, max_length=8, description="mã kỳ: 2024, 2024S1, 2024Q1, 202401")
    value: float = Field(..., description="giá trị đạt được")
    note: str = Field("", max_length=2000)


class IndicatorItem(Schema):
    id: str
    group: str | int | None = None
    name: str
    numerator: float | None
    denominator: float | None
    ratio: float | None
    points: float | None
    max: float | None
    target: float | None = None
    note: str | None = None


class IndicatorUnitOut(Schema):
    unit_id: str = Field(..., description="mã đơn vị trong tệp hồ sơ")
    org_unit: dict | None = Field(None, description="đơn vị tương ứng (id, code, name) nếu có")
    total: float | None
    total_max_available: float | None
    indicators: list[IndicatorItem]
    groups: list[dict]


class IndicatorPage(Schema):
    from_month: str = Field(..., description="tháng đầu (YYYY-MM)")
    to_month: str = Field(..., description="tháng cuối (YYYY-MM)")
    data_updated_at: datetime | None = Field(..., description="lần nhập dữ liệu hồ sơ gần nhất")
    assumptions: list[str]
    items: list[IndicatorUnitOut]
    next_cursor: str | None
    server_time: datetime


class IndexResultOut(Schema):
    round_id: int
    year: int
    kind: str
    decision: str
    published_at: datetime
    updated_at: datetime
    rank: int | None
    unit_id: int | None
    unit_code: str | None
    unit_name: str
    points: str | None
    maximum: str | None
    index: str | None
    band: str = Field(..., description="xếp loại (Xuất sắc, Tốt, Khá, …)")
    previous_rank: int | None
    rank_change: int | None


class IndexPage(Schema):
    items: list[IndexResultOut]
    next_cursor: str | None
    server_time: datetime


class ReportStatusOut(Schema):
    id: str
    kind: str
    title: str
    unit_id: int | None
    unit_code: str | None
    period: str
    status: str
    status_label: str
    due_date: date | None
    submitted_at: datetime | None
    updated_at: datetime


class ReportPage(Schema):
    items: list[ReportStatusOut]
    next_cursor: str | None
    server_time: datetime


def _page(items, nxt):
    return {"items": items, "next_cursor": nxt, "server_time": timezone.now()}


@router.get("/me", response={200: ClientOut, 403: dict, 429: dict}, summary="Hệ thống kết nối của khóa này")
def me(request: HttpRequest):
    """Tên, phạm vi, đơn vị giới hạn và giới hạn tần suất của hệ thống kết nối sở hữu khóa (không cần phạm vi
    riêng): dùng để kiểm tra kết nối."""
    client = need(request, None)
    token = request.exchange_token
    return 200, {"code": client.code, "name": client.name, "scopes": client.scopes,
                 "unit_code": client.unit.code if client.unit_id else None,
                 "rate_limit_per_minute": client.rate_limit_per_minute, "token_prefix": token.prefix,
                 "token_expires_at": token.expires_at}


@router.get("/tasks", response={200: TaskPage, **LIST_ERRORS}, summary="Tình hình thực hiện nhiệm vụ",
            description=_doc("tasks:read", "Mỗi dòng là một nhiệm vụ của một đơn vị trong một kỳ báo cáo: hạn, "
                                           "tình trạng, tỷ lệ hoàn thành, đúng hạn, đã được chấp nhận. " + PAGE_NOTE))
def tasks(request: HttpRequest, updated_since: datetime | None = SINCE, unit: str | None = UNIT,
          period: str | None = PERIOD, plan_id: int | None = Query(None, ge=1, le=MAX_ID),
          year: int | None = Query(None, ge=2000, le=2100), cursor: str | None = CURSOR, limit: int = LIMIT):
    need(request, "tasks:read")
    user = request.auth
    qs = selectors.occurrences_list(user, updated_since=_since(updated_since), unit=selectors.unit_by_code(user, unit),
                               period=period, plan_id=plan_id, year=year)
    rows, nxt = paging.page_queryset(qs, cursor=cursor, limit=limit)
    today = timezone.localdate()
    items = [{"id": o.pk, "plan_id": o.plan_id, "plan_title": o.plan.title, "plan_number": o.plan.document_number,
              "task_id": o.task_id, "task_number": o.task.number, "task_title": o.task.title, "area": o.area,
              "unit_id": o.unit_id, "unit_code": o.unit.code, "unit_name": o.unit.name, "period": o.period,
              "due_date": o.due_date, "original_due_date": o.original_due_date, "status": o.status,
              "status_label": str(o.get_status_display()),
              "percent": o.percent, "completed_on": o.completed_on, "first_submitted_on": o.first_submitted_on,
              "on_time": o.on_time, "accepted": o.accepted, "timing": o.timing(today), "updated_at": o.updated_at}
             for o in rows]
    return 200, _page(items, nxt)


@router.get("/targets", response={200: TargetPage, **LIST_ERRORS}, summary="Chỉ tiêu của kế hoạch",
            description=_doc("targets:read", "Các chỉ tiêu định lượng trong kế hoạch CCHC của tỉnh. " + PAGE_NOTE))
def target_list(request: HttpRequest, updated_since: datetime | None = SINCE,
                plan_id: int | None = Query(None, ge=1, le=MAX_ID), year: int | None = Query(None, ge=2000, le=2100),
                cursor: str | None = CURSOR, limit: int = LIMIT):
    need(request, "targets:read")
    qs = selectors.targets_list(request.auth, updated_since=_since(updated_since), plan_id=plan_id, year=year)
    rows, nxt = paging.page_queryset(qs, cursor=cursor, limit=limit)
    items = [{"id": t.pk, "plan_id": t.plan_id, "plan_title": t.plan.title, "indicator": t.indicator, "text": t.text,
              "comparator": t.comparator, "value": t.value, "value_max": t.value_max,
              "unit_of_measure": t.unit_of_measure, "year": t.year, "level": t.level, "updated_at": t.updated_at}
             for t in rows]
    return 200, _page(items, nxt)


def _measurement(m) -> dict:
    return {"id": m.pk, "target_id": m.target_id, "unit_code": m.unit.code, "period": m.period, "value": m.value,
            "note": m.note, "version": m.version, "updated_at": m.updated_at}


@router.get("/measurements", response={200: MeasurementPage, **LIST_ERRORS}, summary="Số liệu chỉ tiêu",
            description=_doc("targets:read", "Giá trị đạt được của các chỉ tiêu theo đơn vị và kỳ. " + PAGE_NOTE))
def measurement_list(request: HttpRequest, updated_since: datetime | None = SINCE,
                     target_id: int | None = Query(None, ge=1, le=MAX_ID), unit: str | None = UNIT,
                     period: str | None = PERIOD, cursor: str | None = CURSOR, limit: int = LIMIT):
    need(request, "targets:read")
    user = request.auth
    qs = selectors.measurements_list(user, updated_since=_since(updated_since), target_id=target_id,
                                unit=selectors.unit_by_code(user, unit), period=period)
    rows, nxt = paging.page_queryset(qs, cursor=cursor, limit=limit)
    return 200, _page([_measurement(m) for m in rows], nxt)


# the header of every push (single and batch): a replay key chosen by the client system
IdempotencyKey = Annotated[str, Header(..., alias="Idempotency-Key", min_length=1, max_length=200,
                                       description="khóa chống gửi trùng (ví dụ UUID)")]


@router.post("/measurements", response={200: MeasurementOut, 400: dict, 403: dict, 404: dict, 409: dict,
                                        429: dict},
             summary="Gửi số liệu chỉ tiêu (chống gửi trùng)",
             description=_doc("measurements:write",
                              "Ghi giá trị đạt được của một chỉ tiêu cho một đơn vị trong một kỳ (ghi đè giá trị "
                              "cũ của cùng chỉ tiêu, đơn vị, kỳ). Bắt buộc tiêu đề `Idempotency-Key` (chuỗi duy "
                              "nhất do hệ thống gửi tự sinh, ví dụ UUID): gửi lại cùng khóa và cùng nội dung thì "
                              "nhận lại đúng kết quả đã lưu (200, tiêu đề `Idempotency-Replayed: true`), không ghi "
                              "lần hai; cùng khóa mà nội dung khác thì 409. Khóa được giữ "
                              "`CCHC_EXCHANGE_IDEMPOTENCY_DAYS` ngày (mặc định 7)."))
def measurement_push(request: HttpRequest, response: HttpResponse, payload: MeasurementIn,
                     idempotency_key: IdempotencyKey):
    def run(client, user):
        target = selectors.target_for_push(payload.target_id)
        if target is None:
            raise Http404
        unit = selectors.unit_by_code(user, payload.unit_code)
        try:
            period = services.period_code(payload.period)
            m = services.measurement_push(client=client, user=user, target=target, unit=unit, period=period,
                                          value=payload.value, note=payload.note)
        except ValidationError as exc:
            messages = [msg for msgs in exc.message_dict.values() for msg in msgs]
            raise CodedError("invalid", "; ".join(messages) or "Dữ liệu không hợp lệ.") from None
        except ValueError as exc:
            raise CodedError("invalid", str(exc)) from None
        except PermissionDenied as exc:
            raise CodedError("forbidden", str(exc) or None) from None
        return 200, _measurement_json(m)

    return _idempotent_push(request, response, idempotency_key, "measurements", payload.dict(), run)


def _measurement_json(m) -> dict:
    """A written measurement as stored for an Idempotency-Key replay (dates as text)."""
    body = _measurement(m)
    body["updated_at"] = body["updated_at"].isoformat()
    return body


def _idempotent_push(request: HttpRequest, response: HttpResponse, key: str, endpoint: str, data: dict, run):
    """A measurement push (scope measurements:write): ``run(client, user)`` once per Idempotency-Key
    (services.push_idempotent), a replayed answer marked."""
    client = need(request, "measurements:write")
    user = request.auth
    status, body, replayed = services.push_idempotent(client, key.strip(), endpoint, data, lambda: run(client, user))
    if replayed:
        response["Idempotency-Replayed"] = "true"
    return status, body


class MeasurementBatchIn(Schema):
    items: list[MeasurementIn] = Field(..., min_length=1, max_length=services.BATCH_MAX,
                                       description=f"các số liệu (1–{services.BATCH_MAX})")


class MeasurementBatchOut(Schema):
    count: int
    items: list[MeasurementOut] = Field(..., description="số liệu đã ghi, theo thứ tự gửi")


@router.post("/measurements/batch", response={200: MeasurementBatchOut, 400: dict, 403: dict, 404: dict, 409: dict,
                                              429: dict},
             summary="Gửi nhiều số liệu chỉ tiêu một lần (chống gửi trùng, ghi tất cả hoặc không ghi gì)",
             description=_doc("measurements:write",
                              f"Như `POST /measurements` cho một danh sách `items` (tối đa {services.BATCH_MAX} "
                              "số liệu). Ghi tất cả hoặc không ghi gì: nếu có số liệu không hợp lệ thì không ghi "
                              "số liệu nào và trả 400 với `code` = `invalid_items` và `errors` = danh sách "
                              "`{index, field, message}` (index tính từ 0 theo thứ tự gửi, field là trường sai: "
                              "target_id, unit_code, period, value; message bằng tiếng Việt), liệt kê mọi số liệu "
                              "sai. Sai kiểu dữ liệu (thiếu trường, không phải số…) trả 422 với `detail[].loc` = "
                              "[\"body\", \"payload\", \"items\", index, trường]. Cùng chỉ tiêu, đơn vị, kỳ "
                              "xuất hiện hai lần trong một lần gửi là lỗi. `Idempotency-Key` như gửi một số liệu: "
                              "gửi lại cùng khóa và cùng nội dung thì nhận lại kết quả đã lưu (tiêu đề "
                              "`Idempotency-Replayed: true`); cùng khóa, nội dung khác thì 409; lần gửi bị từ chối "
                              "không được ghi nhớ (sửa rồi gửi lại với cùng khóa)."))
def measurement_push_batch(request: HttpRequest, response: HttpResponse, payload: MeasurementBatchIn,
                           idempotency_key: IdempotencyKey):
    items = [i.dict() for i in payload.items]

    def run(client, user):
        saved = services.measurement_push_batch(client=client, user=user, items=items,
                                                target_of=selectors.target_for_push,
                                                unit_of=lambda code: selectors.unit_by_code(user, code))
        out = [_measurement_json(m) for m in saved]
        return 200, {"count": len(out), "items": out}

    return _idempotent_push(request, response, idempotency_key, "measurements/batch", {"items": items}, run)


class DeletionOut(Schema):
    kind: str = Field(..., description="task (dòng của GET /tasks) | target | measurement")
    id: int = Field(..., description="mã của dòng đã xóa (trường id trong danh sách tương ứng)")
    unit_code: str | None
    detail: dict = Field(..., description="task: plan_id, task_id, period; target: plan_id; "
                                          "measurement: target_id, period")
    deleted_at: datetime
    updated_at: datetime = Field(..., description="bằng deleted_at (để lấy phần thay đổi như các danh sách khác)")


class DeletionPage(Schema):
    items: list[DeletionOut]
    next_cursor: str | None
    server_time: datetime


class DeletionKind(StrEnum):
    task = "task"
    target = "target"
    measurement = "measurement"


@router.get("/deleted", response={200: DeletionPage, **LIST_ERRORS}, summary="Dữ liệu đã xóa",
            description=("Các dòng đã bị xóa trên hệ thống, để hệ thống kết nối xóa theo khi lấy phần thay đổi: "
                         "`task` (dòng của GET /tasks), `target` (GET /targets), `measurement` (GET /measurements). "
                         "`kind` bỏ trống: mọi loại hệ thống được đọc. Sắp theo thời điểm xóa. " + PAGE_NOTE
                         + "\n\nPhạm vi cần có: `tasks:read` cho loại `task`, `targets:read` cho `target` và "
                         "`measurement` (chỉ định `kind` mà thiếu phạm vi thì 403). " + RATE_NOTE))
def deletion_list(request: HttpRequest, updated_since: datetime | None = SINCE, kind: DeletionKind | None = None,
                  cursor: str | None = CURSOR, limit: int = LIMIT):
    client = need(request, None)
    if kind is not None:
        need(request, selectors.DELETION_SCOPES[kind.value])
        kinds = [kind.value]
    else:
        kinds = [k for k, scope in selectors.DELETION_SCOPES.items() if client.has_scope(scope)]
        if not kinds:
            need(request, "tasks:read")  # 403 naming a scope that would do
    qs = selectors.deletions_list(request.auth, kinds, updated_since=_since(updated_since))
    rows, nxt = paging.page_queryset(qs, cursor=cursor, limit=limit, field="deleted_at")
    items = [{"kind": d.kind, "id": d.object_id, "unit_code": d.unit.code if d.unit_id else None,
              "detail": d.detail or {}, "deleted_at": d.deleted_at, "updated_at": d.deleted_at} for d in rows]
    return 200, _page(items, nxt)


@router.get("/indicators", response={200: IndicatorPage, **LIST_ERRORS},
            summary="Chỉ số phục vụ người dân, doanh nghiệp (766) theo đơn vị",
            description=_doc("indicators:read",
                             "Điểm các chỉ số của Bộ chỉ số 766 tính từ dữ liệu hồ sơ TTHC đã nhập (như lệnh "
                             "`cchc dossiers indicators`), theo đơn vị, cho khoảng tháng `from`–`to`. "
                             "`updated_since`: trả danh sách rỗng nếu từ thời điểm đó chưa nhập thêm dữ liệu "
                             "(`data_updated_at` là lần nhập gần nhất). Sắp theo mã đơn vị; phân trang bằng "
                             "`cursor`."))
def indicator_list(request: HttpRequest, from_month: str = Query(..., alias="from", pattern=r"^\d{4}-\d{2}$",
                                                                 description="tháng đầu, YYYY-MM"),
                   to_month: str = Query(..., alias="to", pattern=r"^\d{4}-\d{2}$", description="tháng cuối, YYYY-MM"),
                   updated_since: datetime | None = SINCE, unit: str | None = UNIT, cursor: str | None = CURSOR,
                   limit: int = LIMIT):
    from cchc.dossiers import engine

    need(request, "indicators:read")
    user = request.auth
    try:
        start, end = engine.month_range(from_month, to_month)
    except engine.DossierError as exc:
        raise CodedError("bad_parameter", str(exc)) from None
    result = selectors.indicators_list(user, start, end, updated_since=_since(updated_since),
                                  unit=selectors.unit_by_code(user, unit))
    items, nxt = paging.page_list(result["units"], key=lambda u: [str(u["unit_id"])], cursor=cursor, limit=limit,
                                  arity=1)
    return 200, {"from_month": from_month, "to_month": to_month, "data_updated_at": result["data_updated_at"],
                 "assumptions": list(result.get("assumptions") or []), **_page(items, nxt)}


@router.get("/index-results", response={200: IndexPage, **LIST_ERRORS}, summary="Kết quả Chỉ số CCHC đã công bố",
            description=_doc("index:read", "Chỉ kết quả đã công bố (bản chốt lúc công bố): thứ hạng, điểm, chỉ số, "
                                           "xếp loại theo đơn vị. `updated_at` là thời điểm công bố. Sắp theo thời "
                                           "điểm công bố, đợt, đơn vị. " + PAGE_NOTE))
def index_result_list(request: HttpRequest, updated_since: datetime | None = SINCE,
                      year: int | None = Query(None, ge=2000, le=2100), kind: IndexKind | None = None,
                      cursor: str | None = CURSOR, limit: int = LIMIT):
    need(request, "index:read")
    rows = selectors.index_results(request.auth, updated_since=_since(updated_since), year=year,
                                   kind=kind.value if kind else None)
    items, nxt = paging.page_list(rows, key=selectors.index_key, cursor=cursor, limit=limit, arity=4)
    return 200, _page(items, nxt)


@router.get("/reports", response={200: ReportPage, **LIST_ERRORS}, summary="Tình trạng báo cáo",
            description=_doc("reports:read", "Tình trạng các báo cáo (kỳ, đơn vị, đã gửi/đã duyệt) do phân hệ báo "
                                             "cáo cung cấp qua hook `exchange_report_status`; danh sách rỗng khi "
                                             "chưa có phân hệ nào đăng ký. " + PAGE_NOTE))
def report_list(request: HttpRequest, updated_since: datetime | None = SINCE, cursor: str | None = CURSOR,
                limit: int = LIMIT):
    need(request, "reports:read")
    rows = selectors.report_statuses(request.auth, updated_since=_since(updated_since))
    items, nxt = paging.page_list(rows, key=selectors.report_key, cursor=cursor, limit=limit, arity=2)
    return 200, _page(items, nxt)
