from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    """The gemeente's case files: signaalrapporten in, a dossier with Poortwachter tasks per vangnetter."""

    name = "vangnet.gemeente.dossiers"
    # The label of the app before it moved here (vangnet.gemeente): its tables, migration history
    # and content types keep their names, so an existing database carries over unchanged.
    label = "gemeente"
    verbose_name = _("Gemeente: dossiers")
