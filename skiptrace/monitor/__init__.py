"""Monitoring (issue 20, docs/monitoring.md): a watch list per agency, debtors enriched again on
their schedule, each new complete profile compared with the last one, and the changes delivered
as a feed and as signed webhooks."""
