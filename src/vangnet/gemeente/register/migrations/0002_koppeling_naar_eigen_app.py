"""The koppeling's models now belong to vangnet.gemeente.koppeling, which took over their tables first."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('gemeente_lks', '0001_lks_register'),
        ('gemeente_koppeling', '0001_overgenomen_van_het_register'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='gemeentekoppeling',
                name='gemeente',
            ),
            migrations.RemoveField(
                model_name='opgehaaldrapport',
                name='gemeente',
            ),
            migrations.RemoveField(
                model_name='webhookontvangst',
                name='gemeente',
            ),
            migrations.DeleteModel(
                name='DkdLevering',
            ),
            migrations.DeleteModel(
                name='GemeenteKoppeling',
            ),
            migrations.DeleteModel(
                name='OpgehaaldRapport',
            ),
            migrations.DeleteModel(
                name='WebhookOntvangst',
            ),
            ],
        ),
    ]
