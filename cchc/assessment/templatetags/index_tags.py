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
