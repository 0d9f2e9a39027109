from django.urls import path

from cchc.site import views

# mounted at /core/ in the "core" namespace (cchc/urls.py): the addresses and names the pages always had
core_urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
]
