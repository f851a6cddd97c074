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
    "vangnet.gemeente.register",
    "vangnet.gemeente.koppeling",
    "vangnet.gemeente.dossiers",
    "vangnet.uwv",
    "vangnet.api",
    "vangnet.portal",
    "vangnet.core",
    "vangnet.simulatie",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vangnet.api.middleware.RefuseBsnInUrlMiddleware",
    # Django's own, skipped by requests with an API key (vangnet.api.middleware):
    "vangnet.api.middleware.SessionMiddleware",
    "vangnet.api.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "vangnet.api.middleware.CsrfViewMiddleware",
    "vangnet.api.middleware.AuthenticationMiddleware",
    "vangnet.api.middleware.MessageMiddleware",
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
    # Dossier documents: never under a public URL, served only by a view that checks access.
    "documenten": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": VAR_DIR / "documenten",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
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
    "vangnet.hub.dkd.soap_client.SoapWebserviceClient",
    "Class through which the hub calls the DKD webservice of a gemeente (GeenClient: never call).",
)
VANGNET_TOETS_OPNIEUW_MINUTEN = int(
    env("VANGNET_TOETS_OPNIEUW_MINUTEN", "15", "Minutes after which an 'onbekend' LKS-toets may be asked again.")
)
VANGNET_WEBSERVICE_HTTPS_VERPLICHT = env_bool(
    "VANGNET_WEBSERVICE_HTTPS_VERPLICHT", True, "Gemeente webservices must use https (turn off only for local tests)."
)
# SOAP (docs/webservice.md): the hub calling a gemeente's GSDReintegratieInfo, and answering it itself.
VANGNET_DKD_WEBSERVICE_CONNECT_TIMEOUT = float(
    env("VANGNET_DKD_WEBSERVICE_CONNECT_TIMEOUT", "3", "Seconds to wait for a connection to a gemeente webservice.")
)
VANGNET_DKD_WEBSERVICE_READ_TIMEOUT = float(
    env("VANGNET_DKD_WEBSERVICE_READ_TIMEOUT", "5", "Seconds to wait for the next bytes of a gemeente's answer.")
)
VANGNET_DKD_WEBSERVICE_BUDGET = float(
    env("VANGNET_DKD_WEBSERVICE_BUDGET", "8", "Most seconds one question to a gemeente may take, retries included.")
)
VANGNET_DKD_WEBSERVICE_POGINGEN = int(
    env(
        "VANGNET_DKD_WEBSERVICE_POGINGEN",
        "2",
        "Attempts per question (retried only on time-outs and lost connections).",
    )
)
VANGNET_DKD_WEBSERVICE_BACKOFF = float(
    env("VANGNET_DKD_WEBSERVICE_BACKOFF", "0.25", "Seconds before the first retry; doubled for each next one.")
)
VANGNET_DKD_WEBSERVICE_MAX_BYTES = int(
    env(
        "VANGNET_DKD_WEBSERVICE_MAX_BYTES",
        str(1024 * 1024),
        "Largest answer read from a gemeente webservice, in bytes.",
    )
)
VANGNET_DKD_CIRCUIT_DREMPEL = int(
    env("VANGNET_DKD_CIRCUIT_DREMPEL", "5", "Failed calls in a row after which the hub stops calling a gemeente.")
)
VANGNET_DKD_CIRCUIT_AFKOELING = int(
    env("VANGNET_DKD_CIRCUIT_AFKOELING", "60", "Seconds the hub then waits before it tries that gemeente again.")
)
VANGNET_SOAP_TLS_CERT = env(
    "VANGNET_SOAP_TLS_CERT", "", "PEM client certificate of the hub for two-way TLS (empty: none)."
)
VANGNET_SOAP_TLS_KEY = env("VANGNET_SOAP_TLS_KEY", "", "PEM private key of that client certificate.")
VANGNET_SOAP_TLS_CA = env("VANGNET_SOAP_TLS_CA", "", "PEM CA bundle to check gemeente servers (empty: the system's).")
VANGNET_SOAP_ONDERTEKENEN = env_bool(
    "VANGNET_SOAP_ONDERTEKENEN", False, "Sign outgoing SOAP messages with WS-Security (Digikoppeling WUS)."
)
VANGNET_SOAP_ONDERTEKEN_CERT = env(
    "VANGNET_SOAP_ONDERTEKEN_CERT", "", "PEM certificate for WS-Security signing (empty: VANGNET_SOAP_TLS_CERT)."
)
VANGNET_SOAP_ONDERTEKEN_KEY = env(
    "VANGNET_SOAP_ONDERTEKEN_KEY", "", "PEM private key for WS-Security signing (empty: VANGNET_SOAP_TLS_KEY)."
)
VANGNET_SOAP_HANDTEKENING_VERPLICHT = env_bool(
    "VANGNET_SOAP_HANDTEKENING_VERPLICHT", False, "The hub's SOAP services refuse requests without a valid signature."
)
VANGNET_SOAP_VERTROUWD = env(
    "VANGNET_SOAP_VERTROUWD",
    "",
    "PEM file of certificates (or their CAs) whose signatures the hub trusts (empty: any).",
)
VANGNET_SOAP_ADRES = env(
    "VANGNET_SOAP_ADRES", PORTAL_BASE_URL + "/soap", "Public base address of the hub's SOAP services (wsa:From)."
)
VANGNET_OIN = env("VANGNET_OIN", "", "OIN of the hub (20 digits), appended to wsa:From as ?oin=.")
VANGNET_SOAP_BRON_DN = env("VANGNET_SOAP_BRON_DN", "CN=vangnet-hub", "Distinguished name of the hub in FWI messages.")
VANGNET_SOAP_CLIENTCERT_HEADER = env(
    "VANGNET_SOAP_CLIENTCERT_HEADER",
    "",
    "Header in which the TLS proxy passes the verified client certificate's subject, e.g. X-SSL-Client-S-DN.",
)
VANGNET_SOAP_CERTIFICAAT_ORGANISATIES = env(
    "VANGNET_SOAP_CERTIFICAAT_ORGANISATIES",
    "{}",
    'JSON object: client certificate subject -> organisation uuid, e.g. {"CN=uwv,O=UWV,C=NL": "<uuid>"}.',
)
VANGNET_HUB_URL = env(
    "VANGNET_HUB_URL",
    PORTAL_BASE_URL,
    "Address of the hub whose API the gemeente side calls (DKD delivery, signaalrapporten); per gemeente "
    "it can be set in its GemeenteKoppeling.",
)
VANGNET_HUB_API_KEY = env(
    "VANGNET_HUB_API_KEY",
    "",
    "Secret: the gemeente's API key at the hub (dkd_aanleveren, lks_reintegratie_ophalen), when it is not "
    "set per gemeente in its GemeenteKoppeling.",
)
VANGNET_VERZAMELBESTAND_XSD = env(
    "VANGNET_VERZAMELBESTAND_XSD",
    str(CHECKOUT_DIR / "schemas" / "verzamelbestand-v1.xsd"),
    "The XSD a verzamelbestand is validated against before the gemeente sends it.",
)
VANGNET_UWV_HUB_API_KEY = env(
    "VANGNET_UWV_HUB_API_KEY", "", "UWV's API key at the hub (machtiging lks_toets) for the LKS-toets and meldingen."
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
    "DEFAULT_PAGINATION_CLASS": "vangnet.api.paginering.Paginering",
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
