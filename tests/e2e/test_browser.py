"""The real app in Chromium: pages driven as a student does, screenshots saved.

Screenshots land in artifacts/screenshots/ (git-ignored): open them and look.
"""

import pytest
from playwright.sync_api import expect

from dashboard.registry import HOME, built_lessons
from tests.e2e.browser import ROOT, screenshot, wait_ready

SHOTS = ROOT / "artifacts" / "screenshots"
pytestmark = pytest.mark.e2e


def exceptions(page) -> list[str]:
    return page.get_by_test_id("stException").all_inner_texts()


def test_home_cards_link_to_their_pages(page, app_url):
    page.goto(app_url)
    wait_ready(page, "SeqLab")
    main = page.get_by_test_id("stMain")
    lessons = [lesson for lesson in built_lessons() if lesson is not HOME]
    for lesson in lessons:  # every page renders in test_page_tools_browser's sidebar walk
        href = main.get_by_role("link", name=lesson.title).first.get_attribute("href")
        assert href.rstrip("/").split("/")[-1] == lesson.url_path, (lesson.title, href)
    for lesson in (lessons[0], lessons[-1]):  # and a click on a card opens its page
        main.get_by_role("link", name=lesson.title).first.click()
        wait_ready(page, lesson.title)
        assert exceptions(page) == []
        page.go_back()
        wait_ready(page, "SeqLab")


def test_emptying_the_sentence_warns_and_keeps_the_rest_of_the_page(page, app_url):
    page.goto(f"{app_url}/sequence-data")
    wait_ready(page, "Sequence data")
    box = page.get_by_test_id("stTextArea").locator("textarea").first
    box.fill("")
    box.press("Control+Enter")
    page.get_by_test_id("stAlertContentWarning").first.wait_for(timeout=30_000)
    wait_ready(page)
    assert "empty" in page.get_by_test_id("stAlertContentWarning").first.inner_text()
    assert page.get_by_role(
        "heading", name="2 · A time series as (input, target) pairs"
    ).is_visible()
    assert exceptions(page) == []


def _slider_value(page, label: str) -> str:
    slider = page.get_by_test_id("stSlider").filter(has_text=label)
    return slider.get_by_test_id("stSliderThumbValue").inner_text()


def test_rnn_unrolled_cells_toggles_and_play(page, app_url):
    page.goto(f"{app_url}/rnn-unrolled")
    wait_ready(page, "RNN unrolled")
    page.get_by_test_id("stRadio").filter(has_text="Cell").get_by_text("LSTM").click()
    wait_ready(page)
    page.get_by_test_id("stCheckbox").filter(has_text="Bidirectional").click()
    wait_ready(page)
    # The backward chain is drawn: blocks labelled a⟨t⟩ ← in the diagram's SVG.
    page.locator("svg text").filter(has_text="←").first.wait_for(timeout=30_000)
    assert exceptions(page) == []
    screenshot(page, SHOTS / "rnn-unrolled-lstm-bidirectional.png")

    page.get_by_test_id("stRadio").filter(has_text="Input").get_by_text("a sine window").click()
    wait_ready(page)
    page.get_by_test_id("stRadio").filter(has_text="Cell").get_by_text("GRU").click()
    page.locator("svg text").filter(has_text="GRU unrolled").first.wait_for(timeout=30_000)
    page.get_by_text("ŷ⟨t⟩ predicts x⟨t+1⟩").first.wait_for(timeout=30_000)
    wait_ready(page)
    assert exceptions(page) == []
    screenshot(page, SHOTS / "rnn-unrolled-gru-sine.png")

    before = _slider_value(page, "Time step t")
    page.get_by_test_id("stCheckbox").filter(has_text="Play").click()
    page.wait_for_timeout(3500)  # the fragment advances t once a second
    after = _slider_value(page, "Time step t")
    assert before.isdigit() and after.isdigit() and after != before, (before, after)
    page.get_by_test_id("stCheckbox").filter(has_text="Play").click()
    assert exceptions(page) == []


def test_gradients_live_experiment_trains_with_progress(page, app_url):
    page.goto(f"{app_url}/vanishing-and-exploding-gradients")
    wait_ready(page, "Vanishing & exploding gradients")
    page.get_by_role("button", name="Train live").click()
    # The quick configuration (conftest.py): seconds, not the page's minute, so the progress
    # bar (a fragment polling the job) may be gone already when the page reruns at its end.
    done = page.get_by_text("Done in")
    page.get_by_test_id("stProgress").or_(done).first.wait_for(timeout=30_000)
    done.first.wait_for(timeout=300_000)
    wait_ready(page)
    assert page.get_by_text("your run (seed 7").first.is_visible()
    assert exceptions(page) == []
    screenshot(page, SHOTS / "vanishing-gradients-after-live-training.png")


def test_sine_training_and_masking_experiment_in_the_browser(page, app_url):
    page.goto(f"{app_url}/time-series-sine-waves")
    wait_ready(page, "Time series: sine waves")
    page.get_by_role("button", name="Train the selected models").click()
    page.get_by_text("Done:").first.wait_for(timeout=120_000)
    wait_ready(page)
    # The trained models join the forecast chart's legend.
    page.locator("svg text").filter(has_text="SimpleRNN").first.wait_for(timeout=30_000)
    assert exceptions(page) == []
    screenshot(page, SHOTS / "sine-after-training.png")

    page.goto(f"{app_url}/the-variable-length-problem")
    wait_ready(page, "The variable-length problem")
    page.get_by_role("button", name="Train both GRUs").click()
    page.get_by_text("MAE without masking").first.wait_for(timeout=120_000)
    wait_ready(page)
    assert exceptions(page) == []
    screenshot(page, SHOTS / "variable-length-after-training.png")


def test_translation_page_types_a_date_and_follows_a_clicked_output_step(page, app_url):
    page.goto(f"{app_url}/translation-with-attention")
    wait_ready(page, "Translation with attention")
    box = page.get_by_test_id("stTextInput").first.locator("input")
    box.fill("25/12/1999")
    box.press("Enter")
    wait_ready(page)
    page.get_by_test_id("stMetricValue").filter(has_text="1999-12-25").first.wait_for(
        timeout=30_000
    )
    page.get_by_test_id("stButtonGroup").get_by_text("9 2", exact=True).click()
    wait_ready(page)
    page.get_by_role("heading", name="One-step attention at t = 9").wait_for(timeout=30_000)
    assert exceptions(page) == []
    screenshot(page, SHOTS / "translation-with-attention-step-9.png")


def test_bleu_page_preset_fills_the_fields(page, app_url):
    page.goto(f"{app_url}/bleu-score")
    wait_ready(page, "BLEU score")
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="Too short").click()
    wait_ready(page)
    # the rerun may start after wait_ready returns: wait for the values themselves
    expect(page.get_by_test_id("stTextInput").first.locator("input")).to_have_value(
        "the cat", timeout=30_000
    )
    bp = page.get_by_test_id("stMetric").filter(has_text="Brevity penalty")
    expect(bp.get_by_test_id("stMetricValue")).to_have_text("0.1353", timeout=30_000)  # e^(1-6/2)
    assert exceptions(page) == []


def test_clicking_a_word_in_the_projector_shows_its_neighbours(page, app_url):
    page.goto(f"{app_url}/embedding-projector")
    wait_ready(page, "Embedding projector")
    first_plot = page.locator(".js-plotly-plot").first
    first_plot.locator(".scatterlayer .point").nth(3).click(force=True)  # "berlin" in the preset
    wait_ready(page)
    page.locator("text.gtitle").filter(has_text="Nearest to “berlin”").wait_for(timeout=30_000)
    assert exceptions(page) == []
    screenshot(page, SHOTS / "embedding-projector-clicked.png")


def test_music_downloads_a_long_improvisation_as_midi_and_wav(page, app_url):
    """The downloads are built when clicked (deferred): the files are the tune on the page, at
    the page's longest improvisation (512 events, a WAV of several MB)."""
    import io
    import wave

    page.goto(f"{app_url}/music-generation")
    wait_ready(page, "Music generation")
    events = page.get_by_test_id("stNumberInput").filter(has_text="Events to improvise")
    events.locator("input").fill("512")
    events.locator("input").press("Enter")
    wait_ready(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Improvised events")).to_contain_text(
        "512", timeout=60_000
    )
    files = {}
    for label in ("Download MIDI", "Download WAV"):
        with page.expect_download(timeout=60_000) as got:
            page.get_by_role("button", name=label).click()
        files[label] = got.value.path().read_bytes()
    assert files["Download MIDI"][:4] == b"MThd"
    with wave.open(io.BytesIO(files["Download WAV"])) as w:
        seconds = w.getnframes() / w.getframerate()
    assert len(files["Download WAV"]) > 1_000_000 and seconds > 60, seconds
    assert exceptions(page) == []
