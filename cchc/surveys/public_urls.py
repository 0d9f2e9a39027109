"""Public survey URLs, mounted at /s/ (short, to fit a QR code and a receipt)."""

from django.urls import path

from cchc.surveys import public

urlpatterns = [
    path("", public.enter_code, name="survey_enter"),
    path("k/<str:token>/", public.kiosk, name="survey_kiosk"),
    path("<str:code>/", public.respond, name="survey_respond"),
]
