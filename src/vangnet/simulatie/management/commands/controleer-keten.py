"""`vangnet controleer-keten`: compare UWV, the hub and the gemeenten after a run (vangnet.simulatie.controle)."""

from argparse import ArgumentParser
from typing import Any

from rich.console import Console
from rich.table import Table

from django.core.management.base import BaseCommand

from vangnet.simulatie.controle import controleer_keten

MAX_GETOOND = 200


class Command(BaseCommand):
    help = (
        "Vergelijk UWV, de hub en de gemeenten: elke geaccepteerde ziek-uit-dienstmelding met LKS leidde tot precies "
        "één dossier bij de juiste gemeente, geen zonder LKS, elk einde uitkering sloot het juiste dossier en elk "
        "rapport is één keer ingelezen. Exitstatus 1 bij verschillen."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--alle", action="store_true", help=f"Toon alle verschillen (standaard {MAX_GETOOND}).")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout)  # type: ignore[arg-type]
        uitkomst = controleer_keten()
        tabel = Table("Controle", "Aantal", title="Ketencontrole")
        for wat, aantal in uitkomst.tellingen.items():
            tabel.add_row(wat, str(aantal))
        tabel.add_row("verschillen", str(len(uitkomst.verschillen)))
        console.print(tabel)
        if uitkomst.klopt:
            console.print("[green]De keten klopt: geen verschillen tussen UWV, de hub en de gemeenten.[/green]")
            return
        getoond = uitkomst.verschillen if options["alle"] else uitkomst.verschillen[:MAX_GETOOND]
        for verschil in getoond:
            self.stderr.write(f"- {verschil}")
        if len(getoond) < len(uitkomst.verschillen):
            self.stderr.write(f"... en nog {len(uitkomst.verschillen) - len(getoond)} (toon alle met --alle)")
        self.stderr.write(f"De keten klopt niet: {len(uitkomst.verschillen)} verschillen.")
        raise SystemExit(1)
