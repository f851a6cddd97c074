import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from vangnet.domain.bsn import (
    BsnError,
    has_bsn_form,
    is_plain_valid_bsn,
    is_valid_bsn,
    mask_bsn,
    parse_bsn,
    synthetic_bsn,
    synthetic_bsn_capacity,
    synthetic_bsns,
)
from vangnet.domain.errors import DomainError

CAPACITY = synthetic_bsn_capacity()
synthetic_indexes = st.integers(min_value=0, max_value=CAPACITY - 1)


def brute_force_valid(first: int, last: int) -> list[str]:
    """Every number in [first, last] that stdnum accepts, the slow way."""
    return [str(number) for number in range(first, last + 1) if stdnum_bsn.is_valid(str(number))]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("111222333", "111222333"),
        ("123456782", "123456782"),
        ("999000007", "999000007"),
        ("1112.22.333", "111222333"),
        ("111 222 333", "111222333"),
        ("111-222-333", "111222333"),
        ("111\u2013222\u2013333", "111222333"),  # stdnum maps look-alike dashes, spaces and digits
        ("111\u00a0222\u00a0333", "111222333"),
        ("\uff11\uff11\uff11222333", "111222333"),
        ("  111222333\n", "111222333"),
        ("12345672", "012345672"),
        ("012345672", "012345672"),
        ("1234.56.72", "012345672"),
    ],
)
def test_parse_bsn_accepts_and_normalises(value: str, expected: str) -> None:
    assert parse_bsn(value) == expected
    assert is_valid_bsn(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "BSN ontbreekt."),
        ("", "BSN ontbreekt."),
        ("   ", "BSN ontbreekt."),
        ("..--", "BSN ontbreekt."),
        ("11122233x", "BSN mag alleen cijfers bevatten, maar bevat 'x'."),
        ("111/222/333", "BSN mag alleen cijfers bevatten, maar bevat '/'."),
        ("111\t222333", "BSN mag alleen cijfers bevatten, maar bevat '\\t'."),
        ("\u0661\u0661\u0661222333", "BSN mag alleen cijfers bevatten, maar bevat '\u0661'."),
        ("1112223334", "BSN moet 9 cijfers hebben, maar heeft er 10."),
        ("1234567", "BSN moet 9 cijfers hebben, maar heeft er 7."),
        ("1", "BSN moet 9 cijfers hebben, maar heeft er 1."),
        ("000000000", "BSN mag niet uit alleen nullen bestaan."),
        ("00000000", "BSN mag niet uit alleen nullen bestaan."),
        ("111222334", "Dit BSN voldoet niet aan de elfproef."),
        ("1112.52.333", "Dit BSN voldoet niet aan de elfproef."),
    ],
)
def test_parse_bsn_says_what_is_wrong(value: str | None, message: str) -> None:
    with pytest.raises(BsnError) as raised:
        parse_bsn(value)
    assert str(raised.value) == message
    assert not is_valid_bsn(value)


def test_bsn_error_is_a_domain_error() -> None:
    assert issubclass(BsnError, DomainError)
    assert issubclass(BsnError, ValueError)


def test_checksum_message_does_not_repeat_the_number() -> None:
    with pytest.raises(BsnError) as raised:
        parse_bsn("123456789")
    assert "123456789" not in str(raised.value)


def test_is_valid_bsn_is_false_for_non_text() -> None:
    assert not is_valid_bsn(123456782)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bsn", "masked"),
    [("123456782", "******782"), ("012345672", "******672"), ("", "*********")],
)
def test_mask_bsn_shows_only_the_last_three_digits(bsn: str, masked: str) -> None:
    assert mask_bsn(bsn) == masked


def test_first_synthetic_bsns_are_every_valid_number_from_999000000() -> None:
    expected = brute_force_valid(999_000_000, 999_002_000)
    assert list(synthetic_bsns(len(expected))) == expected


def test_synthetic_bsns_in_the_middle_skip_no_valid_number() -> None:
    expected = brute_force_valid(999_500_000, 999_502_000)
    start = list(synthetic_bsns(CAPACITY)).index(expected[0])
    assert list(synthetic_bsns(len(expected), start=start)) == expected


def test_last_synthetic_bsns_end_the_range() -> None:
    expected = brute_force_valid(999_998_000, 999_999_999)
    assert list(synthetic_bsns(len(expected), start=CAPACITY - len(expected))) == expected


def test_all_synthetic_bsns_are_valid_unique_ascending_and_in_range() -> None:
    bsns = list(synthetic_bsns(CAPACITY))
    assert len(bsns) == CAPACITY == 90_909
    assert bsns == sorted(set(bsns))
    assert all(stdnum_bsn.is_valid(bsn) for bsn in bsns)
    assert bsns[0] >= "999000000"
    assert bsns[-1] <= "999999999"


@pytest.mark.parametrize("n", [-1, CAPACITY, 10_000_000])
def test_synthetic_bsn_outside_the_range_is_refused(n: int) -> None:
    with pytest.raises(ValueError, match="testreeks heeft er 90909"):
        synthetic_bsn(n)


def test_synthetic_bsns_refuses_to_run_past_the_range() -> None:
    with pytest.raises(ValueError, match="testreeks"):
        synthetic_bsns(2, start=CAPACITY - 1)
    with pytest.raises(ValueError, match="negatief"):
        synthetic_bsns(-1)
    assert list(synthetic_bsns(0, start=CAPACITY)) == []


@given(synthetic_indexes)
def test_every_synthetic_bsn_validates_with_stdnum(n: int) -> None:
    bsn = synthetic_bsn(n)
    assert stdnum_bsn.validate(bsn) == bsn
    assert bsn.startswith("999")
    assert len(bsn) == 9


@given(synthetic_indexes, st.integers(min_value=1, max_value=30))
def test_synthetic_bsns_agree_with_synthetic_bsn(start: int, count: int) -> None:
    count = min(count, CAPACITY - start)
    assert list(synthetic_bsns(count, start=start)) == [synthetic_bsn(n) for n in range(start, start + count)]


@given(synthetic_indexes, synthetic_indexes)
def test_synthetic_bsn_preserves_order(a: int, b: int) -> None:
    assert (a < b) == (synthetic_bsn(a) < synthetic_bsn(b))


@given(st.one_of(st.none(), st.text()))
def test_is_valid_bsn_never_raises(value: str | None) -> None:
    assert is_valid_bsn(value) in (True, False)


@given(st.text(alphabet="0123456789 .-", max_size=15))
def test_parse_bsn_either_accepts_or_raises_bsn_error(value: str) -> None:
    try:
        parse_bsn(value)
    except BsnError:
        assert not is_valid_bsn(value)
    else:
        assert is_valid_bsn(value)


@given(synthetic_indexes, st.lists(st.sampled_from([" ", ".", "-"]), min_size=9, max_size=9))
def test_parse_bsn_is_idempotent_and_ignores_separators(n: int, separators: list[str]) -> None:
    bsn = synthetic_bsn(n)
    written = "".join(digit + separator for digit, separator in zip(bsn, separators, strict=True))
    parsed = parse_bsn(written)
    assert parsed == bsn
    assert parse_bsn(parsed) == parsed


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_the_plain_check_agrees_with_stdnum(value: str) -> None:
    assert is_plain_valid_bsn(value) == (value != "000000000" and stdnum_bsn.checksum(value) == 0)


def test_the_plain_check_agrees_with_stdnum_on_every_check_digit_of_many_numbers() -> None:
    for prefix in range(0, 100_000_000, 99_991):
        for check_digit in "0123456789":
            value = f"{prefix:08d}{check_digit}"
            assert is_plain_valid_bsn(value) == (value != "000000000" and stdnum_bsn.is_valid(value)), value


@pytest.mark.parametrize(
    "value", ["12345672", "1234567820", "1234 5672", "\uff11\uff11\uff11222333", "", 123456782, None]
)
def test_the_plain_check_takes_only_nine_plain_digits(value: object) -> None:
    assert not is_plain_valid_bsn(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "form"),
    [("123456782", True), ("123456789", True), ("000000000", True), ("12345678", False), ("1234567820", False),
     ("123 456 782", False), ("12345678x", False), ("１２３４５６７８２", False)],
)  # fmt: skip
def test_the_bsn_form_is_nine_plain_digits_valid_or_not(value: str, form: bool) -> None:
    assert has_bsn_form(value) is form
