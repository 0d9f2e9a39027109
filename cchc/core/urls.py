"""The kernel has no pages of its own under /core/: the audit browser and job progress (they need users' roles)
are ``cchc.site``'s, mounted there by ``cchc/urls.py`` under the same names (``core:audit_list``,
``core:job_detail``)."""

app_name = "core"
urlpatterns: list = []
