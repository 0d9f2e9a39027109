from django import template

from cchc.core import vntext

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
    if not value:
        return ""
    return f"ngày {value.day:02d} tháng {value.month} năm {value.year}"


@register.filter
def vi_number(value, decimals=None):
    if value is None or value == "":
        return ""
    fmt = getattr(vntext, "format_number", None)
    if fmt:
        return fmt(value, decimals) if decimals is not None else fmt(value)
    return str(value)
