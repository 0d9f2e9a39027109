from django.urls import path

from cchc.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("status/", views.status, name="status"),
    path("status/remind/", views.remind, name="remind"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/regenerate/", views.regenerate, name="regenerate"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/review/", views.review_action, name="review"),
    path("<int:pk>/consolidate/", views.consolidate, name="consolidate"),
    path("<int:pk>/report.docx", views.download_docx, name="docx"),
    path("<int:pk>/annex.xlsx", views.download_xlsx, name="xlsx"),
    path("<int:pk>/report.pdf", views.download_pdf, name="pdf"),
    path("<int:pk>/signed/", views.signed_upload, name="signed_upload"),
    path("<int:pk>/signed.pdf", views.signed_download, name="signed"),
]
