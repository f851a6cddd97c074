from django.db import models
from django.utils.translation import gettext_lazy as _


class Kanaal(models.TextChoices):
    PORTAAL = "portaal", _("Portaal")
    CLI = "cli", _("Opdrachtregel")
    API = "api", _("API")


class TaakStatus(models.TextChoices):
    """`te_laat` is never stored: an open task past its uiterlijk, worked out on the day asked."""

    OPEN = "open", _("Open")
    GEDAAN = "gedaan", _("Gedaan")
    TE_LAAT = "te_laat", _("Te laat")


class TaakSoort(models.TextChoices):
    LKS_HERZIEN = "lks_herzien", _("LKS tijdig stopzetten / herzien")
