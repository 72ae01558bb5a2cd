"""Audit the locked dependencies with pip-audit, and never pass silently when it could not.

pip-audit exits 0 when the advisory service cannot be reached: every dependency is then only
"skipped". This reads its JSON report and says which of three things happened:

* every dependency audited, no known vulnerability: exit 0;
* a known vulnerability: each one printed, exit 1;
* dependencies not audited (service unreachable, package unknown to it): the count and the
  reason printed as a warning; exit 0, or 1 when ``DOCGEN_AUDIT_REQUIRED=1`` (set it where the
  runner can reach the service, so a broken audit fails the build).

Usage: ``python .ci/audit.py PIP_AUDIT_EXECUTABLE LOCK_FILE``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def main(argv: list[str]) -> int:
    pip_audit, lock = argv
    command = [pip_audit, "--disable-pip", "--require-hashes", "-r", lock, "--progress-spinner", "off", "-f", "json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return _unaudited(f"pip-audit produced no report ({last})", total=None, skipped=None)
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    found = [(d["name"], d["version"], v) for d in dependencies for v in d.get("vulns", [])]
    for name, version, vuln in found:
        fixes = vuln.get("fix_versions", [])
        fixed = f"fixed in {', '.join(fixes)}" if fixes else "no fixed release yet"
        print(f"audit: {name} {version}: {vuln['id']} ({fixed})")
    if found:
        print(f"audit: {len(found)} known vulnerabilities in the locked dependencies: update .ci/requirements.lock")
        return 1
    if skipped:
        reason = skipped[0]["skip_reason"]
        return _unaudited(reason, total=len(dependencies), skipped=len(skipped))
    print(f"audit: {len(dependencies)} locked dependencies audited, no known vulnerability")
    return 0


def _unaudited(reason: str, total: int | None, skipped: int | None) -> int:
    required = os.environ.get("DOCGEN_AUDIT_REQUIRED") == "1"
    counted = f"{skipped} of {total} locked dependencies" if total is not None else "the locked dependencies"
    print(f"audit: WARNING: {counted} NOT audited: the advisory service could not be used")
    print(f"audit:   first reason: {reason}")
    print("audit:   (set DOCGEN_AUDIT_REQUIRED=1 where the service is reachable, to fail the build instead)")
    return 1 if required else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
