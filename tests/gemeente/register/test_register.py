"""The register's rules on the database, and the portal pages: forms in Dutch, scoped to the gemeente."""

from datetime import date
from decimal import Decimal

import pytest
from tests.gemeente.conftest import LHNR, LHNR_2, perioden_van

from vangnet.domain.bsn import synthetic_bsn
from vangnet.gemeente.register import services as register
from vangnet.gemeente.register.models import LksPeriode, LksPersoon, Werkgever
from vangnet.gemeente.register.services import (
    Beschikking,
    NieuweBeschikking,
    PeriodeGegevens,
    PersoonGegevens,
    RegisterFout,
    WerkgeverGegevens,
    beeindig_perioden,
    bewaar_periode,
    bewaar_persoon,
    bewaar_werkgever,
    laad_beginstand,
    registreer_beschikkingen,
)

pytestmark = pytest.mark.django_db


# --- services ---------------------------------------------------------------------------------------------


def test_overlapping_periods_of_one_person_are_refused(gemeente_a, werkgever, maak_persoon):
    persoon = maak_persoon(gemeente_a, werkgever, perioden=((date(2024, 1, 1), date(2024, 12, 31)),))
    with pytest.raises(RegisterFout, match="overlapt met een andere LKS-periode") as fout:
        bewaar_periode(persoon, werkgever, PeriodeGegevens(date(2024, 12, 31), None, Decimal("50")))
    assert fout.value.veld == "begin"
    bewaar_periode(persoon, werkgever, PeriodeGegevens(date(2025, 1, 1), None, Decimal("50")))
    assert perioden_van(persoon) == [
        (date(2024, 1, 1), date(2024, 12, 31), Decimal("60.00")),
        (date(2025, 1, 1), None, Decimal("50.00")),
    ]
    # Shortening the first period is no overlap with itself.
    eerste = LksPeriode.objects.get(persoon=persoon, begin=date(2024, 1, 1))
    bewaar_periode(persoon, werkgever, PeriodeGegevens(date(2024, 1, 1), date(2024, 6, 30), Decimal("60")), eerste)
    # Lengthening the first into the second is.
    with pytest.raises(RegisterFout, match="overlapt"):
        bewaar_periode(persoon, werkgever, PeriodeGegevens(date(2024, 1, 1), None, Decimal("60")), eerste)


def test_one_person_per_bsn_and_one_employer_per_number_in_a_gemeente(gemeente_a, gemeente_b, werkgever):
    bewaar_persoon(gemeente_a, PersoonGegevens(bsn=synthetic_bsn(1), achternaam="Eén"))
    with pytest.raises(RegisterFout, match="al een persoon met dit BSN"):
        bewaar_persoon(gemeente_a, PersoonGegevens(bsn=synthetic_bsn(1), achternaam="Twee"))
    with pytest.raises(RegisterFout, match="al een werkgever met dit loonheffingennummer"):
        bewaar_werkgever(gemeente_a, WerkgeverGegevens("Ander", LHNR))
    # Another gemeente keeps its own register.
    bewaar_persoon(gemeente_b, PersoonGegevens(bsn=synthetic_bsn(1), achternaam="Eén"))
    bewaar_werkgever(gemeente_b, WerkgeverGegevens("Bakkerij De Korrel", LHNR))
    assert LksPersoon.objects.count() == 2 and Werkgever.objects.count() == 2


def test_an_employer_of_another_gemeente_cannot_be_used(gemeente_a, gemeente_b, werkgever, maak_persoon):
    ander = bewaar_werkgever(gemeente_b, WerkgeverGegevens("Elders", LHNR_2))[0]
    persoon = maak_persoon(gemeente_a, werkgever, perioden=())
    with pytest.raises(RegisterFout, match="hoort niet bij uw gemeente"):
        bewaar_periode(persoon, ander, PeriodeGegevens(date(2025, 1, 1), None, Decimal("60")))


def test_begin_after_geboortedatum(gemeente_a, werkgever, maak_persoon):
    persoon = maak_persoon(gemeente_a, werkgever, perioden=(), geboortedatum=date(1990, 5, 1))
    with pytest.raises(RegisterFout, match="na de geboortedatum"):
        bewaar_periode(persoon, werkgever, PeriodeGegevens(date(1990, 5, 1), None, Decimal("60")))


def test_same_begin_twice_is_refused(gemeente_a, werkgever, maak_persoon):
    persoon = maak_persoon(gemeente_a, werkgever, perioden=((date(2025, 1, 1), date(2025, 1, 1)),))
    with pytest.raises(RegisterFout, match="al een LKS-periode met deze begindatum"):
        bewaar_periode(persoon, werkgever, PeriodeGegevens(date(2025, 1, 1), None, Decimal("60")))


# --- portal ---------------------------------------------------------------------------------------------


def test_register_needs_dkd_aanleveren(client, gemeente_a, make_user):
    client.force_login(make_user(gemeente_a, "km", ("casemanagement",)))
    assert client.get("/gemeente/lks/").status_code == 403
    assert client.get("/gemeente/lks/importeren/").status_code == 403
    client.logout()
    assert client.get("/gemeente/lks/").status_code == 302


def test_add_employer_person_and_period_in_the_portal(portaal, gemeente_a):
    antwoord = portaal.post(
        "/gemeente/lks/werkgevers/nieuw/",
        {"naam": "Bakkerij", "loonheffingennummer": "1234.56.782.L.01", "email": "geen-adres"},
    )
    assert antwoord.status_code == 200
    assert "Dit is geen e-mailadres." in antwoord.content.decode()
    antwoord = portaal.post(
        "/gemeente/lks/werkgevers/nieuw/", {"naam": "Bakkerij", "loonheffingennummer": "1234.56.782.L.01"}
    )
    assert antwoord.status_code == 302
    werkgever = Werkgever.objects.get()
    assert (werkgever.gemeente, werkgever.loonheffingennummer) == (gemeente_a, "123456782L01")

    antwoord = portaal.post("/gemeente/lks/personen/nieuw/", {"bsn": "123456789", "achternaam": "Jansen"})
    assert "Dit BSN voldoet niet aan de elfproef." in antwoord.content.decode()
    antwoord = portaal.post(
        "/gemeente/lks/personen/nieuw/",
        {
            "bsn": synthetic_bsn(4),
            "voorletters": "j.p.",
            "voorvoegsel": "van",
            "achternaam": "Dijk",
            "geboortedatum": "12-03-1985",
            "huisnummer": "12a",
            "postcode": "3511ed",
            "straat": "Oudegracht",
            "woonplaats": "Utrecht",
        },
    )
    persoon = LksPersoon.objects.get()
    assert (
        antwoord.status_code == 302 and antwoord["Location"] == f"/gemeente/lks/personen/{persoon.uuid}/perioden/nieuw/"
    )
    assert (persoon.voorletters, persoon.huisnummer, persoon.huisnummertoevoeging, persoon.postcode) == (
        "JP",
        12,
        "A",
        "3511 ED",
    )
    assert persoon.naam == "J.P. van Dijk" and persoon.adres == "Oudegracht 12A, 3511 ED Utrecht"

    url = f"/gemeente/lks/personen/{persoon.uuid}/perioden/nieuw/"
    velden = {"werkgever": werkgever.pk, "begin": "01-01-2025", "einde": "", "loonwaarde": "60,5"}
    assert portaal.post(url, velden).status_code == 302
    antwoord = portaal.post(url, {**velden, "begin": "01-06-2025", "einde": "31-12-2025"})
    assert "overlapt met een andere LKS-periode" in antwoord.content.decode()
    antwoord = portaal.post(url, {**velden, "begin": "01-06-2026", "einde": "31-12-2025", "loonwaarde": "100"})
    inhoud = antwoord.content.decode()
    assert "De einddatum ligt vóór de begindatum." in inhoud
    assert "boven 0 en onder 100 procent" in inhoud
    assert perioden_van(persoon) == [(date(2025, 1, 1), None, Decimal("60.50"))]

    pagina = portaal.get(f"/gemeente/lks/personen/{persoon.uuid}/").content.decode()
    assert "J.P. van Dijk" in pagina and "60,50%" in pagina
    assert synthetic_bsn(4) not in pagina and "******" + synthetic_bsn(4)[-3:] in pagina


def test_edit_a_period_and_delete_it(portaal, gemeente_a, werkgever, maak_persoon):
    persoon = maak_persoon(gemeente_a, werkgever)
    periode = persoon.perioden.get()
    formulier = portaal.get(f"/gemeente/lks/perioden/{periode.uuid}/bewerken/").content.decode()
    assert 'value="01-01-2025"' in formulier and 'value="60,00"' in formulier
    antwoord = portaal.post(
        f"/gemeente/lks/perioden/{periode.uuid}/bewerken/",
        {"werkgever": werkgever.pk, "begin": "01-01-2025", "einde": "31-03-2026", "loonwaarde": "45"},
    )
    assert antwoord.status_code == 302
    assert perioden_van(persoon) == [(date(2025, 1, 1), date(2026, 3, 31), Decimal("45.00"))]
    assert portaal.post(f"/gemeente/lks/perioden/{periode.uuid}/verwijderen/").status_code == 302
    assert perioden_van(persoon) == []


def test_list_filters_and_search_by_bsn_in_the_body(portaal, gemeente_a, gemeente_b, werkgever, maak_persoon):
    lopend = maak_persoon(gemeente_a, werkgever, 1, achternaam="Aarts")
    maak_persoon(gemeente_a, werkgever, 2, perioden=((date(2020, 1, 1), date(2020, 12, 31)),), achternaam="Bos")
    elders = bewaar_werkgever(gemeente_b, WerkgeverGegevens("Elders", LHNR_2))[0]
    maak_persoon(gemeente_b, elders, 3, achternaam="Amsterdammer")

    pagina = portaal.get("/gemeente/lks/").content.decode()
    assert "Aarts" in pagina and "Bos" in pagina and "Amsterdammer" not in pagina
    pagina = portaal.get("/gemeente/lks/?alleen_lopend=on").content.decode()
    assert "Aarts" in pagina and "Bos" not in pagina
    pagina = portaal.get("/gemeente/lks/?naam=bo").content.decode()
    assert "Aarts" not in pagina and "Bos" in pagina

    antwoord = portaal.post("/gemeente/lks/zoeken/", {"bsn": synthetic_bsn(1)})
    assert antwoord["Location"] == f"/gemeente/lks/personen/{lopend.uuid}/"
    antwoord = portaal.post("/gemeente/lks/zoeken/", {"bsn": synthetic_bsn(3)}, follow=True)
    assert "Er staat geen persoon met dit BSN in het register." in antwoord.content.decode()
    # A BSN in a URL is refused before any view runs.
    assert portaal.get(f"/gemeente/lks/?naam={synthetic_bsn(1)}").status_code == 400


def test_another_gemeentes_person_and_period_are_404(
    client, gemeente_b, make_user, gemeente_a, werkgever, maak_persoon
):
    persoon = maak_persoon(gemeente_a, werkgever)
    periode = persoon.perioden.get()
    client.force_login(make_user(gemeente_b, "amsterdam", ("dkd_aanleveren",)))
    assert client.get(f"/gemeente/lks/personen/{persoon.uuid}/").status_code == 404
    assert client.get(f"/gemeente/lks/perioden/{periode.uuid}/bewerken/").status_code == 404
    assert client.post(f"/gemeente/lks/perioden/{periode.uuid}/verwijderen/").status_code == 404
    assert client.get(f"/gemeente/lks/werkgevers/{werkgever.uuid}/bewerken/").status_code == 404
    assert LksPeriode.objects.count() == 1


def _beschikking(n: int, begin: date = date(2025, 1, 1), werkgever: int = 0) -> Beschikking:
    persoon = PersoonGegevens(bsn=synthetic_bsn(n), achternaam="Jansen", geboortedatum=date(1990, 1, 1))
    return Beschikking(persoon, werkgever, PeriodeGegevens(begin, None, Decimal("50"), f"LKS-{n}"))


def test_an_initial_register_is_loaded_in_one_go(gemeente_a):
    werkgevers = [WerkgeverGegevens("Bakkerij", LHNR), WerkgeverGegevens("Drukkerij", LHNR_2)]
    opgeslagen, perioden = laad_beginstand(gemeente_a, werkgevers, [_beschikking(1), _beschikking(2, werkgever=1)])
    assert [w.loonheffingennummer for w in opgeslagen] == [LHNR, LHNR_2]
    assert [begin for _pk, begin in perioden] == [date(2025, 1, 1)] * 2
    periode = LksPeriode.objects.select_related("persoon", "werkgever").get(pk=perioden[1][0])
    assert (periode.persoon.bsn, periode.werkgever.loonheffingennummer) == (synthetic_bsn(2), LHNR_2)
    assert periode.persoon.uuid and periode.aangemaakt_op is not None


def test_an_initial_load_refuses_a_filled_register_doubles_and_impossible_dates(gemeente_a, werkgever):
    werkgevers = [WerkgeverGegevens("Drukkerij", LHNR_2)]
    with pytest.raises(RegisterFout, match="leeg register"):
        laad_beginstand(gemeente_a, werkgevers, [_beschikking(1)])
    Werkgever.objects.all().delete()
    with pytest.raises(RegisterFout, match="Wijziging 2: Dit BSN staat al eerder") as fout:
        laad_beginstand(gemeente_a, werkgevers, [_beschikking(1), _beschikking(1)])
    assert fout.value.veld == "bsn"
    with pytest.raises(RegisterFout) as fout:
        laad_beginstand(gemeente_a, werkgevers, [_beschikking(1, begin=date(1980, 1, 1))])
    assert fout.value.veld == "begin"
    assert not LksPersoon.objects.exists() and not Werkgever.objects.exists()


def _nieuw(gemeente, werkgever, n: int, begin: date = date(2025, 1, 1)) -> NieuweBeschikking:
    beschikking = _beschikking(n, begin)
    return NieuweBeschikking(gemeente, beschikking.persoon, werkgever, beschikking.periode)


def test_new_decisions_of_several_registers_are_stored_in_one_go(gemeente_a, gemeente_b, werkgever):
    werkgever_b, _ = bewaar_werkgever(gemeente_b, WerkgeverGegevens("Drukkerij", LHNR_2))
    # The same BSN in two gemeenten is two persons, each in their own register.
    perioden = registreer_beschikkingen([_nieuw(gemeente_a, werkgever, 1), _nieuw(gemeente_b, werkgever_b, 1),
                                         _nieuw(gemeente_a, werkgever, 2, date(2025, 3, 1))])  # fmt: skip
    opgeslagen = [LksPeriode.objects.select_related("persoon").get(pk=pk) for pk in perioden]
    assert [(p.persoon.gemeente_id, p.persoon.bsn, p.begin) for p in opgeslagen] == [
        (gemeente_a.pk, synthetic_bsn(1), date(2025, 1, 1)),
        (gemeente_b.pk, synthetic_bsn(1), date(2025, 1, 1)),
        (gemeente_a.pk, synthetic_bsn(2), date(2025, 3, 1)),
    ]
    assert registreer_beschikkingen([]) == []


def test_new_decisions_are_refused_all_or_nothing_naming_the_change(gemeente_a, gemeente_b, werkgever, maak_persoon):
    maak_persoon(gemeente_a, werkgever, n=5)
    nieuw_1 = _nieuw(gemeente_a, werkgever, 1)
    gevallen = [
        ([nieuw_1, _nieuw(gemeente_a, werkgever, 5)], "Wijziging 2: Er staat al een persoon", "bsn"),
        ([nieuw_1, nieuw_1], "Wijziging 2: Dit BSN staat al eerder", "bsn"),
        ([_nieuw(gemeente_b, werkgever, 1)], "Wijziging 1: Deze werkgever hoort niet", "werkgever"),
        ([_nieuw(gemeente_a, werkgever, 1, date(1980, 1, 1))], "Wijziging 1: De begindatum ligt niet na", "begin"),
    ]
    for beschikkingen, melding, veld in gevallen:
        with pytest.raises(RegisterFout, match=melding) as fout:
            registreer_beschikkingen(beschikkingen)
        assert fout.value.veld == veld
    assert list(LksPersoon.objects.values_list("bsn", flat=True)) == [synthetic_bsn(5)]


def test_a_person_stored_at_the_same_moment_is_refused_not_a_crash(gemeente_a, werkgever, maak_persoon, monkeypatch):
    maak_persoon(gemeente_a, werkgever, n=1)
    monkeypatch.setattr(register, "_personen", lambda _sleutels: LksPersoon.objects.none())  # not there yet
    with pytest.raises(RegisterFout, match="Er staat al een persoon met dit BSN") as fout:
        registreer_beschikkingen([_nieuw(gemeente_a, werkgever, 2), _nieuw(gemeente_a, werkgever, 1)])
    assert fout.value.veld == "bsn"
    assert list(LksPersoon.objects.values_list("bsn", flat=True)) == [synthetic_bsn(1)]


def test_running_periods_are_ended_in_one_go_and_only_running_ones(gemeente_a, werkgever, maak_persoon):
    eerste = maak_persoon(gemeente_a, werkgever, n=1).perioden.get()
    tweede = maak_persoon(gemeente_a, werkgever, n=2).perioden.get()
    beeindig_perioden({eerste.pk: date(2025, 6, 30), tweede.pk: date(2025, 7, 31)})
    eerste.refresh_from_db()
    assert eerste.einde == date(2025, 6, 30) and eerste.gewijzigd_op > eerste.aangemaakt_op
    derde = maak_persoon(gemeente_a, werkgever, n=3).perioden.get()
    for einden, melding in [
        ({derde.pk: date(2025, 8, 1), eerste.pk: date(2025, 5, 1)}, "Wijziging 2: Deze LKS-periode is al beëindigd"),
        ({derde.pk: date(2024, 12, 31)}, "Wijziging 1: De einddatum .* ligt vóór de begindatum"),
        ({derde.pk: date(2025, 8, 1), 0: date(2025, 8, 1)}, "Wijziging 2: Deze LKS-periode bestaat niet"),
    ]:
        with pytest.raises(RegisterFout, match=melding):
            beeindig_perioden(einden)
    assert LksPeriode.objects.get(pk=derde.pk).einde is None
    assert LksPeriode.objects.get(pk=eerste.pk).einde == date(2025, 6, 30)
