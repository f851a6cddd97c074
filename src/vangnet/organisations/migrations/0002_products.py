from django.db import migrations

PRODUCTS = ["dkd_aanleveren", "lks_reintegratie_ophalen", "casemanagement", "medisch", "lks_toets", "beheer"]


def add_products(apps, schema_editor):
    product_machtiging = apps.get_model("organisations", "ProductMachtiging")
    for code in PRODUCTS:
        product_machtiging.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(add_products, migrations.RunPython.noop)]
