from django.urls import path

from cchc.org import views

app_name = "org"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/edit/", views.unit_edit, name="unit_edit"),
    path("export.xlsx", views.unit_export, name="unit_export"),
    path("import/", views.unit_import, name="unit_import"),
    path("resolve/", views.resolve, name="resolve"),
]
