"""What a model's configuration changes in the JSON it serialises (pydantic's ``model_config``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Serialization:
    """A model's serialisation settings that its schema in a response reflects.

    Attributes:
        defaults_required: ``json_schema_serialization_defaults_required=True``: a response always
            carries each field, a defaulted one included, so each is required in its schema.
        timedelta: ``ser_json_timedelta``: how a ``timedelta`` is written (``float``: seconds, a
            number; ``iso8601``: a duration string), when configured.
    """

    defaults_required: bool = False
    timedelta: str | None = None
