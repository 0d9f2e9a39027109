from django.urls import path

from cchc.core import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
]
