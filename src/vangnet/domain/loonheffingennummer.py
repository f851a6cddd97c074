"""The loonheffingennummer of an employer: its fiscal number, the letter L and a two-digit subnumber.

Example: 123456782L01. The fiscal number (RSIN, or the BSN of a self-employed employer) passes
the same 11-proef as a BSN; the check is python-stdnum's (``stdnum.nl.bsn``), as in its
``stdnum.nl.btw`` for the VAT number of the same shape with a B. The python-stdnum release in
use has no module for the loonheffingennummer itself. Subnumber 00 is never issued.

Messages never repeat the number: they may reach logs.
"""

from stdnum.nl import bsn as stdnum_bsn
from stdnum.util import clean, isdigits

from vangnet.domain.errors import DomainError

LENGTE = 12
SCHEIDINGSTEKENS = " .-"


class LoonheffingennummerError(DomainError):
    """The value is not a valid loonheffingennummer."""


def parse_loonheffingennummer(value: str | None) -> str:
    """The number in its compact form (123456782L01), spaces, dots and dashes removed; L upper case."""
    if value is None or not value.strip():
        raise LoonheffingennummerError("Het loonheffingennummer ontbreekt.")
    compact: str = clean(value, SCHEIDINGSTEKENS).strip().upper()
    if compact.startswith("NL"):
        compact = compact[2:]
    if len(compact) != LENGTE:
        raise LoonheffingennummerError(
            f"Een loonheffingennummer heeft {LENGTE} tekens (9 cijfers, de letter L en 2 cijfers), "
            f"maar dit heeft er {len(compact)}."
        )
    fiscaal, letter, sub = compact[:9], compact[9], compact[10:]
    if letter != "L":
        raise LoonheffingennummerError("Het tiende teken van een loonheffingennummer is de letter L.")
    if not isdigits(fiscaal) or not isdigits(sub):
        raise LoonheffingennummerError("Een loonheffingennummer heeft cijfers vóór en na de letter L.")
    if fiscaal == "000000000" or stdnum_bsn.checksum(fiscaal) != 0:
        raise LoonheffingennummerError("Het fiscale nummer in het loonheffingennummer voldoet niet aan de elfproef.")
    if sub == "00":
        raise LoonheffingennummerError("Het subnummer van een loonheffingennummer is 01 of hoger.")
    return compact


def is_valid_loonheffingennummer(value: str | None) -> bool:
    try:
        parse_loonheffingennummer(value)
    except LoonheffingennummerError:
        return False
    return True
