"""Recount the per-source track records the dashboard ranks sources by."""

import time

from django.core.management import BaseCommand

from claims import track_records


class Command(BaseCommand):
    help = (
        "Refresh the per-source claim counts behind the dashboard's doubtful sources "
        "(a background worker does it every CLAIMS_TRACK_RECORDS_CRON)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        track_records.refresh_now()
        self.stdout.write(f"refreshed track records in {time.perf_counter() - started:.1f} s")
