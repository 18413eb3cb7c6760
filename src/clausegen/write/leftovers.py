"""What a killed PDF conversion leaves, recognised and removed by the next one.

A conversion works in ``clausegen-pdf-<pid>-<random>`` in the temporary folder, with copies
of the documents and LibreOffice's profile, and removes it however it ends — except after a
``kill -9`` (or a power cut), which may also leave LibreOffice running. The process id in
the name tells the next run (a conversion, or the writing of documents) whether the
folder's run is still going; when its process is gone, the folder is removed, after ending
the LibreOffice that still uses it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from clausegen.i18n import _
from clausegen.interruptions import PID_MAX, process_alive

_LOG = logging.getLogger(__name__)

#: How the work folders of conversions begin, in the temporary folder; ``<pid>-<random>``
#: follows.
WORK_FOLDER_PREFIX = "clausegen-pdf-"
_WORK_FOLDER = re.compile(r"clausegen-pdf-(?P<pid>\d{1,10})-[a-z0-9_]{1,16}")
#: Seconds between two tries, or two looks at a process.
POLL_SECONDS = 0.05


def remove_folder(folder: Path) -> None:
    """Remove a work folder and everything in it, whatever it holds; errors are ignored."""
    shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():  # a process was still writing into it: once more
        time.sleep(POLL_SECONDS)
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_work_folders() -> None:
    """Remove the work folders of conversions whose clausegen process is gone.

    A ``kill -9`` leaves ``clausegen-pdf-<pid>-…`` in the temporary folder, with copies of
    the documents and maybe a LibreOffice still running: this user's folders whose process
    is gone are removed, after ending the LibreOffice processes that use them (Linux), and
    each removal is logged as a warning.
    """
    temp = Path(tempfile.gettempdir())
    try:
        entries = list(os.scandir(temp))
    except OSError:
        return
    for entry in entries:
        match = _WORK_FOLDER.fullmatch(entry.name)
        if match is None or not entry.is_dir(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError):
            if hasattr(os, "getuid") and entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        pid = int(match["pid"])
        if not 0 < pid <= PID_MAX or process_alive(pid):
            continue  # an impossible process id: not a folder of clausegen's
        folder = Path(entry.path)
        _end_processes_using(folder)
        remove_folder(folder)
        _LOG.warning(
            "%s",
            _(
                "{folder}: removed, a PDF conversion folder left by clausegen process {pid}, "
                "which was interrupted"
            ).format(folder=folder, pid=pid),
        )


def _end_processes_using(folder: Path) -> None:
    """End the LibreOffice that used ``folder``: its whole process group (Linux's /proc).

    A process is recognised by the profile it was started with, which names the work
    folder (unique to one run), and by its owner; its process group is the one clausegen
    made for that LibreOffice, so the processes it started (``soffice.bin``) end with it.
    """
    proc = Path("/proc")
    if not sys.platform.startswith("linux") or not proc.is_dir():
        return
    marker = b"-env:UserInstallation=" + os.fsencode((folder / "profile").as_uri())
    uid = os.getuid()
    for entry in os.scandir(proc):
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if entry.stat().st_uid != uid:
                continue
            if marker not in (proc / entry.name / "cmdline").read_bytes():
                continue
            group = os.getpgid(int(entry.name))
            if group != os.getpgrp():
                os.killpg(group, signal.SIGKILL)
