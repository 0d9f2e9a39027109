from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cchc.api import api
from cchc.core import urls as core_urls
from cchc.core import views as core_views
from cchc.site import urls as site_urls
from cchc.site import views as site_views

urlpatterns = [
    path("", site_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("core/", include(([*core_urls.urlpatterns, *site_urls.core_urlpatterns], core_urls.app_name))),
    path("org/", include("cchc.org.urls")),
    path("plans/", include("cchc.plans.urls")),
    path("kb/", include("cchc.knowledge.urls")),
    path("exams/", include("cchc.exams.urls")),
    path("capacity/", include("cchc.capacity.urls")),
    path("notifications/", include("cchc.notifications.urls")),
    path("inspections/", include("cchc.inspections.urls")),
    path("initiatives/", include("cchc.initiatives.urls")),
    path("surveys/", include("cchc.surveys.urls")),
    path("s/", include("cchc.surveys.public_urls")),
    path("index/", include("cchc.assessment.urls")),
    path("dossiers/", include("cchc.dossiers.urls")),
    path("procedures/", include("cchc.procedures.urls")),
    path("reports/", include("cchc.reports.urls")),
    path("exchange/", include("cchc.exchange.urls")),
]
