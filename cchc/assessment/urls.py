from django.urls import path

from cchc.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("frameworks/import/", views.framework_import, name="framework_import"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("a/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("rounds/<int:pk>/results/", views.results, name="results"),
    path("rounds/<int:pk>/council/", views.council, name="council"),
    path("external/", views.external, name="external"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
]
