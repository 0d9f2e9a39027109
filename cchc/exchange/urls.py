from django.urls import path

from cchc.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.client_edit, name="client_edit"),
    path("<int:pk>/tokens/", views.token_issue, name="token_issue"),
    path("<int:pk>/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
