"""Home-page items of the CCHC index (registered by ``assessment/hooks.py`` under the ``attention`` hook): for a
unit's focal point or leader, its self-assessment of an open round not sent yet (past the deadline: danger),
returned by the office, or waiting for the leader's approval (leaders); for the office, self-assessments sent and
waiting for review and objections not answered; for a council member, the lines waiting for their score."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.core.vndates import format_date_short
from cchc.org import access

DETAILS = 3  # units named under an item that covers several self-assessments


def _unit_items(user, now) -> list[dict]:
    from cchc.assessment.models import SelfAssessment

    qs = access.scope_units(
        user, SelfAssessment.objects.filter(round__closed=False,
                                            review_state__in=[review.DRAFT, review.RETURNED, review.LEADER_REVIEW]),
        for_edit=True).select_related("unit", "round__framework").order_by("round__deadline", "unit__path")
    groups: dict[tuple, list] = defaultdict(list)
    for sa in qs:
        if sa.review_state == review.LEADER_REVIEW and not access.can_lead_unit(user, sa.unit):
            continue  # a focal point has sent it: the leader acts, not them
        groups[(sa.round_id, sa.review_state)].append(sa)
    out = []
    for (round_id, state), sas in groups.items():
        rnd = sas[0].round
        year = rnd.framework.year
        if state == review.DRAFT and rnd.deadline < now:  # the unit can no longer send it (services.score_save)
            label = _("Tự đánh giá Chỉ số CCHC năm %(year)s chưa gửi, đã quá hạn %(date)s: đề nghị Phòng CCHC "
                      "gia hạn") % {"year": year, "date": format_date_short(timezone.localtime(rnd.deadline))}
            level = "danger"
        elif state == review.DRAFT:
            label = _("Tự đánh giá Chỉ số CCHC năm %(year)s chưa gửi (hạn %(date)s)") % {
                "year": year, "date": format_date_short(timezone.localtime(rnd.deadline))}
            level = "warning"
        elif state == review.RETURNED:
            label = _("Tự đánh giá Chỉ số CCHC năm %(year)s bị trả lại, cần sửa và gửi lại") % {"year": year}
            level = "danger"
        else:
            label = _("Tự đánh giá Chỉ số CCHC năm %(year)s chờ lãnh đạo duyệt") % {"year": year}
            level = "info"
        item = {"key": f"index_{state}_{round_id}", "label": label, "level": level}
        if len(sas) == 1:
            item.update(url=reverse("assessment:assessment_detail", args=[sas[0].pk]), count=None)
            if state == review.RETURNED and sas[0].review_comment:
                item["details"] = [{"text": sas[0].unit.name, "note": sas[0].review_comment,
                                    "url": item["url"]}]
        else:
            item.update(url=f"{reverse('assessment:index')}?year={year}&state={state}", count=len(sas),
                        details=[{"text": sa.unit.name, "url": reverse("assessment:assessment_detail", args=[sa.pk])}
                                 for sa in sas[:DETAILS]])
        out.append(item)
    return out


def _office_items(user) -> list[dict]:
    from cchc.assessment.models import Objection, SelfAssessment

    out = []
    waiting = access.scope_units(user, SelfAssessment.objects.filter(round__closed=False,
                                                                     review_state=review.SUBMITTED)).count()
    if waiting:
        out.append({"key": "index_review", "label": _("Tự đánh giá Chỉ số CCHC chờ Phòng CCHC xem xét"),
                    "url": f"{reverse('assessment:index')}?state={review.SUBMITTED}", "count": waiting,
                    "level": "info"})
    open_objections = access.scope_units(
        user, Objection.objects.filter(answered_at__isnull=True, score__assessment__round__closed=False),
        "score__assessment__unit")
    per_round: dict[int, int] = defaultdict(int)
    for round_id in open_objections.values_list("score__assessment__round_id", flat=True):
        per_round[round_id] += 1
    for round_id, n in sorted(per_round.items()):
        out.append({"key": f"index_objections_{round_id}",
                    "label": _("Kiến nghị về điểm thẩm định Chỉ số CCHC chờ trả lời"),
                    "url": reverse("assessment:results", args=[round_id]) + "#objections", "count": n,
                    "level": "info"})
    return out


def _appraiser_items(user) -> list[dict]:
    """An appraiser (thành viên thẩm định) outside a council: the self-assessments sent in open rounds that have no
    council (the office and the appraisers give the appraised scores there) and still have lines to appraise."""
    from cchc.assessment.models import Council
    from cchc.assessment.selectors import scores_awaiting_appraisal

    pending = (scores_awaiting_appraisal()
               .filter(assessment__round__closed=False, assessment__review_state=review.SUBMITTED)
               .exclude(assessment__round__in=Council.objects.values("round")))
    per_round: dict[tuple, set] = defaultdict(set)
    for round_id, year, sa_id in pending.values_list("assessment__round_id", "assessment__round__framework__year",
                                                     "assessment_id").distinct():
        per_round[(round_id, year)].add(sa_id)
    return [{"key": f"index_appraise_{round_id}",
             "label": _("Tự đánh giá Chỉ số CCHC năm %(year)s chờ chấm điểm thẩm định") % {"year": year},
             "url": f"{reverse('assessment:index')}?year={year}&state={review.SUBMITTED}", "count": len(sas),
             "level": "info"}
            for (round_id, year), sas in sorted(per_round.items())]


def items(user) -> list[dict]:
    from cchc.assessment.selectors import member_queue_pending

    out = []
    if access.edits_all(user):
        out += _office_items(user)
    elif access.has_role(user, *access.EDIT_OWN_ROLES):
        out += _unit_items(user, timezone.now())
    elif access.has_role(user, access.APPRAISER):
        out += _appraiser_items(user)
    for council, n in member_queue_pending(user):
        out.append({"key": f"index_council_{council.round_id}",
                    "label": _("Tiêu chí Chỉ số CCHC năm %(year)s chờ bạn chấm điểm thẩm định")
                    % {"year": council.round.framework.year},
                    "url": reverse("assessment:council", args=[council.round_id]), "count": n, "level": "info"})
    return out


def overview(user) -> list[dict]:
    """The home page's headline figures of the CCHC index: for each unit kind of the newest published year, the
    user's own unit (index, rank, class) when it is ranked, else — for the office and whoever sees several ranked
    units — how many were ranked and the first of them (the published ranking, as the results page shows it)."""
    from cchc.assessment.selectors import rounds_published
    from cchc.core.vntext import format_number

    rounds = list(rounds_published())
    if not rounds:
        return []
    year = rounds[0].framework.year
    own = set() if access.sees_all(user) else {u.pk for u in access.user_units(user)}  # the office reads the province
    visible = access.visible_unit_ids(user)
    out = []
    for rnd in (r for r in rounds if r.framework.year == year):
        ranked = [r for r in rnd.published_results if r.get("ranked")]
        mine = next((r for r in ranked if r["unit_id"] in own), None)
        seen = [r for r in ranked if visible is None or r["unit_id"] in visible]
        # the working results page is the office's and appraisers'; everyone else reads the published ranking
        url = reverse("assessment:results" if access.sees_all(user) else "assessment:public_detail", args=[rnd.pk])
        title = _("Chỉ số CCHC năm %(year)s — %(kind)s") % {"year": year, "kind": rnd.framework.get_unit_kind_display()}
        if mine is not None:
            out.append({"key": f"index-{rnd.pk}", "title": title, "url": url,
                        "value": "%s%%" % format_number(Decimal(mine["index"]), 2),
                        "note": _("%(unit)s: hạng %(rank)s/%(n)s · %(band)s") % {
                            "unit": mine["unit"], "rank": mine["rank"], "n": len(ranked), "band": mine["class"]}})
        elif len(seen) > 1:
            first = seen[0]
            out.append({"key": f"index-{rnd.pk}", "title": title, "url": url,
                        "value": _("%(n)s đơn vị xếp hạng") % {"n": len(ranked)},
                        "note": _("Dẫn đầu: %(unit)s (%(index)s%%)") % {
                            "unit": first["unit"], "index": format_number(Decimal(first["index"]), 2)}})
    return out
