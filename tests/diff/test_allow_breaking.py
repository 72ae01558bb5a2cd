"""Accepted breaks: ``# docgen: allow-breaking[RULE]`` on a route, and ``[tool.docgen.diff] allow-breaking``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.model import Location
from docgen.model.apidiff import ApiChange, ApiDiff, ChangeLevel, Side
from docgen.render import diffci
from tests.diff.scratch import APP, LEGACY, Repo, run

ALLOW_REMOVAL = '@app.get("/legacy")  # docgen: allow-breaking[api-path-removed-without-deprecation]'


def _repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "svc")
    repo.git("init", "-q", "-b", "main")
    repo.commit({"app/main.py": APP}, "start")
    return repo


def test_inline_comments_accept_the_rules_they_name_on_their_route(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo(tmp_path)
    marked = APP.replace('@app.get("/legacy")', ALLOW_REMOVAL)
    repo.commit({"app/main.py": marked}, "the removal of /legacy is planned")
    head = (
        marked.replace(LEGACY.replace('@app.get("/legacy")', ALLOW_REMOVAL), "")
        .replace(
            '@app.get("/items/{item_id}", response_model=Item)',
            '@app.get(\n    "/items/{item_id}",  # docgen: allow-breaking[new-required-request-parameter]\n'
            "    response_model=Item,\n)",
        )
        .replace("q: str | None = None):", "q: str | None = None, *, lang: str):")
        .replace(
            "def users():\n",
            "def users(token: str = Depends(oauth2)):  # docgen: allow-breaking[endpoint-added]\n"
            "    # docgen: allow-breaking[api-security-added]  (in the body, not on the route)\n",
        )
    )
    repo.commit({"app/main.py": head}, "v2")
    code, out, _ = run(capsys, "-p", str(repo.path), "HEAD~1", "HEAD")
    assert code == 1  # the authentication added to /users is not accepted: its route's comment names another rule
    assert out.splitlines()[0].endswith("3 breaking, 0 potentially breaking, 0 non-breaking changes (2 accepted)")
    assert out.splitlines()[2:] == [
        "breaking             GET /items/{item_id}  new-required-request-parameter: required query parameter "
        "`lang` added  (app/main.py:22)  [accepted: # docgen: allow-breaking at app/main.py:19]",
        "breaking             GET /legacy  api-path-removed-without-deprecation: path removed without deprecation"
        "  (app/main.py:29)  [accepted: # docgen: allow-breaking at app/main.py:28]",
        "breaking             GET /users  api-security-added: authentication `oauth2` (oauth2) required"
        "  (app/main.py:32)",
    ]
    code, out, _ = run(capsys, "-p", str(repo.path), "--format", "json", "HEAD~1", "HEAD")
    assert json.loads(out)["summary"] == {"breaking": 3, "potentially-breaking": 0, "non-breaking": 0, "accepted": 2}
    code, out, _ = run(capsys, "-p", str(repo.path), "--format", "markdown", "HEAD~1", "HEAD")
    lines = out.splitlines()
    assert lines[3].endswith(": 3 changes (2 accepted).")
    assert lines[17] == (
        "| <code>GET</code> <code>/legacy</code> | path removed without deprecation "
        "(accepted: &#35; docgen&#58; allow-breaking at app/main.py&#58;28) | "
        "<code>api-path-removed-without-deprecation</code> |"
    )


def test_configured_accepted_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path)
    config = '[tool.docgen.diff]\nallow-breaking = ["api-path-removed-without-deprecation GET /legacy"]\n'
    repo.commit({"app/main.py": APP.replace(LEGACY, ""), "pyproject.toml": config}, "drop /legacy")
    code, out, _ = run(capsys, "-p", str(repo.path), "--format", "json", "HEAD~1", "HEAD")
    assert code == 0
    assert [c["accepted"] for c in json.loads(out)["changes"]] == [
        "allow-breaking = 'api-path-removed-without-deprecation GET /legacy' in the configuration"
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("no-such-rule", "allow-breaking entry 'no-such-rule': unknown rule 'no-such-rule'"),
        ("endpoint-added GET", "allow-breaking entry 'endpoint-added GET': write RULE, or RULE METHOD PATH"),
    ],
)
def test_a_wrong_configured_entry_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: str, message: str
) -> None:
    repo = _repo(tmp_path)
    repo.commit({"pyproject.toml": f'[tool.docgen.diff]\nallow-breaking = ["{entry}"]\n'}, "config")
    assert run(capsys, "-p", str(repo.path), "HEAD~1", "HEAD") == (
        2,
        "",
        f"docgen: error: [tool.docgen.diff] {message}\n",
    )


def test_ci_reports_of_an_accepted_break() -> None:
    change = ApiChange(
        rule="api-security-added",
        level=ChangeLevel.BREAKING,
        method="GET",
        path="/users",
        message="authentication `oauth2` (dependency) required",
        location=Location("app/main.py", 30),
        accepted="# docgen: allow-breaking at app/main.py:29",
    )
    diff = ApiDiff(base=Side(label="main"), head=Side(label="working tree"), changes=(change,))
    assert not diff.reaches(ChangeLevel.NON_BREAKING)
    result = json.loads(diffci.format_sarif(diff))["runs"][0]["results"][0]
    assert (result["level"], result["suppressions"]) == (
        "error",
        [{"kind": "inSource", "justification": "accepted break: # docgen: allow-breaking at app/main.py:29"}],
    )
    assert diffci.format_github(diff) == (
        "::notice file=app/main.py,line=30,title=docgen diff (api-security-added)::GET /users: authentication "
        "`oauth2` (dependency) required (accepted break: # docgen: allow-breaking at app/main.py:29)\n"
    )
    junit = diffci.format_junit(diff)
    assert '<testsuites name="docgen diff" tests="1" failures="0">' in junit
    assert '<skipped message="accepted break: # docgen: allow-breaking at app/main.py:29" />' in junit
