"""The JUnit XML report (``--format junit``): findings as test results a CI system shows.

* ``<testsuites name="incloud">`` holds one ``<testsuite>`` per check that judged something
  (``name`` the check id, in id order; a check with no resource of its kind to judge has no
  suite), with the check's title, severity, domain, level and service as ``<properties>``
  and ``timestamp`` the collection time (never the wall clock).
* One ``<testcase>`` per finding: ``classname`` the check id, ``name`` the resource name and
  the finding's uid (``bucket [incloud-...]``: the same name in every scan, and distinct where
  two resources share a name, as the ``default`` security group of every VPC does), with the
  uid, resource, account, region, severity and verdict as ``<properties>``.
* ``fail`` -> ``<failure message="REASON" type="SEVERITY">`` with the remediation as text;
  ``pass`` -> an empty test case; ``unknown`` -> ``<skipped message="unknown: REASON">`` and
  ``not_applicable`` -> ``<skipped message="not applicable: REASON">``: neither passes nor
  fails. A muted finding that did not pass is skipped with ``muted: REASON (OWNER, TICKET,
  until DATE)`` (its verdict and reason as text): like ``--fail-on``, a muted finding never
  fails CI.
* With a mutelist, a last suite ``incloud.mutelist`` holds one test case per entry: an
  expired entry is a failure (it mutes nothing: the risk it accepted is back, fail closed), a
  stale one is skipped (it matched nothing), an active one passes.
* ``tests``, ``failures``, ``skipped`` and ``errors`` (always 0) on every suite and on the
  root.

Text comes from the scanned account. ElementTree escapes markup, but XML 1.0 cannot carry
most C0 control characters even escaped, nor U+FFFE and U+FFFF: every attribute and text is
passed through :func:`.inert.printable` (which also makes the report safe to print) and those
two non-characters are escaped the same way, so the document is always well-formed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC

from ..assessment import Assessment, Finding
from ..evaluate.check import Verdict
from ..evaluate.finding import Mute
from ..mutelist import MutelistReport
from .inert import escape_char, printable

_NON_CHARACTERS = re.compile("[\ufffe\uffff]")


def render(assessment: Assessment, *, color: bool = False, width: int | None = None) -> str:
    """The assessment as a JUnit XML document, ending in a newline (``color`` and ``width``
    are ignored).
    """
    root = ET.Element("testsuites", name="incloud")
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for finding in assessment.findings:
        by_check[finding.check_id].append(finding)
    timestamp = _timestamp(assessment)
    for check_id in sorted(by_check):
        root.append(_suite(check_id, by_check[check_id], timestamp))
    if assessment.mutelist is not None:
        root.append(_mutelist_suite(assessment.mutelist, timestamp))
    _set(root, **_totals(root))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def mute_note(mute: Mute) -> str:
    """The mute in one line: ``muted: REASON (OWNER, TICKET, until DATE)``."""
    who = ", ".join(part for part in (mute.owner, mute.ticket) if part)
    return f"muted: {mute.reason} ({who}, until {mute.expires.isoformat()})"


def expired_note(mute: Mute) -> str:
    """An expired entry that matches a finding, in one line: ``mutelist entry N expired
    DATE, mutes nothing: REASON (OWNER, TICKET)``.
    """
    who = ", ".join(part for part in (mute.owner, mute.ticket) if part)
    return (
        f"mutelist entry {mute.entry} expired {mute.expires.isoformat()}, mutes nothing: "
        f"{mute.reason} ({who})"
    )


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 can carry it and a terminal can show it: :func:`.inert.printable`,
    and U+FFFE and U+FFFF escaped the same way.
    """
    return _NON_CHARACTERS.sub(lambda match: escape_char(match.group()), printable(text))


def _suite(check_id: str, findings: list[Finding], timestamp: str) -> ET.Element:
    """One check's suite: its properties, a test case per finding, and the counts."""
    suite = ET.Element("testsuite")
    _set(suite, name=check_id, timestamp=timestamp)
    first = findings[0]
    _properties(
        suite,
        title=first.title,
        severity=first.severity.value,
        domain=first.domain.value,
        level=first.level.value,
        service=first.service,
    )
    suite.extend(_case(finding) for finding in findings)
    _set(suite, **_counts(findings))
    return suite


def _case(finding: Finding) -> ET.Element:
    """One finding's test case, failed or skipped as its verdict and mute say."""
    case = ET.Element("testcase")
    _set(case, classname=finding.check_id, name=f"{finding.resource_name} [{finding.uid}]")
    properties = {
        "uid": finding.uid,
        "resource": finding.resource,
        "account": finding.account,
        "region": finding.region,
        "severity": finding.severity.value,
        "verdict": finding.verdict.value,
    }
    if finding.muted is not None:
        properties["muted"] = mute_note(finding.muted)
    if finding.mute_expired is not None:
        properties["mute_expired"] = expired_note(finding.mute_expired)
    _properties(case, **properties)
    if finding.verdict is Verdict.PASS:
        return case
    if finding.muted is not None:
        outcome = _child(case, "skipped", mute_note(finding.muted))
        outcome.text = xml_text(f"{finding.verdict.value}: {finding.reason}")
    elif finding.verdict is Verdict.FAIL:
        outcome = _child(case, "failure", finding.reason)
        outcome.set("type", finding.severity.value)
        outcome.text = xml_text(finding.remediation) or None
    elif finding.verdict is Verdict.UNKNOWN:
        _child(case, "skipped", f"unknown: {finding.reason}")
    else:
        _child(case, "skipped", f"not applicable: {finding.reason}")
    return case


def _mutelist_suite(report: MutelistReport, timestamp: str) -> ET.Element:
    """One test case per mutelist entry: expired fails, stale is skipped, active passes."""
    suite = ET.Element("testsuite")
    _set(suite, name="incloud.mutelist", timestamp=timestamp)
    for entry in report.entries:
        case = ET.SubElement(suite, "testcase")
        ticket = f", {entry.ticket}" if entry.ticket else ""
        _set(case, classname="incloud.mutelist", name=f"entry {entry.entry}: {entry.reason}")
        _properties(case, owner=entry.owner + ticket, expires=entry.expires.isoformat())
        if entry.state == "expired":
            message = f"expired {entry.expires.isoformat()}: it mutes nothing"
            _child(case, "failure", message).set("type", "expired")
        elif entry.state == "stale":
            _child(case, "skipped", "stale: the entry matched no finding")
    failures = sum(e.state == "expired" for e in report.entries)
    skipped = sum(e.state == "stale" for e in report.entries)
    _set(
        suite,
        tests=str(len(report.entries)),
        failures=str(failures),
        skipped=str(skipped),
        errors="0",
    )
    return suite


def _totals(root: ET.Element) -> dict[str, str]:
    """The root's counts: the sums of its suites'."""
    return {
        name: str(sum(int(suite.get(name, "0")) for suite in root))
        for name in ("tests", "failures", "skipped", "errors")
    }


def _child(parent: ET.Element, tag: str, message: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    _set(child, message=message)
    return child


def _properties(parent: ET.Element, **values: str) -> None:
    holder = ET.SubElement(parent, "properties")
    for name, value in values.items():
        _set(ET.SubElement(holder, "property"), name=name, value=value)


def _set(element: ET.Element, **attributes: str) -> None:
    """Set attributes, each made safe for XML (see :func:`xml_text`)."""
    for name, value in attributes.items():
        element.set(name, xml_text(value))


def _timestamp(assessment: Assessment) -> str:
    """The collection time as JUnit writes it: ISO 8601 in UTC, without a zone."""
    moment = assessment.collected_at
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


def _counts(findings: Iterable[Finding]) -> dict[str, str]:
    """A suite's counts for ``findings``: every finding is a test; an unmuted failure is a
    failure; a pass is neither; the rest (unknown, not applicable, muted) are skipped.
    """
    listed = list(findings)
    failed = sum(f.verdict is Verdict.FAIL and f.muted is None for f in listed)
    passed = sum(f.verdict is Verdict.PASS for f in listed)
    return {
        "tests": str(len(listed)),
        "failures": str(failed),
        "skipped": str(len(listed) - failed - passed),
        "errors": "0",
    }
