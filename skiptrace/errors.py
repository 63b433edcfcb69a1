"""The exceptions callers catch, named for what the caller does next.

SkiptraceError
├── ConfigError          the configuration is wrong: fix it and run again
├── SourceDisabled       this source is not configured here: skip it quietly
├── SourceError          this lookup failed: the profile is partial, the job goes on
│   └── SourceUnavailable  stop using this source for a while (circuit breaker opens)
├── RejectedRow          one input row cannot be used: it goes to the rejects file
├── PortfolioError       the whole portfolio file cannot be read (skiptrace/intake/text.py)
├── StoreBusy            another job holds the store or the output (skiptrace/store/locks.py)
├── NothingReachable     no network source answered: start the sandbox, fix the network/config
└── AmbiguousDebtor      a lookup designates several stored debtors: name one with --debtor
(UnknownDebtor, a ConfigError: forget of an id the store does not hold; skiptrace/store/erase.py)
"""

from __future__ import annotations


class SkiptraceError(Exception):
    """Root of every error skiptrace raises on purpose."""


class ConfigError(SkiptraceError):
    """The configuration is missing or wrong; the message says how to fix it."""


class NothingReachable(SkiptraceError):
    """No network source could be reached; nothing was stored as a result (exit 4, as enrich)."""

    exit_code = 4


class AmbiguousDebtor(SkiptraceError):
    """A lookup's options designate several stored debtors; choosing one silently could
    attach the findings to the wrong file (exit 2, as a usage error: say which one)."""

    exit_code = 2


class SourceDisabled(SkiptraceError):
    """A source lacks what it needs (credentials, base URL) and is skipped."""


class SourceError(SkiptraceError):
    """One query to a source failed; the profile that needed it is partial."""


class SourceUnavailable(SourceError):
    """The source is down or refusing us; its circuit breaker should open."""


class RejectedRow(SkiptraceError):
    """An input row that cannot be used, with its line number and the reason."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason
