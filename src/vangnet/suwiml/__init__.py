"""SuwiML as vangnet speaks it: SOAP 1.1, document/literal, WS-Addressing, WS-Security, and the messages.

Belongs to no party: the hub's endpoints and client, and a gemeente's own endpoint, all use it.

- :mod:`.berichten`: namespaces, the hardened XML parser (no DTD, no entities, no network,
  size cap), building and reading an envelope, WS-Addressing headers, SOAP faults with an
  ``fwi:Fout`` detail, and FWI messages;
- :mod:`.ondertekening`: WS-Security 1.0 signatures (X.509 BinarySecurityToken, exclusive
  C14N, RSA-SHA256 over the Timestamp, every header element and the Body), signing and
  verifying, with signxml;
- :mod:`.http`: the Django side of an endpoint: who is calling (API key or client
  certificate), the signature check, and the HTTP responses for an answer and for a fault;
- :mod:`.schemas`: our XSDs and WSDLs in ``schemas/``, for validation and for ``?wsdl``;
- :mod:`.reintegratie`: the messages of GSDDossierReintegratie-v0200 (GSDReintegratieInfo);
- :mod:`.verwijsindex`: the messages of IBVerwijsindex-v0300.

See ``docs/webservice.md`` and ``docs/webservice-verwijsindex.md``.
"""
