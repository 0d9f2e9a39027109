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
