"""A student's `.keras` file: read as data, run in numpy equal to Keras, hostile files refused.

(a) Models the test builds and saves with Keras: every layer's output and the model's output
from `core.rnn.own_model` equal Keras' to 1e-5. (b) Hostile files: each refused with a message
naming what is accepted, nothing executed (a marker file the payload creates stays absent),
nothing written (the working and temporary folders stay empty).
"""

from __future__ import annotations

import io
import json
import pickle
import tempfile
import zipfile

import numpy as np
import pytest

from core.rnn import own_inputs, own_model
from core.rnn.keras_config import ModelFileError
from tests.own_model_files import BUILDERS, SAVED_ONCE, fixture, keras_bytes, saved

# ----------------------------------------------------------------------------- against Keras


def _input(model: own_model.OwnModel, steps: int = 7) -> np.ndarray:
    rng = np.random.default_rng(3)
    if model.reads_ids:
        return rng.integers(1, model.n_x, size=(2, steps))
    return rng.standard_normal((2, steps, model.n_x))


NAMES = [*BUILDERS, *(f"saved once: {name}" for name in SAVED_ONCE)]


@pytest.mark.parametrize("name", NAMES)
def test_every_layer_and_the_output_equal_keras(name):
    import keras

    if name.startswith("saved once: "):  # the page tests' files; ours, so Keras may load them
        path = fixture(name.removeprefix("saved once: "))
        data, reference = path.read_bytes(), keras.saving.load_model(path)
    else:
        data, reference = saved(name)
    model = own_model.load(data)
    x = _input(model)
    ours = own_model.run(model, x)
    names = [rec.name for rec in model.recurrent]
    outputs = [reference.get_layer(name).output for name in names] + [reference.outputs[0]]
    theirs = keras.Model(reference.inputs[0], outputs)(x)
    for name, expected in zip(names, theirs, strict=False):
        np.testing.assert_allclose(ours[name], np.asarray(expected), atol=1e-5, err_msg=name)
    np.testing.assert_allclose(own_model.model_output(model, x), np.asarray(theirs[-1]), atol=1e-5)


def test_the_reader_finds_every_recurrent_layer_with_its_options():
    model = own_model.load(keras_bytes("functional"))
    found = {rec.name: rec for rec in model.recurrent}
    assert [rec.class_name for rec in model.recurrent] == ["GRU", "LSTM", "SimpleRNN", "GRU", "GRU"]
    assert [rec.merge for rec in model.recurrent if rec.bidirectional] == ["sum", "ave", "mul"]
    gru_first, gru_mul = model.recurrent[0], model.recurrent[3]
    assert gru_first.params[0].reset_after and not gru_mul.params[0].reset_after
    assert [p.go_backwards for p in gru_mul.params] == [False, True]
    assert model.recurrent[-1].params[0].b is None and not model.recurrent[-1].sequences
    assert model.reads_ids and model.n_x == 12 and len(found) == 5


def test_cell_views_reproduce_both_directions_of_a_bidirectional_layer():
    model = own_model.load(keras_bytes("stack"))
    x = _input(model, steps=6)[:1]
    name = model.recurrent[1].name  # Bidirectional(GRU(3, reset_after=False)), concat
    out = own_model.run(model, x)[name]
    forward = own_model.cell_view(model, name, x, "forward")
    backward = own_model.cell_view(model, name, x, "backward")
    np.testing.assert_allclose(forward.trace.h, out[..., :3], atol=1e-12)
    np.testing.assert_allclose(backward.trace.h[:, ::-1], out[..., 3:], atol=1e-12)
    assert backward.steps == (6, 5, 4, 3, 2, 1) and backward.direction == "backward"
    assert not backward.params.go_backwards  # run forward over the reversed input
    assert set(forward.trace.gates) == {"update", "reset", "candidate"}


def test_typed_and_uploaded_inputs():
    model = own_model.load(keras_bytes("char_lstm"))
    seq = own_inputs.typed_sequence(model, "Ab-c")
    assert seq.labels == ("'a'", "'b'", "'c'") and seq.dropped == ("-",)
    assert seq.values.shape == (3, 27) and seq.values[1].argmax() == 2
    assert own_inputs.typed_sequence(model, "3 1 40").dropped == ("40",)
    csv = "a,b\n" + "\n".join(",".join(["0.5"] * 27) for _ in range(4))
    loaded = own_inputs.sequence_from_file(model, "x.csv", csv.encode())
    assert loaded.values.shape == (4, 27)
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"payload": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match=r"accepted: a \.npy or \.csv"):
        own_inputs.sequence_from_file(model, "x.npy", buffer.getvalue())
    with pytest.raises(ValueError, match=r"shape \(4, 3\)"):
        own_inputs.sequence_from_file(model, "x.csv", b"1,2,3\n" * 4)
    ids = own_model.load(keras_bytes("mask_zero"))
    assert own_inputs.masked_steps(ids, own_inputs.Sequence(np.array([3, 0, 2]), ("",) * 3)) == [2]


# ----------------------------------------------------------------------------- hostile files


@pytest.fixture
def sealed(tmp_path, monkeypatch):
    """An empty working folder and temporary folder; after the test both must still be empty."""
    work, temp = tmp_path / "work", tmp_path / "temp"
    work.mkdir(), temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    marker = tmp_path / "payload-ran"
    yield marker
    assert not marker.exists(), "the payload ran"
    assert list(work.iterdir()) == [] and list(temp.iterdir()) == [], "something was written"


def _refused(data: bytes, why: str) -> str:
    with pytest.raises(ModelFileError, match=why) as caught:
        own_model.load(data)
    assert "Accepted: a `.keras` file" in str(caught.value)
    return str(caught.value)


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _members(name: str = "char_lstm") -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(keras_bytes(name))) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _with_config(edit) -> bytes:
    members = _members()
    config = json.loads(members["config.json"])
    edit(config["config"]["layers"][1])
    return _zip({**members, "config.json": json.dumps(config).encode()})


def test_reading_and_running_a_valid_model_writes_nothing(sealed):
    model = own_model.load(fixture("stack").read_bytes())
    x = own_inputs.batch(own_inputs.random_sequence(model, 5, seed=0))
    assert own_model.model_output(model, x).shape == (1, 5, 4)


def test_a_lambda_that_keras_would_run_is_refused_and_never_runs(sealed, tmp_path):
    import keras

    payload = eval(f"lambda t: (open({str(sealed)!r}, 'w').close(), t)[1]")
    model = keras.Sequential([keras.Input((None, 3)), keras.layers.Lambda(payload)])
    model.add(keras.layers.GRU(2))
    sealed.unlink()  # building the model ran it once
    path = tmp_path / "lambda.keras"
    model.save(path)
    keras.saving.load_model(path, safe_mode=False)
    assert sealed.exists(), "the payload is live: Keras without safe mode runs it"
    sealed.unlink()
    _refused(path.read_bytes(), "Lambda layer, Python code")


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        (lambda la: la.update(module="os", class_name="system"), "`os.system`"),
        (
            lambda la: la["config"].update(
                activation={
                    "module": "os",
                    "class_name": "function",
                    "config": "system",
                    "registered_name": "function",
                }
            ),
            "module 'os'",
        ),
        (lambda la: la["config"].update(activation="os.system"), "activation 'os.system'"),
        (lambda la: la.update(registered_name="MyGRU>GRU"), "custom object"),
        (lambda la: la.update(module="my_package.layers"), "my_package.layers"),
    ],
)
def test_a_config_naming_other_modules_or_custom_objects_is_refused(sealed, edit, why):
    _refused(_with_config(edit), why)


def test_an_h5_file_with_a_lambda_is_refused(sealed, tmp_path):
    import keras

    payload = eval(f"lambda t: (open({str(sealed)!r}, 'w').close(), t)[1]")
    model = keras.Sequential([keras.Input((None, 3)), keras.layers.Lambda(payload)])
    sealed.unlink()
    model.save(tmp_path / "legacy.h5")
    _refused((tmp_path / "legacy.h5").read_bytes(), "HDF5")


def test_a_zip_bomb_is_refused_honest_or_lying_about_its_size(sealed):
    bomb = _zip({**_members(), "config.json": b" " * 20_000_000}, zipfile.ZIP_DEFLATED)
    assert len(bomb) < 300_000  # 20 MB of config in a file of a few hundred kB
    _refused(bomb, "unpacks to")
    lying = bytearray(bomb)  # declare 1 kB for the 20 MB member, in both headers
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := lying.find(sig, start)) >= 0:
            name_at = start + (30 if sig == b"PK\x03\x04" else 46)
            if lying[name_at : name_at + 11] == b"config.json":
                lying[start + offset : start + offset + 4] = (1000).to_bytes(4, "little")
            start += 4
    _refused(bytes(lying), "damaged|not valid JSON")


@pytest.mark.parametrize("name", ["../../evil.py", "/etc/cron.d/evil", "assets/../../x"])
def test_member_names_outside_the_archive_are_refused(sealed, name):
    _refused(_zip({**_members(), name: b"print('hi')"}), "outside the archive")


def test_a_truncated_archive_a_renamed_png_and_a_pickle_are_refused(sealed):
    from PIL import Image

    data = keras_bytes("char_lstm")
    _refused(data[: len(data) // 2], "damaged or truncated")
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, format="PNG")
    _refused(png.getvalue(), "PNG image")

    class Payload:
        def __reduce__(self):
            return (open, (str(sealed), "w"))

    _refused(pickle.dumps(Payload()), "pickle")


def test_weights_linked_to_a_file_on_disk_are_refused(sealed):
    import h5py

    members = _members()
    buffer = io.BytesIO()
    with (
        h5py.File(io.BytesIO(members["model.weights.h5"]), "r") as src,
        h5py.File(buffer, "w") as dst,
    ):
        src.copy("layers", dst)
        del dst["layers/lstm/cell/vars/0"]
        dst["layers/lstm/cell/vars/0"] = h5py.ExternalLink("/etc/passwd", "/data")
    _refused(_zip({**members, "model.weights.h5": buffer.getvalue()}), "ExternalLink")
