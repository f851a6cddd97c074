"""`vangnet gemeente-signalen-ophalen --organisatie GMxxxx`: fetch new signaalrapporten from the hub and import them."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vangnet.gemeente.dossiers.models import Signaalimport
from vangnet.gemeente.koppeling.constants import OphaalStatus
from vangnet.gemeente.koppeling.hubclient import HubClient, HubFout
from vangnet.gemeente.koppeling.ophalen import TERUGKIJKEN_DAGEN, haal_signalen_op
from vangnet.organisations.management.commands.apikey import find_organisatie


class Command(BaseCommand):
    help = (
        "Haal de nieuwe Re-integratie_signaalrapporten van een gemeente op bij de hub en lees ze in (dossiers "
        "openen, heropenen of sluiten). Nog eens draaien verandert niets; geschikt om ingepland te draaien."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--organisatie", required=True, help="Gemeentecode, bijvoorbeeld GM0344.")
        parser.add_argument(
            "--terugkijken",
            type=int,
            default=TERUGKIJKEN_DAGEN,
            metavar="DAGEN",
            help="Kijk ook naar rapporten van de laatste DAGEN dagen die nog niet zijn opgehaald (standaard 7).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        gemeente = find_organisatie(options["organisatie"])
        if options["terugkijken"] < 0:
            raise CommandError("--terugkijken kan niet negatief zijn.")
        try:
            with HubClient.voor(gemeente) as client:
                resultaat = haal_signalen_op(gemeente, client, terugkijken_dagen=options["terugkijken"])
        except HubFout as fout:
            raise CommandError(f"Ophalen mislukt: {fout.melding}") from fout
        if not resultaat.opgehaald:
            self.stdout.write(f"Geen nieuwe signaalrapporten voor {gemeente}.")
            return
        imports = {
            imp.uuid: imp
            for imp in Signaalimport.objects.filter(
                gemeente=gemeente, uuid__in=[r.signaalimport for r in resultaat.opgehaald if r.signaalimport]
            )
        }
        for rapport in resultaat.opgehaald:
            imp = imports.get(rapport.signaalimport) if rapport.signaalimport else None
            if rapport.status == OphaalStatus.INGELEZEN and imp is not None:
                self.stdout.write(
                    f"{rapport.bestandsnaam}: ingelezen, {imp.aantal_regels} regels, "
                    f"{imp.aantal_nieuwe_dossiers} nieuwe dossiers, {imp.aantal_heropend} heropend, "
                    f"{imp.aantal_gesloten} uitkering beëindigd, {imp.aantal_fouten} met een fout."
                )
            elif rapport.status == OphaalStatus.AL_INGELEZEN:
                self.stdout.write(f"{rapport.bestandsnaam}: was al ingelezen; er is niets gewijzigd.")
            else:
                self.stdout.write(f"{rapport.bestandsnaam}: niet ingelezen: {rapport.melding}")
        self.stdout.write(f"{len(resultaat.opgehaald)} signaalrapport(en) opgehaald voor {gemeente}.")
