"""`vangnet simulate`: the whole chain, day by day, for some or all gemeenten (vangnet.simulatie.keten)."""

from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table

from django.core.management.base import BaseCommand, CommandError

from vangnet.simulatie.keten import Instellingen, Simulatie, SimulatieFout
from vangnet.simulatie.voortgang import dagvoortgang


def _datum(waarde: str) -> date:
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        raise ArgumentTypeError(f"Geen datum (JJJJ-MM-DD): {waarde}") from None


def _gemeenten(waarde: str) -> int | None:
    if waarde == "all":
        return None
    try:
        return int(waarde)
    except ValueError:
        raise ArgumentTypeError(f"Geef 'all' of een aantal gemeenten: {waarde}") from None


class Command(BaseCommand):
    help = (
        "Simuleer de keten dag voor dag: gemeenten houden hun LKS-register bij en leveren aan, werkgevers melden "
        "zieken bij UWV, UWV toetst en meldt via de hub, de hub publiceert, gemeenten halen signalen op."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--start", type=_datum, required=True, help="Eerste gesimuleerde dag (JJJJ-MM-DD).")
        parser.add_argument("--dagen", type=int, required=True, help="Aantal gesimuleerde dagen.")
        parser.add_argument("--gemeenten", type=_gemeenten, default=None, help="'all' (standaard) of een aantal.")
        parser.add_argument("--seed", type=int, default=1, help="Zaad van de toevalsgenerator (standaard 1).")
        parser.add_argument("--schaal", type=float, default=1.0, help="Vermenigvuldiger van alle volumes.")
        parser.add_argument("--lks-personen", type=int, default=None, help="LKS-populatie van de gekozen gemeenten.")
        parser.add_argument("--signalen-per-jaar", type=float, default=None, help="Zieken met LKS per jaar.")

    def handle(self, *args: Any, **options: Any) -> None:
        instellingen = Instellingen(
            start=options["start"],
            dagen=options["dagen"],
            gemeenten=options["gemeenten"],
            seed=options["seed"],
            schaal=options["schaal"],
            lks_personen=options["lks_personen"],
            signalen_per_jaar=options["signalen_per_jaar"],
        )
        console = Console(file=self.stdout)  # type: ignore[arg-type]
        try:
            simulatie = Simulatie(instellingen)
        except SimulatieFout as fout:
            raise CommandError(str(fout)) from None
        with dagvoortgang(console, "Simulatie", instellingen.dagen) as bij_dag:
            try:
                telling = simulatie.draai(bij_dag)
            except SimulatieFout as fout:
                raise CommandError(str(fout)) from None
        tabel = Table("Wat", "Aantal", title="Simulatie afgerond")
        for sleutel, waarde in telling.als_dict().items():
            tabel.add_row(sleutel.replace("_", " "), str(waarde))
        console.print(tabel)
        console.print("Controleer de keten met: vangnet controleer-keten")
