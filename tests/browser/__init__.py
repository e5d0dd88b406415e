"""Browser tests. A package, so this folder's conftest.py is imported as browser.conftest and
does not shadow tests/conftest.py for the other test modules' `from conftest import …`."""
