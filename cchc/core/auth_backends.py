from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    """django-axes lockout check for every web/API login.

    Calls without a request (Django's test client ``login()``, management commands) are not web logins and
    cannot be throttled per IP, so they skip the check instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
