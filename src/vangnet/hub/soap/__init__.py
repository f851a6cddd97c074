"""The hub's GSDDossierReintegratie-v0200 service, in the SuwiML of ``vangnet.suwiml``.

:mod:`.antwoordservice` (the hub's answer from its data and the gemeenten' webservices) and
:mod:`.views` (the endpoint ``/soap/GSDDossierReintegratie-v0200``). The hub's client for a
gemeente's endpoint is ``vangnet.hub.dkd.soap_client``. See ``docs/webservice.md``.
"""
