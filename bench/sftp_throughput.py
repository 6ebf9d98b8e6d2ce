"""Our SFTP server beside OpenSSH's own sshd, both fed by OpenSSH's `sftp` client on this machine, same run.

    python bench/sftp_throughput.py                     # 500 small files, then one 100 MB file, best of 2
    python bench/sftp_throughput.py --files 200 --large-mb 20 --repeat 1

For each server it prints files/s for the small files (one session, `put dir/*`) and MB/s for the large file,
then the ratio ours/sshd: sshd with OpenSSH's default cipher (chacha20-poly1305, which paramiko lacks), and
again with the cipher our server negotiates (`sshd-gcm`, like for like). Target (issue 5): >= 0.5x sshd for
the large file. sshd runs as root on a free loopback port with a temporary config, host key and
authorized_keys (UsePAM no, internal-sftp); without root or /usr/sbin/sshd the sshd rows are skipped.

Each small upload is fsynced (file and folder) before the client hears OK, as intake's durability needs; sshd
does neither, which is most of the small-file gap on a disk with slow fsync.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from edigate.config import load_config
from edigate.partners import load_profiles
from edigate.transports.sftp_server import SftpServer, ensure_host_keys

SSHD = "/usr/sbin/sshd"
#: What OpenSSH's client and our server agree on (paramiko has no chacha20-poly1305, OpenSSH's first choice
#: with its own sshd): the `sshd-gcm` row runs sshd with it too, the like-for-like comparison.
SAME_CIPHER = "aes128-gcm@openssh.com"
SMALL = "ISA*00*          *00*          *ZZ*BENCHBUYER     *ZZ*EDIGATEDEMO    *240101*1200*U*00401*{:09d}*0*P*>~\n"
SSHD_CONFIG = """\
Port {port}
ListenAddress 127.0.0.1
HostKey {folder}/host_key
PidFile {folder}/sshd.pid
AuthorizedKeysFile {folder}/authorized_keys
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
Subsystem sftp internal-sftp
LogLevel ERROR
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def keygen(path: Path) -> str:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return Path(f"{path}.pub").read_text().strip()


def make_files(folder: Path, count: int, large_mb: int) -> tuple[Path, Path]:
    small = folder / "small"
    small.mkdir()
    for index in range(count):
        body = SMALL.format(index) + "GS*PO*BENCHBUYER*EDIGATEDEMO*20240101*1200*1*X*004010~\n" * 20
        (small / f"po_{index:05d}.edi").write_text(body)
    large = folder / "large.edi"
    with large.open("wb") as out:
        for _ in range(large_mb):
            out.write(os.urandom(1024 * 1024))
    return small, large


def sftp_put(port: int, user: str, key: Path, commands: str, cwd: Path, cipher: str | None = None) -> float:
    """Seconds for one `sftp -b -` session running `commands` (with `cipher` when given); raises when sftp fails."""
    args = ["sftp", "-q", "-b", "-", "-P", str(port), "-i", str(key), "-o", "StrictHostKeyChecking=no"]
    args += ["-o", f"Ciphers={cipher}"] if cipher else []
    args += ["-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes"]
    started = time.perf_counter()
    result = subprocess.run([*args, f"{user}@127.0.0.1"], input=commands, text=True, capture_output=True, cwd=cwd)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"sftp to port {port} failed: {result.stderr.strip()}")
    return elapsed


def start_ours(folder: Path, public_key: str) -> tuple[SftpServer, Path]:
    home = folder / "home"
    (home / "partners").mkdir(parents=True)
    (home / "edigate.toml").write_text('[sftp]\nenabled = true\nlisten = "127.0.0.1:0"\n')
    (home / "partners" / "bench.toml").write_text(f'[sftp]\nauthorized_keys = ["{public_key}"]\n')
    config = load_config(home, environ={})
    ensure_host_keys(config)
    server = SftpServer(config, lambda: load_profiles(config.partners_dir)).start()
    return server, config.inbox("bench")


def start_sshd(folder: Path, public_key: str) -> tuple[subprocess.Popen[bytes] | None, int, str]:
    if not Path(SSHD).is_file() or os.geteuid() != 0:
        return None, 0, f"skipped: needs {SSHD} and root"
    folder.mkdir()
    keygen(folder / "host_key")
    (folder / "authorized_keys").write_text(public_key + "\n")
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    port = free_port()
    (folder / "sshd_config").write_text(SSHD_CONFIG.format(port=port, folder=folder))
    process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(folder / "sshd_config")], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                if sock.recv(16).startswith(b"SSH-"):
                    return process, port, ""
        except OSError:
            time.sleep(0.05)
    process.kill()
    return None, 0, "skipped: sshd did not start"


def measure(put: Callable[[str], float], target: str, clear: Callable[[], None], args: argparse.Namespace) -> dict:
    """Best-of-N seconds for the small batch and for the large file."""
    small_times, large_times = [], []
    for _ in range(args.repeat):
        clear()
        small_times.append(put(f"put small/* {target}/\n"))
        clear()
        large_times.append(put(f"put large.edi {target}/large.edi\n"))
    return {"small": min(small_times), "large": min(large_times)}


def _clear(folder: Path) -> Callable[[], None]:
    def clear() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)

    return clear


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--large-mb", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="edigate-sftp-bench-") as temp:
        folder = Path(temp)
        key = folder / "client_key"
        public = keygen(key)
        make_files(folder, args.files, args.large_mb)
        server, inbox = start_ours(folder, public)
        results = {}
        try:
            put = lambda commands: sftp_put(server.port, "bench", key, commands, folder)  # noqa: E731
            results["edigate"] = measure(put, "/inbox", _clear(inbox), args)
            assert len(list(inbox.iterdir())) == 1 and (inbox / "large.edi").stat().st_size == args.large_mb << 20
        finally:
            server.stop()
        process, port, reason = start_sshd(folder / "sshd", public)
        if process is not None:
            try:
                user, target = os.environ.get("USER", "root"), folder / "sshd_in"
                put = lambda commands: sftp_put(port, user, key, commands, folder)  # noqa: E731
                results["sshd"] = measure(put, str(target), _clear(target), args)
                put = lambda commands: sftp_put(port, user, key, commands, folder, SAME_CIPHER)  # noqa: E731
                results["sshd-gcm"] = measure(put, str(target), _clear(target), args)
            finally:
                process.terminate()
                process.wait()
        report(results, args, reason)
    return 0


def report(results: dict, args: argparse.Namespace, reason: str) -> None:
    what = f"({args.files} files, {args.large_mb} MB, best of {args.repeat})"
    print(f"{'server':<10} {'small files/s':>14} {'large MB/s':>11}   {what}")
    for name, times in results.items():
        print(f"{name:<10} {args.files / times['small']:>14.1f} {args.large_mb / times['large']:>11.1f}")
    if "sshd" not in results:
        print(f"sshd       {reason}")
        return
    ours, theirs = results["edigate"], results["sshd"]
    small_ratio, large_ratio = theirs["small"] / ours["small"], theirs["large"] / ours["large"]
    verdict = "met" if large_ratio >= 0.5 else "NOT met"
    print(f"ratio ours/sshd: small files {small_ratio:.2f}x, large file {large_ratio:.2f}x (target >= 0.5x: {verdict})")
    same = results["sshd-gcm"]
    print(f"ratio ours/sshd-gcm (same cipher): small files {same['small'] / ours['small']:.2f}x, "
          f"large file {same['large'] / ours['large']:.2f}x")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
