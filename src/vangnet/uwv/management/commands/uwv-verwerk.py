"""`vangnet uwv-verwerk [--direct]`: UWV's daily run with the hub; safe to schedule as often as you like."""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from vangnet.uwv.verwerking import verwerk


class Command(BaseCommand):
    help = (
        "Verwerk wat voor UWV klaarstaat: uitkeringen na 104 weken beëindigen, verschuldigde brieven maken "
        "(EZWb vanaf week 46, WIA vanaf week 87), openstaande LKS-toetsen opnieuw vragen en wachtende meldingen "
        "naar de hub sturen. Opnieuw draaien doet niets dubbel; plan het bijvoorbeeld elk kwartier."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--direct",
            action="store_true",
            help="Negeer de wachttijd na een mislukte poging en probeer alles wat openstaat nu.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.VANGNET_UWV_HUB_API_KEY:
            self.stderr.write("Let op: VANGNET_UWV_HUB_API_KEY is niet ingesteld; de hub zal UWV weigeren.")
        r = verwerk(direct=options["direct"])
        self.stdout.write(
            f"Beëindigd na 104 weken: {r.beeindigd}. Brieven gemaakt: {r.brieven}.\n"
            f"LKS-toetsen: {r.getoetst} beantwoord (ja {r.lks_ja}, nee {r.lks_nee}, onbekend {r.lks_onbekend}), "
            f"{r.toets_mislukt} niet gelukt.\n"
            f"Meldingen aan de hub: {r.verzonden} geaccepteerd, {r.geweigerd} geweigerd, {r.mislukt} niet gelukt.\n"
            f"Nog open: {r.nog_te_toetsen} LKS-toetsen, {r.nog_wachtend} meldingen."
        )
