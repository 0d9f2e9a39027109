from django.urls import path

from cchc.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("summary/", views.summary, name="summary"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/docx/", views.plan_docx, name="plan_docx"),
    path("plans/<int:pk>/issue/", views.plan_issue, name="plan_issue"),
    path("plans/<int:pk>/inspections/new/", views.inspection_new, name="inspection_new"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/checklist/", views.checklist_save, name="checklist_save"),
    path("<int:pk>/findings/new/", views.finding_new, name="finding_new"),
    path("<int:pk>/conclude/", views.conclude, name="conclude"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/notice.docx", views.notice_docx, name="notice_docx"),
]
