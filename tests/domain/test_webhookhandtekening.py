"""The Standard Webhooks check the gemeente applies to the hub's messages (docs/signaalrapport.md)."""

from vangnet.domain.webhookhandtekening import handtekening, handtekening_klopt, tijdstip_geldig

# The signed example of docs/signaalrapport.md: secret, headers and body exactly as published there.
GEHEIM = "whsec_kMsCBp2CYDGp+eXrx/+kwzqPKRqiAq0Xoqbqvqzwq5Q="
ID = "6a1d9a0e-3c55-4b1e-8f0e-6f4f1b1f2c33"
TIJDSTIP = 1795323600
HANDTEKENING = "v1,RNXO+YRXJ7PoFdH8v9grNJ0iFz2cofYpHw1vp0S9YzE="
BODY = (
    b'{"specversion":"1.0","type":"nl.vangnet.signaalrapport.gepubliceerd","source":"urn:nld:vangnet:hub",'
    b'"subject":"5c0e7a58-8f3b-4c4c-a0a5-0e8f5d1b9d21","id":"6a1d9a0e-3c55-4b1e-8f0e-6f4f1b1f2c33",'
    b'"time":"2026-11-22T05:00:00Z","datacontenttype":"application/json",'
    b'"dataref":"https://vangnet.example/api/v1/signaalrapporten/5c0e7a58-8f3b-4c4c-a0a5-0e8f5d1b9d21/download",'
    b'"data":{"gemeentecode":"GM0344","publicatiedatum":"2026-11-22",'
    b'"bestandsnaam":"Utrecht_LKSRi_rapport_20261122.csv","aantal_signalen":2}}'
)


def test_the_documented_example_verifies():
    assert handtekening(GEHEIM, ID, TIJDSTIP, BODY) == HANDTEKENING
    assert handtekening_klopt(GEHEIM, ID, TIJDSTIP, BODY, HANDTEKENING)
    assert handtekening_klopt(GEHEIM, ID, TIJDSTIP, BODY, f"v1,bm9wZQ== {HANDTEKENING}")


def test_any_change_breaks_the_signature():
    assert not handtekening_klopt(GEHEIM, ID, TIJDSTIP, BODY + b" ", HANDTEKENING)
    assert not handtekening_klopt(GEHEIM, ID, TIJDSTIP + 1, BODY, HANDTEKENING)
    assert not handtekening_klopt(GEHEIM, ID.upper(), TIJDSTIP, BODY, HANDTEKENING)
    assert not handtekening_klopt("whsec_" + "A" * 44, ID, TIJDSTIP, BODY, HANDTEKENING)
    assert not handtekening_klopt(GEHEIM, ID, TIJDSTIP, BODY, HANDTEKENING.replace("v1,", "v2,"))
    assert not handtekening_klopt("", ID, TIJDSTIP, BODY, HANDTEKENING)
    assert not handtekening_klopt(GEHEIM, ID, TIJDSTIP, BODY, "v1,é")


def test_the_timestamp_must_be_recent():
    assert tijdstip_geldig(str(TIJDSTIP), TIJDSTIP + 300) == TIJDSTIP
    assert tijdstip_geldig(str(TIJDSTIP), TIJDSTIP - 300) == TIJDSTIP
    assert tijdstip_geldig(str(TIJDSTIP), TIJDSTIP + 301) is None
    assert tijdstip_geldig("", TIJDSTIP) is None
    assert tijdstip_geldig("-5", TIJDSTIP) is None
    assert tijdstip_geldig("1795323600.0", TIJDSTIP) is None
