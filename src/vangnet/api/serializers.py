"""The base of the API's model serializers."""

import copy
from typing import ClassVar

from rest_framework import serializers
from rest_framework.fields import Field


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer with its fields built from the model once per class, not per use.

    DRF builds them again for every serializer (model introspection, labels, validators): about
    2 ms of each API answer. A copy of the built fields, which DRF also makes of declared fields,
    costs a tenth of that. For serializers whose fields depend on neither the instance nor the
    request: none of vangnet's overrides ``get_fields``.
    """

    _gebouwde_velden: ClassVar[dict[type, dict[str, Field]]] = {}

    def get_fields(self) -> dict[str, Field]:
        klasse = type(self)
        velden = ModelSerializer._gebouwde_velden.get(klasse)
        if velden is None:
            velden = ModelSerializer._gebouwde_velden[klasse] = super().get_fields()
        return copy.deepcopy(velden)
