"""The demo: every gemeente, UWV, the hub, a leverancier, one user per role, and a simulated year of the chain."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from vangnet.gemeente.dossiers.models import Dossier
from vangnet.gemeente.dossiers.services import wijs_leverancier_toe
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.models import Gebruiker, Organisatie
from vangnet.organisations.scoping import caller_for_user
from vangnet.organisations.services import (
    create_api_key,
    create_user,
    ensure_gemeente_organisaties,
    ensure_organisatie,
    ensure_products,
)
from vangnet.simulatie.keten import Instellingen, Simulatie, Telling

DEMO_PASSWORD = "Vangnet-demo-2026"
HUB_NAAM = "Inlichtingenbureau (hub)"
UWV_NAAM = "UWV"
LEVERANCIER_NAAM = "Arbodienst Voorbeeld B.V."
DEMO_DAGEN = 365
DEMO_SCHAAL = 1.0
"""The simulation's volumes (docs/simulation.md) times this."""
DEMO_SEED = 1
ARBODIENST_DOSSIERS = 6


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


def _create(organisatie: Organisatie, user: DemoUser, wachtwoord_hash: str) -> DemoLogin:
    gebruiker = create_user(
        organisatie,
        user.username,
        None,
        user.machtigingen,
        email=f"{user.username}@example.org",
        first_name=user.first_name,
        last_name=user.last_name,
    )
    gebruiker.password = wachtwoord_hash
    gebruiker.save(update_fields=["password"])
    return DemoLogin(user.rol, user.username, str(organisatie))


@dataclass(frozen=True)
class Demo:
    logins: list[DemoLogin]
    telling: Telling


def load_demo_data(
    vandaag: date | None = None,
    *,
    dagen: int = DEMO_DAGEN,
    schaal: float = DEMO_SCHAAL,
    bij_dag: Callable[[date], None] | None = None,
) -> Demo:
    """The users of each role, then a simulated year of the chain (vangnet.simulatie) up to yesterday."""
    eind = vandaag or timezone.localdate()
    with transaction.atomic():
        ensure_products()
        ensure_gemeente_organisaties()
        logins: list[DemoLogin] = []
        # Every demo user has the same published password: hashed once (a second each), not per user.
        wachtwoord_hash = make_password(DEMO_PASSWORD)
        for code, users in GEMEENTE_USERS.items():
            organisatie = Organisatie.objects.get(gemeentecode=code)
            logins += [_create(organisatie, user, wachtwoord_hash) for user in users]
        for (naam, type_), users in OTHER_USERS.items():
            organisatie = ensure_organisatie(naam, type_)
            logins += [_create(organisatie, user, wachtwoord_hash) for user in users]
    instellingen = Instellingen(
        start=eind - timedelta(days=dagen),
        dagen=dagen,
        seed=DEMO_SEED,
        schaal=schaal,
        batchgemeenten=tuple(GEMEENTE_USERS),
    )
    telling = Simulatie(instellingen).draai(bij_dag)
    _deel_dossiers_met_de_arbodienst()
    return Demo(logins, telling)


def _deel_dossiers_met_de_arbodienst() -> None:
    """Utrecht's klantmanager brought the arbodienst in on its open dossiers, as a gemeente does for the
    probleemanalyse (the bedrijfsarts of the demo then sees them)."""
    klantmanager = caller_for_user(Gebruiker.objects.get(username="km.utrecht"))
    assert klantmanager is not None
    arbodienst = Organisatie.objects.get(naam=LEVERANCIER_NAAM, type=OrganisatieType.LEVERANCIER)
    dossiers = Dossier.objects.filter(gemeente=klantmanager.organisatie).order_by("-pk")
    for dossier in dossiers[:ARBODIENST_DOSSIERS]:
        wijs_leverancier_toe(klantmanager, dossier, arbodienst)


def uwv_portaalsleutel() -> str:
    """A new key for UWV's portal at the hub (the demo serves both in one process)."""
    uwv = Organisatie.objects.get(naam=UWV_NAAM, type=OrganisatieType.UWV)
    return create_api_key(uwv, "UWV-portaal (demo)", [Product.LKS_TOETS]).plain_key
