"""SOAP as the SuwiML services speak it (SOAP 1.1, document/literal, WS-Addressing, WS-Security).

Shared by every SOAP endpoint and client of vangnet:

- :mod:`.berichten`: namespaces, the hardened XML parser (no DTD, no entities, no network,
  size cap), building and reading an envelope, WS-Addressing headers, SOAP faults with an
  ``fwi:Fout`` detail, and FWI messages;
- :mod:`.ondertekening`: WS-Security 1.0 signatures (X.509 BinarySecurityToken, exclusive
  C14N, RSA-SHA256 over the Timestamp, every header element and the Body), signing and
  verifying, with signxml;
- :mod:`.http`: the Django side of an endpoint: who is calling (API key or client
  certificate), and the HTTP responses for an answer and for a fault;
- :mod:`.schemas`: our XSDs and WSDLs in ``schemas/``, for validation and for ``?wsdl``.

The service GSDDossierReintegratie-v0200 itself: :mod:`.reintegratie` (its messages),
:mod:`.antwoordservice` (the hub's answer from its data) and :mod:`.views` (the endpoint
``/soap/GSDDossierReintegratie-v0200``). The hub's client for a gemeente's endpoint is
``vangnet.hub.dkd.soap_client``. See ``docs/webservice.md``.
"""
