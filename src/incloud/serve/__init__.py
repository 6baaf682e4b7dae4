"""``incloud serve``: a read-only web dashboard over the posture history (docs/history.md).

FastAPI serves server-rendered Jinja2 pages (the report's layout, style, autoescape and
Content-Security-Policy) and a JSON API described by FastAPI's OpenAPI document. It binds to
loopback unless given a token; it has no write endpoint.
"""
