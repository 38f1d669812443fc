"""Settings for the Negative Results Registry, read from the environment.

See the README's "Settings" section for every variable. Nothing here is a secret
that production could end up using: without DEBUG, SECRET_KEY must be set.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import envaddress, envbool, envcache, envdatabase, envint, envlist, envmail

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-used-when-DEBUG-is-off"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, or DEBUG=1 for development."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS item {_origin!r} must start with http:// or https://."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    # The REST API (api/): DRF, the FilterSet shared with the pages, the OpenAPI schema and its offline docs.
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "registry",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header (CONTENT_SECURITY_POLICY below) on every response, static files too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "registry.context_processors.registry",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": envdatabase("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Throttle counts live in the cache: with several gunicorn workers or hosts, set CACHE_URL to a
# shared cache (redis://host:6379/0, or db://cache_table after `manage.py createcachetable`).
CACHES = {"default": envcache("CACHE_URL", "locmem://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Brute-force protection on sign-in (django-axes). Failures are counted in the database, so every
# gunicorn worker and host sees the same count. AxesStandaloneBackend only checks for a lockout;
# ModelBackend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15, minimum=1))
# Lock the pair (user name, address): a guesser is stopped without letting anyone lock a
# researcher out from elsewhere by typing their user name wrongly.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Sign-in failures are counted by the same client address as the throttles (TRUSTED_PROXIES below).
AXES_CLIENT_IP_CALLABLE = "registry.throttling.client_ip"
AXES_USERNAME_CALLABLE = "registry.throttling.axes_username"

# How many reverse proxies in front of the registry append to X-Forwarded-For. 0: the header is ignored and the
# client is REMOTE_ADDR. N: the client is the address the outermost of the N proxies saw. Set it only when
# nothing reaches the registry except through them: a client talking to it directly could name any address.
TRUSTED_PROXIES = envint("TRUSTED_PROXIES", 0, minimum=0)

# The public base URL, used where a page or citation must name itself absolutely.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Negative Results Registry"

# Production hardening: on whenever DEBUG is off, overridable for a TLS-terminating proxy.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if envbool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts, styles and images load from this site only, and no
# inline <script>, <style>, style="" or on* handler runs, so markup that slips past the Markdown
# sanitiser still does nothing. Pages keep their JavaScript and CSS in static/ (README, "Content-Security-Policy").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Mail: password resets, address confirmations. EMAIL_URL (smtp+tls://user:password@host:587, smtps://…, smtp://…,
# file:///dir) or EMAIL_HOST with EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/EMAIL_USE_SSL.
# With DEBUG and neither, mail is printed with its body withheld, so a reset or confirmation link never reaches
# a log; without DEBUG start-up refuses a registry that cannot send mail.
_MAIL = envmail(debug=DEBUG)
EMAIL_BACKEND = _MAIL["EMAIL_BACKEND"]
EMAIL_HOST, EMAIL_PORT = _MAIL["EMAIL_HOST"], _MAIL["EMAIL_PORT"]
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _MAIL["EMAIL_HOST_USER"], _MAIL["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS, EMAIL_USE_SSL = _MAIL["EMAIL_USE_TLS"], _MAIL["EMAIL_USE_SSL"]
EMAIL_FILE_PATH = _MAIL["EMAIL_FILE_PATH"]
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10, minimum=1)
_SITE_HOST = urlsplit(SITE_URL).hostname or ""
DEFAULT_FROM_EMAIL = envaddress(
    "DEFAULT_FROM_EMAIL",
    f"{SITE_NAME} <noreply@{_SITE_HOST if '.' in _SITE_HOST and not _SITE_HOST[-1].isdigit() else 'localhost'}>",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How long the link that confirms a new account's e-mail address works (registry/accounts_policy.py).
EMAIL_CONFIRMATION_DAYS = envint("EMAIL_CONFIRMATION_DAYS", 3, minimum=1)

# Every log line passes a filter that blanks password-reset and address-confirmation links and API keys, the
# request lines runserver prints among them. Django's own loggers print through the same handler (its default
# console handler would print them unfiltered); errors still go to ADMINS by mail when DEBUG is off.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_secrets": {"()": "registry.redaction.RedactSecretsFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
        "django.server": {
            "class": "logging.StreamHandler", "formatter": "django.server", "filters": ["redact_secrets"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler", "level": "ERROR", "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO" if DEBUG else "WARNING"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# The REST API. Throttle rates are requests per minute; anonymous callers are counted by address.
# Throttle counts live in the default cache: use a shared cache when running several processes.
API_THROTTLE_ANON_PER_MINUTE = envint("API_THROTTLE_ANON_PER_MINUTE", 60, minimum=1)
API_THROTTLE_USER_PER_MINUTE = envint("API_THROTTLE_USER_PER_MINUTE", 600, minimum=1)
# The portal's costly pages, per signed-in user or client address (registry/throttling.py): searches and reviewer
# lookups per minute; sign-ups per hour; account mails (confirmation, notices) per hour to any one address.
PORTAL_THROTTLE_RATES = {
    "search": f"{envint('PORTAL_THROTTLE_SEARCH_PER_MINUTE', 60, minimum=1)}/min",
    "lookup": f"{envint('PORTAL_THROTTLE_LOOKUP_PER_MINUTE', 30, minimum=1)}/min",
    "signup": f"{envint('SIGNUP_THROTTLE_PER_HOUR', 10, minimum=1)}/hour",
    "account_mail": f"{envint('ACCOUNT_MAIL_PER_HOUR', 5, minimum=1)}/hour",
}
# Larger request bodies are refused with 413 before they are parsed.
API_MAX_BODY_BYTES = envint("API_MAX_BODY_BYTES", 1024 * 1024, minimum=1024)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadOrSignedIn"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["api.filtering.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 25,
    # Counted atomically in the shared cache, by user or by client address (TRUSTED_PROXIES): api/throttling.py.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "anon": f"{API_THROTTLE_ANON_PER_MINUTE}/min",
        "user": f"{API_THROTTLE_USER_PER_MINUTE}/min",
    },
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "STRICT_JSON": True,
    # Formats are chosen by the Accept header only, not by ?format= (one way, and a documented one).
    "URL_FORMAT_OVERRIDE": None,
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Negative Results Registry API",
    "DESCRIPTION": "Read and file negative results: entries, the claims they counter, papers, benchmarks, "
    "reviewer lookup and bulk export. Writes need `Authorization: Token <key>` (make one on your account page).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "EntryStatusEnum": "registry.models.entries.Status",
        "ClaimStatusEnum": ["contested", "uncontested"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_common_responses",
    ],
}
