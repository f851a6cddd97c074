"""Logging that never writes a BSN: every nine-digit number that passes the 11-proef is masked."""

import logging
import re

from vangnet.domain.bsn import is_valid_bsn

_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def mask_bsns(text: str) -> str:
    return _NINE_DIGITS.sub(lambda m: "*********" if is_valid_bsn(m.group()) else m.group(), text)


class MaskBsnFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_bsns(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
