"""The costs of re-integration interventions: hours times an hourly rate, with sensible default rates.

The default rates are those a municipal supplier quoted for vangnetters (seed 003, prices excluding
VAT): bedrijfsarts EUR 240, casemanager EUR 125, arbeidsdeskundige EUR 135 and
re-integratieconsulent EUR 115 an hour. A tweede-spoortraject of about a year costs EUR 3,500 to
6,000, about 30 to 50 hours of a re-integratieconsulent. Interventions without an hourly rate in
that quote (werkplekaanpassing, scholing) have no default.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from vangnet.domain.errors import DomainError

CENT = Decimal("0.01")
MAX_UREN = Decimal("10000")
MAX_UURTARIEF = Decimal("10000")


class InterventieFout(DomainError):
    """Hours or rate that cannot be right (Dutch message)."""


@dataclass(frozen=True)
class Standaardtarief:
    uurtarief: Decimal
    deskundige: str


BEDRIJFSARTS = Standaardtarief(Decimal("240.00"), "bedrijfsarts")
CASEMANAGER = Standaardtarief(Decimal("125.00"), "casemanager")
ARBEIDSDESKUNDIGE = Standaardtarief(Decimal("135.00"), "arbeidsdeskundige")
RE_INTEGRATIECONSULENT = Standaardtarief(Decimal("115.00"), "re-integratieconsulent")

# Per kind of intervention (the codes of vangnet.gemeente.dossiers.constants.InterventieSoort).
STANDAARDTARIEVEN: dict[str, Standaardtarief] = {
    "bedrijfsarts": BEDRIJFSARTS,
    "casemanagement": CASEMANAGER,
    "arbeidsdeskundig_onderzoek": ARBEIDSDESKUNDIGE,
    "tweede_spoortraject": RE_INTEGRATIECONSULENT,
    "jobcoaching": RE_INTEGRATIECONSULENT,
    "loopbaanonderzoek": RE_INTEGRATIECONSULENT,
}


def standaardtarief(soort: str) -> Standaardtarief | None:
    return STANDAARDTARIEVEN.get(soort)


def kosten(uren: Decimal, uurtarief: Decimal) -> Decimal:
    """Hours times rate, in whole cents (half up)."""
    if uren < 0 or uren > MAX_UREN:
        raise InterventieFout(f"Het aantal uren moet tussen 0 en {MAX_UREN} liggen.")
    if uurtarief < 0 or uurtarief > MAX_UURTARIEF:
        raise InterventieFout(f"Het uurtarief moet tussen 0 en {MAX_UURTARIEF} euro liggen.")
    return (uren * uurtarief).quantize(CENT, rounding=ROUND_HALF_UP)


def totale_kosten(regels: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """The sum of hours times rate over (uren, uurtarief) pairs, each rounded to cents first."""
    return sum((kosten(uren, uurtarief) for uren, uurtarief in regels), Decimal("0.00"))


def bedrag(waarde: Decimal) -> str:
    """EUR in Dutch notation: 4.600,00."""
    teken = "-" if waarde < 0 else ""
    euro, cent = f"{abs(waarde).quantize(CENT, rounding=ROUND_HALF_UP):.2f}".split(".")
    groepen: list[str] = []
    while len(euro) > 3:
        groepen.insert(0, euro[-3:])
        euro = euro[:-3]
    groepen.insert(0, euro)
    return f"{teken}{'.'.join(groepen)},{cent}"
