"""The LKS register's rules: employer numbers, loonwaarde, names and address, overlapping periods, the DKD form."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.domain.lksregister import (
    CD_TYPE_LKS,
    DkdPeriode,
    LksRegisterFout,
    Periode,
    controleer_geboortedatum,
    controleer_geen_overlap,
    controleer_naam,
    dkd_persoon,
    herzien_uiterlijk,
    normaliseer_voorletters,
    overlappende_periode,
    parse_huisnummer,
    parse_loonheffingennummer,
    parse_loonwaarde,
    parse_postcode,
    perc_loonwaarde,
)


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [("123456782L01", "123456782L01"), ("1234.56.782.l01", "123456782L01"), (" 123456782 L 02 ", "123456782L02")],
)
def test_loonheffingennummer_is_normalised(invoer, verwacht):
    assert parse_loonheffingennummer(invoer) == verwacht


@pytest.mark.parametrize(
    ("invoer", "reden"),
    [
        ("", "ontbreekt"),
        ("123456783L01", "elfproef"),
        ("123456782B01", "letter L"),
        ("123456782L00", "01 of hoger"),
        ("12345678L01", "12 tekens"),
    ],
)
def test_a_wrong_loonheffingennummer_is_refused_in_dutch(invoer, reden):
    with pytest.raises(LksRegisterFout, match=reden):
        parse_loonheffingennummer(invoer)


@pytest.mark.parametrize(
    ("invoer", "verwacht", "perc"),
    [
        ("60", Decimal("60.00"), "+06000"),
        ("62,5", Decimal("62.50"), "+06250"),
        ("62.55 %", Decimal("62.55"), "+06255"),
        ("0,01", Decimal("0.01"), "+00001"),
        ("99,99", Decimal("99.99"), "+09999"),
        (Decimal("45"), Decimal("45.00"), "+04500"),
    ],
)
def test_loonwaarde_and_its_dkd_percentage(invoer, verwacht, perc):
    assert parse_loonwaarde(invoer) == verwacht
    assert perc_loonwaarde(verwacht) == perc


@pytest.mark.parametrize("invoer", ["", "0", "100", "120", "60,555", "zestig", "-5", Decimal("60.123")])
def test_a_wrong_loonwaarde_is_refused(invoer):
    with pytest.raises(LksRegisterFout):
        parse_loonwaarde(invoer)


def test_names_voorletters_postcode_and_huisnummer():
    assert normaliseer_voorletters("j.p.") == "JP"
    assert normaliseer_voorletters(" ") is None
    with pytest.raises(LksRegisterFout, match="Hoogstens 6"):
        normaliseer_voorletters("ABCDEFG")
    with pytest.raises(LksRegisterFout, match="alleen letters"):
        normaliseer_voorletters("J1")
    assert controleer_naam("  van   der  ", "Voorvoegsel", 10) == "van der"
    with pytest.raises(LksRegisterFout, match="geen cijfers"):
        controleer_naam("Jansen2", "Achternaam")
    with pytest.raises(LksRegisterFout, match="Achternaam ontbreekt"):
        controleer_naam("", "Achternaam", verplicht=True)
    assert parse_postcode("3511ed") == "3511 ED"
    assert parse_postcode("") == ""
    with pytest.raises(LksRegisterFout, match="postcode"):
        parse_postcode("0123 AB")
    assert parse_huisnummer("12") == (12, "")
    assert parse_huisnummer("12a") == (12, "A")
    assert parse_huisnummer("12-bis") == (12, "BIS")
    assert parse_huisnummer("") == (None, "")
    with pytest.raises(LksRegisterFout):
        parse_huisnummer("0")


D = date


@pytest.mark.parametrize(
    ("nieuw", "bestaand", "overlapt"),
    [
        ((D(2025, 1, 1), D(2025, 6, 30)), (D(2025, 6, 30), None), True),  # both ends count
        ((D(2025, 1, 1), D(2025, 6, 30)), (D(2025, 7, 1), None), False),
        ((D(2025, 7, 1), None), (D(2024, 1, 1), None), True),  # two running periods
        ((D(2024, 1, 1), D(2024, 12, 31)), (D(2023, 1, 1), D(2023, 12, 31)), False),
        ((D(2024, 3, 1), D(2024, 3, 1)), (D(2024, 1, 1), D(2024, 12, 31)), True),  # inside
    ],
)
def test_overlap_of_lks_periods(nieuw, bestaand, overlapt):
    periode = Periode(*nieuw)
    andere = Periode(*bestaand, sleutel=1)
    assert (overlappende_periode(periode, [andere]) is not None) is overlapt
    if overlapt:
        with pytest.raises(LksRegisterFout, match="overlapt met een andere LKS-periode"):
            controleer_geen_overlap(periode, [andere])


def test_a_stored_period_does_not_overlap_itself():
    opgeslagen = Periode(D(2025, 1, 1), None, sleutel=7)
    assert overlappende_periode(Periode(D(2025, 1, 1), D(2025, 5, 1), sleutel=7), [opgeslagen]) is None


def test_einde_before_begin_is_refused():
    with pytest.raises(LksRegisterFout, match="ligt vóór de begindatum"):
        Periode(D(2025, 2, 1), D(2025, 1, 31))


@given(
    st.dates(D(2000, 1, 1), D(2030, 1, 1)),
    st.integers(0, 400),
    st.dates(D(2000, 1, 1), D(2030, 1, 1)),
    st.integers(0, 400),
)
def test_overlap_is_symmetric_and_matches_shared_days(begin_a, lengte_a, begin_b, lengte_b):
    a = Periode(begin_a, D.fromordinal(begin_a.toordinal() + lengte_a))
    b = Periode(begin_b, D.fromordinal(begin_b.toordinal() + lengte_b))
    dagen_a = set(range(a.begin.toordinal(), a.einde.toordinal() + 1))
    dagen_b = set(range(b.begin.toordinal(), b.einde.toordinal() + 1))
    assert a.overlapt(b) == b.overlapt(a) == bool(dagen_a & dagen_b)


def test_geboortedatum_before_begin_and_not_in_the_future():
    controleer_geboortedatum(D(1985, 3, 12), D(2025, 1, 1), D(2026, 1, 1))
    with pytest.raises(LksRegisterFout, match="toekomst"):
        controleer_geboortedatum(D(2027, 1, 1), None, D(2026, 1, 1))
    with pytest.raises(LksRegisterFout, match="niet vóór de begindatum"):
        controleer_geboortedatum(D(2025, 1, 1), D(2025, 1, 1), D(2026, 1, 1))


def test_herzien_due_two_weeks_after_the_report_or_the_later_sick_day():
    assert herzien_uiterlijk(D(2026, 3, 1), D(2026, 3, 10)) == D(2026, 3, 24)
    assert herzien_uiterlijk(D(2026, 4, 1), D(2026, 3, 10)) == D(2026, 4, 15)


def test_dkd_persoon_has_the_gemeente_as_bron_and_lks_provisions_in_order():
    persoon = dkd_persoon(
        3,
        "GM0344",
        "999990019",
        [
            DkdPeriode(D(2025, 1, 1), None, Decimal("60"), "B-2"),
            DkdPeriode(D(2023, 1, 1), D(2024, 12, 31), Decimal("55.5")),
        ],
        voornamen="Jan Pieter",
        voorletters="JP",
        achternaam="Testpersoon",
        geboortedatum=D(1985, 3, 12),
    )
    assert persoon.positie == 3
    assert persoon.bron is not None and (persoon.bron.cd_kolom, persoon.bron.cd_partij) == (3, "0344")
    assert persoon.relaties[0].bron == persoon.bron
    assert persoon.geboortedat == "19850312"
    assert [(v.begin, v.einde, v.perc_loonwaarde, v.registratienr) for v in persoon.voorzieningen] == [
        (D(2023, 1, 1), D(2024, 12, 31), "+05550", None),
        (D(2025, 1, 1), None, "+06000", "B-2"),
    ]
    assert all(v.is_lks and v.cd_type == CD_TYPE_LKS and v.relatie == 0 for v in persoon.voorzieningen)
    assert persoon.voorvoegsel is None


def test_dkd_persoon_refuses_a_wrong_gemeentecode():
    with pytest.raises(LksRegisterFout):
        dkd_persoon(1, "0344", "999990019", [])
