"""Writes of the initiatives app: a unit proposes, council members (office, appraisers) score, the office decides,
other units declare that they replicate a recognised initiative. Audited; roles checked here."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import audit
from cchc.core.errors import CodedError
from cchc.core.models import Area
from cchc.core.vntext import clean_spaces, nfc
from cchc.initiatives import scoring
from cchc.initiatives.models import Initiative, InitiativeScore, Replication
from cchc.org import access
from cchc.org.models import OrgUnit
from cchc.org.selectors import unit_is_home


class InitiativeError(CodedError):
    """A rule of the initiatives app was broken (Vietnamese ``message``, machine ``code``)."""


def _err(code: str, message: str) -> InitiativeError:
    return InitiativeError(code=code, message=message)


def user_is_council(user) -> bool:
    """Who scores: the CCHC office and the appraisers (members of the evaluation council)."""
    return access.has_role(user, access.ADMIN, access.PAR_OFFICE, access.APPRAISER)


def initiative_propose(*, user, unit: OrgUnit, year: int, title: str, authors: str, description: str,
                       area: str = Area.GENERAL, attachment: tuple[str, bytes] | None = None) -> Initiative:
    if not access.can_edit_unit(user, unit):
        raise _err("forbidden", _("Bạn chỉ đề xuất sáng kiến cho đơn vị của mình."))
    if not unit_is_home(unit):
        raise _err("foreign_unit", _("«%(unit)s» không thuộc tỉnh của hệ thống.") % {"unit": unit.name})
    title, authors = clean_spaces(nfc(title)), clean_spaces(nfc(authors))
    description = nfc(description or "").strip()
    missing = [label for label, v in ((_("tên sáng kiến"), title), (_("tác giả"), authors),
                                      (_("nội dung"), description)) if not v]
    if missing:
        raise _err("missing", _("Chưa nhập %(fields)s.") % {"fields": ", ".join(missing)})
    if not 2000 <= int(year) <= 2100:
        raise _err("bad_year", _("Năm không hợp lệ: %(year)s.") % {"year": year})
    if area not in Area.values:
        raise _err("bad_area", _("Lĩnh vực không hợp lệ."))
    with transaction.atomic(), audit.actor(user):
        ini = Initiative(year=year, title=title[:500], unit=unit, authors=authors[:500], area=area,
                         description=description, submitted_by=user)
        if attachment is not None:
            from cchc.plans.services.reporting import evidence_checked

            name, data = attachment
            base, _kind = evidence_checked(name, data, InitiativeError)  # the one rule of an attached file
            ini.attachment.save(base[:150], ContentFile(data), save=False)
        ini.save()
    return ini


def initiative_score(*, user, initiative: Initiative, scores: dict, comment: str = "") -> InitiativeScore:
    """A council member's score sheet (one per member; scoring again replaces it)."""
    if not user_is_council(user):
        raise _err("forbidden", _("Chỉ thành viên Hội đồng (Phòng CCHC, thẩm định) mới chấm điểm sáng kiến."))
    if initiative.status != Initiative.Status.PROPOSED:
        raise _err("decided", _("Sáng kiến đã có quyết định, không chấm lại được."))
    values, errors = scoring.check_sheet(scores)
    if errors:
        raise _err("bad_scores", " ".join(errors))
    with transaction.atomic(), audit.actor(user):
        sheet, _created = InitiativeScore.objects.update_or_create(
            initiative=initiative, member=user,
            defaults={"scores": values, "total": scoring.total(values), "comment": nfc(comment or "").strip()})
    return sheet


def initiative_decide(*, user, initiative: Initiative, recognise: bool, decision_number: str = "",
                      decided_on: date | None = None, note: str = "", commendation: str = "",
                      commendation_url: str = "") -> Initiative:
    """The office's decision; a recognised initiative may link to its commendation (the decision on the province's
    document portal or in the library: an http(s) address)."""
    if not access.edits_all(user):
        raise _err("forbidden", _("Chỉ Phòng CCHC (Sở Nội vụ) mới ghi quyết định công nhận."))
    if not initiative.scores.exists():
        raise _err("not_scored", _("Sáng kiến chưa được Hội đồng chấm điểm."))
    if recognise and not clean_spaces(decision_number):
        raise _err("no_number", _("Nhập số quyết định công nhận."))
    url = (commendation_url or "").strip()
    if url:
        from django.core.exceptions import ValidationError
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise _err("bad_url", _("Liên kết khen thưởng “%(url)s” không phải địa chỉ http(s) hợp lệ.")
                       % {"url": url[:80]}) from exc
    with transaction.atomic(), audit.actor(user):
        initiative.commendation_url = url[:500]
        initiative.status = Initiative.Status.RECOGNISED if recognise else Initiative.Status.REJECTED
        initiative.decision_number = clean_spaces(decision_number)[:100]
        initiative.decided_on = decided_on or timezone.localdate()
        initiative.decision_note = nfc(note or "").strip()
        initiative.commendation = clean_spaces(commendation)[:500]
        initiative.save(update_fields=["status", "decision_number", "decided_on", "decision_note", "commendation",
                                       "commendation_url"])
    return initiative


def replication_declare(*, user, initiative: Initiative, unit: OrgUnit, started_on: date,
                        result: str = "") -> Replication:
    """A unit declares that it applies a recognised initiative (and later its results; declaring again updates)."""
    if initiative.status != Initiative.Status.RECOGNISED:
        raise _err("not_recognised", _("Chỉ nhân rộng sáng kiến đã được công nhận."))
    if not access.can_edit_unit(user, unit):
        raise _err("forbidden", _("Bạn chỉ khai báo áp dụng cho đơn vị của mình."))
    if unit.pk == initiative.unit_id:
        raise _err("own", _("Đơn vị tác giả không khai báo nhân rộng sáng kiến của chính mình."))
    if started_on > timezone.localdate():
        raise _err("future", _("Ngày bắt đầu áp dụng không được sau hôm nay."))
    with transaction.atomic(), audit.actor(user):
        rep, _created = Replication.objects.update_or_create(
            initiative=initiative, unit=unit,
            defaults={"started_on": started_on, "result": nfc(result or "").strip(), "declared_by": user})
    return rep
