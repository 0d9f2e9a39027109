from django.urls import path

from cchc.procedures import views

app_name = "procedures"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/", views.preview, name="preview"),
    path("import/<int:pk>/discard/", views.discard, name="discard"),
    path("<str:code>/", views.detail, name="detail"),
]
