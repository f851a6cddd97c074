"""The verwijsindex a webservice gemeente hands the hub: checking the BSNs of one message.

A message is a full replacement (one list, ``bsns``) or mutations (``toevoegen`` and
``verwijderen``). Each entry is checked on its own, like a record of a verzamelbestand: a
bad entry is rejected with its list, its position (from 1) and the reason, and the good
entries are kept. Rejected are:

- anything but a string of exactly nine digits that passes the elfproef (no separators,
  no padding: a value shortened by a spreadsheet is refused, not guessed);
- a BSN that occurs again in the same list (every occurrence after the first);
- a BSN in both ``toevoegen`` and ``verwijderen`` of one message (both, since it is unclear
  which is meant).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from vangnet.domain.bsn import BSN_LENGTH, BsnError, has_bsn_form, is_valid_bsn, parse_bsn

BSNS = "bsns"
TOEVOEGEN = "toevoegen"
VERWIJDEREN = "verwijderen"
MAX_WEERGAVE = 40  # characters of a rejected value kept for the answer


@dataclass(frozen=True)
class AfgekeurdeVerwijzing:
    lijst: str
    positie: int
    bsn: str
    reden: str

    def as_json(self) -> dict[str, object]:
        return {"lijst": self.lijst, "positie": self.positie, "bsn": self.bsn, "reden": self.reden}


@dataclass(frozen=True)
class Controle:
    """The valid BSNs of one list in their order (each once), and the rejected entries."""

    geldig: tuple[str, ...]
    afgekeurd: tuple[AfgekeurdeVerwijzing, ...]


def reden_ongeldig(waarde: object) -> str | None:
    """Why ``waarde`` is no BSN as the verwijsindex wants it, or None when it is one."""
    if not isinstance(waarde, str):
        return "Een BSN is tekst van negen cijfers, geen getal of ander type."
    if has_bsn_form(waarde):
        if is_valid_bsn(waarde):
            return None
        return _bsn_melding(waarde) or "Dit BSN is ongeldig."
    if waarde.isascii() and waarde.isdigit():
        return f"Een BSN heeft {BSN_LENGTH} cijfers, maar dit heeft er {len(waarde)}."
    return _bsn_melding(waarde) or "Een BSN is negen cijfers, zonder spaties, punten of streepjes."


def _bsn_melding(waarde: str) -> str | None:
    try:
        parse_bsn(waarde)
    except BsnError as fout:
        return str(fout)
    return None


def weergave(waarde: object) -> str:
    """The delivered value as shown in a rejection: text as given, cut to a sane length."""
    return (waarde if isinstance(waarde, str) else repr(waarde))[:MAX_WEERGAVE]


def controleer_lijst(lijst: str, waarden: Sequence[object]) -> Controle:
    """Check one list: valid, unique BSNs in order of first occurrence; the rest rejected."""
    geldig: list[str] = []
    eerste: dict[str, int] = {}
    afgekeurd: list[AfgekeurdeVerwijzing] = []
    for positie, waarde in enumerate(waarden, start=1):
        reden = reden_ongeldig(waarde)
        if reden is None:
            assert isinstance(waarde, str)
            eerder = eerste.get(waarde)
            if eerder is None:
                eerste[waarde] = positie
                geldig.append(waarde)
                continue
            reden = f"Dit BSN staat al in {lijst}, op positie {eerder}."
        afgekeurd.append(AfgekeurdeVerwijzing(lijst, positie, weergave(waarde), reden))
    return Controle(tuple(geldig), tuple(afgekeurd))


def controleer_mutaties(toevoegen: Sequence[object], verwijderen: Sequence[object]) -> tuple[Controle, Controle]:
    """Check both lists of a mutation message; a BSN in both is rejected in both."""
    erbij = controleer_lijst(TOEVOEGEN, toevoegen)
    eraf = controleer_lijst(VERWIJDEREN, verwijderen)
    tegenstrijdig = set(erbij.geldig) & set(eraf.geldig)
    if not tegenstrijdig:
        return erbij, eraf
    plek_erbij = _eerste_posities(toevoegen, tegenstrijdig)
    plek_eraf = _eerste_posities(verwijderen, tegenstrijdig)
    return (
        _zonder(erbij, TOEVOEGEN, plek_erbij, VERWIJDEREN, plek_eraf),
        _zonder(eraf, VERWIJDEREN, plek_eraf, TOEVOEGEN, plek_erbij),
    )


def _eerste_posities(waarden: Sequence[object], bsns: set[str]) -> dict[str, int]:
    gevonden: dict[str, int] = {}
    for positie, waarde in enumerate(waarden, start=1):
        if isinstance(waarde, str) and waarde in bsns and waarde not in gevonden:
            gevonden[waarde] = positie
    return gevonden


def _zonder(
    controle: Controle, lijst: str, posities: dict[str, int], andere_lijst: str, andere_posities: dict[str, int]
) -> Controle:
    """The check of ``lijst`` with the BSNs of ``posities`` (also in the other list) moved to the rejected."""
    extra = [
        AfgekeurdeVerwijzing(
            lijst,
            positie,
            bsn,
            f"Dit BSN staat ook in {andere_lijst}, op positie {andere_posities[bsn]}; "
            "het wordt niet toegevoegd en niet verwijderd.",
        )
        for bsn, positie in posities.items()
    ]
    afgekeurd = sorted((*controle.afgekeurd, *extra), key=lambda a: a.positie)
    return Controle(tuple(b for b in controle.geldig if b not in posities), tuple(afgekeurd))
