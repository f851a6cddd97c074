"""`vangnet gemeente-weekoverzicht [--organisatie GMxxxx]`: e-mail each casemanager their deadlines (weekly)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vangnet.gemeente.dossiers.weekoverzicht import verstuur_weekoverzichten
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.management.commands.apikey import find_organisatie


class Command(BaseCommand):
    help = (
        "Verstuur elke casemanager een e-mail met de te late termijnen en die van de komende 14 dagen "
        "van zijn of haar dossiers (zonder BSN). Plan dit wekelijks in."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--organisatie", help="Alleen deze gemeente, bijvoorbeeld GM0344. Zonder: alle gemeenten.")

    def handle(self, *args: Any, **options: Any) -> None:
        gemeente = None
        if options.get("organisatie"):
            gemeente = find_organisatie(options["organisatie"])
            if gemeente.type != OrganisatieType.GEMEENTE:
                raise CommandError(f"{gemeente} is geen gemeente.")
        verstuurd = verstuur_weekoverzichten(timezone.localdate(), gemeente)
        te_laat = sum(len(o.te_laat) for o in verstuurd)
        komend = sum(len(o.komend) for o in verstuurd)
        self.stdout.write(
            f"Weekoverzicht verstuurd aan {len(verstuurd)} casemanager(s): "
            f"{te_laat} te late en {komend} komende termijnen."
        )
