"""A real OpenSSH sshd for the remote-SFTP tests: temporary config, host key, authorized keys, 127.0.0.1 free port.

It plays the partner's server. It runs as root here (internal-sftp, no PAM), the remote folders are absolute
paths under a temporary folder, and `drop_connections` kills its per-connection processes: a network cut as the
client sees it, mid-transfer.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SSHD = "/usr/sbin/sshd"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing_reason() -> str | None:
    """Why a real sshd cannot run here (None when it can)."""
    if not Path(SSHD).is_file():
        return f"{SSHD} not installed (apt-get install openssh-server)"
    if shutil.which("ssh-keygen") is None:
        return "ssh-keygen not installed (apt-get install openssh-client)"
    if os.geteuid() != 0:
        return "sshd with internal-sftp needs root here"
    return None


def keygen(path: Path, kind: str = "ed25519") -> str:
    """A new key pair at `path` (no passphrase); returns the public key line."""
    subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", "", "-f", str(path)], check=True)
    return Path(f"{path}.pub").read_text().strip()


def ssh_fingerprint(public_key: Path) -> str:
    """What `ssh-keygen -lf` prints as the fingerprint: the reference our own computation must equal."""
    out = subprocess.run(["ssh-keygen", "-lf", str(public_key)], check=True, capture_output=True, text=True).stdout
    return out.split()[1]


@dataclass
class Sshd:
    folder: Path
    port: int
    process: subprocess.Popen[bytes]
    host_key: Path
    client_key: Path

    @property
    def fingerprint(self) -> str:
        return ssh_fingerprint(Path(f"{self.host_key}.pub"))

    def client_key_text(self) -> str:
        return self.client_key.read_text()

    def drop_connections(self) -> int:
        """Kill every per-connection sshd process (the listener stays): open sessions die mid-transfer."""
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        pids = [int(pid) for pid in out.split()]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return len(pids)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


CONFIG = """\
Port {port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {folder}/sshd.pid
AuthorizedKeysFile {folder}/authorized_keys
UsePAM no
StrictModes no
PermitRootLogin yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
AllowTcpForwarding no
X11Forwarding no
MaxStartups 50
Subsystem sftp internal-sftp
LogLevel ERROR
"""


def _wait_ready(port: int, process: subprocess.Popen[bytes], log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sshd exited with {process.returncode}: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                if sock.recv(64).startswith(b"SSH-"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("sshd did not answer within 10 s")


def start_sshd(folder: Path) -> Sshd:
    """Start sshd -D -e on a free port with keys made here; returns once it answers with its SSH banner."""
    folder.mkdir(parents=True, exist_ok=True)
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege-separation folder
    host_key, client_key = folder / "host_ed25519", folder / "client_ed25519"
    keygen(host_key)
    (folder / "authorized_keys").write_text(keygen(client_key) + "\n")
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(CONFIG.format(port=port, host_key=host_key, folder=folder))
    log = folder / "sshd.log"
    with log.open("wb") as stderr:  # a file, not a pipe: nobody reads it while tests run, so it must not fill up
        process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=stderr)
    _wait_ready(port, process, log, time.monotonic() + 10)
    return Sshd(folder, port, process, host_key, client_key)
