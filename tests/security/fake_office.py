"""A fake LibreOffice for the red-team tests, and ways to watch the processes it leaves.

The fake is a Python script that ``CLAUSEGEN_SOFFICE`` points to. It records its process id
(and that of the child it may start) in a state folder, then misbehaves as told: hangs,
starts a child that hangs, exits without output, writes garbage, a truncated PDF or a link
to a system file, fails, or ignores SIGTERM.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

#: The smallest content the conversion accepts as a whole PDF.
VALID_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

_SCRIPT = """#!{python}
import os, signal, subprocess, sys, time
from pathlib import Path

mode = {mode!r}
state = Path({state!r})
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
sources = [Path(arg) for arg in args if arg.endswith(".docx")]
(state / "soffice.pid").write_text(str(os.getpid()))


def child():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    (state / "child.pid").write_text(str(process.pid))


def pdfs(content, count=None):
    for source in sources[:count]:
        (out / (source.stem + ".pdf")).write_bytes(content)


if mode == "hang":
    time.sleep(300)
elif mode == "temp-files":
    # LibreOffice keeps a copy of the document in lu<pid>….tmp in its temporary folder.
    temporary = Path(os.environ["TMPDIR"])
    (state / "tmpdir").write_text(str(temporary))
    copy = temporary / f"lu{{os.getpid()}}abc.tmp"
    copy.mkdir()
    (copy / "lu1.tmp").write_text("<w:document>copy</w:document>")
    time.sleep(300)
elif mode == "hang-with-child":
    child()
    time.sleep(300)
elif mode == "ignore-term":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    child()
    time.sleep(300)
elif mode == "child-left-behind":
    pdfs({valid!r})
    child()
elif mode == "one-then-stall":
    pdfs({valid!r}, count=1)
    time.sleep(300)
elif mode == "garbage":
    pdfs(b"garbage " * 1000)
elif mode == "truncated":
    pdfs(b"%PDF-1.7\\n1 0 obj << /Type /Catalog")
elif mode == "link":
    for source in sources:
        (out / (source.stem + ".pdf")).symlink_to("/etc/passwd")
elif mode == "fails":
    print("Error: source file could not be loaded", file=sys.stderr)
    sys.exit(1)
elif mode == "valid":
    pdfs({valid!r})
(state / "done").write_text("")
"""


def fake_soffice(folder: Path, mode: str) -> Path:
    """Write a fake ``soffice`` behaving as ``mode`` in ``folder``; its state goes beside."""
    folder.mkdir(parents=True, exist_ok=True)
    state = folder / "state"
    state.mkdir(exist_ok=True)
    script = folder / "soffice"
    script.write_text(
        _SCRIPT.format(python=sys.executable, mode=mode, state=str(state), valid=VALID_PDF),
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def recorded_pids(script: Path) -> list[int]:
    """The process ids the fake recorded (itself, and its child when it started one)."""
    state = script.parent / "state"
    return [
        int((state / name).read_text())
        for name in ("soffice.pid", "child.pid")
        if (state / name).is_file() and (state / name).read_text()
    ]


def wait_for(path: Path, seconds: float = 30.0) -> None:
    """Wait until ``path`` exists (the fake has started), failing after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def running(pid: int) -> bool:
    """Whether a process runs (a zombie, ended but not reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        content = stat.read_bytes()
        return content[content.rfind(b")") + 2 :][:1] != b"Z"
    return True


def none_running(pids: list[int], seconds: float = 10.0) -> bool:
    """Whether all ``pids`` have ended, waiting up to ``seconds`` for a kill to land."""
    deadline = time.monotonic() + seconds
    while any(running(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


def end_all(scripts: list[Path]) -> None:
    """Kill what the fakes left running, so that a failing test leaves nothing behind."""
    for script in scripts:
        for pid in recorded_pids(script):
            if running(pid):
                os.kill(pid, 9)
