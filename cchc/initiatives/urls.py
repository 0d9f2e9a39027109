from django.urls import path

from cchc.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.index, name="index"),
    path("public/", views.public_list, name="public"),
    path("new/", views.propose, name="propose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/attachment/", views.attachment, name="attachment"),
    path("<int:pk>/score/", views.score, name="score"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/replicate/", views.replicate, name="replicate"),
]
