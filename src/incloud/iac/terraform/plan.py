"""Reading a plan: resources to be created or updated, attributes known after apply linked
through the configuration's references, then translated (:mod:`.translate`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...jsondoc import MAX_DEPTH, nesting_depth
from ..assembly import Assembly, Declared, Identity, identity_of
from ..source import Source
from ..values import Unknown
from .translate import CFN_TYPE, NAME_ATTRIBUTE, translate

_INDEX = re.compile(r"\[[^\]]*\]$")


@dataclass
class Planned:
    """One resource instance of the plan: its address, type, values and configuration."""

    address: str
    type: str
    values: dict[str, Any]
    unknown: Any
    expressions: dict[str, Any]
    module: str
    identity: Identity | None = None


def declared(path: Path, plan: dict[str, Any], asm: Assembly) -> list[Declared]:
    """What the plan at ``path`` (already parsed) would create, for the builders."""
    if nesting_depth(plan, stop_above=MAX_DEPTH + 8) > MAX_DEPTH + 8:
        raise InputError(f"plan {path} nests too deep")
    changes = plan.get("resource_changes")
    if not isinstance(changes, list):
        if "values" in plan:
            raise InputError(
                f"{path} is Terraform state, not a plan: run `terraform plan "
                "-out PLANFILE` and `terraform show -json PLANFILE`"
            )
        raise InputError(f"{path} is not a Terraform plan (no resource_changes)")
    planned = _planned(path, changes, _configurations(plan.get("configuration")))
    stack = path.stem
    for item in planned.values():
        kind = CFN_TYPE.get(item.type)
        if kind is None:
            continue
        name_key = NAME_ATTRIBUTE.get(item.type)
        given = item.values.get(name_key) if name_key else None
        if item.type.startswith("aws_") and given is None and "tags" in item.values:
            tags = item.values.get("tags") or {}
            given = tags.get("Name") if isinstance(tags, dict) else None
        item.identity = identity_of(
            kind,
            item.address,
            stack,
            given if isinstance(given, str) else None,
            asm.account_id,
            asm.region,
            asm.partition,
            path=str(item.values.get("path") or "/"),
        )
    found: list[Declared] = []
    for item in planned.values():
        source = Source(str(path), item.address, item.type)
        values = _linked(item, planned)
        try:
            found.extend(translate(item.type, item.address, values, source, stack))
        except (TypeError, AttributeError, KeyError, ValueError) as error:
            raise InputError(
                f"plan {path}: {item.address}: its values are not of the shape the AWS "
                f"provider writes ({type(error).__name__})"
            ) from None
    return found


def _planned(
    path: Path, changes: list[Any], configs: dict[tuple[str, str], dict[str, Any]]
) -> dict[str, Planned]:
    """The managed resources the plan creates, updates or keeps, by address."""
    planned: dict[str, Planned] = {}
    for change in changes:
        if not isinstance(change, dict) or change.get("mode", "managed") != "managed":
            continue
        body = change.get("change")
        if not isinstance(body, dict) or not isinstance(change.get("address"), str):
            raise InputError(f"plan {path}: a resource change without an address or change")
        actions = body.get("actions", [])
        if not isinstance(actions, list) or actions in (["delete"], ["read"]):
            continue
        after = body.get("after")
        if not isinstance(after, dict):
            continue
        address = change["address"]
        module = str(change.get("module_address", ""))
        local = address[len(module) + 1 :] if module else address
        config = configs.get((module, _INDEX.sub("", local)), {})
        planned[address] = Planned(
            address,
            str(change.get("type", "")),
            after,
            body.get("after_unknown") or {},
            config,
            module,
        )
    return planned


def _configurations(configuration: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """(module address, resource address in it) -> the resource's expressions."""
    found: dict[tuple[str, str], dict[str, Any]] = {}

    def walk(module: Any, prefix: str) -> None:
        if not isinstance(module, dict):
            return
        for resource in module.get("resources", []) or []:
            if isinstance(resource, dict) and isinstance(resource.get("address"), str):
                found[(prefix, resource["address"])] = resource.get("expressions") or {}
        for name, call in (module.get("module_calls") or {}).items():
            if isinstance(call, dict):
                walk(call.get("module"), f"{prefix}.module.{name}" if prefix else f"module.{name}")

    if isinstance(configuration, dict):
        walk(configuration.get("root_module"), "")
    return found


def _linked(item: Planned, planned: dict[str, Planned]) -> dict[str, Any]:
    """The resource's values, each unknown one replaced by what it refers to when that is a
    resource of the plan (its id, ARN or name as ``incloud iac`` names it), else
    :class:`Unknown`. An attribute the provider computes and the configuration does not set
    is dropped: its value after apply is AWS's default for a new resource, which the
    builders apply to an absent property.
    """
    values = dict(item.values)
    unknown = item.unknown if isinstance(item.unknown, dict) else {}
    link = _Linker(item, planned)
    for key, flag in unknown.items():
        if flag is True and key not in item.expressions:
            values.pop(key, None)
        else:
            values[key] = link.marked(
                values.get(key), flag, item.expressions.get(key), f"{item.address}.{key}"
            )
    return values


@dataclass
class _Linker:
    """Resolves the unknown parts of one resource's values through the (nested)
    expressions of its configuration.
    """

    item: Planned
    planned: dict[str, Planned]

    def marked(self, value: Any, flags: Any, expression: Any, where: str) -> Any:
        """``value`` with each part ``flags`` marks true (``after_unknown``) linked through
        ``expression`` to a planned resource, or Unknown.
        """
        if flags is True:
            return _resolve(self.item, expression, value, flags, self.planned, where)
        if isinstance(flags, dict) and isinstance(value, dict | type(None)):
            merged = dict(value or {})
            nested = expression if isinstance(expression, dict) else {}
            for key, flag in flags.items():
                merged[key] = self.marked(merged.get(key), flag, nested.get(key), f"{where}.{key}")
            return merged if value is not None or merged else value
        if isinstance(flags, list) and isinstance(value, list):
            if isinstance(expression, dict) and "references" in expression:
                return _resolve(self.item, expression, value, flags, self.planned, where)
            blocks = expression if isinstance(expression, list) else []
            return [
                self.marked(v, f, blocks[n] if n < len(blocks) else None, where)
                for n, (v, f) in enumerate(zip(value, flags, strict=False))
            ] + value[len(flags) :]
        return value


def _resolve(
    item: Planned,
    expression: Any,
    value: Any,
    flags: Any,
    planned: dict[str, Planned],
    where: str,
) -> Any:
    references = expression.get("references", []) if isinstance(expression, dict) else []
    linked: list[Any] = []
    for reference in references:
        if not isinstance(reference, str) or reference.count(".") < 2:
            continue
        target_address, _, attribute = reference.rpartition(".")
        full = f"{item.module}.{target_address}" if item.module else target_address
        target = planned.get(full) or planned.get(f"{full}[0]")
        value = _attribute(target, attribute) if target is not None else None
        if value is not None and value not in linked:
            linked.append(value)
    after_apply = Unknown(f"{where} is known only after apply")
    if not linked:
        return after_apply
    if isinstance(value, list) or isinstance(flags, list):
        return linked
    return linked[0] if len(linked) == 1 else after_apply


def _attribute(target: Planned, attribute: str) -> Any:
    ident = target.identity
    if ident is None:
        return None
    if attribute == "arn":
        return ident.arn
    if attribute in (
        "id",
        "url",
        "name",
        "bucket",
        "function_name",
        "identifier",
        "cluster_identifier",
        "key_id",
        "allocation_id",
        "role",
        "user",
    ):
        kind = CFN_TYPE[target.type]
        if attribute == "id" and kind in ("AWS::IAM::ManagedPolicy", "AWS::SNS::Topic"):
            return ident.arn
        if attribute in ("id", "url") and kind == "AWS::SQS::Queue":
            return (
                ident.name
                if attribute == "name"
                else (
                    f"https://sqs.{ident.arn.split(':')[3]}.amazonaws.com/"
                    f"{ident.arn.split(':')[4]}/{ident.name}"
                )
            )
        if attribute in ("name", "bucket", "function_name", "identifier", "cluster_identifier"):
            return ident.name
        return ident.ident
    return None
