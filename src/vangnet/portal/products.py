"""The tiles of the dashboard: each product of the organisation, and whether the user may use it."""

from dataclasses import dataclass

from django.urls import reverse

from vangnet.organisations.constants import PRODUCT_INFO, OrganisatieType, Product
from vangnet.organisations.scoping import Caller


@dataclass(frozen=True)
class ProductTile:
    code: str
    naam: str
    omschrijving: str
    gemachtigd: bool
    url: str | None


# The portal page where each product starts, per organisation type; products without a page have no link.
PRODUCT_PAGES: dict[tuple[str, str], str] = {
    (OrganisatieType.GEMEENTE, Product.DKD_AANLEVEREN): "hub:aanleveren",
    (OrganisatieType.GEMEENTE, Product.LKS_REINTEGRATIE_OPHALEN): "hub:signaalrapporten",
    (OrganisatieType.GEMEENTE, Product.CASEMANAGEMENT): "gemeente:dossiers",
    (OrganisatieType.GEMEENTE, Product.MEDISCH): "gemeente:dossiers",
    (OrganisatieType.LEVERANCIER, Product.CASEMANAGEMENT): "gemeente:dossiers",
    (OrganisatieType.LEVERANCIER, Product.MEDISCH): "gemeente:dossiers",
    (OrganisatieType.GEMEENTE, Product.BEHEER): "hub:instellingen",
    (OrganisatieType.HUB, Product.BEHEER): "hub:monitor",
    (OrganisatieType.UWV, Product.LKS_TOETS): "uwv:werklijst",
}


def _page(caller: Caller, code: str) -> str | None:
    name = PRODUCT_PAGES.get((caller.organisatie.type, code))
    return reverse(name) if name is not None and caller.may(code) else None


def product_tiles(caller: Caller) -> list[ProductTile]:
    return [
        ProductTile(
            code=code,
            naam=str(Product(code).label),
            omschrijving=str(PRODUCT_INFO[code].description),
            gemachtigd=caller.may(code),
            url=_page(caller, code),
        )
        for code in caller.organisatie.available_products()
    ]
