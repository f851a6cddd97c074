"""`vangnet gemeente-verwijsindex-aanleveren --organisatie GMxxxx`: the verwijsindex to the hub (full replacement)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vangnet.gemeente.koppeling.verwijsindex import VerwijsindexNietMogelijk, lever_verwijsindex_aan
from vangnet.organisations.management.commands.apikey import find_organisatie


class Command(BaseCommand):
    help = (
        "Stuur de verwijsindex van een gemeente die via haar eigen webservice antwoordt naar de hub: alle BSN's "
        "uit het LKS-register met een lopende of recente LKS-periode, als volledige vervanging met het volgende "
        "volgnummer. Geschikt om ingepland te draaien."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--organisatie", required=True, help="Gemeentecode, bijvoorbeeld GM0344.")
        parser.add_argument(
            "--leeg-toestaan",
            action="store_true",
            help="Verstuur ook een lege verwijsindex (dan vindt de hub niemand meer bij deze gemeente).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        gemeente = find_organisatie(options["organisatie"])
        try:
            resultaat = lever_verwijsindex_aan(gemeente, leeg_toestaan=options["leeg_toestaan"])
        except VerwijsindexNietMogelijk as fout:
            raise CommandError(str(fout)) from fout
        if not resultaat.geslaagd:
            raise CommandError(f"Verwijsindex {gemeente.gemeentecode} niet aangeleverd: {resultaat.melding}")
        hub = resultaat.hub
        self.stdout.write(
            f"Verwijsindex {gemeente.gemeentecode} volgnummer {resultaat.volgnummer}: {resultaat.aantal_bsns} BSN's "
            f"verstuurd. Hub: status {hub.get('status')}, {hub.get('aantal_na')} in de verwijsindex, "
            f"{hub.get('aantal_afgekeurd')} afgekeurd, {hub.get('batch_vervangen')} uit het verzamelbestand vervangen."
        )
        if resultaat.melding:
            self.stdout.write(resultaat.melding)
