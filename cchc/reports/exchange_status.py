"""Report status for the exchange API (hook ``exchange_report_status``, cchc.exchange.selectors.report_statuses):
each periodic CCHC report the client system may see, with its review state, as the provincial reporting system and
the national portal pull it."""

from __future__ import annotations


def report_statuses(*, unit_ids, updated_since) -> list[dict]:
    from cchc.reports.models import Report

    qs = Report.objects.select_related("unit").order_by("pk")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    return [{"id": f"reports:{r.pk}", "kind": f"cchc_{r.level}", "title": str(r), "unit_id": r.unit_id,
             "period": f"{r.year}-{r.period_kind}", "status": "issued" if r.frozen_at and r.level != "unit"
             else r.review_state, "status_label": "Đã ban hành" if r.frozen_at and r.level != "unit"
             else r.get_review_state_display(), "due_date": None, "submitted_at": r.submitted_at,
             "updated_at": r.updated_at} for r in qs]
