"""The review queue (issue 19, docs/review.md): what waits for a person, ordered by what is at
stake, and the candidate beside the debtor with the evidence; judgements are made through the
service (service/review_api.py, service/review_web.py) and honoured by every run
(linking/judgements.py)."""
