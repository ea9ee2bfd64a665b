"""A folder the site cannot write to, made for real: no file can be created or removed in it.

Not root: its write bits are taken away. As root, which chmod does not stop, it is made immutable
(`chattr +i`, as an operator's mistake or a read-only mount would leave it); where that is not allowed
either (no CAP_LINUX_IMMUTABLE, a filesystem without the flag) the test is skipped, saying so.
"""

import contextlib
import os
import shutil
import stat
import subprocess
import uuid

import pytest


@contextlib.contextmanager
def unwritable(folder):
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        undo = lambda: folder.chmod(mode)  # noqa: E731
    elif _chattr("+i", folder):
        undo = lambda: _chattr("-i", folder)  # noqa: E731
    else:
        pytest.skip("running as root, and `chattr +i` is not allowed here: no real way to make a folder unwritable")
    try:
        probe = folder / f"probe-{uuid.uuid4().hex}"
        try:
            probe.touch()
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip(f"{folder} could still be written to after taking its write permission away")
        yield folder
    finally:
        undo()


def _chattr(flag, path):
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    return subprocess.run([chattr, flag, str(path)], capture_output=True).returncode == 0
