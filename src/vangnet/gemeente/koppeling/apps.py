from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KoppelingConfig(AppConfig):
    """The gemeente's connection with the hub: delivering the register, the verwijsindex, fetching signals."""

    name = "vangnet.gemeente.koppeling"
    label = "gemeente_koppeling"
    verbose_name = _("Gemeente: koppeling met de hub")
