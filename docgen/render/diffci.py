"""The ``docgen diff`` reports for CI: SARIF 2.1.0, GitHub workflow annotations and JUnit XML.

Each change is one result, annotation or test case at the route's definition (the file relative
to the working directory, see :func:`rebased`); a change whose route has no known location has
none. Levels map breaking / potentially breaking / non-breaking to SARIF's and GitHub's
error / warning / note (GitHub: ``notice``); in JUnit only breaking changes are failures.
An accepted break is a suppressed SARIF result, a GitHub notice and a skipped JUnit case.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from docgen import __version__
from docgen.model.apidiff import RULES, ApiChange, ApiDiff, ChangeLevel
from docgen.render.reports import SARIF_SCHEMA, hashed, plain, workflow_command

SARIF_LEVELS = {
    ChangeLevel.BREAKING: "error",
    ChangeLevel.POTENTIALLY_BREAKING: "warning",
    ChangeLevel.NON_BREAKING: "note",
}

GITHUB_COMMANDS = {
    ChangeLevel.BREAKING: "error",
    ChangeLevel.POTENTIALLY_BREAKING: "warning",
    ChangeLevel.NON_BREAKING: "notice",
}


def rebased(diff: ApiDiff, prefix: str) -> ApiDiff:
    """The comparison with ``prefix/`` put before its changes' paths (paths relative to the working directory)."""
    if not prefix:
        return diff
    changes = tuple(
        replace(c, location=replace(c.location, path=f"{prefix}/{c.location.path}")) if c.location else c
        for c in diff.changes
    )
    return replace(diff, changes=changes)


def change_text(change: ApiChange) -> str:
    """``POST /items: required request property `sku` added``: the endpoint, then what changed."""
    return f"{change.method} {change.path}: {change.message}"


def format_sarif(diff: ApiDiff) -> str:
    """A SARIF 2.1.0 log with one run: the rules that fired (id and description), one result per change."""
    fired = sorted({c.rule for c in diff.changes})
    index = {rule: i for i, rule in enumerate(fired)}
    rules = [{"id": rule, "shortDescription": {"text": RULES.get(rule, rule)}} for rule in fired]
    results = []
    for change, fingerprint in zip(diff.changes, fingerprints(diff.changes), strict=True):
        result: dict[str, Any] = {
            "ruleId": change.rule,
            "ruleIndex": index[change.rule],
            "level": SARIF_LEVELS[change.level],
            "message": {"text": change_text(change)},
        }
        if change.location is not None:
            location: dict[str, Any] = {
                "artifactLocation": {"uri": quote(change.location.path), "uriBaseId": "%SRCROOT%"}
            }
            if change.location.line:
                location["region"] = {"startLine": change.location.line}
            result["locations"] = [{"physicalLocation": location}]
        result["partialFingerprints"] = {"docgenApiChange/v1": fingerprint}
        if change.accepted:
            kind = "inSource" if change.accepted.startswith("#") else "external"
            result["suppressions"] = [{"kind": kind, "justification": f"accepted break: {change.accepted}"}]
        results.append(result)
    run = {
        "tool": {"driver": {"name": "docgen", "version": __version__, "rules": rules}},
        "results": results,
        "properties": {"base": diff.base.commit or diff.base.label, "head": diff.head.commit or diff.head.label},
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"


def format_github(diff: ApiDiff) -> str:
    """GitHub Actions workflow commands: one annotation per change, at its route when known."""
    lines = []
    for change in diff.changes:
        props = {}
        if change.location is not None:
            props["file"] = change.location.path
            if change.location.line:
                props["line"] = str(change.location.line)
        props["title"] = f"docgen diff ({change.rule})"
        if change.accepted:
            command, text = "notice", f"{change_text(change)} (accepted break: {change.accepted})"
        else:
            command, text = GITHUB_COMMANDS[change.level], change_text(change)
        lines.append(workflow_command(command, props, text))
    return "".join(line + "\n" for line in lines)


def format_junit(diff: ApiDiff) -> str:
    """JUnit XML: one test suite, one test case per change; breaking changes are its failures, accepted ones skipped."""
    failures = sum(1 for c in diff.changes if c.level is ChangeLevel.BREAKING and not c.accepted)
    suites = ET.Element("testsuites", name="docgen diff", tests=str(len(diff.changes)), failures=str(failures))
    suite = ET.SubElement(suites, "testsuite", name="API changes", tests=str(len(diff.changes)), failures=str(failures))
    for change in diff.changes:
        attributes = {"name": plain(change_text(change)), "classname": change.rule}
        if change.location is not None:
            attributes["file"] = change.location.path
            if change.location.line:
                attributes["line"] = str(change.location.line)
        case = ET.SubElement(suite, "testcase", attributes)
        if change.accepted:
            ET.SubElement(case, "skipped", message=plain(f"accepted break: {change.accepted}"))
        elif change.level is ChangeLevel.BREAKING:
            failure = ET.SubElement(case, "failure", message=plain(change.message), type=change.rule)
            failure.text = f"{_where(change)}{change.rule}: {plain(change_text(change))}"
        else:
            ET.SubElement(case, "system-out").text = f"{change.level.value}: {plain(change.message)}"
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def fingerprints(changes: Iterable[ApiChange]) -> list[str]:
    """A stable id per change: a hash of rule, method, path and message (not the line), plus an occurrence number."""
    return hashed((c.rule, c.method, c.path, c.message) for c in changes)


def _where(change: ApiChange) -> str:
    return f"{plain(str(change.location))}: " if change.location else ""


FORMATTERS: dict[str, Callable[[ApiDiff], str]] = {
    "sarif": format_sarif,
    "github": format_github,
    "junit": format_junit,
}
"""The CI formats of ``docgen diff``."""
