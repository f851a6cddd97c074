"""`vangnet dkd-aanleveren FILE --organisatie GMxxxx`: deliver a verzamelbestand from the command line."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

from django.core.management.base import BaseCommand, CommandError

from vangnet.hub.constants import Kanaal
from vangnet.hub.dkd.ingest import AanleveringGeweigerd, Afzender, lever_aan
from vangnet.organisations.management.commands.apikey import find_organisatie


class Command(BaseCommand):
    help = "Lever een verzamelbestand (DKD re-integratie) aan namens een gemeente."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("bestand", type=Path, help="Het verzamelbestand (XML).")
        parser.add_argument("--organisatie", required=True, help="Gemeentecode van de afzender, bijvoorbeeld GM0344.")
        parser.add_argument("--stil", action="store_true", help="Geen voortgangsbalk.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["bestand"]
        if not path.exists() or path.is_dir():
            raise CommandError(f"Bestand '{path}' bestaat niet.")
        gemeente = find_organisatie(options["organisatie"])
        console = Console(file=self.stdout, stderr=False)  # type: ignore[arg-type]
        progress = Progress(
            TextColumn("Aanleveren"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=Console(file=self.stderr),  # type: ignore[arg-type]
            disable=options["stil"],
        )
        with progress, path.open("rb") as bestand:
            taak = progress.add_task("aanleveren", total=path.stat().st_size)
            try:
                resultaat = lever_aan(
                    Afzender(gemeente, Kanaal.CLI), bestand, voortgang=lambda n: progress.advance(taak, n)
                )
            except AanleveringGeweigerd as weigering:
                raise CommandError(f"Bestand geweigerd ({weigering.code}): {weigering.melding}") from weigering
        aanlevering = resultaat.aanlevering
        if resultaat.herhaald:
            console.print(f"Volgnummer {aanlevering.volgnummer} was al verwerkt; er is niets gewijzigd.")
        console.print(
            f"Aanlevering {aanlevering.uuid} van {gemeente}: volgnummer {aanlevering.volgnummer}, "
            f"{aanlevering.aantal_geaccepteerd} personen geaccepteerd, {aanlevering.aantal_afgekeurd} afgekeurd."
        )
        if aanlevering.aantal_afgekeurd:
            console.print(
                f"Terugmelding: GET /api/v1/dkd/aanleveringen/{aanlevering.uuid}/terugmelding "
                "(of in het portaal onder Aanleveren)."
            )
