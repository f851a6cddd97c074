"""Burgerservicenummer (BSN): validation, masking and synthetic test numbers.

The 11-proef itself is python-stdnum's (``stdnum.nl.bsn``); this module adds Dutch
messages that say what is wrong without repeating the number, since messages may
reach logs. Bulk paths (10,000 LKS-toetsen a call, files of a million persons) check
nine plain digits without the cleaning step (``is_plain_valid_bsn``).

Length: stdnum's ``compact`` zero-pads anything shorter than nine digits (even "1"
becomes "000000001"). We pad only eight digits, because a real BSN with a leading zero
often loses it in spreadsheets; seven digits or fewer is refused as a wrong length.
"""

from bisect import bisect_right
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import islice

from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.nl import bsn as stdnum_bsn
from stdnum.util import clean, isdigits

from vangnet.domain.errors import DomainError

BSN_LENGTH = 9
SEPARATORS = " .-"
VISIBLE_DIGITS = 3

# Synthetic people get numbers from 999000000-999999999, the range of BRP test persons.
# Each 8-digit prefix has one check digit that passes the 11-proef, unless it would have
# to be 10; such prefixes are skipped. Running totals per block of ten prefixes let
# synthetic_bsn(n) find its block by bisection instead of counting from the start.
_FIRST_TEST_PREFIX = 99_900_000
_PREFIXES_PER_BLOCK = 10
_BLOCK_COUNT = 10_000


class BsnError(DomainError):
    """The value is not a valid BSN."""


def parse_bsn(value: str | None) -> str:
    """Return the 9-digit BSN in ``value``, ignoring spaces, dots and dashes."""
    digits = _strip_separators(value)
    if len(digits) == BSN_LENGTH - 1:
        digits = "0" + digits
    if len(digits) != BSN_LENGTH:
        raise BsnError(f"BSN moet {BSN_LENGTH} cijfers hebben, maar heeft er {len(digits)}.")
    return _validate_checksum(digits)


def is_valid_bsn(value: str | None) -> bool:
    """Whether ``value`` is a valid BSN; never raises."""
    if value is not None and not isinstance(value, str):
        return False
    if value is not None and has_bsn_form(value):
        # The common case on bulk paths (nine plain digits) skips the cleaning step.
        return is_plain_valid_bsn(value)
    try:
        parse_bsn(value)
    except BsnError:
        return False
    return True


def has_bsn_form(value: str) -> bool:
    """Whether ``value`` is exactly nine ASCII digits (no separators), valid or not."""
    return len(value) == BSN_LENGTH and value.isascii() and value.isdigit()


def is_plain_valid_bsn(value: str) -> bool:
    """Whether ``value`` is exactly nine ASCII digits, not all zeros, that pass stdnum's 11-proef."""
    return isinstance(value, str) and has_bsn_form(value) and value != "000000000" and stdnum_bsn.checksum(value) == 0


def mask_bsn(bsn: str) -> str:
    """Hide all but the last three digits: "******789"."""
    visible = bsn[-VISIBLE_DIGITS:] if len(bsn) > VISIBLE_DIGITS else ""
    return "*" * (BSN_LENGTH - len(visible)) + visible


def _strip_separators(value: str | None) -> str:
    if value is None:
        raise BsnError("BSN ontbreekt.")
    # stdnum's clean first maps look-alikes (en dash, no-break space, full-width digits) to ASCII.
    digits = clean(value, SEPARATORS).strip()
    if not digits:
        raise BsnError("BSN ontbreekt.")
    if not isdigits(digits):
        raise BsnError(f"BSN mag alleen cijfers bevatten, maar bevat {_first_non_digit(digits)!r}.")
    return digits


def _first_non_digit(text: str) -> str:
    return next(char for char in text if char not in "0123456789")


def _validate_checksum(digits: str) -> str:
    if int(digits) == 0:
        raise BsnError("BSN mag niet uit alleen nullen bestaan.")
    try:
        return stdnum_bsn.validate(digits)
    except InvalidChecksum:
        raise BsnError("Dit BSN voldoet niet aan de elfproef.") from None
    except ValidationError:
        raise BsnError("Dit BSN is ongeldig.") from None


def synthetic_bsn(n: int) -> str:
    """The ``n``-th (from 0) valid BSN in the test range 999000000-999999999, in ascending order."""
    _check_synthetic_index(n)
    return next(_synthetic_bsns_from(n))


def synthetic_bsns(count: int, start: int = 0) -> Iterator[str]:
    """``count`` consecutive synthetic BSNs, beginning with ``synthetic_bsn(start)``."""
    if count < 0:
        raise ValueError(f"Aantal synthetische BSN's mag niet negatief zijn, maar is {count}.")
    if count:
        _check_synthetic_index(start)
        _check_synthetic_index(start + count - 1)
    return islice(_synthetic_bsns_from(start), count)


def synthetic_bsn_capacity() -> int:
    """How many synthetic BSNs the test range holds (90,909)."""
    return _valid_before_block()[-1]


def _check_synthetic_index(n: int) -> None:
    capacity = synthetic_bsn_capacity()
    if not 0 <= n < capacity:
        raise ValueError(
            f"Er is geen synthetisch BSN met volgnummer {n}: de testreeks heeft er {capacity} (0 t/m {capacity - 1})."
        )


def _synthetic_bsns_from(n: int) -> Iterator[str]:
    counts = _valid_before_block()
    block = bisect_right(counts, n) - 1
    skip = n - counts[block]
    for later_block in range(block, _BLOCK_COUNT):
        yield from _valid_bsns_in_block(later_block)[skip:]
        skip = 0


@lru_cache(maxsize=16)  # consecutive BSNs (synthetic_bsn(n), n + 1, ...) come from the same few blocks
def _valid_bsns_in_block(block: int) -> tuple[str, ...]:
    first_prefix = _FIRST_TEST_PREFIX + block * _PREFIXES_PER_BLOCK
    candidates = (
        _complete_with_check_digit(str(prefix)) for prefix in range(first_prefix, first_prefix + _PREFIXES_PER_BLOCK)
    )
    return tuple(bsn for bsn in candidates if bsn is not None)


def _complete_with_check_digit(prefix: str) -> str | None:
    # stdnum's checksum of prefix + "0" is exactly the check digit the prefix needs.
    check_digit = stdnum_bsn.checksum(prefix + "0")
    return prefix + str(check_digit) if check_digit < 10 else None


@cache
def _valid_before_block() -> tuple[int, ...]:
    """Running totals: element b counts the valid BSNs before block b; the last is the total."""
    totals = [0]
    for block in range(_BLOCK_COUNT):
        totals.append(totals[-1] + len(_valid_bsns_in_block(block)))
    return tuple(totals)
