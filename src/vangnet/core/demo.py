"""The demo data: every gemeente, UWV, the hub, a leverancier, and one user per role."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from vangnet.core.demo_keten import speel_keten_na
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.models import Gebruiker, Organisatie
from vangnet.organisations.scoping import caller_for_user
from vangnet.organisations.services import (
    create_user,
    ensure_gemeente_organisaties,
    ensure_organisatie,
    ensure_products,
)

DEMO_PASSWORD = "Vangnet-demo-2026"
HUB_NAAM = "Inlichtingenbureau (hub)"
UWV_NAAM = "UWV"
LEVERANCIER_NAAM = "Arbodienst Voorbeeld B.V."


@dataclass(frozen=True)
class DemoLogin:
    rol: str
    username: str
    organisatie: str


@dataclass(frozen=True)
class DemoUser:
    rol: str
    username: str
    first_name: str
    last_name: str
    machtigingen: tuple[str, ...]


GEMEENTE_USERS = {
    "GM0344": (
        DemoUser(
            "Klantmanager gemeente",
            "km.utrecht",
            "Sanne",
            "de Vries",
            (Product.CASEMANAGEMENT, Product.LKS_REINTEGRATIE_OPHALEN),
        ),
        DemoUser(
            "Functioneel beheerder gemeente",
            "beheer.utrecht",
            "Ahmed",
            "Bakker",
            (Product.DKD_AANLEVEREN, Product.BEHEER),
        ),
    ),
    "GM0363": (
        DemoUser(
            "Klantmanager andere gemeente",
            "km.amsterdam",
            "Lotte",
            "Jansen",
            (Product.CASEMANAGEMENT, Product.LKS_REINTEGRATIE_OPHALEN),
        ),
    ),
}
OTHER_USERS = {
    (LEVERANCIER_NAAM, OrganisatieType.LEVERANCIER): (
        DemoUser(
            "Bedrijfsarts leverancier",
            "arts.arbodienst",
            "Karim",
            "El Amrani",
            (Product.CASEMANAGEMENT, Product.MEDISCH),
        ),
    ),
    (HUB_NAAM, OrganisatieType.HUB): (DemoUser("Hub-beheerder", "operator.hub", "Joost", "Visser", (Product.BEHEER,)),),
    (UWV_NAAM, OrganisatieType.UWV): (
        DemoUser("UWV-medewerker", "medewerker.uwv", "Fatima", "Yilmaz", (Product.LKS_TOETS,)),
    ),
}


def _create(organisatie: Organisatie, user: DemoUser) -> DemoLogin:
    create_user(
        organisatie,
        user.username,
        DEMO_PASSWORD,
        user.machtigingen,
        email=f"{user.username}@example.org",
        first_name=user.first_name,
        last_name=user.last_name,
    )
    return DemoLogin(user.rol, user.username, str(organisatie))


@transaction.atomic
def load_demo_data() -> list[DemoLogin]:
    ensure_products()
    ensure_gemeente_organisaties()
    logins: list[DemoLogin] = []
    for code, users in GEMEENTE_USERS.items():
        organisatie = Organisatie.objects.get(gemeentecode=code)
        logins += [_create(organisatie, user) for user in users]
    for (naam, type_), users in OTHER_USERS.items():
        organisatie = ensure_organisatie(naam, type_)
        logins += [_create(organisatie, user) for user in users]
    uwv_medewerker = caller_for_user(Gebruiker.objects.get(username="medewerker.uwv"))
    assert uwv_medewerker is not None
    speel_keten_na(timezone.localdate(), uwv_medewerker)
    return logins
