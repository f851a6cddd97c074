"""`vangnet gemeente-signalen-importeren FILE --organisatie GMxxxx`: read a signaalrapport from the command line."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from django.core.management.base import BaseCommand, CommandError

from vangnet.gemeente.dossiers.constants import Bron
from vangnet.gemeente.dossiers.signaalintake import (
    MAX_BESTANDSGROOTTE,
    SignaalimportGeweigerd,
    importeer_signaalrapport,
)
from vangnet.organisations.management.commands.apikey import find_organisatie


class Command(BaseCommand):
    help = "Lees een Re-integratie_signaalrapport (CSV) in voor een gemeente: dossiers openen, heropenen of sluiten."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("bestand", type=Path, help="Het signaalrapport (CSV), zoals gedownload.")
        parser.add_argument("--organisatie", required=True, help="Gemeentecode, bijvoorbeeld GM0344.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["bestand"]
        if not path.is_file():
            raise CommandError(f"Bestand '{path}' bestaat niet.")
        if path.stat().st_size > MAX_BESTANDSGROOTTE:
            raise CommandError(f"Bestand '{path}' is te groot voor een signaalrapport.")
        gemeente = find_organisatie(options["organisatie"])
        try:
            resultaat = importeer_signaalrapport(gemeente, path.read_bytes(), path.name, Bron.CLI)
        except SignaalimportGeweigerd as weigering:
            raise CommandError(f"Bestand niet ingelezen ({weigering.code}): {weigering.melding}") from weigering
        imp = resultaat.signaalimport
        if resultaat.herhaald:
            self.stdout.write(
                f"Dit bestand was al ingelezen op {imp.ontvangen_op:%d-%m-%Y %H:%M}; er is niets gewijzigd."
            )
        self.stdout.write(
            f"Signaalimport {imp.uuid} voor {gemeente}: {imp.aantal_regels} regels, "
            f"{imp.aantal_nieuwe_dossiers} nieuwe dossiers, {imp.aantal_heropend} heropend, "
            f"{imp.aantal_gesloten} uitkering beëindigd, {imp.aantal_al_bekend} al bekend, "
            f"{imp.aantal_fouten} met een fout."
        )
        if imp.fouten:
            tabel = Table("Regel", "Kolom", "Reden", title="Fouten per regel")
            for fout in imp.fouten:
                tabel.add_row(str(fout["regel"]), fout["kolom"] or "hele regel", fout["reden"])
            Console(file=self.stdout, width=120).print(tabel)  # type: ignore[arg-type]
