"""Settings for every environment; thin overrides live beside this file (test.py)."""

from pathlib import Path

import dj_database_url

from vangnet.conf.environment import env, env_bool

PACKAGE_DIR = Path(__file__).resolve().parent.parent
CHECKOUT_DIR = PACKAGE_DIR.parent.parent
_in_checkout = (CHECKOUT_DIR / "pyproject.toml").exists()

VAR_DIR = Path(
    env(
        "VANGNET_VAR_DIR",
        str(CHECKOUT_DIR / "var") if _in_checkout else str(Path.cwd() / "var"),
        "Folder for the embedded SQLite database, collected static files and outgoing mail.",
    )
)
NODE_MODULES_DIR = CHECKOUT_DIR / "node_modules"

SECRET_KEY = env(
    "VANGNET_SECRET_KEY",
    "onveilig-alleen-voor-ontwikkeling-en-demo",
    "Django's secret key. Set a long random value in production.",
)
DEBUG = env_bool("VANGNET_DEBUG", False, "Django's debug pages; never in production.")
ALLOWED_HOSTS = env("VANGNET_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver", "Comma-separated host names.").split(",")
PORTAL_BASE_URL = env("VANGNET_PORTAL_URL", "http://127.0.0.1:8000", "Public address of the portal, used in e-mails.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "vangnet.organisations",
    "vangnet.hub",
    "vangnet.gemeente",
    "vangnet.api",
    "vangnet.portal",
    "vangnet.core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vangnet.api.middleware.RefuseBsnInUrlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "vangnet.api.middleware.ApiVersionHeaderMiddleware",
]

ROOT_URLCONF = "vangnet.urls"
WSGI_APPLICATION = "vangnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vangnet.portal.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'vangnet.sqlite3'}",
            "Database; the embedded SQLite file under var/ when unset, postgres://user@host:5432/name in production.",
        ),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the portal read while a delivery is being written; IMMEDIATE avoids
    # "database is locked" upgrades halfway through a write transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisations.Gebruiker"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("VANGNET_SECURE_COOKIES", False, "Send cookies over HTTPS only.")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

# Paths are matched literally: /api/v1/x/ is not /api/v1/x and answers 404, never a redirect.
APPEND_SLASH = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("nlds/component-library", NODE_MODULES_DIR / "@utrecht" / "component-library-css" / "dist"),
    ("nlds/design-tokens", NODE_MODULES_DIR / "@utrecht" / "design-tokens" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

EMAIL_BACKEND = env(
    "VANGNET_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend",
    "Django e-mail backend; django.core.mail.backends.smtp.EmailBackend in production.",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env("VANGNET_EMAIL_HOST", "localhost", "SMTP server.")
EMAIL_PORT = int(env("VANGNET_EMAIL_PORT", "25", "SMTP port."))
EMAIL_HOST_USER = env("VANGNET_EMAIL_HOST_USER", "", "SMTP user name; empty for a server without login.")
EMAIL_HOST_PASSWORD = env("VANGNET_EMAIL_HOST_PASSWORD", "", "SMTP password.")
EMAIL_USE_TLS = env_bool("VANGNET_EMAIL_USE_TLS", False, "SMTP with STARTTLS (usually port 587).")
VANGNET_DKD_MAX_BYTES = int(
    env("VANGNET_DKD_MAX_BYTES", str(2 * 1024**3), "Largest verzamelbestand the hub accepts, in bytes.")
)
VANGNET_DKD_WEBSERVICE_CLIENT = env(
    "VANGNET_DKD_WEBSERVICE_CLIENT",
    "vangnet.hub.dkd.webservice.GeenClient",
    "Class through which the hub calls the DKD webservice of a gemeente.",
)
VANGNET_TOETS_OPNIEUW_MINUTEN = int(
    env("VANGNET_TOETS_OPNIEUW_MINUTEN", "15", "Minutes after which an 'onbekend' LKS-toets may be asked again.")
)
VANGNET_WEBSERVICE_HTTPS_VERPLICHT = env_bool(
    "VANGNET_WEBSERVICE_HTTPS_VERPLICHT", True, "Gemeente webservices must use https (turn off only for local tests)."
)
DEFAULT_FROM_EMAIL = env("VANGNET_EMAIL_FROM", "vangnet@localhost", "Sender of notifications.")

API_VERSION = "1.0.0"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "vangnet.organisations.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["vangnet.organisations.permissions.IsOrganisationCaller"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "vangnet.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "vangnet API",
    "DESCRIPTION": (
        "De API van vangnet volgens de NL API Design Rules: hub (Inlichtingenbureau-rol), "
        "UWV en gemeente. Authenticatie met een API-sleutel van de organisatie in de header "
        "`X-Api-Key`. Fouten zijn `application/problem+json`. Een BSN staat nooit in een URL."
    ),
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVERS": [{"url": "/api/v1"}],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "CONTACT": {"name": "vangnet"},
    "LICENSE": {"name": "EUPL-1.2"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_bsn": {"()": "vangnet.core.logging.MaskBsnFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_bsn"]},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
