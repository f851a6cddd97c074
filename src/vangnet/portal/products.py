"""The tiles of the dashboard: each product of the organisation, and whether the user may use it."""

from dataclasses import dataclass

from vangnet.organisations.constants import PRODUCT_INFO, Product
from vangnet.organisations.scoping import Caller


@dataclass(frozen=True)
class ProductTile:
    code: str
    naam: str
    omschrijving: str
    gemachtigd: bool


def product_tiles(caller: Caller) -> list[ProductTile]:
    return [
        ProductTile(
            code=code,
            naam=str(Product(code).label),
            omschrijving=str(PRODUCT_INFO[code].description),
            gemachtigd=caller.may(code),
        )
        for code in caller.organisatie.available_products()
    ]
