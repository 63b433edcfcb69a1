"""Keep names and identifiers out of logs and status reasons.

Search URLs carry what was searched (``?q=000123456000093``, ``?name=EL+ALAOUI+Mohamed``), and
Scrapy logs URLs ("Gave up retrying <GET …>"). Query values are masked the way
``skiptrace.model.mask`` masks identifiers: the first two characters and the length.
"""

from __future__ import annotations

import logging
import re

from skiptrace.model import mask

_QUERY_VALUE = re.compile(r"([?&][^=&\s<>\"']+=)([^&\s<>\"']*)")


def safe_url(text: str) -> str:
    """``text`` with every URL query value masked: "search?q=AT*******&page=2"."""
    return _QUERY_VALUE.sub(lambda m: m.group(1) + _mask_value(m.group(1), m.group(2)), text)


def _mask_value(key: str, value: str) -> str:
    return value if key[1:-1] in ("page", "per_page") else mask(value)


class MaskQueryFilter(logging.Filter):
    """A log filter that masks URL query values in the final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "=" in message:
            record.msg, record.args = safe_url(message), ()
        return True


def install() -> None:
    """Mask query values in every log record of this process, whatever handler writes it
    (Scrapy replaces its root handler per crawler, so a handler filter would not last)."""
    make_record = logging.getLogRecordFactory()
    mask_filter = MaskQueryFilter()

    def masked_record(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        mask_filter.filter(record)
        return record

    logging.setLogRecordFactory(masked_record)
