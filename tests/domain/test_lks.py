from datetime import date, timedelta
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.domain.errors import DomainError
from vangnet.domain.lks import (
    LksError,
    LksPeriode,
    Toetsvenster,
    periods_in_window,
    responsible_gemeente,
    toetsvenster,
    two_years_before,
)

D = date(2025, 6, 30)  # datum einde arbeidsverhouding
WINDOW_BEGIN = date(2023, 6, 30)
ONE_DAY = timedelta(days=1)


def periode(code: str, begin: date, einde: date | None = None) -> LksPeriode:
    return LksPeriode(gemeentecode=code, begin=begin, einde=einde)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 6, 30), date(2023, 6, 30)),
        (date(2025, 1, 1), date(2023, 1, 1)),
        (date(2024, 2, 29), date(2022, 2, 28)),
        (date(2024, 2, 28), date(2022, 2, 28)),
        (date(2024, 3, 1), date(2022, 3, 1)),
        (date(2026, 2, 28), date(2024, 2, 28)),
        (date(2026, 3, 1), date(2024, 3, 1)),
        (date(2028, 2, 29), date(2026, 2, 28)),
    ],
)
def test_two_years_before_counts_calendar_years(d: date, expected: date) -> None:
    assert two_years_before(d) == expected


def test_toetsvenster_is_two_years_up_to_and_including_d() -> None:
    assert toetsvenster(D) == Toetsvenster(begin=WINDOW_BEGIN, einde=D)
    assert toetsvenster(date(2024, 2, 29)) == Toetsvenster(begin=date(2022, 2, 28), einde=date(2024, 2, 29))


def test_toetsvenster_refuses_an_end_before_the_begin() -> None:
    with pytest.raises(LksError, match="Einde toetsvenster"):
        Toetsvenster(begin=D, einde=D - ONE_DAY)


@pytest.mark.parametrize(
    ("begin", "einde", "counts"),
    [
        (date(2020, 1, 1), WINDOW_BEGIN, True),  # ends on the first day of the window
        (date(2020, 1, 1), WINDOW_BEGIN - ONE_DAY, False),  # ends the day before
        (D, None, True),  # begins on D
        (D, D, True),
        (D + ONE_DAY, None, False),  # begins after D
        (D + ONE_DAY, date(2026, 1, 1), False),
        (date(2024, 1, 1), date(2024, 12, 31), True),  # inside
        (date(2020, 1, 1), date(2030, 1, 1), True),  # around
        (date(2020, 1, 1), None, True),  # still running
        (date(2019, 1, 1), date(2020, 1, 1), False),
    ],
)
def test_window_boundaries_are_inclusive(begin: date, einde: date | None, counts: bool) -> None:
    lks = periode("GM0363", begin, einde)
    assert (periods_in_window([lks], D) == [lks]) is counts
    assert (responsible_gemeente([lks], D) == "GM0363") is counts


@pytest.mark.parametrize(
    ("einde", "counts"),
    [(date(2022, 2, 28), True), (date(2022, 2, 27), False)],
)
def test_window_of_a_leap_day_begins_on_28_february(einde: date, counts: bool) -> None:
    lks = periode("GM0363", date(2021, 1, 1), einde)
    assert (periods_in_window([lks], date(2024, 2, 29)) == [lks]) is counts


def test_window_ending_28_february_2026_begins_28_february_2024() -> None:
    d = date(2026, 2, 28)
    assert periods_in_window([periode("GM0363", date(2023, 1, 1), date(2024, 2, 28))], d)
    assert not periods_in_window([periode("GM0363", date(2023, 1, 1), date(2024, 2, 27))], d)
    assert periods_in_window([periode("GM0363", date(2024, 2, 29), date(2024, 2, 29))], d)


def test_periods_in_window_keep_their_order() -> None:
    perioden = [
        periode("GM0344", date(2024, 1, 1), date(2024, 6, 1)),
        periode("GM0014", date(2010, 1, 1), date(2011, 1, 1)),
        periode("GM0363", date(2023, 1, 1), None),
    ]
    assert periods_in_window(perioden, D) == [perioden[0], perioden[2]]


def test_no_period_means_no_responsible_gemeente() -> None:
    assert responsible_gemeente([], D) is None
    assert responsible_gemeente([periode("GM0363", date(2010, 1, 1), date(2011, 1, 1))], D) is None


def test_the_period_that_ended_last_wins() -> None:
    perioden = [
        periode("GM0344", date(2022, 1, 1), date(2025, 1, 31)),
        periode("GM0363", date(2024, 6, 1), date(2024, 12, 31)),
        periode("GM0014", date(2020, 1, 1), date(2023, 12, 31)),
    ]
    assert responsible_gemeente(perioden, D) == "GM0344"


def test_a_running_period_beats_any_ended_one() -> None:
    perioden = [
        periode("GM0344", date(2020, 1, 1), None),
        periode("GM0363", date(2025, 1, 1), date(2025, 6, 30)),
    ]
    assert responsible_gemeente(perioden, D) == "GM0344"


def test_a_period_ending_after_d_counts_with_its_real_end() -> None:
    perioden = [
        periode("GM0344", date(2024, 1, 1), date(2025, 8, 31)),
        periode("GM0363", date(2025, 1, 1), date(2025, 6, 30)),
    ]
    assert responsible_gemeente(perioden, D) == "GM0344"


def test_on_equal_ends_the_latest_begin_wins() -> None:
    perioden = [
        periode("GM0344", date(2024, 1, 1), date(2025, 3, 31)),
        periode("GM0363", date(2024, 7, 1), date(2025, 3, 31)),
    ]
    assert responsible_gemeente(perioden, D) == "GM0363"


def test_on_equal_ends_for_running_periods_the_latest_begin_wins() -> None:
    perioden = [periode("GM0344", date(2024, 1, 1)), periode("GM0363", date(2024, 7, 1))]
    assert responsible_gemeente(perioden, D) == "GM0363"


def test_on_equal_ends_and_begins_the_lowest_code_wins() -> None:
    perioden = [
        periode("GM0363", date(2024, 1, 1), date(2025, 3, 31)),
        periode("GM0014", date(2024, 1, 1), date(2025, 3, 31)),
        periode("GM0344", date(2024, 1, 1), date(2025, 3, 31)),
    ]
    assert responsible_gemeente(perioden, D) == "GM0014"


def test_periode_refuses_an_end_before_the_begin() -> None:
    with pytest.raises(LksError) as raised:
        periode("GM0363", date(2024, 2, 1), date(2024, 1, 31))
    assert str(raised.value) == "Einddatum LKS-periode (2024-01-31) ligt voor de begindatum (2024-02-01)."
    assert issubclass(LksError, DomainError)


def test_a_one_day_period_is_allowed() -> None:
    assert periode("GM0363", D, D).einde == D


# Property tests: dates around a fixed D, so that periods fall before, in and after the window.
days = st.integers(min_value=-1200, max_value=200)
codes = st.sampled_from(["GM0014", "GM0344", "GM0363", "GM0599", "GM1992"])


@st.composite
def lks_perioden(draw: st.DrawFn) -> LksPeriode:
    begin = D + timedelta(days=draw(days))
    length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=900)))
    einde = None if length is None else begin + timedelta(days=length)
    return LksPeriode(gemeentecode=draw(codes), begin=begin, einde=einde)


periode_lists = st.lists(lks_perioden(), max_size=8)


@given(periode_lists)
def test_the_chosen_gemeente_has_an_overlapping_period(perioden: list[LksPeriode]) -> None:
    chosen = responsible_gemeente(perioden, D)
    overlapping = periods_in_window(perioden, D)
    if chosen is None:
        assert overlapping == []
    else:
        assert any(lks.gemeentecode == chosen for lks in overlapping)


@given(periode_lists, st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_input_order(perioden: list[LksPeriode], random: Random) -> None:
    shuffled = list(perioden)
    random.shuffle(shuffled)
    assert responsible_gemeente(shuffled, D) == responsible_gemeente(perioden, D)


@st.composite
def perioden_ending_before_window(draw: st.DrawFn) -> LksPeriode:
    einde = WINDOW_BEGIN - timedelta(days=draw(st.integers(min_value=1, max_value=900)))
    begin = einde - timedelta(days=draw(st.integers(min_value=0, max_value=900)))
    return LksPeriode(gemeentecode=draw(codes), begin=begin, einde=einde)


@st.composite
def perioden_beginning_after_d(draw: st.DrawFn) -> LksPeriode:
    begin = D + timedelta(days=draw(st.integers(min_value=1, max_value=200)))
    length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=900)))
    einde = None if length is None else begin + timedelta(days=length)
    return LksPeriode(gemeentecode=draw(codes), begin=begin, einde=einde)


@given(periode_lists, st.one_of(perioden_ending_before_window(), perioden_beginning_after_d()))
def test_a_period_outside_the_window_changes_nothing(perioden: list[LksPeriode], extra: LksPeriode) -> None:
    assert not toetsvenster(D).overlaps(extra)
    assert responsible_gemeente([*perioden, extra], D) == responsible_gemeente(perioden, D)


@given(periode_lists)
def test_no_overlapping_period_ended_later_than_the_chosen_ones(perioden: list[LksPeriode]) -> None:
    chosen = responsible_gemeente(perioden, D)
    overlapping = periods_in_window(perioden, D)
    if chosen is None:
        return
    latest_end = max(lks.einde or date.max for lks in overlapping)
    assert any((lks.einde or date.max) == latest_end for lks in overlapping if lks.gemeentecode == chosen)
