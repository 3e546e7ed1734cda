"""Counting the queries a page makes, for the tests that keep list pages at a fixed count."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings


def count_queries(client: Any, address: str) -> int:
    """The queries one GET of the page makes, once warm.

    The first request of a session makes one-off queries (a source's settings created on first
    use, the session itself), so the page is requested once before counting. The page is drawn
    each time, not served as kept for the reader (core.pagecache, whose hits make a few queries
    however many rows: tested in core/tests/test_pagecache.py).
    """
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(address)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    return len(queries)
