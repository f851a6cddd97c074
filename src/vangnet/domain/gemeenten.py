"""The 342 Dutch gemeenten (CBS codes, names, provinces) and look-ups by code or name.

The list lives in ``data/gemeenten.csv``; ``data/gemeenten.md`` gives its sources and
how to keep it current.
"""

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from vangnet.domain.errors import DomainError

REFERENCE_DATE = date(2026, 1, 1)
"""The date on which the municipal division in ``data/gemeenten.csv`` was checked."""

_CODE_PATTERN = re.compile(r"(?:GM)?([0-9]{1,4})")
_CBS_SUFFIX = re.compile(r"\s*\([A-Za-z]+\.?\)\s*$")
_APOSTROPHES = "'\u2019\u2018`"
_NOT_ASCII_ALPHANUMERIC = re.compile(r"[^A-Za-z0-9]+")

_ALIASES = {
    "Den Haag": "'s-Gravenhage",
    "Den Bosch": "'s-Hertogenbosch",
    "Nuenen": "Nuenen, Gerwen en Nederwetten",
}


class UnknownGemeenteError(DomainError):
    """No gemeente matches the given code or name."""


@dataclass(frozen=True)
class Gemeente:
    """A Dutch municipality as CBS lists it."""

    code: str
    """CBS gemeentecode, "GM" and four digits: "GM0363"."""
    naam: str
    provincie: str

    @property
    def cbs_nummer(self) -> str:
        """The four digits of the code: "0363"."""
        return self.code[2:]


@cache
def all_gemeenten() -> tuple[Gemeente, ...]:
    """Every gemeente on ``REFERENCE_DATE``, sorted by code."""
    text = files("vangnet.domain").joinpath("data", "gemeenten.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter=";")
    gemeenten = (Gemeente(code=row["code"], naam=row["naam"], provincie=row["provincie"]) for row in rows)
    return tuple(sorted(gemeenten, key=lambda gemeente: gemeente.code))


def normalise_code(code: str) -> str:
    """Write a gemeentecode as "GM" and four digits; accepts "gm0363", "0363" and "363"."""
    match = _CODE_PATTERN.fullmatch(code.strip().upper())
    if match is None:
        raise UnknownGemeenteError(f"Ongeldige gemeentecode '{code}': verwacht GM gevolgd door vier cijfers.")
    return "GM" + match.group(1).zfill(4)


def by_code(code: str) -> Gemeente:
    """The gemeente with this CBS code, in any form ``normalise_code`` accepts."""
    normalised = normalise_code(code)
    gemeente = _by_code().get(normalised)
    if gemeente is None:
        raise UnknownGemeenteError(f"Onbekende gemeentecode '{normalised}'.")
    return gemeente


def by_name(name: str) -> Gemeente:
    """The gemeente with this name, ignoring case, diacritics, apostrophes and punctuation.

    Also accepts a few common names ("Den Haag") and a name without its CBS suffix
    ("Hengelo" for "Hengelo (O.)") when only one gemeente carries it. Because names are
    compared in their ``ascii_name`` form, a report file name ("Sudwest-Fryslan") works too.
    """
    key = _name_key(name)
    if not key:
        raise UnknownGemeenteError("Gemeentenaam ontbreekt.")
    key = _alias_targets().get(key, key)
    if key in _by_name_key():
        return _by_name_key()[key]
    return _by_name_without_suffix(name, key)


def ascii_name(gemeente_naam: str) -> str:
    """The name as the signaalrapport file names use it: only ASCII letters, digits and "-".

    Diacritics and apostrophes are dropped and every other run of non-alphanumeric
    characters becomes one "-": "'s-Gravenhage" -> "s-Gravenhage", "Súdwest-Fryslân" ->
    "Sudwest-Fryslan", "Bergen (NH.)" -> "Bergen-NH" (the suffix stays, so the two
    Bergens keep distinct file names).
    """
    text = _without_diacritics(gemeente_naam)
    for apostrophe in _APOSTROPHES:
        text = text.replace(apostrophe, "")
    return _NOT_ASCII_ALPHANUMERIC.sub("-", text).strip("-")


def _without_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _name_key(name: str) -> str:
    return ascii_name(name).casefold()


def _base_name(name: str) -> str:
    return _CBS_SUFFIX.sub("", name)


def _by_name_without_suffix(name: str, key: str) -> Gemeente:
    candidates = _by_base_name_key().get(key, ())
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        options = " of ".join(f"'{gemeente.naam}'" for gemeente in candidates)
        raise UnknownGemeenteError(f"Gemeentenaam '{name.strip()}' is niet eenduidig: bedoelt u {options}?")
    raise UnknownGemeenteError(f"Onbekende gemeentenaam '{name.strip()}'.")


@cache
def _alias_targets() -> dict[str, str]:
    return {_name_key(alias): _name_key(naam) for alias, naam in _ALIASES.items()}


@cache
def _by_code() -> dict[str, Gemeente]:
    return {gemeente.code: gemeente for gemeente in all_gemeenten()}


@cache
def _by_name_key() -> dict[str, Gemeente]:
    return {_name_key(gemeente.naam): gemeente for gemeente in all_gemeenten()}


@cache
def _by_base_name_key() -> dict[str, tuple[Gemeente, ...]]:
    """Gemeenten by their name without CBS suffix; only suffixed names are listed."""
    groups: defaultdict[str, list[Gemeente]] = defaultdict(list)
    for gemeente in all_gemeenten():
        base = _base_name(gemeente.naam)
        if base != gemeente.naam:
            groups[_name_key(base)].append(gemeente)
    return {key: tuple(group) for key, group in groups.items()}
