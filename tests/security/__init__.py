"""Security and privacy cases (issue 10): each reproduces an attack on commit 1701b9c."""
