"""output/ written by bringing a spare copy of the site up to date and swapping the two, so
that an edit writes the files it changed instead of linking every file into a new folder and
deleting the old one (at N = 2,000, 12,000 links and as many removals on every build).

The spare is the site as the build before the last one wrote it: after each swap, the folder
that was output/ becomes the spare. It lives in the build cache (cache/spare/<output's hash>/,
never beside output/), and beside it a manifest says, for each of the two folders (known by
device and inode, which a swap carries with them), each file's SHA-256 and its size, times and
inode as they were written. A spare is used only when the manifest knows it; the manifest
forgets it before a file in it changes, so a build killed part way leaves a spare nobody
trusts, and the next build writes the usual way. Every file of the spare is looked at before
it is used: one not written by us, or changed since (its size, modification time or inode
differ), is written again; one the site no longer has is removed. The swap is the same
one atomic exchange as the usual write's, so output/ is always one whole site, never a mix."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

from ..core.hashing import sha256

SPARE = "spare"     # the folder of the build cache that holds the spares (cache/entries.py skips it)


def spare_dir(cache_root: Path, output: Path) -> Path:
    """Where the spare copy of `output` lives in the build cache at `cache_root`."""
    return Path(cache_root) / SPARE / hashlib.sha256(os.fsencode(Path(output).absolute())).hexdigest()[:24]


def _manifest_path(spare: Path, folder: Path) -> Path:
    """The manifest of `folder` (output/ or the spare), named by its device and inode."""
    st = os.stat(folder)
    return spare.parent / f"{spare.name}.{st.st_dev}-{st.st_ino}.manifest"


def _signature(st: os.stat_result) -> list[int]:
    # Not the change time: hard-linking a file into the next folder (the usual write) changes
    # it, and would make every file of a spare look changed by hand.
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _load(path: Path) -> dict[str, list] | None:
    try:
        data = json.loads(path.read_bytes())
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def _save(spare: Path, folder: Path, manifest: dict[str, list]) -> None:
    """Write `folder`'s manifest, and let go of the manifests of folders that are neither it
    nor the spare (the previous sites')."""
    path = _manifest_path(spare, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(json.dumps(manifest).encode("utf-8"))
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise
    keep = {path.name}
    if spare.is_dir() and not spare.is_symlink():
        keep.add(_manifest_path(spare, spare).name)
    for other in spare.parent.glob(f"{spare.name}.*.manifest"):
        if other.name not in keep:
            other.unlink(missing_ok=True)


def walk(root: Path) -> tuple[dict[str, os.stat_result], set[str]] | None:
    """(every file under root with its stat, every folder), or None when it holds anything
    else (a symbolic link, a device)."""
    files: dict[str, os.stat_result] = {}
    folders: set[str] = set()
    todo = [""]
    while todo:
        rel = todo.pop()
        with os.scandir(os.path.join(root, rel) if rel else root) as entries:
            for entry in entries:
                name = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_symlink():
                    return None
                if entry.is_dir(follow_symlinks=False):
                    folders.add(name)
                    todo.append(name)
                elif entry.is_file(follow_symlinks=False):
                    files[name] = entry.stat(follow_symlinks=False)
                else:
                    return None
    return files, folders


def manifest_of(root: Path, files: dict[str, bytes]) -> dict[str, list] | None:
    """The manifest of a folder just written with exactly `files` (None if it holds others)."""
    walked = walk(root)
    if walked is None or set(walked[0]) != set(files):
        return None
    return {name: [sha256(files[name]).hex(), *_signature(st)] for name, st in walked[0].items()}


def _update(spare: Path, files: dict[str, bytes], known: dict[str, list], file_mode: int, dir_mode: int,
            safe_relative, opener) -> dict[str, list] | None:
    """Bring the spare to exactly `files`, writing only what differs; its new manifest."""
    walked = walk(spare)
    if walked is None:
        return None
    present, folders = walked
    root = os.fspath(spare)
    made: dict[str, list] = {}
    for name, st in present.items():
        entry, want = known.get(name), files.get(name)
        if (want is not None and entry is not None and entry[1:] == _signature(st)
                and stat.S_IMODE(st.st_mode) == file_mode and entry[0] == sha256(want).hex()):
            made[name] = entry
        elif want is None:
            os.unlink(os.path.join(root, name))
    needed = {""}
    for name in files:
        folder = name.rpartition("/")[0]
        while folder not in needed:
            needed.add(folder)
            folder = folder.rpartition("/")[0]
    for folder in sorted(folders - needed, key=lambda f: -f.count("/")):
        shutil.rmtree(os.path.join(root, folder))           # empty by now, unless a file hid in it
    for folder in sorted(needed - folders - {""}, key=lambda f: f.count("/")):
        path = os.path.join(root, folder)
        if os.path.lexists(path):           # a file of the old site where a folder now goes
            os.unlink(path)
        os.mkdir(path)
        os.chmod(path, dir_mode)
    for name in sorted(files):
        if name in made:
            continue
        safe_relative(name)
        dest = os.path.join(root, name)
        if name in folders and os.path.isdir(dest):     # a folder of the old site where a file now goes
            shutil.rmtree(dest)
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(dest), prefix=".tmp-")
        os.close(fd)
        try:
            with opener(temp, "wb") as fh:
                os.fchmod(fh.fileno(), file_mode)
                fh.write(files[name])
            os.replace(temp, dest)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise
        made[name] = [sha256(files[name]).hex(), *_signature(os.stat(dest))]
    return made


def write_by_spare(output: Path, files: dict[str, bytes], spare: Path, exchange, file_mode: int,
                   dir_mode: int, safe_relative, opener) -> bool:
    """Write the site by updating the spare and swapping it with output/; False (nothing in
    output/ changed) when there is no spare this build can trust, and the caller writes the
    usual way (then keep_as_spare() keeps the old output/ as the next spare)."""
    if output.is_symlink() or not output.is_dir() or not spare.is_dir() or spare.is_symlink():
        return False
    if os.stat(output).st_dev != os.stat(spare).st_dev:
        return False            # no swap between file systems
    path = _manifest_path(spare, spare)
    known = _load(path)
    if known is None:
        return False
    path.unlink()               # the spare is untrusted until it is whole again
    made = _update(spare, files, known, file_mode, dir_mode, safe_relative, opener)
    if made is None or not exchange(spare, output):
        return False
    _save(spare, output, made)
    return True


def keep_as_spare(old: Path, output: Path, files: dict[str, bytes], spare: Path) -> bool:
    """After the usual write: the folder holding the previous site (`old`) becomes the spare,
    in place of one that could not be trusted. False when it cannot (then the caller removes it)."""
    try:
        if spare.exists() or spare.is_symlink():
            aside = spare.parent / f".tmp-{spare.name}-{os.getpid()}"
            spare.rename(aside)
            shutil.rmtree(aside, ignore_errors=True)
        spare.parent.mkdir(parents=True, exist_ok=True)
        old.rename(spare)
        remember_first(output, files, spare)
        return True
    except OSError:
        return False


def remember_first(output: Path, files: dict[str, bytes], spare: Path) -> None:
    """The manifest of output/ as just written, for when it is the spare."""
    try:
        made = manifest_of(output, files)
        if made:
            _save(spare, output, made)
    except OSError:
        pass
