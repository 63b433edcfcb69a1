"""``skiptrace serve``: the authenticated HTTP API for the agencies' case systems (issue 18).

docs/api.md is the reference (routes, roles, headers, errors); docs/decisions/0007 says why
FastAPI on uvicorn, how lookups stay warm and how batches run; docs/deploy.md how to put it
behind TLS. Nothing is imported here: ``skiptrace keys`` loads ``keys.py`` without the web stack.
"""
