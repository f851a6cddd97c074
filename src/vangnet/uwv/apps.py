from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UwvConfig(AppConfig):
    """UWV: reports of ziek uit dienst, the Ziektewet claim, the LKS-toets and meldingen via the hub, letters."""

    name = "vangnet.uwv"
    verbose_name = _("UWV")
