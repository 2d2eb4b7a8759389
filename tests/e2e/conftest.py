"""Browser journeys in headless Chromium (Debian's package), driven by Playwright.

Use ``@pytest.mark.django_db(transaction=True)`` without ``serialized_rollback``: reference
rows (ranks, competencies, groups, settings) come back after every flush through post_migrate.

Without /usr/bin/chromium the journeys are skipped, unless REQUIRE_BROWSER=1 (CI),
where a missing browser is a failure.
"""

import os
import shutil

import pytest
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.environ.get("REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}; install it with apt-get install chromium")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    # The product is Indonesian first; Chromium would otherwise ask for English.
    return {**browser_context_args, "locale": "id-ID", "viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def login(page, live_server):
    """login(username, password) through the real login form."""

    def do(username: str, password: str = "sandi-rahasia-123"):
        page.goto(f"{live_server.url}/masuk/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("main form button[type=submit]").click()
        # Landed once the login form has gone (the next page may be the home or ?next=).
        expect(page.locator("input[name=password]")).to_have_count(0)

    return do
