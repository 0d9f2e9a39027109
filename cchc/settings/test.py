import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

DEBUG = False
CCHC_JOBS = "inline"
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT = 5
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cchc-test"}}
STORAGES = {
    "default": {"BACKEND": "cchc.core.storage.TransactionalFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The leader step (on by default in base) is switched on explicitly by the tests of the review flow
# (tests/plans/test_review_flow.py), so the other tests exercise the plain unit → office path.
CCHC_LEADER_APPROVAL = False

# Tests never read or write the developer's var/: the demo data of `make run` (var/dossiers) changed the figures of
# the report tests, and uploaded files landed in var/media. Each test process gets its own directory, removed at exit.
_TEST_VAR = Path(tempfile.mkdtemp(prefix="cchc-test-"))
atexit.register(shutil.rmtree, _TEST_VAR, ignore_errors=True)
MEDIA_ROOT = _TEST_VAR / "media"
CCHC_DOSSIERS_DIR = _TEST_VAR / "dossiers"
CCHC_BACKUP_DIR = _TEST_VAR / "backups"
