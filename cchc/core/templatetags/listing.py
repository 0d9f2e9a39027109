"""Sort headers for list pages built with cchc.core.listing."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def sort_th(listing, key, label, css=""):
    """<th> with a link that sorts by ``key`` (flips the direction when already sorted by it)."""
    cls = f' class="{css}"' if css else ""
    if not hasattr(listing, "sorts") or key not in listing.sorts:
        return format_html("<th{}>{}</th>", format_html(cls) if cls else "", label)
    current = listing.sort == key
    arrow = ("▼" if listing.descending else "▲") if current else ""
    aria = ("descending" if listing.descending else "ascending") if current else "none"
    return format_html('<th{} aria-sort="{}"><a class="sort" href="?{}">{}</a>{}</th>',
                       format_html(cls) if cls else "", aria, listing.sort_query(key), label,
                       format_html(' <span aria-hidden="true">{}</span>', arrow) if arrow else "")


@register.simple_tag
def page_query(listing, number):
    return listing.page_query(number)
