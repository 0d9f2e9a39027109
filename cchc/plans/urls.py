from django.urls import path

from cchc.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/status/", views.import_status, name="import_status"),
    path("imports/<int:pk>/edit/", views.import_edit, name="import_edit"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/targets/", views.targets, name="targets"),
    path("my/", views.my_work, name="my_work"),
    path("occurrences/<int:pk>/", views.occurrence_detail, name="occurrence_detail"),
    path("reports/<int:pk>/action/", views.report_action, name="report_action"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("review/", views.review_queue, name="review_queue"),
    path("reports/decide/", views.reports_decide_picked, name="reports_decide_picked"),
    path("deadlines/", views.deadline_requests, name="deadline_requests"),
    path("deadlines/<int:pk>/decide/", views.deadline_decide, name="deadline_decide"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("late/", views.late, name="late"),
]
