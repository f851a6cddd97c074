"""The employer's loonheffingennummer: nine digits that pass the 11-proef, the letter L, a subnumber."""

import pytest

from vangnet.domain.bsn import synthetic_bsn
from vangnet.domain.loonheffingennummer import (
    LoonheffingennummerError,
    is_valid_loonheffingennummer,
    parse_loonheffingennummer,
)

GELDIG_FISCAAL = "123456782"  # 9·1 + 8·2 + 7·3 + 6·4 + 5·5 + 4·6 + 3·7 + 2·8 − 1·2 = 154 = 14·11


@pytest.mark.parametrize(
    ("invoer", "compact"),
    [
        ("123456782L01", "123456782L01"),
        ("123456782l01", "123456782L01"),
        ("1234.56.782.L.01", "123456782L01"),
        (" 123 456 782 L 02 ", "123456782L02"),
        ("NL123456782L01", "123456782L01"),
        (f"{synthetic_bsn(3)}L99", f"{synthetic_bsn(3)}L99"),
    ],
)
def test_valid_numbers_are_returned_compact(invoer, compact):
    assert parse_loonheffingennummer(invoer) == compact
    assert is_valid_loonheffingennummer(invoer)


@pytest.mark.parametrize(
    ("invoer", "reden"),
    [
        (None, "ontbreekt"),
        ("", "ontbreekt"),
        ("123456782L1", "12 tekens"),
        ("123456782B01", "letter L"),
        ("12345678XL01", "cijfers"),
        ("123456783L01", "elfproef"),
        ("000000000L01", "elfproef"),
        ("123456782L00", "01 of hoger"),
    ],
)
def test_invalid_numbers_are_refused_with_a_dutch_reason(invoer, reden):
    with pytest.raises(LoonheffingennummerError, match=reden):
        parse_loonheffingennummer(invoer)
    assert not is_valid_loonheffingennummer(invoer)


def test_the_message_never_repeats_the_number():
    with pytest.raises(LoonheffingennummerError) as fout:
        parse_loonheffingennummer("123456783L01")
    assert "123456783" not in str(fout.value)
