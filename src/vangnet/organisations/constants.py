"""Organisation types and the products (with their machtigingen) each may use."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class OrganisatieType(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    UWV = "uwv", _("UWV")
    HUB = "hub", _("Hub (Inlichtingenbureau)")
    LEVERANCIER = "leverancier", _("Leverancier")


class Product(models.TextChoices):
    """A product of the portal; holding its machtiging lets a user or API key use it."""

    DKD_AANLEVEREN = "dkd_aanleveren", _("DKD aanleveren")
    LKS_REINTEGRATIE_OPHALEN = "lks_reintegratie_ophalen", _("LKS re-integratie ophalen")
    CASEMANAGEMENT = "casemanagement", _("Casemanagement vangnetters")
    MEDISCH = "medisch", _("Medisch dossier")
    LKS_TOETS = "lks_toets", _("LKS-toets en meldingen")
    BEHEER = "beheer", _("Beheer")


@dataclass(frozen=True)
class ProductInfo:
    product: Product
    description: str | Promise


PRODUCT_INFO: dict[str, ProductInfo] = {
    info.product.value: info
    for info in (
        ProductInfo(
            Product.DKD_AANLEVEREN,
            _("Lever de gegevens over loonkostensubsidie aan voor het Digitaal Klantdossier."),
        ),
        ProductInfo(
            Product.LKS_REINTEGRATIE_OPHALEN,
            _("Haal de dagelijkse Re-integratie_signaalrapporten over vangnetters op."),
        ),
        ProductInfo(
            Product.CASEMANAGEMENT,
            _("Begeleid vangnetters volgens de Wet verbetering poortwachter."),
        ),
        ProductInfo(
            Product.MEDISCH,
            _("Medische aantekeningen, alleen voor artsen."),
        ),
        ProductInfo(
            Product.LKS_TOETS,
            _("Toets of een gemeente loonkostensubsidie betaalde en meld vangnetters."),
        ),
        ProductInfo(
            Product.BEHEER,
            _("Beheer gebruikers, machtigingen en API-sleutels van de organisatie."),
        ),
    )
}

PRODUCTS_BY_TYPE: dict[str, tuple[str, ...]] = {
    OrganisatieType.GEMEENTE: (
        Product.DKD_AANLEVEREN,
        Product.LKS_REINTEGRATIE_OPHALEN,
        Product.CASEMANAGEMENT,
        Product.MEDISCH,
        Product.BEHEER,
    ),
    OrganisatieType.UWV: (Product.LKS_TOETS, Product.BEHEER),
    OrganisatieType.HUB: (Product.BEHEER,),
    OrganisatieType.LEVERANCIER: (Product.CASEMANAGEMENT, Product.MEDISCH, Product.BEHEER),
}
