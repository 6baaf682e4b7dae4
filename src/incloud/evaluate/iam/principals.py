"""The policies that apply to each IAM user and role in a snapshot (users through groups)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...snapshot import JsonDict, Snapshot
from ...snapshot.iam import IamGroup, IamPolicy, IamPrincipal, IamRole, IamUser
from .policy import Policy, PolicyError, parse_policy


@dataclass(frozen=True)
class PrincipalPolicies:
    """A user's or role's identity-based policies and permissions boundary, parsed.

    ``missing`` lists attached managed policies whose document is not in the snapshot, and
    ``invalid`` policies that could not be parsed: either makes any conclusion about the
    principal's permissions incomplete.
    """

    arn: str
    identity: tuple[Policy, ...]
    boundary: Policy | None
    missing: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when every policy was found and parsed."""
        return not self.missing and not self.invalid


class PolicyIndex:
    """Managed policies and groups of one snapshot, for resolving attachments."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.managed = {p.arn: p for p in snapshot.of_type(IamPolicy)}
        self.groups = {(g.account_id, g.name): g for g in snapshot.of_type(IamGroup)}
        self._parsed: dict[str, Policy | PolicyError] = {}
        self._documents: dict[str, Policy] = {}

    def for_user(self, user: IamUser) -> PrincipalPolicies:
        """The user's own policies plus those of its groups."""
        documents: list[tuple[str, JsonDict]] = []
        attached = list(user.attached_policy_arns)
        documents += [(f"{user.name} inline {n}", d) for n, d in user.inline_policies.items()]
        missing: list[str] = []
        for name in user.groups:
            group = self.groups.get((user.account_id, name))
            if group is None:
                missing.append(f"group {name}")
                continue
            attached += group.attached_policy_arns
            documents += [(f"group {name} inline {n}", d) for n, d in group.inline_policies.items()]
        return self._build(user.arn, documents, attached, user.permissions_boundary_arn, missing)

    def group_policies(self, group: IamGroup) -> tuple[Policy | PolicyError, ...]:
        """The group's inline and attached managed policies, parsed (or why one could not be):
        what :meth:`for_user` adds for a member, less the managed policies the snapshot lacks.
        """
        documents = [
            (f"group {group.name} inline {n}", d) for n, d in group.inline_policies.items()
        ]
        documents += [
            (arn, self.managed[arn].document)
            for arn in dict.fromkeys(group.attached_policy_arns)
            if arn in self.managed
        ]
        return tuple(self._parse(name, document) for name, document in documents)

    def for_principal(self, principal: IamPrincipal) -> PrincipalPolicies:
        """A user's policies (groups included) or a role's."""
        if isinstance(principal, IamUser):
            return self.for_user(principal)
        assert isinstance(principal, IamRole)
        return self.for_role(principal)

    def for_role(self, role: IamRole) -> PrincipalPolicies:
        """The role's own policies."""
        documents = [(f"{role.name} inline {n}", d) for n, d in role.inline_policies.items()]
        return self._build(
            role.arn, documents, list(role.attached_policy_arns), role.permissions_boundary_arn, []
        )

    def _parse(self, name: str, document: JsonDict) -> Policy | PolicyError:
        """Parse a policy; a managed policy (named by its ARN) once per index."""
        cached = name in self.managed
        if cached and name in self._parsed:
            return self._parsed[name]
        try:
            outcome: Policy | PolicyError = self._parse_document(name, document)
        except PolicyError as error:
            outcome = error
        if cached:
            self._parsed[name] = outcome
        return outcome

    def _parse_document(self, name: str, document: JsonDict) -> Policy:
        """``parse_policy(document, name=name)``, each distinct document parsed once per index.

        Accounts repeat documents under many names (one policy per team, stamped from one
        template); the name is only the policy's ``name`` and part of error messages, so a
        document seen before gets the earlier parse under its own name. Documents are told
        apart by ``repr``, which keeps key order and value types (a document that fails is
        parsed again each time, so the error names its own policy).
        """
        key = repr(document)
        shared = self._documents.get(key)
        if shared is None:
            shared = self._documents[key] = parse_policy(document, name=name)
            return shared
        return replace(shared, name=name)

    def _build(
        self,
        arn: str,
        documents: list[tuple[str, JsonDict]],
        attached: list[str],
        boundary_arn: str | None,
        missing: list[str],
    ) -> PrincipalPolicies:
        invalid: list[str] = []
        for policy_arn in dict.fromkeys(attached):
            managed = self.managed.get(policy_arn)
            if managed is None:
                missing.append(policy_arn)
            else:
                documents.append((policy_arn, managed.document))
        parsed = []
        for name, document in documents:
            outcome = self._parse(name, document)
            if isinstance(outcome, PolicyError):
                invalid.append(str(outcome))
            else:
                parsed.append(outcome)
        boundary = None
        if boundary_arn is not None:
            managed = self.managed.get(boundary_arn)
            if managed is None:
                missing.append(boundary_arn)
            else:
                try:
                    boundary = self._parse_document(f"boundary {boundary_arn}", managed.document)
                except PolicyError as error:
                    invalid.append(str(error))
        return PrincipalPolicies(arn, tuple(parsed), boundary, tuple(missing), tuple(invalid))
