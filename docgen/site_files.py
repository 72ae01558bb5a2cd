"""What the site stage guards: credential-looking file names (SR-11), token formats in site files (SR-18)."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from docgen.diagnostics import Code, Reporter
from docgen.model import Location, Stage
from docgen.scrub import has_token, mask_tokens

CREDENTIAL_PATTERNS = (
    ".env*",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "*.keystore",
    "*.jks",
    "*.kdbx",
    "*.secret",
    "*.kubeconfig",
    "*.tfstate",
    "*.tfstate.backup",
    "id_rsa*",
    "id_dsa*",
    "id_ecdsa*",
    "id_ed25519*",
    "ssh_host_*_key",
    "kubeconfig",
    "secrets.ini",
    "secrets.yml",
    "secrets.yaml",
    "secrets.json",
    "secrets.toml",
    "service-account*.json",
    "master.key",
    "shadow",
    "gshadow",
    "passwd",
    ".pgpass",
    ".netrc",
    ".git-credentials",
    "credentials.json",
    ".pypirc",
    ".npmrc",
    ".htpasswd",
    ".s3cfg",
    ".dockercfg",
)
"""File names never copied from a hand-written docs dir into the site (SR-11), compared in lower case."""

CREDENTIAL_PATHS = (".kube/config", ".docker/config.json", ".aws/credentials", ".aws/config", ".ssh/*", ".gnupg/*")
"""Paths (ending a docs-relative path) never copied, whatever the file is called."""

TEXT_SUFFIXES = frozenset(
    {".md", ".markdown", ".html", ".htm", ".txt", ".json", ".xml", ".js", ".mjs", ".css", ".svg", ".yml", ".yaml",
     ".csv", ".map", ".toml", ".ini", ".cfg", ".rst"}
)  # fmt: skip
"""Files scanned for secrets when copied and once the site is built (SR-18)."""
_MAX_SCANNED_BYTES = 32 * 1024 * 1024


def is_credential_file(rel: str) -> bool:
    """Whether a docs-relative path looks like a credential file (by name, or by where it sits)."""
    lowered = rel.lower()
    name = lowered.rpartition("/")[2]
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in CREDENTIAL_PATTERNS):
        return True
    return any(fnmatch.fnmatchcase(lowered, p) or fnmatch.fnmatchcase(lowered, f"*/{p}") for p in CREDENTIAL_PATHS)


def masked_copy(path: Path, shown: str, reporter: Reporter) -> bytes:
    """A docs file's bytes, with known token formats in text files masked (DG401 per line)."""
    data = path.read_bytes()
    if path.suffix.lower() not in TEXT_SUFFIXES or len(data) > _MAX_SCANNED_BYTES:
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    if not has_token(text):
        return data
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines, 1):
        masked = mask_tokens(line)
        if masked != line:
            lines[number - 1] = masked
            reporter.warn(
                Code.SECRET_REDACTED,
                "possible secret (a known token format) redacted",
                Stage.SITE,
                Location(shown, number),
            )
    return "".join(lines).encode("utf-8")


def scan_built_site(output: Path, reporter: Reporter, since: float = 0.0) -> int:
    """The publish gate (SR-18): mask known token formats left in any text file of the built site.

    Each file changed is a DG401 warning, so ``--strict`` refuses to publish it. ``since`` (a
    ``time.time()``) leaves out files last written before it: the preview scans what a rebuild wrote.

    Returns:
        The number of files changed.
    """
    changed = 0
    for folder, _dirs, filenames in os.walk(output):
        for name in sorted(filenames):
            path = Path(folder) / name
            if path.suffix.lower() not in TEXT_SUFFIXES or path.is_symlink():
                continue
            try:
                info = path.stat()
                if info.st_size > _MAX_SCANNED_BYTES or info.st_mtime < since:
                    continue
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            masked = mask_tokens(text)
            if masked != text:
                path.write_text(masked, encoding="utf-8")
                rel = path.relative_to(output).as_posix()
                reporter.warn(
                    Code.SECRET_REDACTED, f"built site file {rel} held a known token format; masked", Stage.SITE
                )
                changed += 1
    return changed
