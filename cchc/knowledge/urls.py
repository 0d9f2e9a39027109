from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.search, name="search"),
    path("documents/", views.document_list, name="documents"),
    path("documents/upload/", views.document_upload, name="upload"),
    path("d/<int:pk>/", views.document_detail, name="document"),
    path("d/<int:pk>/publication/", views.document_publication, name="publication"),
    path("p/<int:pk>/", views.passage_detail, name="passage"),
    path("ask-office/", views.question_create, name="ask_office"),
    path("faq/", views.faq, name="faq"),
    path("feedback/", views.feedback, name="feedback"),
    path("office/", views.office, name="office"),
    path("office/<int:pk>/answer/", views.question_answer, name="answer"),
]
