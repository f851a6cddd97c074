"""The register as a verzamelbestand: valid against the hub's XSD, read back by the hub's reader unchanged."""

import io
from datetime import date
from pathlib import Path

import httpx
import pytest
from lxml import etree

from django.core.management import call_command

from vangnet.domain.verzamelbestand import Afkeuring, VerzamelbestandLezer
from vangnet.gemeente.koppeling.aanleveren import lever_register_aan
from vangnet.gemeente.koppeling.constants import LeveringStatus
from vangnet.gemeente.koppeling.hubclient import HubClient
from vangnet.gemeente.koppeling.models import DkdLevering, GemeenteKoppeling
from vangnet.gemeente.register.models import LksPersoon
from vangnet.gemeente.register.verzamelbestand import schrijf_register, valideer_tegen_xsd

pytestmark = pytest.mark.django_db

XSD = etree.XMLSchema(etree.parse(str(Path(__file__).resolve().parents[3] / "schemas" / "verzamelbestand-v1.xsd")))


@pytest.fixture
def register(gemeente_a, gemeente_b, werkgever, maak_persoon):
    maak_persoon(
        gemeente_a,
        werkgever,
        1,
        perioden=((date(2023, 1, 1), date(2023, 12, 31)), (date(2024, 1, 1), None)),
        voornamen="Jan Pieter",
        voorletters="JP",
        voorvoegsel="van",
        achternaam="Testpersoon",
        geboortedatum=date(1985, 3, 12),
    )
    maak_persoon(gemeente_a, werkgever, 2, achternaam="O'Brien & Zn <test>")
    maak_persoon(gemeente_a, werkgever, 3, perioden=())  # no period: not delivered


def test_the_file_is_valid_against_the_xsd_and_reads_back(gemeente_a, register):
    doel = io.BytesIO()
    inhoud = schrijf_register(gemeente_a, doel, 7, date(2026, 3, 20))
    data = doel.getvalue()
    assert (inhoud.aantal_personen, inhoud.aantal_perioden) == (2, 3)
    assert XSD.validate(etree.fromstring(data)), XSD.error_log
    assert valideer_tegen_xsd(io.BytesIO(data)) == []

    lezer = VerzamelbestandLezer(io.BytesIO(data))
    kop = lezer.kop()
    assert (kop.gemeentecode, kop.volgnummer, kop.aanmaakdatum) == ("GM0344", 7, date(2026, 3, 20))
    assert (kop.berichtversie, kop.cluster) == ("GSDDossierReintegratie-v0200", "Reintegratie")
    records = list(lezer.records())
    assert not [r for r in records if isinstance(r, Afkeuring)]
    eerste, tweede = records
    assert (eerste.voornamen, eerste.voorvoegsel, eerste.achternaam, eerste.geboortedat) == (
        "Jan Pieter",
        "van",
        "Testpersoon",
        "19850312",
    )
    assert eerste.lks_perioden == ((date(2023, 1, 1), date(2023, 12, 31)), (date(2024, 1, 1), None))
    assert {(v.cd_type, v.perc_loonwaarde, v.omschrijving) for v in eerste.voorzieningen} == {
        ("05", "+06000", "Loonkostensubsidie")
    }
    assert eerste.relaties[0].bron.cd_partij == "0344"
    assert tweede.achternaam == "O'Brien & Zn <test>"
    assert lezer.sluitstuk().aantal_personen == 2


def test_the_xsd_check_catches_an_invalid_file(gemeente_a, register):
    LksPersoon.objects.update(voorletters="J.P.")  # bypasses the form's rule
    doel = io.BytesIO()
    schrijf_register(gemeente_a, doel, 1, date(2026, 3, 20))
    fouten = valideer_tegen_xsd(doel)
    assert fouten and "Voorletters" in fouten[0]


def test_alleen_bestand_writes_the_file_and_takes_a_volgnummer(gemeente_a, register, tmp_path, capsys):
    pad = tmp_path / "levering.xml"
    call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344", "--alleen-bestand", str(pad))
    uit = capsys.readouterr().out
    assert "Verzamelbestand GM0344 volgnummer 1: 2 personen, 3 LKS-perioden" in uit
    assert f"Geschreven naar {pad}; niet verstuurd." in uit
    assert XSD.validate(etree.parse(str(pad)))
    call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344", "--alleen-bestand", str(pad))
    assert "volgnummer 2:" in capsys.readouterr().out
    assert GemeenteKoppeling.objects.get(gemeente=gemeente_a).laatste_volgnummer == 2
    levering = DkdLevering.objects.first()
    assert (levering.status, levering.volgnummer, levering.aantal_personen) == (LeveringStatus.ALLEEN_BESTAND, 2, 2)
    assert levering.bestandsgrootte == pad.stat().st_size


def test_an_invalid_file_is_never_sent(gemeente_a, register):
    LksPersoon.objects.update(voorletters="J.P.")
    verzoeken: list[httpx.Request] = []

    def hub(verzoek: httpx.Request) -> httpx.Response:
        verzoeken.append(verzoek)
        return httpx.Response(200, json={"count": 0, "results": []})

    client = HubClient("https://hub.example", "vn_sleutel", transport=httpx.MockTransport(hub))
    levering = lever_register_aan(gemeente_a, kanaal="cli", client=client)
    assert levering.status == LeveringStatus.MISLUKT
    assert levering.melding.startswith("Het bestand voldoet niet aan het XSD en is niet verstuurd: regel ")
    assert verzoeken == []


def test_an_empty_register_is_not_sent_unless_asked(gemeente_a):
    verzoeken: list[httpx.Request] = []

    def hub(verzoek: httpx.Request) -> httpx.Response:
        verzoeken.append(verzoek)
        if verzoek.method == "GET":
            return httpx.Response(200, json={"count": 0, "results": []})
        return httpx.Response(201, json={"id": None, "status": "verwerkt", "aantal_geaccepteerd": 0})

    client = HubClient("https://hub.example", "vn_sleutel", transport=httpx.MockTransport(hub))
    levering = lever_register_aan(gemeente_a, kanaal="cli", client=client)
    assert (levering.status, levering.aantal_personen) == (LeveringStatus.MISLUKT, 0)
    assert "zou alles bij de hub wissen" in levering.melding
    assert verzoeken == []
    levering = lever_register_aan(gemeente_a, kanaal="cli", client=client, leeg_toestaan=True)
    assert levering.status == LeveringStatus.GEACCEPTEERD
    assert [v.method for v in verzoeken] == ["POST"]


@pytest.mark.parametrize("aantal", [4, 5])
def test_a_register_larger_than_a_chunk_is_read_whole_in_bsn_order(
    gemeente_a, werkgever, maak_persoon, monkeypatch, django_assert_num_queries, aantal
):
    from vangnet.gemeente.register import verzamelbestand

    monkeypatch.setattr(verzamelbestand, "PERSONEN_PER_STUK", 2)
    for n in reversed(range(aantal)):
        maak_persoon(gemeente_a, werkgever, n)
    # Per chunk of two: the persons and their periods; after a full last chunk one empty look.
    with django_assert_num_queries(2 * ((aantal + 1) // 2) + (aantal % 2 == 0)):
        personen = list(verzamelbestand.personen_voor_dkd(gemeente_a))
    assert [p.positie for p in personen] == list(range(1, aantal + 1))
    assert [p.bsn for p in personen] == sorted(p.bsn for p in personen)
    assert len({p.bsn for p in personen}) == aantal
