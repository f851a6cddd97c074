"""`vangnet demo`: a fresh embedded database with the demo data, then the portal."""

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from vangnet.organisations.models import Organisatie
from vangnet.simulatie.demo import DEMO_DAGEN, DEMO_PASSWORD, DEMO_SCHAAL, load_demo_data, uwv_portaalsleutel
from vangnet.simulatie.voortgang import dagvoortgang


def remove_sqlite_database(path: Path) -> None:
    connections["default"].close()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class Command(BaseCommand):
    help = "Start een verse demo: ingebouwde SQLite-database, alle organisaties, één gebruiker per rol, portaal."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Alleen de database vullen, niet serveren.")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Adres van het portaal.")
        parser.add_argument(
            "--dagen", type=int, default=DEMO_DAGEN, help=f"Gesimuleerde dagen tot gisteren (standaard {DEMO_DAGEN})."
        )
        parser.add_argument(
            "--schaal", type=float, default=DEMO_SCHAAL, help="Vermenigvuldiger van de volumes (standaard 1)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError(
                "vangnet demo maakt een verse ingebouwde SQLite-database en wist daarom niets in "
                "een andere database: maak DATABASE_URL leeg en probeer opnieuw."
            )
        path = Path(database["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_sqlite_database(path)
        console = Console(file=self.stdout)  # type: ignore[arg-type]
        console.print(f"[bold]vangnet demo[/bold]: verse database in {path}")
        begin = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        with dagvoortgang(console, "Een jaar keten", options["dagen"]) as bij_dag:
            demo = load_demo_data(dagen=options["dagen"], schaal=options["schaal"], bij_dag=bij_dag)
        logins, telling = demo.logins, demo.telling
        console.print(
            f"{Organisatie.objects.count()} organisaties, waarvan "
            f"{Organisatie.objects.filter(type='gemeente').count()} gemeenten; in {options['dagen']} dagen "
            f"{telling.ziekmeldingen_met_lks + telling.ziekmeldingen_zonder_lks} ziekmeldingen bij UWV, "
            f"{telling.rapporten_gepubliceerd} signaalrapporten, "
            f"{sum(telling.leveringen.values())} aanleveringen ({time.perf_counter() - begin:.0f} s)."
        )
        # The UWV portal asks the hub in this same process: give it UWV's key.
        settings.VANGNET_UWV_HUB_API_KEY = uwv_portaalsleutel()
        table = Table("Rol", "Gebruikersnaam", "Wachtwoord", "Organisatie", title="Inloggen")
        for login in logins:
            table.add_row(login.rol, login.username, DEMO_PASSWORD, login.organisatie)
        console.print(table)
        if options["no_serve"]:
            return
        console.print(f"Portaal: http://{options['addr']}/  (stoppen met Ctrl-C)")
        call_command("serve", options["addr"])
