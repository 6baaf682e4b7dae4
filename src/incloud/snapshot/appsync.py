"""AWS AppSync: GraphQL APIs, their field-level logging and their caches."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class ApiCache(Frozen):
    """An AppSync API cache and its encryption settings (fixed when the cache is created)."""

    at_rest_encrypted: bool
    in_transit_encrypted: bool


class AppSyncApi(Resource):
    """A GraphQL API. ``field_log_level`` is None when it has no log configuration;
    ``cache`` is None when it has no cache (a failed read of the cache is a gap instead).
    """

    kind: Literal["appsync.graphql-api"] = "appsync.graphql-api"
    api_id: str
    field_log_level: str | None = None
    """``NONE``, ``ERROR``, ``INFO``, ``DEBUG`` or ``ALL``."""
    cache: ApiCache | None = None

    service: ClassVar[str] = "appsync"
    listed_by: ClassVar[tuple[str, ...]] = ("appsync:ListGraphqlApis",)
