"""Set up a demo: the three role users and the demo articles (plus the seed articles if present)."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, call_command

from claims.roles import ADMIN, REVIEWER, VIEWER

DEMO_ARTICLES = Path(settings.BASE_DIR) / "articles" / "demo"
SEED_ARTICLES = Path(settings.BASE_DIR).parent / "shared" / "seeds"


class Command(BaseCommand):
    help = "Create the demo users (admin, reviewer, viewer) and import the demo articles."

    def handle(self, *args, **options):
        self.create_users()
        folders = [DEMO_ARTICLES] + ([SEED_ARTICLES] if SEED_ARTICLES.is_dir() else [])
        call_command("import_articles", *map(str, folders), stdout=self.stdout, stderr=self.stderr)

    def create_users(self):
        User = get_user_model()
        # One password for the three demo users: from DEMO_PASSWORD, else random and shown once.
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        created = []
        for role in (ADMIN, REVIEWER, VIEWER):
            if User.objects.filter(username=role).exists():
                continue
            user = User.objects.create_user(
                username=role, password=password, is_staff=role == ADMIN, is_superuser=role == ADMIN
            )
            user.groups.add(Group.objects.get(name=role))
            created.append(role)
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo users {', '.join(created)} created; password: {password}")
            )
        else:
            self.stdout.write(
                "Demo users already exist (reset one with: manage.py changepassword NAME)."
            )
