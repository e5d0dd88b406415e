"""The command line: each command a thin layer over build() and the stages."""
