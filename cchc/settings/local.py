from .base import *  # noqa: F401,F403
from .base import env_bool

# `make run` is what a user tries first: the pages users see (404/500 pages, no URL list), unless DEBUG=1 is set for
# development. Static files are served by WhiteNoise from the apps' folders (no collectstatic for the demo).
DEBUG = env_bool("DEBUG", False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
