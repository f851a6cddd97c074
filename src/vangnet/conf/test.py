"""Settings for the test suite: fast hashing, mail in memory."""

from vangnet.conf.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documenten": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
# The live server of the browser tests serves static files from the finders itself.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
VANGNET_WEBSERVICE_HTTPS_VERPLICHT = False
