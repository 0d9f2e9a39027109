"""Writes of the surveys app: questionnaire versions, rounds, codes, anonymous answers (code, kiosk), paper double
entry, Excel import, and the survey result recorded as a plan target measurement."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core import audit
from cchc.core.errors import CodedError
from cchc.core.excel import cell_error, column_letters, read_xlsx
from cchc.org import access
from cchc.surveys import codes as codelib
from cchc.surveys import form as formlib
from cchc.surveys.models import (
    Answer,
    CodeBatch,
    ImportBatch,
    Item,
    KioskSession,
    PaperEntry,
    QuestionnaireVersion,
    Response,
    ResponseCode,
    Round,
    Section,
)

MAX_BATCH = 2000


class SurveyError(CodedError):
    pass


def _key() -> str:
    return settings.SECRET_KEY


# ----------------------------------------------------------------------------- questionnaire versions

_PUBLISHED_ITEMS: dict[tuple, list[Item]] = {}


def version_published_key(version: QuestionnaireVersion) -> tuple | None:
    """A cache key for a published (immutable) version; None for a draft."""
    return (version.pk, version.published_at) if version.is_locked and version.published_at else None


def items_of(version: QuestionnaireVersion) -> list[Item]:
    """The version's items in form order. A published version cannot change, so its items are kept in memory
    (the public form reads them on every request)."""
    key = version_published_key(version)
    if key is not None and key in _PUBLISHED_ITEMS:
        return _PUBLISHED_ITEMS[key]
    items = list(Item.objects.filter(section__version=version).select_related("section", "condition_item")
                 .order_by("section__order", "order", "pk"))
    if key is not None:
        if len(_PUBLISHED_ITEMS) > 200:
            _PUBLISHED_ITEMS.clear()
        _PUBLISHED_ITEMS[key] = items
    return items


def specs_of(items: list[Item]) -> list[formlib.ItemSpec]:
    return [formlib.ItemSpec(key=str(i.pk), kind=i.kind, text=i.text, required=i.required,
                             choices=tuple(i.choices or ()),
                             condition_key=str(i.condition_item_id) if i.condition_item_id else None,
                             condition_values=tuple(str(v) for v in (i.condition_values or ())))
            for i in items]


def version_new(user, source: QuestionnaireVersion) -> QuestionnaireVersion:
    """A draft copy of ``source`` (sections, items, conditions, method) as the next version number."""
    access.require_office(user)
    q = source.questionnaire
    with transaction.atomic(), audit.actor(user):
        number = (q.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        v = QuestionnaireVersion.objects.create(
            questionnaire=q, number=number, intro=source.intro, scale_labels=source.scale_labels,
            satisfied_min=source.satisfied_min, min_share=source.min_share, min_count=source.min_count,
            method_note=source.method_note, created_by=user)
        old_to_new: dict[int, Item] = {}
        pending = []
        for sec in source.sections.order_by("order"):
            new_sec = Section.objects.create(version=v, order=sec.order, code=sec.code, title=sec.title,
                                             description=sec.description, weight=sec.weight)
            for it in sec.items.order_by("order"):
                new = Item.objects.create(section=new_sec, order=it.order, code=it.code, text=it.text, kind=it.kind,
                                          measure=it.measure, choices=it.choices, required=it.required,
                                          condition_values=it.condition_values)
                old_to_new[it.pk] = new
                if it.condition_item_id:
                    pending.append((new, it.condition_item_id))
        for new, old_cond in pending:
            new.condition_item = old_to_new.get(old_cond)
            new.save(update_fields=["condition_item"])
    return v


def version_publish(user, version: QuestionnaireVersion) -> QuestionnaireVersion:
    access.require_office(user)
    if version.is_locked:
        return version
    if not Item.objects.filter(section__version=version).exists():
        raise SurveyError("empty", _("Phiên bản chưa có câu hỏi nào, không thể công bố."))
    for it in Item.objects.filter(section__version=version):
        if it.kind in (Item.Kind.SINGLE, Item.Kind.MULTIPLE) and len(it.choices or []) < 2:
            raise SurveyError("choices", _("Câu “%(text)s” cần ít nhất hai phương án.") % {"text": it.text[:60]})
        if it.condition_item_id and it.condition_item.section.version_id != version.pk:
            raise SurveyError("condition", _("Câu “%(text)s” phụ thuộc câu của phiên bản khác.")
                              % {"text": it.text[:60]})
    with audit.actor(user):
        version.status = QuestionnaireVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.save()
    return version


def item_save(user, version: QuestionnaireVersion, *, section: Section, item: Item | None = None, **fields) -> Item:
    """Create or change an item of a draft version (a published one raises the locked error)."""
    access.require_office(user)
    if section.version_id != version.pk:
        raise PermissionDenied
    code = fields.get("code")
    if code and Item.objects.filter(section__version=version, code=code).exclude(pk=item.pk if item else None) \
            .exists():
        raise ValidationError({"code": _("Mã câu “%(code)s” đã có trong phiên bản này.") % {"code": code}})
    cond = fields.get("condition_item")
    if cond is not None:
        earlier = (cond.section.order, cond.order) < (section.order, fields.get("order", item.order if item else 0))
        if cond.section.version_id != version.pk or not earlier:
            raise ValidationError({"condition_item": _("Câu điều kiện phải là một câu đứng trước, cùng phiên bản.")})
    with audit.actor(user):
        item = item or Item(section=section)
        for k, v in fields.items():
            setattr(item, k, v)
        item.section = section
        item.save()
    return item


# ----------------------------------------------------------------------------- rounds and codes

def round_create(user, *, version: QuestionnaireVersion, unit, year: int, quarter: int | None, opens_at, closes_at,
                 quota=None, population=None, title: str = "") -> Round:
    access.require_edit(user, unit)
    if not version.is_locked:
        raise SurveyError("draft", _("Chỉ dùng được bộ câu hỏi đã công bố."))
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Thời điểm đóng phải sau thời điểm mở.")})
    if quarter is not None and not 1 <= quarter <= 4:
        raise ValidationError({"quarter": _("Quý phải từ 1 đến 4.")})
    with audit.actor(user):
        return Round.objects.create(version=version, unit=unit, year=year, quarter=quarter, opens_at=opens_at,
                                    closes_at=closes_at, quota=quota, population=population, title=title,
                                    created_by=user)


def round_counts_update(user, rnd: Round, *, quota=None, population=None, opens_at=None, closes_at=None) -> Round:
    """Quota, population and dates of a running round (dates left ``None`` stay as they are). Codes already printed
    keep their own expiry, but none outlives the round: a round that closes earlier shortens them."""
    access.require_edit(user, rnd.unit)
    opens, closes = opens_at or rnd.opens_at, closes_at or rnd.closes_at
    if closes <= opens:
        raise ValidationError({"closes_at": _("Thời điểm đóng phải sau thời điểm mở.")})
    with transaction.atomic(), audit.actor(user):
        rnd.quota, rnd.population = quota, population
        rnd.opens_at, rnd.closes_at = opens, closes
        rnd.save()
        rnd.codes.filter(expires_at__gt=closes).update(expires_at=closes)
    return rnd


def codes_create(user, rnd: Round, count: int, valid_days: int = 30) -> tuple[CodeBatch, list[str]]:
    """A batch of one-time codes; the plain codes are returned once (to print) and never stored."""
    access.require_edit(user, rnd.unit)
    if not 1 <= count <= MAX_BATCH:
        raise ValidationError({"count": _("Số mã phải từ 1 đến %(max)s.") % {"max": MAX_BATCH}})
    if not 1 <= valid_days <= 366:
        raise ValidationError({"valid_days": _("Thời hạn dùng mã phải từ 1 đến 366 ngày.")})
    expires = min(timezone.now() + dt.timedelta(days=valid_days), rnd.closes_at)
    plain = set()
    while len(plain) < count:
        plain.add(codelib.new_code())
    plain_list = sorted(plain)
    with transaction.atomic(), audit.actor(user):
        batch = CodeBatch.objects.create(round=rnd, count=count, expires_at=expires, created_by=user)
        ResponseCode.objects.bulk_create([
            ResponseCode(round=rnd, batch=batch, code_hash=codelib.digest(c, _key()), expires_at=expires)
            for c in plain_list])
    return batch, plain_list


CODE_MESSAGES = {
    # .format(code=…) at the use (cchc/surveys/public.py too): a lazy text formats to a plain str
    "malformed": gettext_lazy("Mã “{code}” không đúng dạng: mã gồm 8 ký tự chữ và số, ví dụ ABCD-2345."),
    "unknown": gettext_lazy("Không tìm thấy mã “{code}”. Xin kiểm tra lại mã in trên phiếu hẹn."),
    "used": gettext_lazy("Mã này đã được dùng để gửi ý kiến. Mỗi mã chỉ dùng một lần. Xin cảm ơn Ông/Bà!"),
    "expired": gettext_lazy("Mã này đã hết hạn sử dụng."),
    "closed": gettext_lazy("Đợt khảo sát này chưa mở hoặc đã kết thúc."),
}


def code_problem(rc: ResponseCode | None, now=None) -> str | None:
    now = now or timezone.now()
    if rc is None:
        return "unknown"
    if rc.used_at:
        return "used"
    if not rc.round.is_open(now):  # first: a code expires when its round closes, the round is the reason
        return "closed"
    if rc.expires_at <= now:
        return "expired"
    return None


def code_find(text: str) -> tuple[ResponseCode | None, str | None, str]:
    """(code row, problem key or None, normalized code)."""
    code = codelib.normalize(text)
    if not codelib.is_well_formed(code):
        return None, "malformed", code
    rc = ResponseCode.objects.select_related("round__version__questionnaire", "round__unit") \
        .filter(code_hash=codelib.digest(code, _key())).first()
    return rc, code_problem(rc), code


def code_error(problem: str, code: str) -> SurveyError:
    return SurveyError(problem, CODE_MESSAGES[problem].format(code=codelib.display(code) if len(code) == 8 else code[:20]))


def _create_response(rnd: Round, channel: str, values: dict, items_by_key: dict, batch=None) -> Response:
    resp = Response.objects.create(round=rnd, channel=channel, submitted_on=timezone.localdate(), import_batch=batch)
    Answer.objects.bulk_create([_answer(resp, items_by_key[k], v) for k, v in values.items()])
    return resp


def _answer(resp, item, v) -> Answer:
    if item.kind == Item.Kind.LIKERT5:
        return Answer(response=resp, item=item, value=int(v))
    if item.kind in (Item.Kind.SINGLE, Item.Kind.MULTIPLE):
        return Answer(response=resp, item=item, choices=v if isinstance(v, list) else [v])
    return Answer(response=resp, item=item, text=str(v))


def answers_parse(rnd: Round, getter, *, enforce_required: bool = True):
    items = items_of(rnd.version)
    parsed = formlib.parse(specs_of(items), getter, enforce_required=enforce_required)
    return parsed, {str(i.pk): i for i in items}


def response_submit_with_code(text: str, getter, *, found: tuple | None = None) -> Response:
    """Anonymous answer through a one-time code: validated, then the code is taken by a guarded UPDATE (two
    concurrent submits of one code: exactly one wins) and the response written in the same transaction.
    ``found`` is the result of :func:`code_find` when the caller has already looked the code up."""
    rc, problem, code = found or code_find(text)
    if problem:
        raise code_error(problem, code)
    parsed, items_by_key = answers_parse(rc.round, getter)
    if not parsed.ok:
        raise ValidationError(parsed.errors)
    now = timezone.now()
    with transaction.atomic():
        taken = ResponseCode.objects.filter(pk=rc.pk, used_at__isnull=True, expires_at__gt=now) \
            .update(used_at=now, draft={})
        if not taken:
            rc.refresh_from_db()
            raise code_error(code_problem(rc, now) or "used", code)
        return _create_response(rc.round, Response.Channel.CODE, parsed.values, items_by_key)


def code_draft_save(text: str, getter, *, found: tuple | None = None) -> int:
    """Keep what was answered so far on the code (nothing required); returns the number of answers kept."""
    rc, problem, code = found or code_find(text)
    if problem:
        raise code_error(problem, code)
    parsed, _items = answers_parse(rc.round, getter, enforce_required=False)
    ResponseCode.objects.filter(pk=rc.pk, used_at__isnull=True).update(draft=parsed.values)
    return len(parsed.values)


# ----------------------------------------------------------------------------- kiosk

def kiosk_start(user, rnd: Round, *, label: str = "", hours: int = 10, min_interval_seconds: int = 20
                ) -> tuple[KioskSession, str]:
    access.require_edit(user, rnd.unit)
    if not rnd.is_open(timezone.now()):
        raise SurveyError("not_open", _("Đợt khảo sát chưa mở hoặc đã đóng."))
    if not 1 <= hours <= 24 * 7:
        raise ValidationError({"hours": _("Thời gian chạy từ 1 giờ đến 7 ngày.")})
    token = codelib.new_code() + codelib.new_code() + codelib.new_code()
    ends = min(timezone.now() + dt.timedelta(hours=hours), rnd.closes_at)
    with audit.actor(user):
        ks = KioskSession.objects.create(round=rnd, token_hash=codelib.digest(token, _key()), label=label[:200],
                                         min_interval_seconds=min_interval_seconds, ends_at=ends, started_by=user)
    return ks, token


def kiosk_stop(user, ks: KioskSession) -> None:
    access.require_edit(user, ks.round.unit)
    with audit.actor(user):
        ks.stopped_at = timezone.now()
        ks.save()


def kiosk_find(token: str) -> KioskSession | None:
    norm = codelib.normalize(token)
    if len(norm) != 3 * codelib.LENGTH:
        return None
    ks = KioskSession.objects.select_related("round__version__questionnaire", "round__unit") \
        .filter(token_hash=codelib.digest(norm, _key())).first()
    now = timezone.now()
    if ks is None or ks.stopped_at or ks.ends_at <= now or not ks.round.is_open(now):
        return None
    return ks


def kiosk_submit(ks: KioskSession, getter) -> Response:
    """One answer on the desk tablet; at most one per ``min_interval_seconds`` (guarded UPDATE, so two tablets
    sharing a token, or a script, cannot exceed it)."""
    parsed, items_by_key = answers_parse(ks.round, getter)
    if not parsed.ok:
        raise ValidationError(parsed.errors)
    now = timezone.now()
    limit = now - dt.timedelta(seconds=ks.min_interval_seconds)
    with transaction.atomic():
        from django.db.models import Q

        ok = KioskSession.objects.filter(Q(last_submit_at__isnull=True) | Q(last_submit_at__lte=limit),
                                         pk=ks.pk, stopped_at__isnull=True, ends_at__gt=now) \
            .update(last_submit_at=now)
        if not ok:
            raise SurveyError("rate", _("Máy vừa nhận một phiếu. Xin đợi ít giây rồi gửi lại."))
        return _create_response(ks.round, Response.Channel.KIOSK, parsed.values, items_by_key)


# ----------------------------------------------------------------------------- paper forms (double entry)

def paper_enter(user, rnd: Round, form_number: str, getter) -> PaperEntry:
    """Key one paper form. The first entry waits; a second entry of the same form number by *another* person
    that gives the same answers makes the response count; different answers are kept as a mismatch (shown with
    the differing questions) until an entry matches one of the earlier ones."""
    access.require_edit(user, rnd.unit)
    number = str(form_number or "").strip()[:40]
    if not number:
        raise ValidationError({"form_number": _("Cần ghi số phiếu (in trên phiếu giấy).")})
    parsed, items_by_key = answers_parse(rnd, getter, enforce_required=False)
    if not parsed.ok:
        raise ValidationError(parsed.errors)
    if not parsed.values:
        raise ValidationError({"form_number": _("Phiếu chưa có câu trả lời nào.")})
    with transaction.atomic(), audit.actor(user):
        earlier = list(PaperEntry.objects.select_for_update().filter(round=rnd, form_number=number)
                       .order_by("created_at"))
        if any(e.status == PaperEntry.Status.MATCHED for e in earlier):
            raise SurveyError("done", _("Phiếu số %(number)s đã được nhập hai lần khớp nhau và đã tính.")
                              % {"number": number})
        entry = PaperEntry(round=rnd, form_number=number, payload=parsed.values, entered_by=user)
        others = [e for e in earlier if e.entered_by_id != user.pk]
        if not others:
            if earlier:
                raise SurveyError("same_person", _("Phiếu số %(number)s: lần nhập thứ hai phải do người khác nhập.")
                                  % {"number": number})
            entry.save()
            return entry
        match = next((e for e in others if e.payload == parsed.values), None)
        if match is None:
            entry.status = PaperEntry.Status.MISMATCH
            entry.save()
            return entry
        resp = _create_response(rnd, Response.Channel.PAPER, parsed.values, items_by_key)
        entry.status, entry.response = PaperEntry.Status.MATCHED, resp
        entry.save()
        match.status, match.response = PaperEntry.Status.MATCHED, resp
        match.save()
        return entry


def paper_differences(entry: PaperEntry, items: list[Item]) -> list[str]:
    """The questions whose answers differ between ``entry`` and the other entries of its form."""
    others = PaperEntry.objects.filter(round=entry.round, form_number=entry.form_number).exclude(pk=entry.pk)
    diff = []
    for it in items:
        k = str(it.pk)
        if any(o.payload.get(k) != entry.payload.get(k) for o in others):
            diff.append(it.text)
    return diff


# ----------------------------------------------------------------------------- Excel import

def responses_import_columns(items: list[Item]) -> dict[str, list[str]]:
    return {it.code: [f"{it.code}. {it.text}"[:200]] for it in items}


def responses_import_xlsx(user, rnd: Round, data: bytes, filename: str | None = None) -> dict:
    """Responses collected elsewhere: one row per form, one column per item (header = item code, or "code. text").
    All rows or none: any error leaves the database unchanged. Returns {"saved": n, "errors": [messages]}."""
    access.require_edit(user, rnd.unit)
    if filename is None:
        filename = _("tệp Excel")
    items = items_of(rnd.version)
    if len({i.code for i in items}) != len(items):
        return {"saved": 0, "errors": [_("Bộ câu hỏi có mã câu trùng nhau, không nhập được từ Excel.")]}
    columns = responses_import_columns(items)
    # a required question's column must be there (an empty answer in it is the form's own check, row by row)
    always = {i.code for i in items if i.required and i.condition_item_id is None}
    rows, errors = read_xlsx(data, columns=columns, required=always, filename=filename)
    messages = [f"{filename}: {e}" if filename not in str(e) else str(e) for e in errors if e.code != "required"]
    if messages:
        return {"saved": 0, "errors": messages}
    if not rows:
        return {"saved": 0, "errors": [_("%(file)s: không có dòng phiếu nào.") % {"file": filename}]}
    specs = specs_of(items)
    by_code = {i.code: i for i in items}
    key_to_code = {str(i.pk): i.code for i in items}
    letters = column_letters(data, columns)
    good = []
    for row in rows:
        def getter(key, row=row):
            v = row.get(key_to_code[key])
            if v is None:
                return []
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            return [str(v)]

        parsed = formlib.parse(specs, getter)
        for key, problem in parsed.errors.items():
            code = key_to_code[key]
            messages.append(f"{filename}: " + cell_error("", row["_row"], letters.get(code, "?"), code, problem,
                                                        "invalid").message)
        if parsed.ok:
            good.append(parsed.values)
    if messages:
        return {"saved": 0, "errors": messages[:200]}
    items_by_key = {str(i.pk): i for i in by_code.values()}
    with transaction.atomic(), audit.actor(user):
        batch = ImportBatch.objects.create(round=rnd, filename=filename[:255], rows=len(good), created_by=user)
        for values in good:
            _create_response(rnd, Response.Channel.IMPORT, values, items_by_key, batch=batch)
    return {"saved": len(good), "errors": []}


def responses_template_xlsx(rnd: Round) -> bytes:
    from cchc.core.excel import write_xlsx

    items = items_of(rnd.version)
    headers = [f"{i.code}. {i.text}"[:200] for i in items]
    guide = [[i.code, i.section.title, i.text, i.get_kind_display(),
              "1–5" if i.kind == Item.Kind.LIKERT5 else "; ".join(i.choices or []),
              f"nếu {i.condition_item.code} ∈ {', '.join(i.condition_values)}" if i.condition_item_id else ""]
             for i in items]
    return write_xlsx([("Phiếu khảo sát", headers, []),
                       ("Hướng dẫn", ["Mã câu", "Phần", "Câu hỏi", "Loại", "Giá trị hợp lệ", "Chỉ hỏi khi"], guide)])


# ----------------------------------------------------------------------------- feed to plans

def target_measurement_record(user, *, target, unit, year: int) -> object:
    """Record the unit's yearly satisfaction % as the measurement of a plan target ("mức độ hài lòng ≥ 94 %")
    through plans.services.measurement_save (same checks, versioning and audit as a typed figure). Refused when
    the sample rule is not met: such a figure does not count."""
    from cchc.plans.services import measurement_save
    from cchc.surveys.selectors import unit_satisfaction

    result = unit_satisfaction([unit.pk], year).get(unit.pk)
    if result is None or result["pct"] is None:
        raise SurveyError("no_data", _("%(unit)s chưa có phiếu khảo sát năm %(year)s.")
                          % {"unit": unit.name, "year": year})
    if not result["sample_met"]:
        raise SurveyError("sample", _("%(unit)s năm %(year)s: chưa đạt yêu cầu mẫu (%(reasons)s).")
                          % {"unit": unit.name, "year": year, "reasons": "; ".join(result["reasons"])})
    note = (f"Từ khảo sát sự hài lòng: {result['n']} phiếu, sai số ±{result['moe']:.1f} điểm %"
            if result["moe"] is not None else f"Từ khảo sát sự hài lòng: {result['n']} phiếu")
    return measurement_save(target=target, unit=unit, period=str(year), value=round(result["pct"], 2), user=user,
                            note=note)
