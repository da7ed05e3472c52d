"""Settings of Làng Số: one file, driven by environment variables.

Everything has a safe default for the embedded setup (SQLite in ./data, a generated local secret
key, DEBUG off); production sets DATABASE_URL, LANGSO_SECRET_KEY and LANGSO_ALLOWED_HOSTS.
"""

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
import django_stubs_ext

from langso.core.datadir import private_dir, private_sqlite
from langso.core.keyfile import local_secret

# Lets admin classes and forms be written with type parameters (admin.ModelAdmin[Model]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The database, its log, the local keys and the cache: readable by this user only (made 0700,
# and tightened if an older version made it readable by others; see langso.core.datadir).
DATA_DIR = private_dir(Path(os.environ.get("LANGSO_DATA_DIR", BASE_DIR / "data")))

DEBUG = env_bool("LANGSO_DEBUG", False)
SECRET_KEY = os.environ.get("LANGSO_SECRET_KEY") or local_secret(DATA_DIR / "secret_key")
ALLOWED_HOSTS = env_list("LANGSO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("LANGSO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    # Installed so that /api/docs serves Swagger UI from our static files, not from a CDN: it
    # then works offline and under the content security policy.
    "ninja",
    "langso.core",
    "langso.accounts",
    "langso.units",
    "langso.teams",
    "langso.people",
    "langso.indicators",
    "langso.dashboards",
    "langso.visits",
    "langso.campaigns",
    "langso.learning",
    "langso.trust",
    "langso.feedback",
    "langso.outreach",
    "langso.reports",
    "langso.shops",
    "langso.demo",
    "langso.homes",
]

MIDDLEWARE = [
    # First, so that it compresses what every other middleware has finished (JSON only: see
    # langso.core.delivery and docs/architecture.md for why not HTML).
    "langso.core.delivery.JsonGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "langso.core.web.NeutraliseBidiMiddleware",
    "langso.core.web.SecurityHeadersMiddleware",
    "langso.core.delivery.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "langso.core.web.LanguageMiddleware",
    "langso.core.web.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "langso.accounts.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "langso.core.web.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# The embedded default is a SQLite file in the data folder, in WAL mode so that readers never
# wait for the writer; "IMMEDIATE" transactions take the write lock up front instead of failing
# half-way with "database is locked".
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'langso.sqlite3'}",
        conn_max_age=int(os.environ.get("LANGSO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
            " PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file too (not memory): a live server's threads then each get their own
    # connection, as in production, instead of sharing the test's one.
    # One file per process, so that test runs side by side never share one.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"langso-test-{os.getpid()}.sqlite3")
    }
    # Created 0600 before the first connection: SQLite would make it, and then its -wal and
    # -shm files, readable by every user of the machine.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        private_sqlite(Path(DATABASES["default"]["NAME"]))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Django's password check behind the login locks (langso/accounts/lockout.py): every
# authenticate() goes through it, the admin's login included.
AUTHENTICATION_BACKENDS = ["langso.accounts.backends.LockoutBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "homes:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Plain http is only for the local embedded server (make run sets LANGSO_HTTPS=0); everywhere else
# cookies travel only over TLS.
HTTPS = env_bool("LANGSO_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
# Database sessions that know their user and browser (langso/accounts/sessions.py): a person
# sees where they are logged in, and deactivating an account ends its sessions at once.
SESSION_ENGINE = "langso.accounts.sessions"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS and not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30

OTP_TOTP_ISSUER = "Làng Số"

# Background work (imports) goes through the Django tasks API; the database backend needs no
# broker: `manage.py db_worker` runs the tasks (make run starts one beside the web server).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("LANGSO_TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend")
    }
}

# Email for announcements (langso.outreach.channels.email): sent through this SMTP server when
# LANGSO_EMAIL_HOST is set; otherwise the email channel shows as not connected. A time-out keeps
# a silent server from holding the delivery worker.
DEFAULT_FROM_EMAIL = os.environ.get("LANGSO_EMAIL_FROM", "Làng Số <no-reply@localhost>")
if os.environ.get("LANGSO_EMAIL_HOST"):
    EMAIL_HOST = os.environ["LANGSO_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("LANGSO_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("LANGSO_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("LANGSO_EMAIL_PASSWORD", "")
    EMAIL_USE_SSL = env_bool("LANGSO_EMAIL_USE_SSL", False)
    EMAIL_USE_TLS = env_bool("LANGSO_EMAIL_USE_TLS", not EMAIL_USE_SSL)
    EMAIL_TIMEOUT = 20

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]

# The cache holds small lookups that each process may compute on its own (the ethnic groups of
# a dashboard's unit), so each keeps them in its memory. Rate limits count in the database
# (core.ratelimit), where every process and server shares them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The site's public address, for links in messages sent outside a request (SMS, Zalo, email:
# a guide, the opt-out page, a Zalo group's tracked link).
LANGSO_PUBLIC_URL = os.environ.get("LANGSO_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

STATIC_URL = "static/"
STATIC_ROOT = private_dir(DATA_DIR / "static")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
# ``collectstatic`` (run by ``make run``) writes each file under a name carrying its hash, with
# a gzip copy; WhiteNoise serves those with a year's immutable caching. Files not collected yet
# are served from their folders (finders) under their plain names, cached for a minute.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "langso.core.delivery.StaticStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr}},
    "root": {"handlers": ["console"], "level": os.environ.get("LANGSO_LOG_LEVEL", "WARNING")},
}
