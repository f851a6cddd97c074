from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GemeenteLksConfig(AppConfig):
    """The gemeente's LKS register, its DKD delivery to the hub, and fetching signals from the hub."""

    name = "vangnet.gemeente_lks"
    label = "gemeente_lks"
    verbose_name = _("Gemeente: LKS-register")
