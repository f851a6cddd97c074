"""`vangnet verstuur-webhooks`: deliver every webhook message that is due (run it every minute)."""

from typing import Any

from django.core.management.base import BaseCommand

from vangnet.hub.signalen.notificatie import verstuur_webhooks


class Command(BaseCommand):
    help = (
        "Verstuur de webhookberichten over gepubliceerde signaalrapporten die nu aan de beurt zijn: "
        "nieuwe en eerder mislukte pogingen. Bedoeld om elke minuut te draaien."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        telling = verstuur_webhooks()
        self.stdout.write(
            f"{telling.afgeleverd} afgeleverd, {telling.opnieuw} later opnieuw, {telling.mislukt} definitief mislukt."
        )
