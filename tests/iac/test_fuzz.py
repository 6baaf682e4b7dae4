"""Whatever a file holds, reading it gives a snapshot or one InputError, never another
exception: templates and plans are the user's, and may be anything."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incloud.errors import InputError

from .helpers import PLAN, TEMPLATE, read

_TAGS = [
    "!Ref",
    "!GetAtt",
    "!Sub",
    "!Join",
    "!If",
    "!Select",
    "!Split",
    "!FindInMap",
    "!ImportValue",
    "!GetAZs",
    "!Cidr",
    "!Base64",
    "!Equals",
    "!Not",
    "!Condition",
]
_TYPES = [
    "AWS::S3::Bucket",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::Instance",
    "AWS::IAM::Role",
    "AWS::EC2::Route",
    "AWS::RDS::DBInstance",
    "AWS::Lambda::Function",
    "AWS::EC2::NetworkAclEntry",
    "AWS::KMS::Key",
    "AWS::Custom::Thing",
]
_KEYS = [
    "BucketName",
    "GroupName",
    "VpcId",
    "SubnetId",
    "CidrIp",
    "FromPort",
    "Policies",
    "SecurityGroupIngress",
    "MetadataOptions",
    "RoleName",
    "PolicyDocument",
    "Engine",
    "RouteTableId",
    "DestinationCidrBlock",
    "Protocol",
    "RuleNumber",
    "Tags",
    "Path",
]

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 70000),
    st.text(max_size=12),
    st.sampled_from(["0.0.0.0/0", "tcp", "-1", "A", "B", "Env", "AWS::NoValue", "999.1.1.1/8"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(_KEYS), inner, max_size=3),
        st.builds(
            lambda t, v: {t.replace("!", "Fn::") if t != "!Ref" else "Ref": v},
            st.sampled_from(_TAGS),
            inner,
        ),
    ),
    max_leaves=12,
)


def _check(path: Path) -> None:
    try:
        read(path)
    except InputError as error:
        assert "\n" not in str(error)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(["A", "B", "Env"]),
        st.fixed_dictionaries({"Type": st.sampled_from(_TYPES), "Properties": _values}),
        min_size=1,
        max_size=3,
    ),
    st.dictionaries(
        st.sampled_from(["Env", "A"]),
        st.fixed_dictionaries({"Type": st.just("String")}, optional={"Default": _scalars}),
        max_size=2,
    ),
)
def test_any_template_is_read_or_refused(
    resources: dict[str, Any], parameters: dict[str, Any]
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "t.json"
        path.write_text(json.dumps({"Parameters": parameters, "Resources": resources}))
        _check(path)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "t.yaml"
        path.write_bytes(TEMPLATE.read_bytes()[:200] + data)
        _check(path)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_damaged_plans_are_read_or_refused(data: st.DataObject) -> None:
    plan = json.loads(PLAN.read_text())
    changes = plan["resource_changes"]
    index = data.draw(st.integers(0, len(changes) - 1))
    after = changes[index]["change"]["after"]
    if after:
        key = data.draw(st.sampled_from(sorted(after)))
        after[key] = data.draw(_values)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "plan.json"
        path.write_text(json.dumps(plan))
        _check(path)
