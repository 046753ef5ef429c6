"""Run `manage.py procrastinate worker` against the test database, in a process of its own.

Tests start it with `python -m tests.worker_process NAME [worker options]`: NAME is the test
database (pytest-django's `test_…`), on the server the settings point at (DATABASE_URL or the
embedded one), so a real worker can be killed without touching the test process.
"""

import os
import sys

import django

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    database, *worker_options = sys.argv[1:]
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DATABASES["default"]["NAME"] = database
    call_command("procrastinate", "worker", *worker_options)
