from django import template

from cchc.core import vndates, vntext

register = template.Library()


@register.filter
def vi_date(value):
    if not value:
        return ""
    return value.strftime("%d/%m/%Y")


@register.filter
def vi_datetime(value):
    if not value:
        return ""
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%H:%M %d/%m/%Y")


@register.filter
def vi_date_long(value):
    return vndates.format_date_long(value) if value else ""


@register.filter
def vi_number(value, decimals=None):
    if value is None or value == "":
        return ""
    return vntext.format_number(value, decimals) if decimals is not None else vntext.format_number(value)


@register.filter
def period_label(value):
    """A period code as people read it: "2024Q1" → "Quý I/2024", "2024S1" → "6 tháng đầu năm 2024", "2024" →
    "Năm 2024", "202401" → "Tháng 01/2024" (cchc.core.periods.Period.label); anything else is shown as it is."""
    from cchc.core.periods import label_of

    return label_of(value or "")
