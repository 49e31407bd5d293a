"""A process that records verdicts on one toets as fast as it can, printing each one after it
returned (so after the save): killed with SIGKILL by tests/test_toets_durability.py."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from dialogs.scan.content import KNELPUNT_IDS
from dialogs.toets.book import ToetsBook
from dialogs.toets.judging import Judging
from dialogs.toets.model import VERDICTS
from storage.toetsen import ToetsFiles


def main(data_dir: str, toets_id: str, member: int, start: int) -> None:
    book = ToetsBook(ToetsFiles(Path(data_dir)), lambda: datetime.now(UTC).isoformat())
    judging = Judging(book)
    n = start
    while True:
        knelpunt = KNELPUNT_IDS[n % len(KNELPUNT_IDS)]
        verdict = VERDICTS[n % len(VERDICTS)]
        judging.verdict(toets_id, member, knelpunt, verdict)
        print(f"saved {n} {knelpunt} {verdict}", flush=True)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
