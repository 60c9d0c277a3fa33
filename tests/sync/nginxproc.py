"""A real nginx (the Debian package) on 127.0.0.1 in front of hub processes, configured by the
repo's own ``deploy/nginx/caravan-hub.conf``: only the addresses and the certificate are put in
for the test (the upstream list, the listening port, the certificate paths); every timeout,
retry and buffering rule is the file's."""

from __future__ import annotations

import os
import re
import shutil
import signal
import ssl
import subprocess
import time
from pathlib import Path

import httpx

from .hubproc import free_port

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "caravan-hub.conf"


def nginx_binary() -> str | None:
    """The nginx binary, or None where the package is not installed (dev.sh setup installs it)."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def render_site(upstreams: list[int], port: int, cert: Path, key: Path, text: str | None = None) -> str:
    """The deploy file with the test's hub ports, listening port and certificate."""
    text = SITE.read_text(encoding="utf-8") if text is None else text
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in upstreams)
    text, n = re.subn(r"(?m)^    server 127\.0\.0\.1:\d+[^\n]*\n", "", text)
    assert n, "deploy/nginx/caravan-hub.conf: no upstream server lines"
    text = text.replace("    least_conn;\n", "    least_conn;\n" + servers, 1)
    text = re.sub(r"(?m)^    listen \[::\]:443[^\n]*\n", "", text)
    text = re.sub(r"(?m)^    listen 443 ssl http2;", f"    listen 127.0.0.1:{port} ssl http2;", text)
    text = re.sub(r"(?m)^    ssl_certificate .*;", f"    ssl_certificate {cert};", text)
    text = re.sub(r"(?m)^    ssl_certificate_key .*;", f"    ssl_certificate_key {key};", text)
    return text


class Nginx:
    """``nginx -p DIR -c DIR/nginx.conf`` in the foreground, logs and temp files in ``DIR``."""

    def __init__(self, work: Path, upstreams: list[int], cert: Path, key: Path, workers: int = 1) -> None:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed (dev.sh setup installs it)")
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        (work / "caravan-hub.conf").write_text(render_site(upstreams, self.port, cert, key), encoding="utf-8")
        # As root nginx's workers would switch to "nobody", who cannot enter pytest's temp folders.
        user = "user root root;\n" if os.geteuid() == 0 else ""
        (work / "nginx.conf").write_text(
            f"{user}worker_processes {workers};\npid {work}/nginx.pid;\nerror_log {work}/error.log info;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            f"    access_log {work}/access.log;\n"
            f"    client_body_temp_path {work}/body;\n    proxy_temp_path {work}/proxy;\n"
            f"    fastcgi_temp_path {work}/fcgi;\n    uwsgi_temp_path {work}/uwsgi;\n"
            f"    scgi_temp_path {work}/scgi;\n"
            f"    include {work}/caravan-hub.conf;\n"
            "}\n",
            encoding="utf-8",
        )
        cmd = [binary, "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")]
        check = subprocess.run([*cmd, "-t"], capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise RuntimeError("nginx -t: " + check.stderr)
        self.proc = subprocess.Popen([*cmd, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait(cert)

    def _wait(self, cert: Path) -> None:
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("nginx exited: " + self.error_log())
            try:
                ctx = ssl.create_default_context(cafile=str(cert))
                if httpx.get(self.url + "/healthz", verify=ctx, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not answer /healthz: " + self.error_log())

    def error_log(self) -> str:
        p = self.work / "error.log"
        return p.read_text(errors="replace") if p.exists() else ""

    def access_log(self) -> str:
        p = self.work / "access.log"
        return p.read_text(errors="replace") if p.exists() else ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
