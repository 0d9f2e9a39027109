"""Pages that bring the apps together: the home page (each app's attention items), the audit browser and a
background job's progress. Scoped through ``cchc.org.access``."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from cchc.core import audit
from cchc.core.listing import paginate
from cchc.core.models import Job
from cchc.core.params import id_param
from cchc.org import access
from cchc.org.access import login_and_role_required
from cchc.site.attention import collect, shows_overview


@login_and_role_required()
def home(request):
    user = request.user
    units = access.user_units(user)
    attention = collect(user)
    return render(request, "site/home.html", {
        "units": units,
        "roles": sorted(access.roles(user)),
        "role_labels": [m.get_role_display() for m in user.memberships.all()] if hasattr(user, "memberships") else [],
        "attention": attention,
        "overview": collect(user, "overview") if shows_overview(user) else [],
    })


@login_and_role_required(access.ADMIN, access.PAR_OFFICE)
def audit_list(request):
    from auditlog.models import LogEntry

    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    user_id = id_param(request.GET.get("user"), name="user")
    model = request.GET.get("model")
    object_pk = request.GET.get("object")
    if user_id:
        qs = qs.filter(actor_id=user_id)
    if model:
        app_label, _, model_name = model.partition(".")
        ct = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        qs = qs.filter(content_type=ct) if ct else qs.none()
    if object_pk:
        qs = qs.filter(object_pk=object_pk)
    listing = paginate(request, qs, sorts={"time": ("-timestamp",)}, default="time")
    users = get_user_model().objects.filter(pk__in=LogEntry.objects.values("actor_id")).order_by("username")
    return render(request, "site/audit_list.html", {"page": listing.page, "listing": listing,
                                                    "rows": audit.describe(listing.page), "users": users,
                                                    "models": audit.model_choices(),
                                                    "filters": {"user": user_id, "model": model,
                                                                "object": object_pk}})


@login_and_role_required()
def job_detail(request, pk):
    job = get_object_or_404(Job, pk=pk)
    if job.created_by_id != request.user.pk and not access.edits_all(request.user):
        raise PermissionDenied
    template = "core/_job_progress.html" if request.headers.get("HX-Request") else "core/job_detail.html"
    return render(request, template, {"job": job})
