"""`vangnet poortwachter`: the Poortwachter timeline of a vangnetter, as a table or as JSON."""

import json
import re
import sys
from argparse import ArgumentParser
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table

from django.core.management.base import BaseCommand, CommandError

from vangnet.domain.poortwachter import Onderbreking, PoortwachterError, Stap, parse_onderbreking, tijdlijn

ONGELDIGE_INVOER = 2
WEEKDAGEN = ("ma", "di", "wo", "do", "vr", "za", "zo")
VERANTWOORDELIJKE = {"werkgever": "werkgever", "gemeente": "gemeente", "uwv": "UWV"}
_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def fout(melding: str) -> CommandError:
    return CommandError(f"Fout: {melding}", returncode=ONGELDIGE_INVOER)


def parse_datum(optie: str, tekst: str) -> date:
    if not _DATUM.fullmatch(tekst):
        raise fout(f"{optie} '{tekst}' is geen datum in de vorm JJJJ-MM-DD.")
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise fout(f"{optie} '{tekst}' is geen bestaande datum (verwacht JJJJ-MM-DD).") from None


def parse_onderbrekingen(teksten: list[str]) -> list[Onderbreking]:
    try:
        return [parse_onderbreking(tekst) for tekst in teksten]
    except PoortwachterError as error:
        raise fout(f"--onderbreking: {error}") from None


def datum_met_weekdag(datum: date) -> str:
    return f"{WEEKDAGEN[datum.weekday()]} {datum:%d-%m-%Y}"


def als_tabel(stappen: list[Stap]) -> Table:
    table = Table("Stap", "Week", "Uiterlijk", "Verantwoordelijke", title="Poortwachter-tijdlijn")
    for stap in stappen:
        table.add_row(
            stap.omschrijving,
            str(stap.week),
            datum_met_weekdag(stap.uiterlijk),
            VERANTWOORDELIJKE[stap.verantwoordelijke],
        )
    return table


class Command(BaseCommand):
    help = "Toon de Poortwachter-tijdlijn van een vangnetter: elke termijn, de week en wie verantwoordelijk is."
    requires_system_checks: list[str] = []
    vanaf_commandoregel = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--eerste-ao-dag", required=True, metavar="JJJJ-MM-DD", help="Eerste dag van ongeschiktheid (dag 1)."
        )
        parser.add_argument(
            "--overname", metavar="JJJJ-MM-DD", help="Datum einde arbeidsverhouding: vanaf dan is de gemeente aan zet."
        )
        parser.add_argument(
            "--onderbreking",
            action="append",
            default=[],
            metavar="BEGIN:EINDE",
            help="Herstel tussen twee ziekteperiodes (eerste t/m laatste dag hersteld); mag vaker.",
        )
        parser.add_argument("--json", action="store_true", help="Schrijf JSON in plaats van een tabel.")

    def run_from_argv(self, argv: list[str]) -> None:
        self.vanaf_commandoregel = True
        super().run_from_argv(argv)

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            if not self.vanaf_commandoregel or options.get("traceback"):
                raise
            # Django would print "CommandError: " before the message; the user gets one Dutch line.
            self.stderr.write(str(error))
            sys.exit(error.returncode)

    def handle(self, *args: Any, **options: Any) -> None:
        eerste_ao_dag = parse_datum("--eerste-ao-dag", options["eerste_ao_dag"])
        overname = parse_datum("--overname", options["overname"]) if options["overname"] else None
        onderbrekingen = parse_onderbrekingen(options["onderbreking"])
        try:
            stappen = tijdlijn(eerste_ao_dag, overname, onderbrekingen)
        except PoortwachterError as error:
            raise fout(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps([stap.as_json() for stap in stappen], indent=2))
        else:
            Console(file=self.stdout).print(als_tabel(stappen))  # type: ignore[arg-type]
