"""The CSV import of the register: per-row errors, every row whole or not at all, re-import changes nothing new."""

import codecs
from datetime import date
from decimal import Decimal

import pytest
from tests.gemeente.conftest import perioden_van

from django.core.files.uploadedfile import SimpleUploadedFile

from vangnet.domain.bsn import synthetic_bsn
from vangnet.gemeente.register.importeren import LksImportGeweigerd, importeer_lks_register
from vangnet.gemeente.register.models import LksImport, LksPeriode, LksPersoon, Werkgever

pytestmark = pytest.mark.django_db

B1, B2, B3 = synthetic_bsn(21), synthetic_bsn(22), synthetic_bsn(23)
KOP = "BSN;Voorletters;Achternaam;Geboortedatum;Straat;Huisnummer;Postcode;Woonplaats;Werkgever;Loonheffingennummer;Begindatum;Einddatum;Loonwaarde;Beschikkingsnummer"  # noqa: E501


def bestand(*regels: str, kop: str = KOP, bom: bool = True) -> bytes:
    tekst = "\r\n".join((kop, *regels)) + "\r\n"
    return (codecs.BOM_UTF8 if bom else b"") + tekst.encode()


GOED = (
    f"{B1};J.;Jansen;01-02-1980;Dorpsstraat;1;3511AB;Utrecht;Bakkerij;123456782L01;01-01-2024;31-12-2024;55;B-1",
    f"{B1};J.;Jansen;01-02-1980;Dorpsstraat;1;3511AB;Utrecht;Bakkerij;123456782L01;01-01-2025;;60,5;B-2",
    f"{B2};K;de Vries;;;;;;Garage;111222333L01;2025-03-01;;40;",
)


def test_a_file_becomes_persons_employers_and_periods(gemeente_a):
    imp = importeer_lks_register(gemeente_a, bestand(*GOED), "register.csv", vandaag=date(2026, 3, 1))
    assert (imp.aantal_regels, imp.aantal_nieuw, imp.aantal_bijgewerkt, imp.aantal_fouten) == (3, 3, 0, 0)
    assert (imp.scheidingsteken, imp.codering, imp.gemeente) == (";", "utf-8-sig", gemeente_a)
    jansen = LksPersoon.objects.get(bsn=B1)
    assert (jansen.voorletters, jansen.postcode, jansen.geboortedatum) == ("J", "3511 AB", date(1980, 2, 1))
    assert perioden_van(jansen) == [
        (date(2024, 1, 1), date(2024, 12, 31), Decimal("55.00")),
        (date(2025, 1, 1), None, Decimal("60.50")),
    ]
    assert sorted(Werkgever.objects.values_list("loonheffingennummer", "naam")) == [
        ("111222333L01", "Garage"),
        ("123456782L01", "Bakkerij"),
    ]


def test_reimporting_the_same_file_changes_nothing(gemeente_a):
    importeer_lks_register(gemeente_a, bestand(*GOED), "register.csv")
    tweede = importeer_lks_register(gemeente_a, bestand(*GOED), "register.csv")
    assert (tweede.aantal_nieuw, tweede.aantal_bijgewerkt, tweede.aantal_ongewijzigd) == (0, 0, 3)
    assert (LksPersoon.objects.count(), Werkgever.objects.count(), LksPeriode.objects.count()) == (2, 2, 3)
    assert LksImport.objects.count() == 2


def test_same_bsn_and_begin_updates_the_period(gemeente_a):
    importeer_lks_register(gemeente_a, bestand(*GOED), "register.csv")
    gewijzigd = GOED[1].replace(";01-01-2025;;60,5;B-2", ";01-01-2025;30-06-2026;45;B-2")
    imp = importeer_lks_register(gemeente_a, bestand(gewijzigd), "wijziging.csv")
    assert (imp.aantal_nieuw, imp.aantal_bijgewerkt) == (0, 1)
    assert perioden_van(LksPersoon.objects.get(bsn=B1))[1] == (date(2025, 1, 1), date(2026, 6, 30), Decimal("45.00"))
    assert LksPeriode.objects.count() == 3


def test_a_bad_row_is_reported_by_line_column_and_reason_and_stores_nothing(gemeente_a):
    inhoud = bestand(
        GOED[0],
        # line 3: overlaps line 2 (same person): the register refuses it, and nothing of it is stored
        f"{B1};J.;Jansen-Nieuw;01-02-1980;;;;;Nieuwe Werkgever;100000009L01;01-06-2024;;50;",
        # line 4: a wrong BSN and a wrong loonwaarde
        "123456789;J.;Fout;;;;;;Bakkerij;123456782L01;01-01-2025;;150;",
        # line 5: a new person whose period would be fine but whose postcode is wrong
        f"{B3};A;Aarts;;;;12AB;;Bakkerij;123456782L01;01-01-2025;;60;",
        GOED[2],
    )
    imp = importeer_lks_register(gemeente_a, inhoud, "fouten.csv")
    assert (imp.aantal_regels, imp.aantal_nieuw, imp.aantal_fouten) == (5, 2, 3)
    fouten = [(f["regel"], f["kolom"]) for f in imp.fouten]
    assert fouten == [(3, "Begindatum"), (4, "BSN"), (4, "Loonwaarde"), (5, "Postcode")]
    assert "overlapt met een andere LKS-periode" in imp.fouten[0]["reden"]
    # Nothing of line 3: not the new employer, not the changed name.
    assert not Werkgever.objects.filter(loonheffingennummer="100000009L01").exists()
    assert LksPersoon.objects.get(bsn=B1).achternaam == "Jansen"
    assert not LksPersoon.objects.filter(bsn=B3).exists()
    assert all(B1 not in f["reden"] for f in imp.fouten)


def test_a_missing_optional_column_leaves_stored_values_alone(gemeente_a):
    importeer_lks_register(gemeente_a, bestand(*GOED), "register.csv")
    kort = "BSN,Achternaam,Werkgever,Loonheffingennummer,Begindatum,Loonwaarde"
    imp = importeer_lks_register(
        gemeente_a, bestand(f"{B1},Jansen,Bakkerij,123456782L01,1-1-2025,60.5", kop=kort, bom=False), "kort.csv"
    )
    assert (imp.aantal_ongewijzigd, imp.scheidingsteken) == (1, ",")
    jansen = LksPersoon.objects.get(bsn=B1)
    assert (jansen.straat, jansen.woonplaats, jansen.geboortedatum) == ("Dorpsstraat", "Utrecht", date(1980, 2, 1))
    assert LksPeriode.objects.get(persoon=jansen, begin=date(2025, 1, 1)).beschikkingsnummer == "B-2"


def test_a_file_without_required_columns_is_refused_whole(gemeente_a):
    with pytest.raises(LksImportGeweigerd, match="De kolom 'Loonwaarde' ontbreekt"):
        importeer_lks_register(gemeente_a, b"BSN;Achternaam;Werkgever;Loonheffingennummer;Begindatum\n", "x.csv")
    assert LksImport.objects.count() == 0


def test_upload_in_the_portal_shows_the_row_errors(portaal, gemeente_a):
    inhoud = bestand(GOED[0], "123456789;J.;Fout;;;;;;Bakkerij;123456782L01;01-01-2025;;60;")
    antwoord = portaal.post(
        "/gemeente/lks/importeren/", {"bestand": SimpleUploadedFile("register.csv", inhoud, "text/csv")}, follow=True
    )
    pagina = antwoord.content.decode()
    assert "Register ingelezen: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd; regels met een fout: 1." in pagina
    assert 'data-testid="fouten"' in pagina and "Dit BSN voldoet niet aan de elfproef." in pagina
    antwoord = portaal.post(
        "/gemeente/lks/importeren/", {"bestand": SimpleUploadedFile("kapot.csv", b"BSN;Naam\n", "text/csv")}
    )
    assert "Het bestand is niet ingelezen: De kolommen" in antwoord.content.decode()


def test_the_example_file_imports_cleanly(portaal, gemeente_a):
    antwoord = portaal.get("/gemeente/lks/importeren/voorbeeld.csv")
    inhoud = b"".join(antwoord.streaming_content)
    imp = importeer_lks_register(gemeente_a, inhoud, "voorbeeld.csv")
    assert (imp.aantal_nieuw, imp.aantal_fouten) == (1, 0)
    persoon = LksPersoon.objects.get()
    assert (persoon.voornamen, persoon.voorvoegsel, persoon.woonplaats) == ("Jan Pieter", "van", "Utrecht")
    assert Werkgever.objects.get().email == "hr@voorbeeld.example"
