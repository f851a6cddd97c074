import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.domain.errors import DomainError
from vangnet.domain.gemeenten import (
    REFERENCE_DATE,
    Gemeente,
    UnknownGemeenteError,
    all_gemeenten,
    ascii_name,
    by_code,
    by_name,
    normalise_code,
)

GEMEENTEN = all_gemeenten()
PROVINCE_TOTALS = {
    "Noord-Brabant": 56,
    "Gelderland": 51,
    "Zuid-Holland": 50,
    "Noord-Holland": 44,
    "Limburg": 31,
    "Utrecht": 26,
    "Overijssel": 25,
    "Friesland": 18,
    "Zeeland": 13,
    "Drenthe": 12,
    "Groningen": 10,
    "Flevoland": 6,
}


def test_the_list_has_342_gemeenten_on_the_reference_date() -> None:
    assert len(GEMEENTEN) == 342
    assert REFERENCE_DATE.isoformat() == "2026-01-01"


def test_codes_and_names_are_unique_and_sorted_by_code() -> None:
    codes = [gemeente.code for gemeente in GEMEENTEN]
    assert codes == sorted(set(codes))
    assert len({gemeente.naam for gemeente in GEMEENTEN}) == 342
    assert all(re.fullmatch(r"GM\d{4}", code) for code in codes)


def test_province_totals() -> None:
    assert Counter(gemeente.provincie for gemeente in GEMEENTEN) == PROVINCE_TOTALS


def test_the_list_is_loaded_once() -> None:
    assert all_gemeenten() is all_gemeenten()


def test_latest_merger_is_in_and_the_merged_gemeenten_are_gone() -> None:
    assert by_code("GM1992").naam == "Voorne aan Zee"
    for gone in ("Brielle", "Hellevoetsluis", "Westvoorne", "Weesp"):
        with pytest.raises(UnknownGemeenteError):
            by_name(gone)


def test_cbs_nummer() -> None:
    assert Gemeente(code="GM0363", naam="Amsterdam", provincie="Noord-Holland").cbs_nummer == "0363"


@pytest.mark.parametrize("code", ["GM0363", "gm0363", "Gm0363", "0363", "363", " GM0363 "])
def test_by_code_accepts_the_usual_forms(code: str) -> None:
    assert by_code(code) == Gemeente(code="GM0363", naam="Amsterdam", provincie="Noord-Holland")


@pytest.mark.parametrize(("code", "normalised"), [("gm14", "GM0014"), ("1", "GM0001"), ("GM9999", "GM9999")])
def test_normalise_code_checks_the_shape_only(code: str, normalised: str) -> None:
    assert normalise_code(code) == normalised


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("GM9999", "Onbekende gemeentecode 'GM9999'."),
        ("9999", "Onbekende gemeentecode 'GM9999'."),
        ("abc", "Ongeldige gemeentecode 'abc': verwacht GM gevolgd door vier cijfers."),
        ("", "Ongeldige gemeentecode '': verwacht GM gevolgd door vier cijfers."),
        ("GM", "Ongeldige gemeentecode 'GM': verwacht GM gevolgd door vier cijfers."),
        ("GM03630", "Ongeldige gemeentecode 'GM03630': verwacht GM gevolgd door vier cijfers."),
        ("GM 0363", "Ongeldige gemeentecode 'GM 0363': verwacht GM gevolgd door vier cijfers."),
    ],
)
def test_by_code_errors(code: str, message: str) -> None:
    with pytest.raises(UnknownGemeenteError) as raised:
        by_code(code)
    assert str(raised.value) == message


def test_unknown_gemeente_error_is_a_domain_error() -> None:
    assert issubclass(UnknownGemeenteError, DomainError)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Amsterdam", "GM0363"),
        ("  amsterdam ", "GM0363"),
        ("AMSTERDAM", "GM0363"),
        ("Súdwest-Fryslân", "GM1900"),
        ("sudwest-fryslan", "GM1900"),
        ("Sudwest Fryslan", "GM1900"),
        ("noardeast-fryslan", "GM1970"),
        ("'s-Gravenhage", "GM0518"),
        ("s-gravenhage", "GM0518"),
        ("\u2019s-Hertogenbosch", "GM0796"),
        ("Nuenen, Gerwen en Nederwetten", "GM0820"),
        ("Alphen aan den Rijn", "GM0484"),
        ("Bergen (NH.)", "GM0373"),
        ("bergen (nh)", "GM0373"),
        ("Bergen-NH", "GM0373"),
        ("Bergen (L.)", "GM0893"),
        ("Hengelo (O.)", "GM0164"),
    ],
)
def test_by_name(name: str, code: str) -> None:
    assert by_name(name).code == code


@pytest.mark.parametrize(
    ("name", "naam"),
    [
        ("Hengelo", "Hengelo (O.)"),
        ("Beek", "Beek (L.)"),
        ("Laren", "Laren (NH.)"),
        ("Middelburg", "Middelburg (Z.)"),
        ("rijswijk", "Rijswijk (ZH.)"),
        ("Stein", "Stein (L.)"),
    ],
)
def test_by_name_without_suffix_when_only_one_gemeente_carries_it(name: str, naam: str) -> None:
    assert by_name(name).naam == naam


@pytest.mark.parametrize(
    ("name", "naam"),
    [
        ("Den Haag", "'s-Gravenhage"),
        ("den  haag", "'s-Gravenhage"),
        ("Den-Haag", "'s-Gravenhage"),
        ("Den Bosch", "'s-Hertogenbosch"),
        ("Nuenen", "Nuenen, Gerwen en Nederwetten"),
    ],
)
def test_by_name_aliases(name: str, naam: str) -> None:
    assert by_name(name).naam == naam


def test_ambiguous_name_names_both_options() -> None:
    with pytest.raises(UnknownGemeenteError) as raised:
        by_name(" Bergen ")
    assert str(raised.value) == "Gemeentenaam 'Bergen' is niet eenduidig: bedoelt u 'Bergen (NH.)' of 'Bergen (L.)'?"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Atlantis", "Onbekende gemeentenaam 'Atlantis'."),
        ("Amsterdamm", "Onbekende gemeentenaam 'Amsterdamm'."),
        ("Bergen (ZH.)", "Onbekende gemeentenaam 'Bergen (ZH.)'."),
        ("", "Gemeentenaam ontbreekt."),
        ("  ", "Gemeentenaam ontbreekt."),
    ],
)
def test_by_name_errors(name: str, message: str) -> None:
    with pytest.raises(UnknownGemeenteError) as raised:
        by_name(name)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("naam", "ascii"),
    [
        ("Amsterdam", "Amsterdam"),
        ("Apeldoorn", "Apeldoorn"),
        ("'s-Gravenhage", "s-Gravenhage"),
        ("'s-Hertogenbosch", "s-Hertogenbosch"),
        ("Súdwest-Fryslân", "Sudwest-Fryslan"),
        ("Noardeast-Fryslân", "Noardeast-Fryslan"),
        ("Bergen (NH.)", "Bergen-NH"),
        ("Bergen (L.)", "Bergen-L"),
        ("Rijswijk (ZH.)", "Rijswijk-ZH"),
        ("Alphen aan den Rijn", "Alphen-aan-den-Rijn"),
        ("Nuenen, Gerwen en Nederwetten", "Nuenen-Gerwen-en-Nederwetten"),
        ("Sittard-Geleen", "Sittard-Geleen"),
    ],
)
def test_ascii_name(naam: str, ascii: str) -> None:
    assert ascii_name(naam) == ascii


def test_ascii_names_are_unique_and_safe_for_file_names() -> None:
    names = [ascii_name(gemeente.naam) for gemeente in GEMEENTEN]
    assert len(set(names)) == 342
    assert all(re.fullmatch(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*", name) for name in names)


@given(st.text())
def test_ascii_name_only_produces_letters_digits_and_dashes(text: str) -> None:
    assert re.fullmatch(r"[A-Za-z0-9-]*", ascii_name(text))


@given(st.sampled_from(GEMEENTEN))
def test_look_ups_round_trip(gemeente: Gemeente) -> None:
    assert by_code(gemeente.code) == gemeente
    assert by_code(gemeente.cbs_nummer) == gemeente
    assert by_code(str(int(gemeente.cbs_nummer))) == gemeente
    assert by_name(gemeente.naam) == gemeente
    assert by_name(gemeente.naam.upper()) == gemeente
    assert by_name(ascii_name(gemeente.naam)) == gemeente


def test_every_gemeente_round_trips() -> None:
    for gemeente in GEMEENTEN:
        assert by_code(gemeente.code) is gemeente
        assert by_name(gemeente.naam) is gemeente
