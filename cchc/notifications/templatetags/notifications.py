from django import template

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The bell with the unread count, for the top bar (one COUNT query per page)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    count = 0
    if user is not None and user.is_authenticated:
        from cchc.notifications.selectors import notifications_unread_count

        count = notifications_unread_count(user)
    return {"count": count}
