"""python -m skiptrace.sandbox: the sandbox CLI on its own."""

from skiptrace.sandbox.cli import main

main()
