"""A Scrapy item pipeline that cleans scraped pages with newslint.

One ``newslint clean --input-format jsonl -`` co-process serves the whole
crawl (started in ``open_spider``, ended in ``close_spider``): each item is
sent as one JSON Lines record and its answer, the same record with the text
cleaned, comes back before the next item is sent.

Settings:

``NEWSLINT_BIN``
    the newslint command (default ``newslint``).
``NEWSLINT_ARGS``
    extra flags, a list or a string split like a shell would
    (e.g. ``--keep content`` or ``--config rules.yaml``).
``NEWSLINT_FIELD``
    the item field holding the page (default: ``html`` if the item has it,
    else ``text``). The cleaned text goes to the item's ``text`` field; for
    an item carrying HTML it is exactly what ``newslint clean page.html``
    prints for the same page.
``NEWSLINT_DROP_FAILING``
    drop items whose page fails newslint's gate (the gate of ``newslint
    lint``, set in the rules file or with gate flags in ``NEWSLINT_ARGS``).
``NEWSLINT_TIMEOUT``
    seconds to wait for one answer (default 120) before the co-process is
    taken for hung, killed and reported.

The item's ``url`` and ``title``, when it has them, go with the record as
evidence (the site of the page). If the co-process exits or stops
answering, each item from then on fails with an error in the crawl log
naming its exit status and its last messages; the crawl does not hang.
"""

import json
import logging
import os
import select
import shlex
import subprocess
import threading
import time

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)

GATE_FIELD = "_newslint_gate"


class NewslintError(RuntimeError):
    """The newslint co-process died or stopped answering."""


class NewslintPipeline:
    def __init__(self, bin="newslint", args=(), field=None, drop_failing=False, timeout=120.0):
        self.bin = bin
        self.args = list(args)
        self.field = field
        self.drop_failing = drop_failing
        self.timeout = timeout
        self.proc = None
        self._buf = b""
        self._stderr = []  # the co-process's last messages
        self._stderr_thread = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        args = s.get("NEWSLINT_ARGS") or []
        if isinstance(args, str):
            args = shlex.split(args)
        return cls(
            bin=s.get("NEWSLINT_BIN") or "newslint",
            args=args,
            field=s.get("NEWSLINT_FIELD") or None,
            drop_failing=s.getbool("NEWSLINT_DROP_FAILING"),
            timeout=s.getfloat("NEWSLINT_TIMEOUT", 120.0),
        )

    # The co-process.

    def open_spider(self, spider):
        cmd = [self.bin, "clean", "--input-format", "jsonl", *self.args]
        if self.drop_failing:
            cmd += ["--gate-field", GATE_FIELD]
        cmd.append("-")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._stderr_thread = threading.Thread(target=self._read_stderr, args=(spider,), daemon=True)
        self._stderr_thread.start()
        spider.logger.info("newslint co-process started: %s (pid %d)", shlex.join(cmd), self.proc.pid)

    def _read_stderr(self, spider):
        for line in self.proc.stderr:
            msg = line.decode("utf-8", "replace").rstrip("\n")
            self._stderr = (self._stderr + [msg])[-5:]
            # A record newslint could not clean: it is answered unchanged.
            spider.logger.warning("newslint: %s", msg.removeprefix("newslint: "))

    def close_spider(self, spider):
        if self.proc is None:
            return
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            code = self.proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
            spider.logger.error("newslint co-process did not exit after its input closed; killed")
        if self._stderr_thread is not None:
            self._stderr_thread.join(timeout=5)
        # Exit 2 with messages on standard error: some records were
        # answered unchanged, and each was logged as it happened.
        if code not in (0, 2) and not self._dead_reported:
            spider.logger.error("newslint co-process exited with status %s", code)
        self.proc = None

    _dead_reported = False

    def _fail(self, why):
        """Raises NewslintError about a co-process that died or hung."""
        if self.proc.poll() is None:
            self.proc.kill()
        code = self.proc.wait()
        self._dead_reported = True
        if self._stderr_thread is not None:
            self._stderr_thread.join(timeout=5)
        last = "; ".join(self._stderr) or "no message"
        raise NewslintError(f"newslint co-process {why} (exit status {code}; its last messages: {last})")

    def _ask(self, line):
        """Sends one record and returns the answer line."""
        if self.proc is None:
            raise NewslintError("newslint co-process is not running (open_spider was not called)")
        if self.proc.poll() is not None:
            self._fail("has exited")
        try:
            self.proc.stdin.write(line)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self._fail("closed its input")
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + self.timeout
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                self._fail(f"gave no answer in {self.timeout:g} s")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                self._fail("exited before answering")
            self._buf += chunk
        answer, _, self._buf = self._buf.partition(b"\n")
        return answer

    # Items.

    def process_item(self, item, spider):
        adapter = ItemAdapter(item)
        field = self.field or ("html" if adapter.get("html") is not None else "text")
        page = adapter.get(field)
        if not isinstance(page, str):
            spider.logger.warning("newslint: item has no text in field %r; left as it is", field)
            return item
        if page.lstrip().startswith("<") and not page.endswith("\n"):
            # newslint prints a page's cleaned text with a final line break;
            # a record's text gets one if the text it replaces had one.
            page += "\n"
        record = {"text": page}
        for key in ("url", "title"):
            value = adapter.get(key)
            if isinstance(value, str) and value:
                record[key] = value
        answer = json.loads(self._ask(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"))
        gate = answer.get(GATE_FIELD) or {}
        if self.drop_failing and gate.get("fail"):
            raise DropItem("newslint: page fails the gate: " + "; ".join(gate.get("reasons") or []))
        adapter["text"] = answer["text"]
        return item
