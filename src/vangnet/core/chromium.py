"""How vangnet starts Debian's Chromium: the browser tests (tests/e2e) and the README's screenshots (docs/).

Without the background-networking flags Chromium keeps trying to reach Google's hosts, which a
closed network refuses; without a sandbox it runs as root in a container.
"""

from pathlib import Path
from typing import Final

CHROMIUM: Final = Path("/usr/bin/chromium")
CHROMIUM_ARGS: Final = (
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
