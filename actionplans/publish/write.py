"""Stage 8: write output/ atomically. Everything is written into a temporary folder beside
output/ and swapped in only when complete, so a failed or killed build leaves the previous
output/ exactly as it was.

A file whose bytes are the same as the previous output/'s is not written again but hard-linked
to it: after a one-review edit most of the site is unchanged, and writing it (then deleting the
old copy) was most of the write's time. The previous output/ is only read, never changed, so
the swap stays atomic; a file edited in place by hand no longer matches and is written anew."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import stat
from pathlib import Path, PurePosixPath

from .spare import keep_as_spare, remember_first, write_by_spare

TEMP_PREFIX = ".actionplans-"


class UnsafePath(Exception):
    pass


def safe_relative(name: str) -> PurePosixPath:
    """Refuse any output path that could land outside output/."""
    if not name or "\\" in name or "\x00" in name:
        raise UnsafePath(f"refusing to write {name!r}: not a plain relative path")
    path = PurePosixPath(name)
    if name.startswith("/") or any(part in ("", ".", "..") for part in name.split("/")):
        raise UnsafePath(f"refusing to write {name!r}: it would land outside output/")
    return path


def refuse_output(output: Path, keep: list[Path]) -> str | None:
    """Why `output` must not be replaced, or None. Writing swaps the whole folder, so an output
    folder that is (or holds) the content, the themes, the working folder or the home folder
    would delete them: `--output .` or `--output content` must be refused, not obeyed."""
    target = Path(output).absolute().resolve()
    try:
        home = [Path.home()]
    except RuntimeError:            # no home folder known (a bare CI container)
        home = []
    for path in [Path.cwd(), *home, *keep]:
        path = Path(path).absolute().resolve()
        if target == path or target in path.parents:
            return f"refusing to write the site into {output}: that would delete {path}"
    for path in keep:               # inside the content or the themes: it would replace part of them
        path = Path(path).absolute().resolve()
        if path in target.parents:
            return f"refusing to write the site into {output}: it is inside {path}"
    if target == Path(target.anchor):
        return f"refusing to write the site into {output}: it is the root of the file system"
    return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE)."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def clean_stale(output: Path) -> None:
    """Remove temporary folders left by a build that was killed (never one whose builder still
    runs), and restore output/ if a killed swap left it only under its old name. Called with
    the output lock held."""
    parent = output.parent
    if not parent.is_dir():
        return
    old = parent / f"{TEMP_PREFIX}{output.name}.old"
    if old.is_dir() and not output.exists():
        old.rename(output)
    for entry in sorted(parent.iterdir()):
        if entry.name.startswith(f"{TEMP_PREFIX}{output.name}.") and entry.is_dir() and not entry.is_symlink() \
                and not _builder_alive(entry.name.rsplit(".", 1)[-1]):
            shutil.rmtree(entry, ignore_errors=True)


def _builder_alive(suffix: str) -> bool:
    """Whether the temporary folder ending in `suffix` (its builder's process id) may still be
    being written: builds hold the output lock while writing (lock.py), so this only guards
    against a builder that does not — an older version of the generator."""
    if not suffix.isdigit() or int(suffix) == os.getpid():
        return False
    try:
        os.kill(int(suffix), 0)
    except ProcessLookupError:
        return False
    except OSError:         # it exists, owned by someone else
        return True
    return True


FILE_MODE, DIR_MODE = 0o644, 0o755     # published: readable by the web server whatever the umask


def _same_file(previous: str, data: bytes) -> bool:
    """Whether `previous` is a plain published file holding exactly `data` (and may be linked)."""
    try:
        st = os.lstat(previous)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data) or stat.S_IMODE(st.st_mode) != FILE_MODE:
            return False
        with open(previous, "rb") as fh:
            return fh.read(len(data) + 1) == data
    except OSError:
        return False


def write_tree(target: Path, files: dict[str, bytes], previous: Path | None = None) -> int:
    """Write `files` under `target` (a new, empty folder); those whose bytes `previous` (the
    output/ being replaced) already holds at the same path are hard links to its files. Returns
    how many were linked. Paths are plain strings here: pathlib cost more than the writing."""
    root = os.fspath(Path(target).resolve())
    old_root = os.fspath(previous) if previous is not None else None
    linked = 0
    os.chmod(root, DIR_MODE)
    made = {""}                 # folders made under root (it is new: nothing else is in it)
    plain = {"": True}          # folders of previous reached without a symbolic link on the way

    def make(folder: str) -> None:
        if folder not in made:
            make(folder.rpartition("/")[0])
            path = os.path.join(root, folder)
            os.mkdir(path)      # an existing name (a file "a" and a folder "a/") fails here
            os.chmod(path, DIR_MODE)
            made.add(folder)

    def within(folder: str) -> bool:
        if folder not in plain:
            path = os.path.join(old_root, folder)
            plain[folder] = within(folder.rpartition("/")[0]) and os.path.isdir(path) and not os.path.islink(path)
        return plain[folder]

    for name in sorted(files):
        safe_relative(name)
        folder = name.rpartition("/")[0]
        make(folder)
        dest = os.path.join(root, name)
        # only a file of output/ itself, not one reached through a symbolic link inside it
        if old_root is not None and within(folder) and _same_file(os.path.join(old_root, name), files[name]):
            try:
                os.link(os.path.join(old_root, name), dest)
                linked += 1
                continue
            except OSError:
                pass        # no hard links here (or no room for one): the file is written instead
        with open(dest, "wb") as fh:
            os.fchmod(fh.fileno(), FILE_MODE)
            fh.write(files[name])
    return linked


def write_output(output: Path, files: dict[str, bytes], spare: Path | None = None) -> None:
    """Replace output/ with exactly these files, atomically. `spare`: where a spare copy of the
    site is kept (publish/spare.py: only the files an edit changed are written)."""
    output = Path(output).absolute()
    if output.is_symlink():
        raise UnsafePath(f"{output} is a symbolic link: refusing to write through it")
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(output)
    if spare is not None and write_by_spare(output, files, spare, _exchange, FILE_MODE, DIR_MODE, safe_relative,
                                            lambda *a: open(*a)):
        return
    temp = output.parent / f"{TEMP_PREFIX}{output.name}.{os.getpid()}"
    try:
        temp.mkdir()
        previous = output.resolve() if output.is_dir() else None
        write_tree(temp, files, previous)
        if not output.exists():
            temp.rename(output)
            if spare is not None:
                remember_first(output, files, spare)
            return
        # Once the new site is in place, leftovers are only tidied: the next build removes any
        # that remain, so a failure here must not report the finished site as failed.
        if _exchange(temp, output):
            if spare is None or not keep_as_spare(temp, output, files, spare):
                shutil.rmtree(temp, ignore_errors=True)
            return
        old = output.parent / f"{TEMP_PREFIX}{output.name}.old"
        output.rename(old)               # a kill between these two renames is undone by clean_stale
        try:
            temp.rename(output)
        except OSError:
            old.rename(output)           # a failure between them is undone here, at once
            raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
