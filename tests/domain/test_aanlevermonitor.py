from datetime import UTC, datetime, timedelta

import pytest

from vangnet.domain.aanlevermonitor import Aanleverfeiten, Status, beoordeel, termijn

NU = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def feiten(**kwargs: object) -> Aanleverfeiten:
    basis: dict[str, object] = {
        "nu": NU,
        "methode": "verzamelbestand",
        "frequentie": "wekelijks",
        "laatste_verwerkt_op": NU - timedelta(days=2),
        "laatste_geaccepteerd": 100,
        "verwijsindex_aantal": 100,
        "verwijsindex_bijgewerkt_op": NU - timedelta(days=2),
    }
    basis.update(kwargs)
    return Aanleverfeiten(**basis)  # type: ignore[arg-type]


def test_a_timely_complete_clean_delivery_is_ok():
    assert beoordeel(feiten()).status is Status.OK
    assert beoordeel(feiten()).redenen == ()


@pytest.mark.parametrize(
    ("frequentie", "dagen", "status"),
    [("wekelijks", 10, Status.OK), ("wekelijks", 11, Status.TE_LAAT), ("maandelijks", 36, Status.OK),
     ("maandelijks", 37, Status.TE_LAAT)],
)  # fmt: skip
def test_late_after_the_interval_plus_grace(frequentie, dagen, status):
    moment = NU - timedelta(days=dagen)
    result = beoordeel(feiten(frequentie=frequentie, laatste_verwerkt_op=moment, verwijsindex_bijgewerkt_op=moment))
    assert result.status is status
    assert termijn("wekelijks") == timedelta(days=10)


def test_a_gemeente_that_never_delivered_shows_as_such():
    result = beoordeel(feiten(laatste_verwerkt_op=None, laatste_geaccepteerd=0, verwijsindex_aantal=0,
                              verwijsindex_bijgewerkt_op=None))  # fmt: skip
    assert result.status is Status.TE_LAAT
    assert result.nooit_aangeleverd
    assert result.redenen == ("Nog nooit een verzamelbestand aangeleverd.",)


@pytest.mark.parametrize(("vorige", "nu", "status"), [(100, 50, Status.ONVOLLEDIG), (100, 51, Status.OK),
                                                       (9, 1, Status.OK), (None, 1, Status.OK)])  # fmt: skip
def test_incomplete_when_the_delivery_shrank_by_half(vorige, nu, status):
    result = beoordeel(feiten(vorige_geaccepteerd=vorige, laatste_geaccepteerd=nu, verwijsindex_aantal=nu))
    assert result.status is status


def test_incomplete_when_the_index_holds_fewer_persons_than_the_delivery():
    assert beoordeel(feiten(verwijsindex_aantal=90)).status is Status.ONVOLLEDIG


@pytest.mark.parametrize(("percentage", "status"), [(5.0, Status.OK), (5.1, Status.FOUTIEF)])
def test_faulty_above_five_percent_rejected(percentage, status):
    assert beoordeel(feiten(laatste_afkeurpercentage=percentage)).status is status


def test_faulty_when_the_last_attempt_was_refused_as_a_whole():
    result = beoordeel(feiten(laatste_poging_geweigerd=True))
    assert result.status is Status.FOUTIEF
    assert "als geheel geweigerd" in result.redenen[0]


def webservice(**kwargs: object) -> Aanleverfeiten:
    return feiten(methode="webservice", laatste_verwerkt_op=None, laatste_geaccepteerd=0, **kwargs)


@pytest.mark.parametrize(
    ("aanroepen", "mislukt", "status"),
    [(10, 2, Status.OK), (10, 3, Status.ONBEREIKBAAR), (4, 4, Status.OK), (5, 5, Status.ONBEREIKBAAR)],
)
def test_unreachable_when_more_than_a_fifth_of_the_calls_failed(aanroepen, mislukt, status):
    assert beoordeel(webservice(aanroepen_7d=aanroepen, mislukt_7d=mislukt)).status is status


def test_unreachable_when_the_last_three_calls_failed():
    assert beoordeel(webservice(laatste_aanroepen_mislukt=True)).status is Status.ONBEREIKBAAR


def test_webservice_index_that_is_stale_or_shrunk_is_incomplete():
    stale = webservice(verwijsindex_bijgewerkt_op=NU - timedelta(days=11))
    assert beoordeel(stale).status is Status.ONVOLLEDIG
    shrunk = webservice(verwijsindex_vorig_aantal=100, verwijsindex_aantal=40)
    assert beoordeel(shrunk).status is Status.ONVOLLEDIG
    never = webservice(verwijsindex_bijgewerkt_op=None, verwijsindex_aantal=0)
    assert beoordeel(never).redenen == ("Nog nooit een verwijsindex aangeleverd.",)


def test_the_most_urgent_status_wins_and_every_reason_is_listed():
    result = beoordeel(webservice(aanroepen_7d=10, mislukt_7d=10, verwijsindex_bijgewerkt_op=NU - timedelta(days=40),
                                  laatste_poging_geweigerd=True))  # fmt: skip
    assert result.status is Status.ONBEREIKBAAR
    assert len(result.redenen) == 3
