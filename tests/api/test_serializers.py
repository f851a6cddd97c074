"""The API's ModelSerializer builds its fields once per class and hands each use its own copy."""

from rest_framework import serializers

from vangnet.hub.api.serializers import AanleveringSerializer
from vangnet.organisations.api.serializers import OrganisatieSerializer


def test_each_use_gets_its_own_fields_equal_to_what_drf_builds():
    eerste, tweede = OrganisatieSerializer(), OrganisatieSerializer()
    assert eerste.fields.keys() == tweede.fields.keys()
    assert all(eerste.fields[naam] is not tweede.fields[naam] for naam in eerste.fields)
    assert all(veld.parent is eerste for veld in eerste.fields.values())
    door_drf = serializers.ModelSerializer.get_fields(OrganisatieSerializer())
    assert {naam: repr(veld) for naam, veld in eerste.get_fields().items()} == {
        naam: repr(veld) for naam, veld in door_drf.items()
    }


def test_the_built_fields_are_kept_per_class():
    assert AanleveringSerializer().fields.keys() != OrganisatieSerializer().fields.keys()
    assert "links" in AanleveringSerializer().fields
