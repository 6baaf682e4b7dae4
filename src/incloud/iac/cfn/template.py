"""Reading a CloudFormation template: YAML (short-form intrinsic tags) or JSON, decoded by
cfn-lint's decoder, which keeps each node's line; every declared resource resolved.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...errors import InputError, read_input_file
from ...jsondoc import MAX_DEPTH, nesting_depth
from ..assembly import Declared
from ..source import Source
from ..values import Unknown
from .intrinsics import Resolver

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
"""The largest template read: CloudFormation accepts 1 MB from S3, so five is generous."""

LOGICAL_ID = re.compile(r"[A-Za-z0-9]{1,255}")
"""CloudFormation's logical ids: letters and digits (``Resources`` section)."""


def decode(path: Path) -> dict[str, Any]:
    """The template at ``path`` as cfn-lint decodes it (dicts and strings carry marks);
    one :class:`InputError` line for anything that is not a template.
    """
    try:
        from cfnlint.decode import decode_str  # type: ignore[import-untyped]
    except ImportError:
        raise InputError(
            "reading CloudFormation templates needs cfn-lint: pip install 'incloud[iac]'"
        ) from None

    raw = read_input_file(path, "template", MAX_TEMPLATE_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"template {path} is not UTF-8 text") from None
    template, matches = decode_str(text)
    if template is None or matches:
        problem = matches[0].message if matches else "it could not be decoded"
        raise InputError(f"template {path} is not valid YAML or JSON: {_line(problem)}")
    if not isinstance(template, dict):
        raise InputError(f"template {path} is not a CloudFormation template (not a mapping)")
    if nesting_depth(template, stop_above=MAX_DEPTH) > MAX_DEPTH:
        raise InputError(f"template {path} nests deeper than {MAX_DEPTH} levels")
    if "Transform" in template:
        raise InputError(
            f"template {path} declares a Transform, which CloudFormation expands at deploy; "
            "give incloud the processed template (`aws cloudformation get-template "
            "--template-stage Processed`, or `sam build` output)"
        )
    resources = template.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise InputError(
            f"template {path} has no Resources section (not a CloudFormation template)"
        )
    return template


def declared(
    path: Path,
    *,
    account_id: str,
    region: str,
    partition: str,
    parameters: dict[str, str],
    stack: str | None = None,
    seen: set[str] | None = None,
) -> list[Declared]:
    """Every resource the template at ``path`` declares, properties resolved; the names of
    its parameters are added to ``seen``.
    """
    template = decode(path)
    declared_parameters = template.get("Parameters")
    if seen is not None and isinstance(declared_parameters, dict):
        seen.update(str(name) for name in declared_parameters)
    stack_name = stack or path.stem
    resolver = Resolver(
        template,
        file=str(path),
        stack=stack_name,
        account_id=account_id,
        region=region,
        partition=partition,
        parameters=parameters,
    )
    found: list[Declared] = []
    for logical, body in template["Resources"].items():
        if not isinstance(logical, str) or not LOGICAL_ID.fullmatch(logical):
            raise InputError(
                f"template {path}: {_brief(logical)} is not a logical id (letters and digits)"
            )
        if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
            raise InputError(f"template {path}: resource {logical} has no Type")
        condition = body.get("Condition")
        created: bool | Unknown = True
        if condition is not None:
            created = resolver.condition(condition, f"resource {logical}")
        if created is False:
            continue
        properties = body.get("Properties", {})
        if not isinstance(properties, dict):
            raise InputError(f"template {path}: {logical}'s Properties is not a mapping")
        resolved = resolver.resolve(properties, f"{logical}.Properties")
        line = getattr(getattr(logical, "start_mark", None), "line", None)
        source = Source(
            str(path), logical, str(body["Type"]), line + 1 if isinstance(line, int) else None
        )
        found.append(
            Declared(
                name=logical,
                type=str(body["Type"]),
                properties=resolved if isinstance(resolved, dict) else {},
                source=source,
                stack=stack_name,
                condition=created if isinstance(created, Unknown) else None,
            )
        )
    return found


def _line(text: str) -> str:
    return " ".join(str(text).split())


def _brief(value: object) -> str:
    from ...snapshot.base import brief

    return brief(str(value))
