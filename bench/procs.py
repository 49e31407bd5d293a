"""Bot processes under test: started with the fake's base url, measured via /proc, stopped."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers.bot_harness import TEST_TOKEN
from tests.helpers.soak_driver import rss_mb

ROOT = Path(__file__).resolve().parent.parent
CODE = Path(os.environ.get("BENCH_CODE_ROOT", ROOT))  # experiments: run another tree's bot


def bot_env(base_url: str, **extra: str) -> dict[str, str]:
    """The environment of a bot process: this tree's code first, the fake as Telegram."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "REGIESCAN_"))}
    path = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(CODE) + os.pathsep + str(ROOT) + (os.pathsep + path if path else "")
    env |= {
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_BASE_URL": base_url,
        "TELEGRAM_BASE_FILE_URL": base_url.replace("/bot", "/file/bot"),
        "REGIESCAN_LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore",
    }
    return env | extra


class BotProcess:
    """One bot as a child process; output goes to ``log``."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        self._out = log.open("wb")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, env=env, cwd=CODE, stdout=self._out, stderr=subprocess.STDOUT
        )

    @classmethod
    def regiescan(cls, base_url: str, data_dir: Path, log: Path, **env: str) -> BotProcess:
        """``regiescan run`` (the console script's entry point, ``regiescan.cli:main``)."""
        argv = [sys.executable, "-m", "regiescan.cli", "run"]
        return cls(argv, bot_env(base_url, REGIESCAN_DATA_DIR=str(data_dir), **env), log)

    @classmethod
    def module(cls, name: str, base_url: str, log: Path, *args: str) -> BotProcess:
        return cls([sys.executable, "-m", name, *args], bot_env(base_url), log)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def memory_mb(self) -> dict[str, float]:
        """VmRSS (now) and VmHWM (peak) in MB, from /proc/<pid>/status."""
        return rss_mb(self.pid)

    def cpu_seconds(self) -> float:
        """User + system CPU time the process used so far."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def bytes_written(self) -> int:
        """Bytes the process handed to write() so far (``wchar`` in /proc/<pid>/io)."""
        try:
            lines = Path(f"/proc/{self.pid}/io").read_text().splitlines()
        except OSError:
            return 0
        return next((int(x.split()[1]) for x in lines if x.startswith("wchar:")), 0)

    async def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM (PTB stops polling and shuts down cleanly), SIGKILL after ``timeout``."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if self.alive():
            self.proc.kill()
        code = self.proc.wait(timeout=10)
        self._out.close()
        return code

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""
