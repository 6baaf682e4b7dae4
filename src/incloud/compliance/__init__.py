"""Compliance frameworks as data, and an account's posture against them.

``model`` (the framework schema and loader), ``attestations`` (manual statements),
``result`` (the posture's models, part of the JSON report) and ``posture`` (the engine: pure,
snapshot and framework in, posture out). See docs/compliance.md.
"""
