from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Base layout, navigation, login and the dashboard of products."""

    name = "vangnet.portal"
    verbose_name = _("Portaal")
