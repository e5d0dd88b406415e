"""`actionplans install-editor`: the web editor's files (Decap CMS, the pinned release) from the
npm registry into .tools/cms beside content/, when site.yaml switches /admin/ on. Netlify, the
pull-request check and CI run it before building; it does nothing for a site without admin:."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from ..publish import admin


class EditorInstallError(Exception):
    pass


def install_editor(content: Path) -> str:
    try:
        site = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise EditorInstallError(f"{content / 'site.yaml'} could not be read: {exc}") from None
    if not isinstance(site, dict) or not site.get("admin"):
        return "site.yaml does not switch on the web editor (admin:): nothing to install"
    try:
        admin.bundle(content)
        return f"the web editor ({admin.PACKAGE} {admin.VERSION}) is installed"
    except admin.AdminError:
        pass
    npm = shutil.which("npm")
    if npm is None:
        raise EditorInstallError("npm is not installed: install Node.js (which brings npm), then run this again")
    root = content.absolute().parent
    done = subprocess.run([npm, *admin.NPM_ARGS], cwd=root)
    if done.returncode != 0:
        raise EditorInstallError(f"npm could not install {admin.PACKAGE} {admin.VERSION} (exit {done.returncode})")
    try:
        admin.bundle(content)
    except admin.AdminError as exc:
        raise EditorInstallError(str(exc)) from None
    return f"installed the web editor ({admin.PACKAGE} {admin.VERSION}) into {root / '.tools' / 'cms'}"
