from django.db import models
from django.utils.translation import gettext_lazy as _


class Bron(models.TextChoices):
    """How the employer's report reached UWV."""

    PORTAAL = "portaal", _("Ingevoerd in het portaal")
    API = "api", _("API")


class ClaimStatus(models.TextChoices):
    LOPEND = "lopend", _("Uitkering loopt")
    BEEINDIGD = "beeindigd", _("Beëindigd")


class Beoordeling(models.TextChoices):
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    TOEGEKEND = "toegekend", _("Toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class LksUitkomst(models.TextChoices):
    """The outcome of the LKS-toets at the hub, as stored on the claim."""

    TE_TOETSEN = "te_toetsen", _("Nog te toetsen")
    JA = "ja", _("Ja, LKS betaald")
    NEE = "nee", _("Nee")
    ONBEKEND = "onbekend", _("Onbekend, wordt opnieuw gevraagd")


class Meldingsoort(models.TextChoices):
    """The meldingen UWV sends the hub (the values of the hub's API)."""

    ZIEK_UIT_DIENST = "ziek_uit_dienst", _("Ziek uit dienst")
    EINDE_UITKERING = "einde_uitkering", _("Einde uitkering")


class BerichtStatus(models.TextChoices):
    WACHTEND = "wachtend", _("Wacht op verzending")
    VERZONDEN = "verzonden", _("Geaccepteerd door de hub")
    GEWEIGERD = "geweigerd", _("Geweigerd door de hub")
    VERVALLEN = "vervallen", _("Vervallen")


class RedenEinde(models.TextChoices):
    """Why the benefit ended (the values of the hub's API)."""

    BETERMELDING = "betermelding", _("Betermelding")
    WERKHERVATTING = "werkhervatting", _("Werkhervatting")
    MAXIMUMDUUR = "maximumduur", _("Einde wachttijd (104 weken)")
    OVERLIJDEN = "overlijden", _("Overlijden")
    ANDERS = "anders", _("Andere reden")


class Termijnsoort(models.TextChoices):
    BEOORDELING = "beoordeling", _("Beoordeling aanvraag")
    EZWB = "ezwb", _("Eerstejaars ZW-beoordeling")
    WIA_BRIEF = "wia_brief", _("Brief WIA-aanvraag")
    EINDE_WACHTTIJD = "einde_wachttijd", _("Einde wachttijd")


class Brieftype(models.TextChoices):
    RECHTEN_EN_PLICHTEN = "rechten_en_plichten", _("Uw rechten en plichten")
    REINTEGRATIE_GEMEENTE = "reintegratie_gemeente", _("Uw gemeente begeleidt uw re-integratie")
    EZWB = "ezwb", _("Eerstejaars Ziektewet-beoordeling")
    WIA = "wia", _("U kunt een WIA-uitkering aanvragen")
