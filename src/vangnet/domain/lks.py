"""The hub's LKS check: which gemeente paid loonkostensubsidie in the two years before the end of employment.

UWV asks the DKD this when an employee leaves employment sick. A gemeente counts when
one of its LKS periods overlaps the toetsvenster [D - 2 years, D], D being the datum
einde arbeidsverhouding, both ends inclusive. When several gemeenten count, the one
whose period ended last is responsible.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from vangnet.domain.errors import DomainError


class LksError(DomainError):
    """Inconsistent LKS data."""


@dataclass(frozen=True)
class LksPeriode:
    """A period in which a gemeente paid loonkostensubsidie; ``einde`` None means still running."""

    gemeentecode: str
    begin: date
    einde: date | None = None

    def __post_init__(self) -> None:
        if self.einde is not None and self.einde < self.begin:
            raise LksError(
                f"Einddatum LKS-periode ({self.einde.isoformat()}) ligt voor de begindatum ({self.begin.isoformat()})."
            )


class Periode(Protocol):
    """What the window and routing rules read of a period: an LksPeriode, or one found with its source."""

    @property
    def gemeentecode(self) -> str: ...
    @property
    def begin(self) -> date: ...
    @property
    def einde(self) -> date | None: ...


P = TypeVar("P", bound=Periode)


@dataclass(frozen=True)
class Toetsvenster:
    """The dates (both inclusive) in which an LKS period makes a gemeente count."""

    begin: date
    einde: date

    def __post_init__(self) -> None:
        if self.einde < self.begin:
            raise LksError(
                f"Einde toetsvenster ({self.einde.isoformat()}) ligt voor het begin ({self.begin.isoformat()})."
            )

    def overlaps(self, periode: Periode) -> bool:
        """Whether the period shares at least one day with the window."""
        ends_in_or_after_window = periode.einde is None or periode.einde >= self.begin
        return periode.begin <= self.einde and ends_in_or_after_window


def two_years_before(d: date) -> date:
    """The same calendar day two years earlier; 29 February becomes 28 February."""
    try:
        return d.replace(year=d.year - 2)
    except ValueError:
        return date(d.year - 2, 2, 28)


@functools.lru_cache(maxsize=4096)  # a batch of toetsen repeats few dates
def toetsvenster(datum_einde_arbeidsverhouding: date) -> Toetsvenster:
    """The window [D - 2 years, D] for D = datum einde arbeidsverhouding."""
    return Toetsvenster(begin=two_years_before(datum_einde_arbeidsverhouding), einde=datum_einde_arbeidsverhouding)


def periods_in_window(perioden: Iterable[P], datum_einde_arbeidsverhouding: date) -> list[P]:
    """The periods that overlap the toetsvenster, in their given order."""
    window = toetsvenster(datum_einde_arbeidsverhouding)
    return [periode for periode in perioden if window.overlaps(periode)]


def responsible_gemeente(perioden: Iterable[Periode], datum_einde_arbeidsverhouding: date) -> str | None:
    """The gemeentecode the hub routes the signal to, or None when no period overlaps the window.

    The overlapping period that ended last wins (a running period beats any ended one);
    on equal ends the latest begin; on equal begins too the lowest gemeentecode, so that
    the answer never depends on the order the DKD returned the periods in.
    """
    overlapping = periods_in_window(perioden, datum_einde_arbeidsverhouding)
    if not overlapping:
        return None
    return min(overlapping, key=_routing_rank).gemeentecode


def _routing_rank(periode: Periode) -> tuple[int, int, str]:
    """Lower ranks first: latest end, then latest begin, then lowest gemeentecode."""
    einde = periode.einde or date.max
    return (-einde.toordinal(), -periode.begin.toordinal(), periode.gemeentecode)
