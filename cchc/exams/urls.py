from django.urls import path

from cchc.exams import views

app_name = "exams"
urlpatterns = [
    path("", views.index, name="index"),
    path("bank/", views.bank, name="bank"),
    path("bank/new/", views.question_edit, name="question_new"),
    path("bank/<int:pk>/", views.question_edit, name="question_edit"),
    path("bank/import/", views.bank_import, name="bank_import"),
    path("bank/export.<str:fmt>", views.bank_export, name="bank_export"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_edit, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/start/", views.start, name="start"),
    path("campaigns/<int:pk>/publish-results/", views.campaign_publish_results, name="publish_results"),
    path("campaigns/<int:pk>/close-overdue/", views.campaign_close_overdue, name="close_overdue"),
    path("campaigns/<int:pk>/export/<str:table>.xlsx", views.campaign_export, name="campaign_export"),
    path("attempts/<int:pk>/", views.take, name="take"),
    path("attempts/<int:pk>/result/", views.result, name="result"),
    path("attempts/<int:pk>/marks/", views.change_marks, name="change_marks"),
    path("attempts/<int:pk>/certificate.docx", views.certificate, name="certificate"),
]
