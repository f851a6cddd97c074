"""`vangnet gemeente-webhook-registreren --organisatie GMxxxx --url URL`: ask the hub to announce new reports."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vangnet.gemeente.koppeling.hubclient import HubClient, HubFout
from vangnet.gemeente.koppeling.models import GemeenteKoppeling
from vangnet.organisations.management.commands.apikey import find_organisatie


class Command(BaseCommand):
    help = (
        "Registreer bij de hub de webhook van deze installatie (…/gemeente/webhooks/signaalrapport) en bewaar het "
        "geheim waarmee de hub zijn berichten ondertekent."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--organisatie", required=True, help="Gemeentecode, bijvoorbeeld GM0344.")
        parser.add_argument(
            "--url",
            required=True,
            help="Het openbare adres van /gemeente/webhooks/signaalrapport van deze installatie.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        gemeente = find_organisatie(options["organisatie"])
        try:
            with HubClient.voor(gemeente) as client:
                antwoord = client.registreer_webhook(options["url"])
        except HubFout as fout:
            raise CommandError(f"Registreren mislukt: {fout.melding}") from fout
        geheim = antwoord.get("geheim")
        if not isinstance(geheim, str) or not geheim:
            raise CommandError("De hub gaf geen geheim terug.")
        koppeling, _ = GemeenteKoppeling.objects.get_or_create(gemeente=gemeente)
        koppeling.webhook_geheim = geheim
        koppeling.save(update_fields=["webhook_geheim"])
        self.stdout.write(f"Webhook {antwoord.get('id')} geregistreerd voor {gemeente}; het geheim is bewaard.")
