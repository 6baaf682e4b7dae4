"""The network reachability engine (pure): which ports the internet can open, and why.

Modules: ``intervals`` (address and port interval sets), ``routes`` (route table selection and
longest-prefix match), ``nacl`` (stateless first-match network ACLs), ``security_groups``
(stateful union of groups), ``targets`` (interfaces and their public addresses),
``reachability`` (the analysis: :func:`~.reachability.analyse`). See docs/network.md.
"""
