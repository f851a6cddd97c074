"""Reading the LKS register CSV: tolerant of real files, precise about a bad line, every line whole or not at all."""

import codecs
from datetime import date
from decimal import Decimal

import pytest

from vangnet.domain.bsn import synthetic_bsn
from vangnet.domain.lksimport import KOLOMMEN, VOORBEELD_REGEL, LksBestandFout, lees_lks_register

VANDAAG = date(2026, 3, 20)
BSN = synthetic_bsn(11)
KOP = "BSN;Voorletters;Achternaam;Geboortedatum;Werkgever;Loonheffingennummer;Begindatum;Einddatum;Loonwaarde"


def lees(tekst: str, codering: str = "utf-8"):
    return lees_lks_register(tekst.encode(codering), VANDAAG)


def fouten(tekst: str) -> list[tuple[int, str | None, str]]:
    return [(f.regel, f.kolom, f.reden) for f in lees(tekst).fouten]


def test_semicolons_bom_and_dutch_dates():
    inhoud = (
        codecs.BOM_UTF8
        + (f"{KOP}\r\n{BSN};J.P.;Jansen;12-03-1985;Bakkerij Test;123456782L01;1-1-2025;;60,5\r\n").encode()
    )
    bestand = lees_lks_register(inhoud, VANDAAG)
    assert bestand.fouten == ()
    assert (bestand.scheidingsteken, bestand.codering, bestand.aantal_regels) == (";", "utf-8-sig", 1)
    (regel,) = bestand.regels
    assert (regel.regel, regel.bsn, regel.voorletters, regel.achternaam) == (2, BSN, "JP", "Jansen")
    assert (regel.geboortedatum, regel.begin, regel.einde) == (date(1985, 3, 12), date(2025, 1, 1), None)
    assert (regel.loonheffingennummer, regel.loonwaarde) == ("123456782L01", Decimal("60.50"))


def test_commas_iso_dates_other_header_spelling_and_order():
    tekst = (
        "loonwaarde (%),  begin ,einde,BURGERSERVICENUMMER,Naam werkgever,loonheffingsnummer,Achternaam,Extra\n"
        f'60,2025-01-01,2025-12-31,{BSN},"Werk, BV",123456782L01,de Vries,x\n'
    )
    bestand = lees(tekst)
    assert bestand.fouten == ()
    (regel,) = bestand.regels
    assert (regel.werkgever, regel.begin, regel.einde, regel.achternaam) == (
        "Werk, BV",
        date(2025, 1, 1),
        date(2025, 12, 31),
        "de Vries",
    )
    assert "Voornamen" not in bestand.kolommen and "Begindatum" in bestand.kolommen


def test_every_error_of_a_line_is_reported_with_line_and_column_and_the_line_is_dropped():
    tekst = (
        f"{KOP}\n"
        f"{BSN};JP;Jansen;12-03-1985;Bakkerij;123456782L01;01-01-2025;;60\n"
        "\n"
        "123456789;J.P.;Jan5en;31-02-1985;Bakkerij;123456783L01;01-01-2025;31-12-2024;100\n"
        f"{BSN};JP;Jansen\n"
    )
    bestand = lees(tekst)
    assert [r.regel for r in bestand.regels] == [2]
    gevonden = fouten(tekst)
    assert (4, "BSN", "Dit BSN voldoet niet aan de elfproef.") in gevonden
    assert (4, "Achternaam", "Achternaam mag geen cijfers bevatten.") in gevonden
    assert (4, "Geboortedatum", "De datum 31-02-1985 bestaat niet.") in gevonden
    assert any(f[:2] == (4, "Loonheffingennummer") and "elfproef" in f[2] for f in gevonden)
    assert any(f[:2] == (4, "Loonwaarde") for f in gevonden)
    assert any(f[:2] == (4, "Einddatum") and "vóór de begindatum" in f[2] for f in gevonden)
    assert (5, None, "De regel heeft 3 cellen, de kopregel 9 kolommen.") in gevonden
    assert bestand.aantal_regels == 3
    assert all("123456789" not in reden for _, _, reden in gevonden)


def test_required_cells_and_geboortedatum_rules():
    tekst = (
        f"{KOP}\n"
        f"{BSN};JP;;12-03-1985;;123456782L01;;;60\n"
        f"{BSN};JP;Jansen;01-01-2025;Bakkerij;123456782L01;01-01-2025;;60\n"
        f"{BSN};JP;Jansen;01-01-2027;Bakkerij;123456782L01;01-01-2025;;60\n"
    )
    gevonden = fouten(tekst)
    assert (2, "Achternaam", "Achternaam ontbreekt.") in gevonden
    assert (2, "Werkgever", "De naam van de werkgever ontbreekt.") in gevonden
    assert (2, "Begindatum", "De begindatum ontbreekt.") in gevonden
    assert (3, "Geboortedatum", "De geboortedatum ligt niet vóór de begindatum van de LKS-periode.") in gevonden
    assert (4, "Geboortedatum", "De geboortedatum ligt in de toekomst.") in gevonden


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [
        ("", "leeg"),
        ("BSN;Achternaam\n", "De kolommen 'Werkgever', 'Loonheffingennummer', 'Begindatum', 'Loonwaarde' ontbreken"),
        ("BSN Achternaam\n", "geen scheidingsteken"),
        (f"{KOP};bsn\n", "De kolom 'BSN' staat twee keer"),
    ],
)
def test_a_file_without_the_columns_is_refused_as_a_whole(tekst, melding):
    with pytest.raises(LksBestandFout, match=melding):
        lees(tekst)


def test_windows_1252_and_the_example_line():
    tekst = ";".join(KOLOMMEN) + "\n" + ";".join(VOORBEELD_REGEL).replace("Utrecht", "Súdwest-Fryslân") + "\n"
    bestand = lees(tekst, "cp1252")
    assert bestand.codering == "cp1252"
    assert bestand.fouten == ()
    (regel,) = bestand.regels
    assert (regel.woonplaats, regel.huisnummer, regel.postcode) == ("Súdwest-Fryslân", 1, "3511 ED")
    assert (regel.email, regel.telefoon, regel.beschikkingsnummer) == (
        "hr@voorbeeld.example",
        "030 123 45 67",
        "LKS-2025-0001",
    )
