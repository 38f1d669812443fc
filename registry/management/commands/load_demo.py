"""``manage.py load_demo``: load the demo negative results (see registry.demo)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from registry.demo import load_demo


class Command(BaseCommand):
    help = "Load twelve published negative results as demo entries (idempotent); demo accounts only if DEBUG."

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout, create_accounts=settings.DEBUG)
