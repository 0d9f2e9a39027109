from django.urls import path

from cchc.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/codes/", views.codes_new, name="codes_new"),
    path("rounds/<int:pk>/kiosk/", views.kiosk_start, name="kiosk_start"),
    path("rounds/<int:pk>/kiosk/<int:kiosk_id>/stop/", views.kiosk_stop, name="kiosk_stop"),
    path("rounds/<int:pk>/paper/", views.paper, name="paper"),
    path("rounds/<int:pk>/import/", views.import_responses, name="import"),
    path("results/", views.results, name="results"),
    path("results/texts/", views.texts, name="texts"),
    path("results/measure/", views.record_measurement, name="record_measurement"),
    path("questionnaires/", views.questionnaires, name="questionnaires"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/action/", views.version_action, name="version_action"),
]
