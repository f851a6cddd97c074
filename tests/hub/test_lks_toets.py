"""The LKS-toets over HTTP: who paid LKS in the window, from batch data and webservice gemeenten."""

import io
from datetime import date

import pytest
from tests.hub.factories import persoon, verzamelbestand

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from vangnet.domain.bsn import synthetic_bsn
from vangnet.domain.lks import LksPeriode
from vangnet.hub.constants import Aanlevermethode, Bronsoort, Cluster, Kanaal, Uitkomst
from vangnet.hub.dkd.ingest import Afzender, lever_aan
from vangnet.hub.dkd.webservice import WebserviceAntwoord
from vangnet.hub.models import DkdInstelling, Verwijsindex, WebserviceAanroep

URL = "/api/v1/lks-toetsen"


def lever(gemeente, volgnummer, *mensen):
    return lever_aan(
        Afzender(gemeente, Kanaal.CLI), io.BytesIO(verzamelbestand(gemeente.gemeentecode, volgnummer, list(mensen)))
    )


@pytest.fixture
def uwv_client(uwv, api_client_for):
    return api_client_for(uwv, ["lks_toets"])


def vraag(client, bsn, datum):
    return client.post(URL, {"bsn": bsn, "datum_einde_arbeidsverhouding": datum}, format="json")


def test_the_gemeente_whose_period_ended_last_is_responsible(gemeente_a, gemeente_b, uwv_client):
    lever(gemeente_a, 1, persoon(1, perioden=((date(2024, 1, 1), date(2025, 6, 30)),)))
    lever(gemeente_b, 1, persoon(1, perioden=((date(2025, 7, 1), None),)))
    response = vraag(uwv_client, synthetic_bsn(1), "2026-05-31")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["lks_betaald"] == "ja"
    assert body["gemeente"] == {"code": "GM0363", "naam": "Amsterdam"}
    assert body["toetsvenster"] == {"begin": "2024-05-31", "einde": "2026-05-31"}
    assert [(p["gemeente"]["code"], p["begin"], p["einde"], p["bron"]) for p in body["perioden"]] == [
        ("GM0344", "2024-01-01", "2025-06-30", "batch"),
        ("GM0363", "2025-07-01", None, "batch"),
    ]
    assert body["reden"] is None and body["opnieuw_na"] is None


@pytest.mark.parametrize(
    ("einde", "verwacht"),
    [(date(2024, 5, 31), "ja"), (date(2024, 5, 30), "nee")],
    ids=["ends-on-first-day-of-window", "ends-the-day-before"],
)
def test_the_window_includes_both_ends(gemeente_a, uwv_client, einde, verwacht):
    lever(gemeente_a, 1, persoon(1, perioden=((date(2023, 1, 1), einde),)))
    body = vraag(uwv_client, synthetic_bsn(1), "2026-05-31").json()
    assert body["lks_betaald"] == verwacht
    assert (body["gemeente"] is None) == (verwacht == "nee")


def test_the_toets_answers_while_statements_are_logged(gemeente_a, uwv_client):
    """DEBUG, or a test counting queries, logs every statement with its parameters filled in."""
    lever(gemeente_a, 1, persoon(1, perioden=((date(2025, 1, 1), None),)))
    with CaptureQueriesContext(connection) as queries:
        response = vraag(uwv_client, synthetic_bsn(1), "2026-05-31")
    assert response.status_code == 200, response.content
    assert response.json()["lks_betaald"] == "ja"
    assert any(synthetic_bsn(1) in query["sql"] for query in queries.captured_queries)


def test_a_person_unknown_to_the_dkd_is_nee(gemeente_a, uwv_client):
    body = vraag(uwv_client, synthetic_bsn(7), "2026-05-31").json()
    assert (body["lks_betaald"], body["gemeente"], body["perioden"]) == ("nee", None, [])


def test_a_list_is_answered_in_the_same_order(gemeente_a, uwv_client):
    lever(gemeente_a, 1, persoon(2, perioden=((date(2025, 1, 1), None),)))
    vragen = [{"bsn": synthetic_bsn(n), "datum_einde_arbeidsverhouding": "2026-05-31"} for n in (5, 2, 5, 9)]
    body = uwv_client.post(URL, vragen, format="json").json()
    assert [(a["bsn"], a["lks_betaald"]) for a in body] == [
        (synthetic_bsn(5), "nee"), (synthetic_bsn(2), "ja"), (synthetic_bsn(5), "nee"), (synthetic_bsn(9), "nee")
    ]  # fmt: skip


def test_bad_input_names_the_item_and_field(uwv_client):
    vragen = [
        {"bsn": synthetic_bsn(1), "datum_einde_arbeidsverhouding": "2026-05-31"},
        {"bsn": "123456789", "datum_einde_arbeidsverhouding": "2026-02-30"},
    ]
    response = uwv_client.post(URL, vragen, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    names = {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
    assert set(names) == {"1.bsn", "1.datum_einde_arbeidsverhouding"}
    assert "elfproef" in names["1.bsn"]


def test_a_bsn_failing_the_elfproef_is_refused_by_its_place_in_the_batch(gemeente_a, uwv_client):
    # Nine plain digits pass the first reading; the 11-proef of a BSN that no source knows comes after
    # the look-up, and still refuses the whole request.
    lever(gemeente_a, 1, persoon(1, perioden=((date(2025, 1, 1), None),)))
    vragen = [{"bsn": bsn, "datum_einde_arbeidsverhouding": "2026-05-31"}
              for bsn in (synthetic_bsn(1), synthetic_bsn(2), "123456789", "000000000")]  # fmt: skip
    response = uwv_client.post(URL, vragen, format="json")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["2.bsn", "3.bsn"]


def test_every_bad_question_is_named_at_once(uwv_client):
    vragen = [
        {"bsn": "123456789", "datum_einde_arbeidsverhouding": "2026-05-31"},
        {"bsn": synthetic_bsn(1), "datum_einde_arbeidsverhouding": "31-05-2026"},
    ]
    response = uwv_client.post(URL, vragen, format="json")
    assert [p["name"] for p in response.json()["invalidParams"]] == ["0.bsn", "1.datum_einde_arbeidsverhouding"]


def test_one_question_with_a_bad_bsn_names_the_field(uwv_client):
    response = vraag(uwv_client, "12345", "2026-05-31")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["bsn"]


def test_more_than_ten_thousand_questions_are_refused(uwv_client):
    vragen = [{"bsn": synthetic_bsn(1), "datum_einde_arbeidsverhouding": "2026-05-31"}] * 10_001
    response = uwv_client.post(URL, vragen, format="json")
    assert response.status_code == 400
    assert "10.000" in response.json()["invalidParams"][0]["reason"]


def test_only_uwv_may_ask(gemeente_a, api_client_for, client):
    assert (
        vraag(api_client_for(gemeente_a, ["dkd_aanleveren", "beheer"]), synthetic_bsn(1), "2026-05-31").status_code
        == 403
    )
    assert vraag(client, synthetic_bsn(1), "2026-05-31").status_code in (401, 403)


# --- webservice gemeenten ---------------------------------------------------------------------------------


class AntwoordtMetLks:
    def vraag(self, instelling, bsn):
        return WebserviceAntwoord(Uitkomst.OK, (LksPeriode("", date(2025, 3, 1), None),))


class GeeftGeenAntwoord:
    def vraag(self, instelling, bsn):
        return WebserviceAntwoord(Uitkomst.TIMEOUT, melding="Geen antwoord binnen 5 seconden")


@pytest.fixture
def webservice_gemeente_b(gemeente_b):
    from django.utils import timezone

    DkdInstelling.objects.create(
        gemeente=gemeente_b, aanlevermethode=Aanlevermethode.WEBSERVICE, endpoint_url="https://gm0363.example/dkd"
    )
    Verwijsindex.objects.create(
        bsn=synthetic_bsn(1), gemeente=gemeente_b, cluster=Cluster.REINTEGRATIE, bron=Bronsoort.WEBSERVICE,
        bijgewerkt_op=timezone.now(),
    )  # fmt: skip
    return gemeente_b


@override_settings(VANGNET_DKD_WEBSERVICE_CLIENT="tests.hub.test_lks_toets.AntwoordtMetLks")
def test_a_webservice_gemeente_is_asked_through_the_verwijsindex(webservice_gemeente_b, uwv_client):
    body = vraag(uwv_client, synthetic_bsn(1), "2026-05-31").json()
    assert body["lks_betaald"] == "ja"
    assert body["gemeente"]["code"] == "GM0363"
    assert body["perioden"][0]["bron"] == "webservice"
    aanroep = WebserviceAanroep.objects.get()
    assert (aanroep.gemeente_id, aanroep.uitkomst) == (webservice_gemeente_b.pk, "ok")
    assert synthetic_bsn(1) not in aanroep.melding


@override_settings(VANGNET_DKD_WEBSERVICE_CLIENT="tests.hub.test_lks_toets.GeeftGeenAntwoord")
def test_an_unanswered_webservice_makes_the_answer_onbekend(gemeente_a, webservice_gemeente_b, uwv_client):
    lever(gemeente_a, 1, persoon(1, perioden=((date(2024, 1, 1), date(2025, 6, 30)),)))
    body = vraag(uwv_client, synthetic_bsn(1), "2026-05-31").json()
    assert body["lks_betaald"] == "onbekend"
    assert body["gemeente"] is None
    assert "GM0363" in body["reden"]
    assert body["opnieuw_na"] is not None
    assert [p["gemeente"]["code"] for p in body["perioden"]] == ["GM0344"]
    assert WebserviceAanroep.objects.get().uitkomst == "timeout"


@override_settings(VANGNET_DKD_WEBSERVICE_CLIENT="vangnet.hub.dkd.webservice.GeenClient")
def test_without_a_configured_client_a_webservice_gemeente_gives_onbekend(webservice_gemeente_b, uwv_client):
    body = vraag(uwv_client, synthetic_bsn(1), "2026-05-31").json()
    assert body["lks_betaald"] == "onbekend"
    assert WebserviceAanroep.objects.get().uitkomst == "fout"


def test_malformed_json_is_a_problem(uwv_client):
    response = uwv_client.post(URL, data=b"[{", content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "geen geldige JSON" in response.json()["detail"]


def test_an_accepted_bsn_with_other_characters_is_echoed_as_valid_json(uwv_client):
    # Eight digits with a separator or surrounding white space pass the elfproef as before; the
    # answer, written as text for speed, must still escape what JSON requires.
    vragen = [{"bsn": bsn, "datum_einde_arbeidsverhouding": "2026-05-31"} for bsn in ("1234 5672", "\n12345672")]
    response = uwv_client.post(URL, vragen, format="json")
    assert response.status_code == 200, response.content
    assert [(a["bsn"], a["lks_betaald"]) for a in response.json()] == [("1234 5672", "nee"), ("\n12345672", "nee")]
