"""Writes of the exchange app: client systems and their tokens (office only), idempotent measurement pushes."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import audit
from cchc.core.errors import CodedError
from cchc.core.models import ApiToken
from cchc.exchange.models import ClientSystem, IdempotencyKey
from cchc.org import access

SERVICE_PREFIX = "ht."  # service accounts' user names: "ht.<code>" (hệ thống)


def client_save(*, user, code: str, name: str, scopes, contact: str = "", unit=None,
                rate_limit_per_minute: int = 60, is_active: bool = True,
                client: ClientSystem | None = None) -> ClientSystem:
    """Create or change a client system (office). A new one gets its service account (no password, no unit
    membership: its rights come from the client system on each request)."""
    access.require_office(user, _("Chỉ Phòng CCHC (Sở Nội vụ) mới quản lý các hệ thống kết nối."))
    obj = client or ClientSystem()
    if client is None:
        obj.code = (code or "").strip().lower()
    obj.name, obj.contact, obj.unit = (name or "").strip(), (contact or "").strip(), unit
    obj.scopes, obj.rate_limit_per_minute, obj.is_active = scopes, rate_limit_per_minute, is_active
    User = get_user_model()
    with transaction.atomic(), audit.actor(user):
        if client is None:
            obj.user = User(username=f"{SERVICE_PREFIX}{obj.code}"[:150], first_name=obj.name[:150])
            obj.user.set_unusable_password()
            obj.full_clean(exclude=["user"])
            if User.objects.filter(username=obj.user.username).exists():
                raise ValidationError({"code": _("Đã có tài khoản “%(username)s”; hãy chọn mã khác.")
                                                % {"username": obj.user.username}})
            obj.user.save()
        else:
            obj.full_clean(exclude=["user", "code"])
        obj.save()
        if obj.user.is_active != obj.is_active:  # a stopped system's tokens stop working at once
            obj.user.is_active = obj.is_active
            obj.user.save(update_fields=["is_active"])
    return obj


def token_issue(*, user, client: ClientSystem, days: int | None = 365, label: str = "") -> tuple[ApiToken, str]:
    """A new token of the client system (the secret is returned once). The token's read/write scope follows the
    system's scopes; the fine scopes are read from the system on every request."""
    access.require_office(user, _("Chỉ Phòng CCHC (Sở Nội vụ) mới cấp khóa cho hệ thống kết nối."))
    if not client.is_active:
        raise CodedError("client_inactive", _("Hệ thống “%(name)s” đang dừng; hãy kích hoạt trước khi cấp khóa.")
                          % {"name": client.name})
    if days is not None and not 1 <= days <= 3650:
        raise CodedError("invalid", _("Số ngày hiệu lực phải từ 1 đến 3650."))
    with audit.actor(user):
        return ApiToken.issue(client.user, scope="write" if client.writes else "read", days=days,
                              label=(label or client.code)[:100])


def token_revoke(*, user, token: ApiToken) -> ApiToken:
    """Revoke now (the token expires; kept for the record of its last use)."""
    access.require_office(user, _("Chỉ Phòng CCHC (Sở Nội vụ) mới thu hồi khóa."))
    now = timezone.now()
    if token.expires_at is None or token.expires_at > now:
        token.expires_at = now
        with audit.actor(user):
            token.save(update_fields=["expires_at"])
    return token


def tokens_of(client: ClientSystem):
    return ApiToken.objects.filter(user_id=client.user_id).order_by("-created_at")


# ------------------------------------------------------------------ idempotent pushes

def idempotency_days() -> int:
    return int(getattr(settings, "CCHC_EXCHANGE_IDEMPOTENCY_DAYS", 7))


def body_hash(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


class IdempotencyConflict(CodedError):
    status = 409


def push_idempotent(client: ClientSystem, key: str, endpoint: str, data, run) -> tuple[int, dict, bool]:
    """Answer a push once per ``key``: ``run()`` → (status, body) is called only for a key not seen within
    ``idempotency_days``; the same key and body again returns the stored (status, body) with replayed=True; the
    same key with another body raises :class:`IdempotencyConflict` (409). The write and the stored key commit
    together: two concurrent pushes with one key write once (the loser reads the winner's answer)."""
    digest = body_hash({"endpoint": endpoint, "data": data})
    cutoff = timezone.now() - timedelta(days=idempotency_days())
    IdempotencyKey.objects.filter(client=client, key=key, created_at__lt=cutoff).delete()
    for _attempt in range(2):
        found = IdempotencyKey.objects.filter(client=client, key=key).first()
        if found is not None:
            if found.request_hash != digest or found.endpoint != endpoint:
                raise IdempotencyConflict(
                    "idempotency_conflict",
                    _("Khóa Idempotency-Key “%(key)s” đã được dùng cho một yêu cầu khác (nội dung khác); "
                      "mỗi lần gửi số liệu mới cần một khóa mới.") % {"key": key[:60]})
            return found.status, found.response, True
        try:
            with transaction.atomic():
                status, body = run()
                if status < 300:  # a refused push is not remembered: it can be corrected and sent again
                    IdempotencyKey.objects.create(client=client, key=key, endpoint=endpoint, request_hash=digest,
                                                  status=status, response=body)
                return status, body, False
        except IntegrityError:
            continue  # another request stored this key meanwhile: answer as it did
    raise CodedError("conflict")


def idempotency_purge() -> int:
    """Delete the stored keys older than ``idempotency_days`` (daily, `cchc exchange purge-keys`)."""
    cutoff = timezone.now() - timedelta(days=idempotency_days())
    return IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()[0]


def tombstone_days() -> int:
    return int(getattr(settings, "CCHC_EXCHANGE_TOMBSTONE_DAYS", 400))


def deletions_purge() -> int:
    """Delete the tombstones older than ``tombstone_days`` (`cchc exchange purge-deleted`, e.g. monthly); a client
    whose last pull is older than that window must pull everything again (docs/api.md)."""
    from cchc.exchange.models import Deletion

    cutoff = timezone.now() - timedelta(days=tombstone_days())
    return Deletion.objects.filter(deleted_at__lt=cutoff).delete()[0]


def period_code(text: str) -> str:
    """The canonical code of a period ("2024-01" → "202401"); ValueError with a Vietnamese message otherwise."""
    from cchc.core.periods import Period

    return Period.parse(text).code


def measurement_push(*, client: ClientSystem, user, target, unit, period: str, value, note: str = ""):
    """One measurement from a client system through the plans service (scope, parsing, audit are its own)."""
    from cchc.plans.services.measurements import measurement_save

    with audit.actor(user):
        return measurement_save(target=target, unit=unit, period=period, value=value, user=user, note=note)


BATCH_MAX = 500

# the API's field names for the errors a measurement save raises (ValidationError keys of plans' services)
_FIELD_OF = {"value": "value", "period": "period", "unit": "unit_code", "target": "target_id", "note": "note"}


class BatchRefused(CodedError):
    """A batch push refused as a whole: ``errors`` = [{"index", "field", "message"}] (index from 0)."""

    status = 400


def measurement_push_batch(*, client: ClientSystem, user, items: list[dict], target_of, unit_of) -> list:
    """Write every measurement of ``items`` or none: every item is checked first (target, unit in the client's
    scope and writable, period, value, the same target/unit/period twice in one batch) — any refusal raises
    :class:`BatchRefused` listing every refused item before anything is written; then each is written through the
    plans service (its own checks again), and a refusal there rolls the whole batch back.
    ``target_of(id)`` → Target | None and ``unit_of(code)`` → OrgUnit (Http404 outside the scope) are the API's
    selectors. Call inside a transaction (``push_idempotent`` opens one)."""
    from django.http import Http404

    from cchc.core.vntext import parse_number
    from cchc.plans.services.measurements import measurement_save

    if not items:
        raise BatchRefused("invalid", _("Danh sách số liệu rỗng."))
    if len(items) > BATCH_MAX:
        raise BatchRefused("invalid", _("Mỗi lần gửi tối đa %(max)s số liệu (đã gửi %(count)s).")
                            % {"max": BATCH_MAX, "count": len(items)})
    errors: list[dict] = []
    seen: dict[tuple, int] = {}
    saved = []
    checked: list[tuple] = []
    units: dict[str, object] = {}

    def err(i, field, message):
        errors.append({"index": i, "field": field, "message": message})

    targets: dict[int, object] = {}
    for i, item in enumerate(items):
        if item["target_id"] not in targets:
            targets[item["target_id"]] = target_of(item["target_id"])
        target = targets[item["target_id"]]
        if target is None:
            err(i, "target_id", _("Không có chỉ tiêu mã %(id)s trong kế hoạch của tỉnh.") % {"id": item["target_id"]})
        code = item["unit_code"]
        if code not in units:
            try:
                units[code] = unit_of(code)
            except Http404:
                units[code] = None
        unit = units[code]
        if unit is None:
            err(i, "unit_code", _("Không có đơn vị mã “%(code)s” trong phạm vi của hệ thống kết nối.")
                % {"code": code[:64]})
        try:
            period = period_code(item["period"])
        except ValueError as exc:
            err(i, "period", str(exc))
            period = None
        if target is None or unit is None or period is None:
            continue
        key = (target.pk, unit.pk, period)
        if key in seen:
            err(i, "period", _("Trùng chỉ tiêu, đơn vị và kỳ với số liệu thứ %(index)s của cùng lần gửi.")
                % {"index": seen[key]})
            continue
        seen[key] = i
        if not access.can_edit_unit(user, unit):
            err(i, "unit_code", _("Hệ thống kết nối không được ghi số liệu cho đơn vị “%(code)s”.") % {"code": unit.code})
            continue
        number = parse_number(item["value"])
        if number is None or abs(number) > 10**15:
            err(i, "value", _("Giá trị “%(value)s” không phải là số.") % {"value": str(item["value"])[:40]})
            continue
        checked.append((i, target, unit, period, item))
    if errors:  # refused before any write: nothing to roll back
        _refuse(errors, len(items))
    for i, target, unit, period, item in checked:
        try:
            with transaction.atomic(), audit.actor(user):  # a savepoint: the next items are still tried
                saved.append(measurement_save(target=target, unit=unit, period=period, value=item["value"],
                                              user=user, note=item.get("note") or ""))
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                for msg in msgs:
                    err(i, _FIELD_OF.get(field, field if field != "__all__" else ""), msg)
        except PermissionDenied as exc:
            err(i, "unit_code", str(exc) or _("Hệ thống kết nối không được ghi số liệu cho đơn vị này."))
        except ValueError as exc:
            err(i, "value", str(exc))
    if errors:  # a write refused: raising rolls back the ones already made
        _refuse(errors, len(items))
    return saved


def _refuse(errors: list[dict], total: int):
    errors.sort(key=lambda e: e["index"])
    bad = len({e["index"] for e in errors})
    raise BatchRefused("invalid_items", _("Không ghi số liệu nào: %(bad)s/%(total)s số liệu không hợp lệ "
                                          "(xem “errors”: số thứ tự từ 0, trường, lý do).")
                       % {"bad": bad, "total": total}, errors=errors)
