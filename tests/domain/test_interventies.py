"""Costs of interventions: hours times rate in cents, the seed's default rates, Dutch amounts."""

from decimal import Decimal

import pytest

from vangnet.domain.interventies import InterventieFout, bedrag, kosten, standaardtarief, totale_kosten


def test_the_default_rates_are_those_of_the_seed():
    assert standaardtarief("bedrijfsarts").uurtarief == Decimal("240.00")
    assert standaardtarief("casemanagement").uurtarief == Decimal("125.00")
    assert standaardtarief("arbeidsdeskundig_onderzoek").uurtarief == Decimal("135.00")
    assert standaardtarief("tweede_spoortraject").uurtarief == Decimal("115.00")
    assert standaardtarief("tweede_spoortraject").deskundige == "re-integratieconsulent"
    assert standaardtarief("werkplekaanpassing") is None
    assert standaardtarief("scholing") is None


def test_a_tweede_spoortraject_of_forty_hours_lands_in_the_seeds_range():
    assert Decimal("3500") <= kosten(Decimal(40), standaardtarief("tweede_spoortraject").uurtarief) <= Decimal("6000")


@pytest.mark.parametrize(
    ("uren", "tarief", "verwacht"),
    [
        ("40", "115", "4600.00"),
        ("1.5", "240", "360.00"),
        ("0.25", "115.50", "28.88"),  # 28.875 rounds half up
        ("0", "125", "0.00"),
        ("3.33", "33.33", "110.99"),
    ],
)
def test_costs_are_hours_times_rate_in_cents(uren, tarief, verwacht):
    assert kosten(Decimal(uren), Decimal(tarief)) == Decimal(verwacht)


def test_the_total_rounds_each_line_first():
    regels = [(Decimal("0.25"), Decimal("115.50")), (Decimal("0.25"), Decimal("115.50")), (Decimal(2), Decimal(240))]
    assert totale_kosten(regels) == Decimal("537.76")
    assert totale_kosten([]) == Decimal("0.00")


@pytest.mark.parametrize(("uren", "tarief"), [("-1", "100"), ("1", "-5"), ("10001", "1"), ("1", "10000.01")])
def test_impossible_hours_or_rates_are_refused(uren, tarief):
    with pytest.raises(InterventieFout):
        kosten(Decimal(uren), Decimal(tarief))


@pytest.mark.parametrize(
    ("waarde", "tekst"),
    [
        ("4600", "4.600,00"),
        ("0", "0,00"),
        ("1234567.891", "1.234.567,89"),
        ("999.995", "1.000,00"),
        ("-12.5", "-12,50"),
    ],
)
def test_amounts_in_dutch_notation(waarde, tekst):
    assert bedrag(Decimal(waarde)) == tekst
