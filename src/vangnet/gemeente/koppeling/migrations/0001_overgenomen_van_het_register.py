"""The koppeling's models move from the register app (label gemeente_lks) to this one without copying data.

The register's first migration made their tables; here this app takes them over as they are
(state only), gives them this app's table names, and moves their content types along, so that
permissions and admin history stay linked. The register's 0002 forgets them in its own state.
A fresh database and one made before the move run the same steps.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


MODELLEN = ('dkdlevering', 'gemeentekoppeling', 'opgehaaldrapport', 'webhookontvangst')


def verhuis_contenttypes(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="gemeente_lks", model__in=MODELLEN).update(app_label="gemeente_koppeling")


def verhuis_contenttypes_terug(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="gemeente_koppeling", model__in=MODELLEN).update(app_label="gemeente_lks")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('gemeente_lks', '0001_lks_register'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('organisations', '0002_products'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='DkdLevering',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='uuid')),
                    ('gestart_op', models.DateTimeField(verbose_name='gestart op')),
                    ('afgerond_op', models.DateTimeField(blank=True, null=True, verbose_name='afgerond op')),
                    ('kanaal', models.CharField(choices=[('portaal', 'Portaal'), ('cli', 'Opdrachtregel'), ('api', 'API')], max_length=10, verbose_name='kanaal')),
                    ('volgnummer', models.PositiveIntegerField(blank=True, null=True, verbose_name='volgnummer')),
                    ('status', models.CharField(choices=[('geaccepteerd', 'Geaccepteerd door de hub'), ('herhaald', 'Al eerder verwerkt (zelfde volgnummer)'), ('geweigerd', 'Geweigerd door de hub'), ('mislukt', 'Niet verstuurd of geen antwoord'), ('alleen_bestand', 'Alleen bestand gemaakt')], max_length=20, verbose_name='status')),
                    ('aantal_personen', models.PositiveIntegerField(default=0, verbose_name='personen in het bestand')),
                    ('aantal_perioden', models.PositiveIntegerField(default=0, verbose_name='LKS-perioden in het bestand')),
                    ('bestand_sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 van het bestand')),
                    ('bestandsgrootte', models.PositiveBigIntegerField(default=0, verbose_name='bestandsgrootte (bytes)')),
                    ('http_status', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='HTTP-status van de hub')),
                    ('hub_aanlevering', models.UUIDField(blank=True, null=True, verbose_name='aanlevering bij de hub')),
                    ('hub_status', models.CharField(blank=True, max_length=20, verbose_name='status bij de hub')),
                    ('aantal_geaccepteerd', models.PositiveIntegerField(blank=True, null=True, verbose_name='geaccepteerd door de hub')),
                    ('aantal_afgekeurd', models.PositiveIntegerField(blank=True, null=True, verbose_name='afgekeurd door de hub')),
                    ('terugmelding_url', models.CharField(blank=True, max_length=300, verbose_name='terugmelding')),
                    ('melding', models.TextField(blank=True, verbose_name='melding')),
                    ('door', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='door')),
                    ('gemeente', models.ForeignKey(limit_choices_to={'type': 'gemeente'}, on_delete=django.db.models.deletion.PROTECT, related_name='dkd_leveringen', to='organisations.organisatie', verbose_name='gemeente')),
                ],
                options={
                    'db_table': 'gemeente_lks_dkdlevering',
                    'verbose_name': 'DKD-levering',
                    'verbose_name_plural': 'DKD-leveringen',
                    'ordering': ['-gestart_op', '-id'],
                },
            ),
            migrations.CreateModel(
                name='GemeenteKoppeling',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('hub_url', models.URLField(blank=True, help_text='Bijvoorbeeld https://hub.example; leeg: VANGNET_HUB_URL.', verbose_name='adres van de hub')),
                    ('api_sleutel', models.CharField(blank=True, help_text='Geheim. Een sleutel van de hub met de machtigingen dkd_aanleveren en lks_reintegratie_ophalen; leeg: VANGNET_HUB_API_KEY.', max_length=200, verbose_name='API-sleutel bij de hub')),
                    ('webhook_geheim', models.CharField(blank=True, help_text='Geheim. Het whsec_-geheim dat de hub gaf bij het registreren van de webhook.', max_length=200, verbose_name='webhookgeheim')),
                    ('laatste_volgnummer', models.PositiveIntegerField(default=0, verbose_name='laatste volgnummer')),
                    ('gemeente', models.OneToOneField(limit_choices_to={'type': 'gemeente'}, on_delete=django.db.models.deletion.CASCADE, related_name='hub_koppeling', to='organisations.organisatie', verbose_name='gemeente')),
                ],
                options={
                    'db_table': 'gemeente_lks_gemeentekoppeling',
                    'verbose_name': 'koppeling met de hub',
                    'verbose_name_plural': 'koppelingen met de hub',
                },
            ),
            migrations.CreateModel(
                name='OpgehaaldRapport',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rapport', models.UUIDField(verbose_name='rapport bij de hub')),
                    ('bestandsnaam', models.CharField(blank=True, max_length=255, verbose_name='bestandsnaam')),
                    ('publicatiedatum', models.DateField(blank=True, null=True, verbose_name='publicatiedatum')),
                    ('opgehaald_op', models.DateTimeField(verbose_name='opgehaald op')),
                    ('wijze', models.CharField(choices=[('opdracht', 'Ophaalopdracht'), ('webhook', 'Webhook van de hub')], max_length=10, verbose_name='opgehaald via')),
                    ('status', models.CharField(choices=[('ingelezen', 'Ingelezen'), ('al_ingelezen', 'Was al ingelezen'), ('geweigerd', 'Niet ingelezen (bestandsfout)')], max_length=20, verbose_name='status')),
                    ('signaalimport', models.UUIDField(blank=True, null=True, verbose_name='signaalimport')),
                    ('melding', models.TextField(blank=True, verbose_name='melding')),
                    ('gemeente', models.ForeignKey(limit_choices_to={'type': 'gemeente'}, on_delete=django.db.models.deletion.PROTECT, related_name='opgehaalde_rapporten', to='organisations.organisatie', verbose_name='gemeente')),
                ],
                options={
                    'db_table': 'gemeente_lks_opgehaaldrapport',
                    'verbose_name': 'opgehaald signaalrapport',
                    'verbose_name_plural': 'opgehaalde signaalrapporten',
                    'ordering': ['-opgehaald_op', '-id'],
                    'constraints': [models.UniqueConstraint(fields=('gemeente', 'rapport'), name='lks_rapport_een_keer_opgehaald')],
                },
            ),
            migrations.CreateModel(
                name='WebhookOntvangst',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('bericht_id', models.CharField(max_length=100, verbose_name='Webhook-Id')),
                    ('tijdstip', models.BigIntegerField(verbose_name='Webhook-Timestamp')),
                    ('ontvangen_op', models.DateTimeField(verbose_name='ontvangen op')),
                    ('rapport', models.UUIDField(blank=True, null=True, verbose_name='rapport bij de hub')),
                    ('gemeente', models.ForeignKey(limit_choices_to={'type': 'gemeente'}, on_delete=django.db.models.deletion.PROTECT, related_name='webhook_ontvangsten', to='organisations.organisatie', verbose_name='gemeente')),
                ],
                options={
                    'db_table': 'gemeente_lks_webhookontvangst',
                    'verbose_name': 'ontvangen webhookbericht',
                    'verbose_name_plural': 'ontvangen webhookberichten',
                    'ordering': ['-ontvangen_op', '-id'],
                    'constraints': [models.UniqueConstraint(fields=('gemeente', 'bericht_id', 'tijdstip'), name='lks_webhook_een_keer')],
                },
            ),
            ],
        ),
        migrations.AlterModelTable(name='dkdlevering', table=None),
        migrations.AlterModelTable(name='gemeentekoppeling', table=None),
        migrations.AlterModelTable(name='opgehaaldrapport', table=None),
        migrations.AlterModelTable(name='webhookontvangst', table=None),
        migrations.RunPython(verhuis_contenttypes, verhuis_contenttypes_terug),
    ]
