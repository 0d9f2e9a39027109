from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cchc.api import api
from cchc.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("core/", include("cchc.core.urls")),
    path("org/", include("cchc.org.urls")),
    path("plans/", include("cchc.plans.urls")),
    path("kb/", include("cchc.knowledge.urls")),
    path("exams/", include("cchc.exams.urls")),
    path("capacity/", include("cchc.capacity.urls")),
    path("notifications/", include("cchc.notifications.urls")),
    path("dossiers/", include("cchc.dossiers.urls")),
]
