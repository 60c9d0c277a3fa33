"""One module per navigation page; each page is ``Page(app, runner, parent=None)``."""
