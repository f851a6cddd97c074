"""`vangnet serve [ADDR:PORT]`: bring the database up to date and serve the portal and API."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def statische_bestanden_ontbreken() -> bool:
    """Whether STATIC_ROOT holds nothing yet (bin/setup collects them under var/; another VANGNET_VAR_DIR
    starts empty, and the portal would have no stylesheets)."""
    root = Path(settings.STATIC_ROOT)
    return not root.is_dir() or not any(root.iterdir())


class Command(BaseCommand):
    help = "Serveer het portaal en de API (standaard op 127.0.0.1:8000)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if statische_bestanden_ontbreken():
            self.stdout.write(f"Stijlbladen en scripts verzamelen in {settings.STATIC_ROOT} (eenmalig, even geduld)…")
            call_command("collectstatic", interactive=False, verbosity=0)
        call_command("runserver", options["addrport"], use_reloader=False)
