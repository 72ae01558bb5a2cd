"""docgen's settings for Ruff: the security pass's (flake8-bandit, S) and the default rules', and each S rule's rating.

The security pass is a Ruff run of its own, ``--isolated`` from the analysed repository's Ruff
configuration and given every setting on the command line, so nothing is written into the tree
and the repository cannot turn it off by accident. Each of its findings is rated with bandit's
severity and CWE for the check (:data:`RATINGS`); an S rule the table does not know is rated
medium without a CWE, never dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from docgen.model import Finding, FindingSource, SecuritySeverity, Severity

SECURITY_RULES = "S"
"""The rules of the security pass: all of flake8-bandit."""

SUPERSEDED: tuple[str, ...] = ("S308", "S608", "S610", "S611", "S704")
"""S rules left out because docgen's own rules decide them with the data flow of the function:
SQL built from run-time values (DG404 for S608's SQL-looking strings and S610/S611's ``extra``
and ``RawSQL``) and markup of text that is not fixed (DG405 for ``mark_safe`` and ``Markup``).
Ruff's versions report every call, fixed text and parameterised queries included."""

UNSPECIFIC: tuple[str, ...] = ("S4", "S603", "S110", "S112")
"""S rules left out because they report every use of a module rather than a weakness: the
imports of ``pickle``, ``subprocess``, XML parsers... (S4xx; their dangerous calls have rules of
their own) and a subprocess started without a shell (S603); and ``try``-``except``-``pass`` /
``continue`` (S110, S112), which is error handling to review, not a weakness an attacker uses
(all six of a sample of 30 findings on real backends were best-effort cleanups or fail-safe
checks). A repository's own Ruff configuration still reports them."""

TEST_FILES: tuple[str, ...] = ("**/tests/**", "**/test/**", "**/test_*.py", "**/*_test.py", "**/conftest.py")
"""Globs of test code, where asserts, fixed passwords, temporary paths and weak randomness are the norm."""

TEST_IGNORES: tuple[str, ...] = ("S",)
"""S rules not reported in :data:`TEST_FILES`: none. Test code is not deployed; its asserts, fixed
passwords, MD5 of fixtures and parsers of test data are the norm, not weaknesses."""

IMMUTABLE_CALLS: tuple[str, ...] = tuple(
    f"{module}.{name}"
    for name in ("Depends", "Query", "Body", "Header", "Path", "Cookie", "Form", "File", "Security")
    for module in ("fastapi", "fastapi.params")
)
"""Calls that bugbear's B008 (call in a default argument) must accept: FastAPI's dependency markers."""

_H, _M, _L = SecuritySeverity.HIGH, SecuritySeverity.MEDIUM, SecuritySeverity.LOW

RATINGS: dict[str, tuple[SecuritySeverity, int]] = {
    "S101": (_L, 703),  # assert used
    "S102": (_M, 78),  # exec
    "S103": (_M, 732),  # permissive file mode
    "S104": (_M, 605),  # bind to all interfaces
    "S105": (_L, 259),  # hard-coded password string
    "S106": (_L, 259),  # hard-coded password argument
    "S107": (_L, 259),  # hard-coded password default
    "S108": (_M, 377),  # hard-coded temporary file
    "S110": (_L, 703),  # try/except/pass
    "S112": (_L, 703),  # try/except/continue
    "S113": (_M, 400),  # request without timeout
    "S201": (_H, 94),  # Flask debug=True
    "S202": (_H, 22),  # tarfile extractall of unchecked members
    "S301": (_M, 502),  # pickle
    "S302": (_M, 502),  # marshal
    "S303": (_M, 327),  # insecure hash
    "S304": (_H, 327),  # insecure cipher
    "S305": (_M, 327),  # insecure cipher mode
    "S306": (_M, 377),  # mktemp
    "S307": (_M, 78),  # eval
    "S308": (_M, 79),  # mark_safe
    "S310": (_M, 22),  # urlopen of a non-fixed scheme
    "S311": (_L, 330),  # non-cryptographic random
    "S312": (_H, 319),  # telnet
    **{f"S{n}": (_M, 20) for n in range(313, 321)},  # XML parsers open to entity attacks
    "S321": (_H, 319),  # FTP
    "S323": (_M, 295),  # unverified SSL context
    "S324": (_H, 327),  # insecure hash function
    "S401": (_L, 319),  # import telnetlib
    "S402": (_L, 319),  # import ftplib
    "S403": (_L, 502),  # import pickle
    "S404": (_L, 78),  # import subprocess
    **{f"S{n}": (_L, 20) for n in range(405, 413)},  # import of XML parsers, xmlrpc, httpoxy
    "S413": (_H, 327),  # import pycrypto
    "S415": (_H, 319),  # import pyghmi
    "S501": (_H, 295),  # request with verify=False
    "S502": (_H, 327),  # SSL with an insecure protocol version
    "S503": (_M, 327),  # SSL insecure default protocol version
    "S504": (_L, 327),  # SSL without a protocol version
    "S505": (_H, 326),  # weak cryptographic key
    "S506": (_M, 20),  # unsafe yaml.load
    "S507": (_H, 295),  # SSH without host key verification
    "S508": (_M, 319),  # SNMP v1/v2
    "S509": (_M, 319),  # SNMP without encryption
    "S601": (_M, 78),  # paramiko exec_command
    "S602": (_H, 78),  # subprocess with shell=True
    "S603": (_L, 78),  # subprocess without shell
    "S604": (_M, 78),  # a call with shell=True
    "S605": (_H, 78),  # a process started with a shell
    "S606": (_L, 78),  # a process started without a shell
    "S607": (_L, 78),  # a process started from a partial path
    "S608": (_M, 89),  # SQL built from strings
    "S609": (_H, 78),  # wildcard injection
    "S610": (_M, 89),  # Django extra()
    "S611": (_M, 89),  # Django RawSQL
    "S612": (_M, 94),  # logging.config.listen
    "S701": (_H, 94),  # Jinja2 autoescape off
    "S702": (_M, 79),  # Mako templates
    "S704": (_M, 79),  # Markup of a non-literal
}
"""S rule → (severity, CWE number), from bandit's own ratings of the checks Ruff reimplements."""


def security_flags() -> list[str]:
    """Ruff arguments (after ``check`` and the read-only flags) of the security pass."""
    ignores = json.dumps(list(TEST_IGNORES))  # a JSON list of strings is a TOML array
    per_file = ", ".join(f"{json.dumps(glob)} = {ignores}" for glob in TEST_FILES)
    return [
        "--isolated",
        "--select",
        SECURITY_RULES,
        "--ignore",
        ",".join((*SUPERSEDED, *UNSPECIFIC)),
        "--config",
        f"lint.per-file-ignores = {{{per_file}}}",
    ]


def default_settings() -> list[str]:
    """Ruff ``--config`` arguments for docgen's default rules: framework idioms are not findings."""
    return ["--config", f"lint.flake8-bugbear.extend-immutable-calls = {json.dumps(list(IMMUTABLE_CALLS))}"]


PUBLIC_WORDS: tuple[str, ...] = ('"token_type"',)
"""Names bandit's password rules (S105-S107) take for secrets but that hold a public word.

OAuth2's ``token_type`` is ``"bearer"`` by the standard, in every token response model.
"""


def is_idiom(finding: Finding, line: str = "") -> bool:
    """Whether a security pass finding is a framework idiom rather than a weakness (not reported).

    ``line`` is the source line the finding points at, when known: a password rule's string that
    is the name it is assigned to (``FORGOT_PASSWORD = "FORGOT_PASSWORD"``, an error code or enum
    member) names itself, and one that is an identifier (``"pretixapi.OAuthIDToken"``,
    ``"client_secret_basic"``) names something: neither is a secret. An ``assert``, a ``random``
    call or a weak hash on a line that is not about security (:func:`about_security`) is no weakness.
    """
    if finding.code in _ABOUT_SECURITY:
        words = set(words_of(line))
        if finding.code == "S324" and not words.isdisjoint(_NOT_SECRET_HASHES):
            return True  # cache_key = md5(url).hexdigest(): a name, not a guard
        return bool(line) and SECURITY_WORDS.isdisjoint(words)
    if finding.code not in {"S105", "S106", "S107"}:
        return False
    return finding.message.endswith(PUBLIC_WORDS) or _names_itself(finding, line) or _names_something(finding, line)


SECURITY_WORDS = frozenset(
    {"token", "tokens", "secret", "secrets", "password", "passwords", "passwd", "pwd", "passphrase", "key"}
    | {"salt", "nonce", "otp", "totp", "auth", "authenticate", "authenticated", "authentication", "authorize"}
    | {"authorized", "authorization", "perm", "perms", "permission", "permissions", "admin", "user", "username"}
    | {"session", "csrf", "cred", "creds", "credential", "credentials", "signature", "sign", "signed", "hmac"}
    | {"crypt", "encrypt", "decrypt", "cipher", "kdf"}
)
"""Words of a line where an ``assert``, the ``random`` module or a hash guards or makes something secret."""
_ABOUT_SECURITY = frozenset({"S101", "S311", "S324"})
"""Rules that are weaknesses only where the line is about security: an ``assert`` that ``python -O``
removes (S101), a non-cryptographic random number (S311), MD5 or SHA-1 (S324). Elsewhere they are
type narrowing, demo data, jitter, checksums and cache keys (7 of 7 assert and random findings, 2
of 2 weak-hash findings not about security, in random samples on real backends): not reported."""
_NOT_SECRET_HASHES = frozenset({"cache", "etag", "checksum", "fingerprint"})
"""Words of a line whose hash names or compares content (a cache key, an ETag), even beside ``key``."""
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def words_of(text: str) -> list[str]:
    """The words of identifiers and text, lower-cased: ``apiKey``, ``api_key`` and ``API-KEY`` give ``api``, ``key``."""
    return [w.lower() for w in _WORD.findall(text)]


def about_security(line: str) -> bool:
    """Whether a source line speaks of security (:data:`SECURITY_WORDS`; ``keyboard``, ``.keys()`` do not)."""
    return not SECURITY_WORDS.isdisjoint(words_of(line))


def _quoted_at(finding: Finding, line: str) -> str | None:
    """The string literal the finding's column points at, when it does."""
    start = finding.column - 1
    if start < 0 or start >= len(line) or line[start] not in "\"'":
        return None
    end = line.find(line[start], start + 1)
    return line[start + 1 : end] if end > start else None


_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z][A-Za-z0-9]*)+")


def _names_something(finding: Finding, line: str) -> bool:
    """Whether the string is a dotted or snake_case name (``app.Model``, ``client_secret_basic``), not a secret."""
    text = _quoted_at(finding, line)
    return text is not None and _IDENTIFIER.fullmatch(text) is not None and not any(c.isdigit() for c in text)


def _names_itself(finding: Finding, line: str) -> bool:
    name = finding.message.rpartition(": ")[2].strip('"')
    text = _quoted_at(finding, line)
    return bool(name) and text is not None and text.lower() == name.lower()


def rate(finding: Finding) -> Finding:
    """A security pass finding as a security finding: its severity, CWE and source.

    Ruff says when a shell command it found is a fixed string (``subprocess.call("npm ci",
    shell=True)``: "seems safe, but may be changed in the future"): that one is low.
    """
    security, cwe = RATINGS.get(finding.code, (_M, None))
    if finding.code in ("S602", "S604", "S605") and "seems safe" in finding.message:
        security = _L
    return replace(
        finding,
        source=FindingSource.SECURITY,
        severity=Severity.ERROR if security is _H else Severity.WARNING,
        security_severity=security,
        cwe=cwe,
    )


def is_security_rule(code: str) -> bool:
    """Whether ``code`` is one of the security pass's rules (the repository's own run may report them too)."""
    return code.startswith(SECURITY_RULES) and code[len(SECURITY_RULES) :].isdigit()


class IdiomLines:
    """The source lines :func:`is_idiom` reads under ``root``, each file read once (for the rules that read one)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, list[str]] = {}

    def at(self, finding: Finding) -> str:
        """The line ``finding`` points at; empty for other rules or when it cannot be read."""
        if finding.code not in {"S105", "S106", "S107", *_ABOUT_SECURITY}:
            return ""
        path = finding.location.path
        if path not in self._files:
            try:
                self._files[path] = (self.root / path).read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                self._files[path] = []
        lines = self._files[path]
        return lines[finding.location.line - 1] if 0 < finding.location.line <= len(lines) else ""
