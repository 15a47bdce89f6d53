"""Crawls a folder served by Python's http.server on 127.0.0.1 with a real
Scrapy spider and NewslintPipeline, and writes the items to a JSON Lines
feed. scrapy_test.go runs it; by hand:

    python3 crawl.py --bin newslint --site testdata/site --out items.jsonl

--kill-after N kills the newslint co-process once N items have passed
through it (a crash mid-crawl).
"""

import argparse
import functools
import http.server
import logging
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import scrapy  # noqa: E402
from scrapy.crawler import CrawlerProcess  # noqa: E402

from newslint_pipeline import NewslintPipeline  # noqa: E402


class KillingPipeline(NewslintPipeline):
    """NewslintPipeline whose co-process is killed after kill_after items."""

    kill_after = 0
    seen = 0

    @classmethod
    def from_crawler(cls, crawler):
        p = super().from_crawler(crawler)
        p.kill_after = crawler.settings.getint("TEST_KILL_AFTER")
        return p

    def process_item(self, item, spider):
        if self.kill_after and self.seen == self.kill_after:
            self.proc.kill()
            self.proc.wait()
        self.seen += 1
        return super().process_item(item, spider)


class PagesSpider(scrapy.Spider):
    name = "pages"

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.parse_page)

    def parse_page(self, response):
        yield {"url": response.url, "html": response.text}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--args", default="")
    ap.add_argument("--drop-failing", action="store_true")
    ap.add_argument("--kill-after", type=int, default=0)
    a = ap.parse_args()

    handler = functools.partial(QuietHandler, directory=a.site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    start = f"http://127.0.0.1:{server.server_address[1]}/index.html"

    process = CrawlerProcess(
        settings={
            "ITEM_PIPELINES": {"__main__.KillingPipeline": 300},
            "NEWSLINT_BIN": a.bin,
            "NEWSLINT_ARGS": a.args,
            "NEWSLINT_DROP_FAILING": a.drop_failing,
            "NEWSLINT_TIMEOUT": 120,
            "TEST_KILL_AFTER": a.kill_after,
            "FEEDS": {a.out: {"format": "jsonlines", "encoding": "utf8"}},
            "CONCURRENT_REQUESTS": 1,  # items in link order: the kill hits the same item each run
            "ROBOTSTXT_OBEY": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "INFO",
        }
    )
    process.crawl(PagesSpider, start_urls=[start])
    process.start()
    server.shutdown()
    # The crawl's own verdict: scrapy logs errors and finishes.
    logging.shutdown()


if __name__ == "__main__":
    main()
