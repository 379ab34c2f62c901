"""A throwaway PostgreSQL cluster for tests and benchmarks: ``initdb`` and ``pg_ctl`` from this
machine's PostgreSQL binaries, on a temporary directory, listening on a unix socket in it only
(no TCP port), removed afterwards.

Why not pytest-postgresql: it runs ``pg_ctl`` as the current user, and ``initdb`` refuses to
run as root, which is what CI runs as. Here, as root, the cluster's programs run as the
unprivileged ``nobody`` (``setpriv``), and the rest is the same few commands.

``find_binaries()`` says where the binaries are, or why there are none (the reason a test
skips with).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def find_binaries() -> tuple[Path | None, str]:
    """The directory holding ``initdb`` and ``pg_ctl`` and ``""``, or ``None`` and why not."""
    candidates = [os.environ.get("CAMPFIRE_PG_BIN", "")]
    found = shutil.which("initdb")
    candidates.append(str(Path(found).parent) if found else "")
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    candidates += [*glob.glob("/usr/local/pgsql/bin"), "/usr/local/bin", "/opt/homebrew/bin"]
    for directory in filter(None, candidates):
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory), ""
    return None, "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql"


def _as_cluster_user() -> tuple[list[str], int | None]:
    """The command prefix that runs the cluster's programs, and the uid that owns its files."""
    if os.geteuid() != 0:
        return [], None
    nobody = pwd.getpwnam("nobody")
    setpriv = shutil.which("setpriv")
    if setpriv:
        prefix = [setpriv, f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]
    else:
        prefix = ["runuser", "-u", "nobody", "--"]
    return prefix, nobody.pw_uid


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a cluster and yield its URL (``postgresql://postgres@/postgres?host=<socket dir>``);
    stop and remove it afterwards. Raises ``RuntimeError`` when it cannot be started."""
    binaries, why = find_binaries()
    if binaries is None:
        raise RuntimeError(why)
    prefix, uid = _as_cluster_user()
    # As root the server runs as nobody, who must reach its directory: /tmp, not a TMPDIR
    # that may be private to root.
    base = "/tmp" if uid is not None and Path("/tmp").is_dir() else None
    root = Path(tempfile.mkdtemp(prefix="cfp-pg-", dir=base))
    data, socket_dir = root / "data", root / "run"
    socket_dir.mkdir()
    if uid is not None:
        for path in (root, socket_dir):
            os.chown(path, uid, -1)
    env = {**os.environ, "LC_ALL": "C", "TZ": "UTC"}

    def run(*args: str) -> None:
        result = subprocess.run(
            [*prefix, *args],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stderr.strip() or result.stdout}")

    try:
        run(
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        options = f"-c listen_addresses='' -c unix_socket_directories={socket_dir} -c fsync=off -c max_connections=50"
        run(
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        try:
            yield f"postgresql://postgres@/postgres?host={socket_dir}"
        finally:
            run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
