from django.urls import path

from cchc.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.index, name="index"),
    path("late/<str:code>/", views.late, name="late"),
    path("unit/<str:code>/", views.unit, name="unit"),
    path("import/", views.imports, name="imports"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("links/", views.links, name="links"),
]
