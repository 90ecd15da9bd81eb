"""SeqLab with a personal trigger-word model already in each new session (browser tests only).

`streamlit run tests/e2e/personal_trigger_app.py` with SEQLAB_TEST_PERSONAL_TRIGGER naming an
.npz of weights (as `training.to_bytes` writes them): each session starts with
`st.session_state["trig_personal"]` and its .npz bytes set as the page's "Fine-tune on my
samples" sets them, then the app runs as `dashboard/app.py`. Recording five samples and
fine-tuning in the browser takes a minute or more (tests/e2e/test_trigger_browser.py does
it once); tests of what a student does next start from here.
"""

import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import streamlit as st  # noqa: E402

from core.trigger import model  # noqa: E402

if "trig_personal" not in st.session_state:
    path = Path(os.environ["SEQLAB_TEST_PERSONAL_TRIGGER"])
    with np.load(path, allow_pickle=False) as weights:
        st.session_state["trig_personal"] = model.Runner({k: weights[k] for k in weights.files})
    st.session_state["trig_personal_bytes"] = path.read_bytes()
runpy.run_path(str(ROOT / "dashboard" / "app.py"), run_name="__main__")
