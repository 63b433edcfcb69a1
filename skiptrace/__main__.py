from skiptrace.cli import main

main()
