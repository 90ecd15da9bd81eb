import os

import pytest

# The server started below trains the gradients experiment and the trigger fine-tune in their
# smallest configurations (the tests check that a trained result appears, not its quality),
# at normal priority: a niced training would wait for the other test worker.
os.environ.setdefault("SEQLAB_QUICK_TRAINING", "1")
os.environ.setdefault("SEQLAB_TRAINING_NICE", "0")

from tests.e2e.browser import CHROMIUM, chromium_available, launch, streamlit_server


@pytest.fixture(scope="session")
def app_url():
    with streamlit_server() as (url, _proc):
        yield url


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        pytest.skip(f"no Chromium at {CHROMIUM}: run scripts/test.sh as root to install it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()
