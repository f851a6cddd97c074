"""The 342 gemeente organisations by id and by code, held in memory for the hot paths of the API.

Codes never change and names rarely do: the list is read again after a few minutes, so a
renamed gemeente shows its new name within that time in every process.
"""

import time
from dataclasses import dataclass
from threading import Lock

from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Organisatie

VERVERS_NA_SECONDEN = 300.0


@dataclass(frozen=True)
class GemeenteRef:
    id: int
    code: str
    naam: str

    def als_json(self) -> dict[str, str]:
        return {"code": self.code, "naam": self.naam}


@dataclass(frozen=True)
class _Lijst:
    per_id: dict[int, GemeenteRef]
    per_code: dict[str, GemeenteRef]
    gelezen_op: float


_lijst: _Lijst | None = None
_slot = Lock()


def gemeenten() -> _Lijst:
    global _lijst
    lijst = _lijst
    if lijst is None or time.monotonic() - lijst.gelezen_op > VERVERS_NA_SECONDEN:
        with _slot:
            refs = [
                GemeenteRef(pk, code or "", naam)
                for pk, code, naam in Organisatie.objects.filter(type=OrganisatieType.GEMEENTE).values_list(
                    "pk", "gemeentecode", "naam"
                )
            ]
            lijst = _Lijst({r.id: r for r in refs}, {r.code: r for r in refs}, time.monotonic())
            _lijst = lijst
    return lijst


def gemeente_per_id(pk: int) -> GemeenteRef:
    """Raises KeyError for an id that is not a gemeente (after one fresh read)."""
    try:
        return gemeenten().per_id[pk]
    except KeyError:
        vergeet()
        return gemeenten().per_id[pk]


def gemeente_per_code(code: str) -> GemeenteRef | None:
    return gemeenten().per_code.get(code)


def vergeet() -> None:
    """Read the list afresh next time (after organisations changed, and between tests)."""
    global _lijst
    _lijst = None
