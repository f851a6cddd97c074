"""`vangnet apikey create|list|revoke`: API keys of an organisation; a new key is printed once."""

import uuid
from argparse import ArgumentParser
from typing import Any

from rich.console import Console
from rich.table import Table

from django.core.management.base import BaseCommand, CommandError

from vangnet.organisations.models import ApiSleutel, Organisatie
from vangnet.organisations.services import AccessError, create_api_key, revoke_api_key


def find_organisatie(identifier: str) -> Organisatie:
    """By gemeentecode (GM0200), uuid or exact name."""
    text = identifier.strip()
    organisatie = Organisatie.objects.filter(gemeentecode=text.upper()).first()
    if organisatie is None:
        organisatie = Organisatie.objects.filter(naam=text).first()
    if organisatie is None:
        try:
            organisatie = Organisatie.objects.filter(uuid=uuid.UUID(text)).first()
        except ValueError:
            organisatie = None
    if organisatie is None:
        raise CommandError(f"Onbekende organisatie '{identifier}': geef een gemeentecode (GM0200), uuid of naam.")
    return organisatie


class Command(BaseCommand):
    help = "Maak, toon of trek API-sleutels van een organisatie in."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="actie", required=True)
        create = sub.add_parser("create", help="Maak een nieuwe sleutel; die wordt één keer getoond.")
        create.add_argument("--organisatie", required=True, help="Gemeentecode, uuid of naam.")
        create.add_argument("--naam", required=True, help="Waarvoor de sleutel dient.")
        create.add_argument(
            "--machtiging",
            action="append",
            dest="machtigingen",
            help="Een machtiging (herhaalbaar); standaard alle producten van de organisatie.",
        )
        listing = sub.add_parser("list", help="Toon de sleutels van een organisatie.")
        listing.add_argument("--organisatie", required=True)
        revoke = sub.add_parser("revoke", help="Trek een sleutel in.")
        revoke.add_argument("prefix", help="Het deel na 'vn_' en vóór de tweede '_'.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["actie"]
        if action == "create":
            self.create(options)
        elif action == "list":
            self.list(options)
        else:
            self.revoke(options)

    def create(self, options: dict[str, Any]) -> None:
        organisatie = find_organisatie(options["organisatie"])
        try:
            new = create_api_key(organisatie, options["naam"], options["machtigingen"])
        except AccessError as error:
            raise CommandError(str(error)) from error
        codes = ", ".join(sorted(new.sleutel.machtigingen.values_list("code", flat=True)))
        self.stderr.write(f"API-sleutel '{new.sleutel.naam}' voor {organisatie} ({codes}).")
        self.stderr.write("Bewaar de sleutel nu: hij wordt niet opnieuw getoond.")
        self.stdout.write(new.plain_key)

    def list(self, options: dict[str, Any]) -> None:
        organisatie = find_organisatie(options["organisatie"])
        table = Table("Naam", "Prefix", "Machtigingen", "Aangemaakt", "Status", title=str(organisatie))
        for sleutel in organisatie.api_sleutels.prefetch_related("machtigingen"):
            table.add_row(
                sleutel.naam,
                sleutel.prefix,
                ", ".join(m.code for m in sleutel.machtigingen.all()),
                f"{sleutel.aangemaakt_op:%d-%m-%Y}",
                "actief" if sleutel.is_active else f"ingetrokken {sleutel.ingetrokken_op:%d-%m-%Y}",
            )
        Console(file=self.stdout).print(table)  # type: ignore[arg-type]

    def revoke(self, options: dict[str, Any]) -> None:
        sleutel = ApiSleutel.objects.filter(prefix=options["prefix"]).first()
        if sleutel is None:
            raise CommandError(f"Geen API-sleutel met prefix '{options['prefix']}'.")
        revoke_api_key(sleutel)
        self.stdout.write(f"API-sleutel '{sleutel.naam}' van {sleutel.organisatie} is ingetrokken.")
