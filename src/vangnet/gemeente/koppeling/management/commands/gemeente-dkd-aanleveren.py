"""`vangnet gemeente-dkd-aanleveren --organisatie GMxxxx [--alleen-bestand PAD]`: the register to the hub."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vangnet.gemeente.koppeling.aanleveren import LeveringNietMogelijk, lever_register_aan
from vangnet.gemeente.koppeling.constants import LeveringStatus
from vangnet.gemeente.register.constants import Kanaal
from vangnet.organisations.management.commands.apikey import find_organisatie


class Command(BaseCommand):
    help = (
        "Maak het verzamelbestand van het LKS-register van een gemeente, controleer het tegen het XSD en lever "
        "het aan bij de hub (of schrijf het alleen weg met --alleen-bestand). Geschikt om ingepland te draaien."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--organisatie", required=True, help="Gemeentecode, bijvoorbeeld GM0344.")
        parser.add_argument(
            "--alleen-bestand",
            type=Path,
            metavar="PAD",
            help="Schrijf het verzamelbestand naar PAD en verstuur het niet.",
        )
        parser.add_argument(
            "--leeg-toestaan",
            action="store_true",
            help="Verstuur ook een leeg register (dat wist alle gegevens van de gemeente bij de hub).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        gemeente = find_organisatie(options["organisatie"])
        pad: Path | None = options["alleen_bestand"]
        try:
            levering = lever_register_aan(
                gemeente, kanaal=Kanaal.CLI, alleen_bestand=pad, leeg_toestaan=options["leeg_toestaan"]
            )
        except LeveringNietMogelijk as fout:
            raise CommandError(str(fout)) from fout
        kop = (
            f"Verzamelbestand {gemeente.gemeentecode} volgnummer {levering.volgnummer}: "
            f"{levering.aantal_personen} personen, {levering.aantal_perioden} LKS-perioden, "
            f"{levering.bestandsgrootte} bytes."
        )
        self.stdout.write(kop)
        if levering.status == LeveringStatus.ALLEEN_BESTAND:
            self.stdout.write(f"Geschreven naar {pad}; niet verstuurd.")
            return
        if levering.status in (LeveringStatus.GEACCEPTEERD, LeveringStatus.HERHAALD):
            self.stdout.write(
                f"Hub: {levering.http_status} {levering.get_status_display().lower()} "
                f"(aanlevering {levering.hub_aanlevering}, status {levering.hub_status}): "
                f"{levering.aantal_geaccepteerd} personen geaccepteerd, {levering.aantal_afgekeurd} afgekeurd."
            )
            if levering.melding:
                self.stdout.write(levering.melding)
            if levering.terugmelding_url:
                self.stdout.write(f"Terugmelding: {levering.terugmelding_url}")
            return
        raise CommandError(f"Niet aangeleverd ({levering.get_status_display().lower()}): {levering.melding}")
