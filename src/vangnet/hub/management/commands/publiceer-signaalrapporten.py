"""`vangnet publiceer-signaalrapporten [--datum JJJJ-MM-DD]`: the daily publication of the signaalrapporten."""

from argparse import ArgumentParser
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table

from django.core.management.base import BaseCommand, CommandError

from vangnet.hub.signalen.publicatie import publiceer_signaalrapporten


def _datum(tekst: str) -> date:
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(f"Ongeldige datum '{tekst}': gebruik JJJJ-MM-DD, bijvoorbeeld 2026-11-22.") from None


class Command(BaseCommand):
    help = (
        "Publiceer voor elke gemeente met nieuwe signalen een Re-integratie_signaalrapport en "
        "waarschuw de gemeente per e-mail en webhook. Opnieuw draaien publiceert niets dubbel."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--datum",
            help="Publicatiedatum JJJJ-MM-DD (standaard vandaag); neemt de signalen tot en met die dag mee.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        datum = _datum(options["datum"]) if options["datum"] else None
        try:
            rapporten = publiceer_signaalrapporten(datum)
        except ValueError as fout:
            raise CommandError(str(fout)) from fout
        console = Console(file=self.stdout, width=200)  # type: ignore[arg-type]
        if not rapporten:
            console.print("Geen nieuwe signalen: er is niets gepubliceerd.")
            return
        tabel = Table("Gemeente", "Bestand")
        tabel.add_column("Signalen", justify="right")
        for rapport in rapporten:
            tabel.add_row(str(rapport.gemeente), rapport.bestandsnaam, str(rapport.aantal_signalen))
        console.print(tabel)
        totaal = sum(rapport.aantal_signalen for rapport in rapporten)
        console.print(f"{len(rapporten)} rapporten gepubliceerd met samen {totaal} signalen.")
