"""The check catalogue, by customer domain then service. Importing it registers every check."""

from . import application, compliance, data_protection, identity, network

__all__ = ["application", "compliance", "data_protection", "identity", "network"]
