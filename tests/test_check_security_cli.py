"""``docgen check`` and security findings: SARIF's security-severity and CWE tags, the --fail-on-severity gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.cli import main

APP = '''\
"""Queries."""


def find(cursor, name):
    """Find by name."""
    cursor.execute(f"SELECT * FROM t WHERE name = '{name}'")


def check(user):
    """Only for administrators."""
    assert user.is_admin
'''


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_sarif_carries_security_severity_and_cwe(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--isolated", "check", ".", "--format", "sarif"]) == 1
    run = json.loads(capsys.readouterr().out)["runs"][0]
    rules = {r["id"]: r.get("properties") for r in run["tool"]["driver"]["rules"]}
    assert rules == {
        "DG404": {"security-severity": "8.0", "tags": ["security", "external/cwe/cwe-89"]},
        "S101": {"security-severity": "3.0", "tags": ["security", "external/cwe/cwe-703"]},
    }
    results = [
        (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]
    ]
    assert results == [("DG404", "error", 6), ("S101", "warning", 11)]
    assert run["results"][0]["properties"] == {"security-severity": "8.0", "tags": ["security", "external/cwe/cwe-89"]}


def test_fail_on_severity_counts_only_findings_at_or_above_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--isolated", "check", ".", "--fail-on-severity", "high"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-2] == "Found 2 findings (1 docgen, 1 security), 1 of high security severity or above."
    (project / "app.py").write_text(APP.replace("cursor.execute(f", "cursor.execute(").replace("{name}", "%s"), "utf-8")
    assert main(["--isolated", "check", ".", "--fail-on-severity", "high"]) == 0
    assert main(["--isolated", "check", ".", "--fail-on-severity", "medium"]) == 0
    assert main(["--isolated", "check", ".", "--fail-on-severity", "low"]) == 1
    assert main(["--isolated", "check", "."]) == 1
    capsys.readouterr()
    assert main(["--isolated", "check", ".", "--fail-on-severity", "critical"]) == 2
    assert "'critical' is not one of 'high', 'medium', 'low'" in capsys.readouterr().err


def test_test_code_error_handling_and_fixed_shell_commands_are_not_security_findings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "jobs.py").write_text(
        '"""Jobs."""\nimport subprocess\n\n\ndef build(path):\n    """Build."""\n'
        '    try:\n        subprocess.check_call("npm ci", shell=True)\n    except OSError:\n        pass\n'
        "    subprocess.call(path, shell=True)\n",
        encoding="utf-8",
    )
    (project / "tests").mkdir()
    (project / "tests" / "test_app.py").write_text(
        'import hashlib\n\n\ndef test_hash():\n    assert hashlib.md5(b"x").hexdigest()\n', encoding="utf-8"
    )
    assert main(["--isolated", "check", ".", "--format", "json", "--exit-zero", "--select", "S,DG4"]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["path"], f["line"], f["code"], f["security_severity"]) for f in found] == [
        ("app.py", 6, "DG404", "high"),
        ("app.py", 11, "S101", "low"),
        ("jobs.py", 8, "S602", "low"),  # a fixed command: Ruff says it seems safe
        ("jobs.py", 8, "S607", "low"),
        ("jobs.py", 11, "S602", "high"),
    ]


def test_a_password_rules_string_that_is_its_own_name_is_no_secret(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "codes.py").write_text(
        '"""Error codes."""\nFORGOT_PASSWORD = "FORGOT_PASSWORD"\nDB_PASSWORD = "hunter2-and-more"\n\n\n'
        'class Kind:\n    """Kinds."""\n\n    RESET_TOKEN = "reset_token"\n\n\n'
        'ID_TOKEN_MODEL = "api.OAuthIDToken"\nAPI_TOKEN = "s3cr3t_value1"\n\n\n'
        'def basic(method):\n    """Whether the client sends its secret with basic auth."""\n'
        '    return method == "client_secret_basic"\n',
        encoding="utf-8",
    )
    assert main(["--isolated", "check", ".", "--format", "json", "--exit-zero", "--select", "S105"]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    # a dotted or snake_case name (a model path, an OAuth method name) names something; digits can be a secret's
    assert [(f["line"], f["message"]) for f in found] == [
        (3, 'Possible hardcoded password assigned to: "DB_PASSWORD"'),
        (13, 'Possible hardcoded password assigned to: "API_TOKEN"'),
    ]


def test_an_assert_or_random_call_on_a_line_not_about_security_is_no_weakness(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "demo.py").write_text(
        '"""Demo data."""\nimport random\n\n\ndef weights(n):\n    """Demo weights."""\n'
        "    assert n > 0\n    return [80 + random.randint(1, 3) for _ in range(n)]\n\n\n"
        'def reset_link(user):\n    """A reset link."""\n    token = random.random()\n'
        '    return f"/reset/{user}/{token}"\n\n\n'
        'def press(keyboard, kwargs):\n    """Type like a person."""\n    assert not set(kwargs.keys()) & {"x"}\n'
        "    keyboard.press(delay=random.randint(200, 500))\n",
        encoding="utf-8",
    )
    (project / "hashes.py").write_text(
        '"""Hashes."""\nimport hashlib\n\n\ndef names(data, url, secret):\n    """Three hashes."""\n'
        "    checksum = hashlib.md5(data).hexdigest()\n    cache_key = hashlib.md5(url).hexdigest()\n"
        "    key = hashlib.md5(secret).digest()\n    return checksum, cache_key, key\n",
        encoding="utf-8",
    )
    select = "S101,S311,S324"
    assert main(["--isolated", "check", ".", "--format", "json", "--exit-zero", "--select", select]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    # "keyboard" and ".keys()" are not "key"; a checksum or a cache key is no secret
    assert [(f["path"], f["line"], f["code"]) for f in found] == [
        ("app.py", 11, "S101"),
        ("demo.py", 13, "S311"),
        ("hashes.py", 9, "S324"),
    ]
