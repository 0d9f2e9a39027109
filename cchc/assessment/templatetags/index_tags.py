from django import template

from cchc.assessment import scoring

register = template.Library()


@register.filter
def pts(value):
    """Points the Vietnamese way without trailing zeros: 1,5 (not 1,500); empty for None."""
    if value is None or value == "":
        return ""
    try:
        return scoring.fmt(value)
    except scoring.ScoringError:
        return str(value)


@register.filter
def num2(value):
    """A figure with two decimals the Vietnamese way (85,18); machine strings "85.184" are read as decimals."""
    if value is None or value == "":
        return ""
    from cchc.core.vntext import format_number

    try:
        return format_number(scoring.dec(value), 2)
    except scoring.ScoringError:
        return str(value)


@register.filter
def measure_label(key):
    """The Vietnamese label of a measure key ("plans.tasks_done_pct" → "Tỷ lệ nhiệm vụ … hoàn thành")."""
    from cchc.assessment import measures

    return measures.label(key)


@register.filter
def source_label(row_model):
    """"plans.Occurrence" → the model's plural name as users read it ("lượt báo cáo tiến độ"); the label as given
    when it is no model."""
    from django.apps import apps  # noqa: PLC0415

    try:
        return apps.get_model(str(row_model))._meta.verbose_name_plural
    except (LookupError, ValueError):
        return row_model
