"""GloVe operations against scikit-learn and the course's published numbers."""

import numpy as np
import pytest

from core.embeddings import debias, projection, word_sets
from core.embeddings.glove import Embeddings, UnknownWord, parse_words, tokenize

sklearn = pytest.importorskip("sklearn")


@pytest.fixture(scope="module")
def emb():
    return Embeddings.load()


def test_most_similar_equals_a_brute_force_cosine_search(emb):
    from sklearn.metrics.pairwise import cosine_similarity

    for word in ("frog", "paris", "python"):
        raw = np.asarray(emb.vectors)
        scores = cosine_similarity(raw, emb.vector(word)[None])[:, 0]
        scores[emb.id(word)] = -np.inf
        expected = [emb.words[i] for i in np.argsort(-scores)[:10]]
        got = emb.most_similar(word, 10)
        assert [n.word for n in got] == expected
        np.testing.assert_allclose([n.cosine for n in got], np.sort(scores)[::-1][:10], atol=1e-5)


def test_analogy_is_the_course_complete_analogy(emb):
    assert emb.analogy("man", "woman", "king")[0].word == "queen"
    assert emb.analogy("italy", "italian", "spain")[0].word == "spanish"
    top = emb.analogy("man", "woman", "boy", k=5)
    assert {"man", "woman", "boy"}.isdisjoint(n.word for n in top)
    assert [n.cosine for n in top] == sorted((n.cosine for n in top), reverse=True)


def test_words_are_case_insensitive_and_unknown_words_get_suggestions(emb):
    np.testing.assert_array_equal(emb.vector(" King "), emb.vector("king"))
    with pytest.raises(UnknownWord) as err:
        emb.vector("qeen")
    assert "queen" in err.value.suggestions and "queen" in str(err.value)
    with pytest.raises(UnknownWord):
        emb.vector("")


def test_parse_words_drops_duplicates_and_caps_long_lists():
    words, duplicates, cut = parse_words("King, king  QUEEN\nman", limit=2)
    assert words == ["king", "queen"] and duplicates == ["king"] and cut == 1
    many = " ".join(f"w{i}" for i in range(10_000))
    assert parse_words(many, 2000)[2] == 8000


def test_debiasing_reproduces_the_course_numbers(emb):
    g = debias.bias_axis(emb, [("man", "woman")]).g
    receptionist = emb.vector("receptionist")
    assert debias.cosine(receptionist, g) == pytest.approx(0.330779, abs=1e-5)
    assert abs(debias.cosine(debias.neutralize(receptionist, g), g)) < 1e-10
    assert debias.cosine(emb.vector("man"), g) == pytest.approx(-0.117111, abs=1e-5)
    assert debias.cosine(emb.vector("woman"), g) == pytest.approx(0.356666, abs=1e-5)
    e1, e2 = debias.equalize(emb.vector("man"), emb.vector("woman"), g)
    assert debias.cosine(e1, g) == pytest.approx(-0.700436, abs=1e-5)
    assert debias.cosine(e2, g) == pytest.approx(0.700436, abs=1e-5)


def test_word_level_debiasing_api(emb):
    axis = debias.bias_axis(emb, [("man", "woman")])
    np.testing.assert_allclose(
        debias.neutralize_word(emb, "receptionist", axis),
        debias.neutralize(emb.vector("receptionist"), axis.g),
    )
    e1, e2 = debias.equalize_pair(emb, ("actor", "actress"), axis)
    assert debias.cosine(e1, axis.g) == pytest.approx(-debias.cosine(e2, axis.g))
    table = debias.before_after(emb, ["nurse", "engineer"], axis)
    assert table["nurse"][0] > 0 > table["engineer"][0]
    assert all(abs(after) < 1e-9 for _, after in table.values())


def test_pca_axis_of_several_pairs(emb):
    pairs = [("man", "woman"), ("he", "she"), ("father", "mother"), ("boy", "girl")]
    axis = debias.bias_axis(emb, pairs)
    assert axis.method == "pca" and 0 < axis.explained <= 1
    single = debias.bias_axis(emb, pairs[:1]).g
    assert debias.cosine(axis.g, single) > 0.6  # same direction as woman − man
    with pytest.raises(ValueError, match="pairs"):
        debias.bias_axis(emb, [])


def test_pca_matches_scikit_learn(emb):
    from sklearn.decomposition import PCA

    x = emb.matrix(emb.words[100:180])
    ours, variance = projection.pca(x, 3)
    ref = PCA(3, svd_solver="full").fit(x.astype(np.float64))
    theirs = ref.transform(x.astype(np.float64))
    np.testing.assert_allclose(np.abs(ours), np.abs(theirs), atol=1e-4)
    np.testing.assert_allclose(variance, ref.explained_variance_ratio_, atol=1e-6)


def test_tsne_and_custom_axes_shapes(emb):
    x = emb.matrix(emb.words[200:260])
    assert projection.project(x, "t-SNE", 2).shape == (60, 2)
    custom = projection.custom_axes(x, emb.vector("man"), emb.vector("woman"))
    assert custom.shape == (60, 1) and np.all(np.abs(custom) <= 1 + 1e-9)
    with pytest.raises(ValueError, match="at least"):
        projection.project(x[:2], "PCA", 2)


def test_shipped_word_sets_are_in_glove_and_enough_questions(emb):
    questions = word_sets.analogy_questions()
    assert len(questions) >= 200
    assert {q[0] for q in questions} == set(word_sets.ANALOGY_CATEGORIES)
    for name, words in word_sets.presets(emb.words).items():
        assert all(w in emb for w in words), name
    for _, a, b, c, d in questions:
        assert all(w in emb for w in (a, b, c, d)) and len({a, b, c, d}) == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I don't like this!", ["i", "do", "n't", "like", "this", "!"]),
        ("let's eat, you", ["let", "'s", "eat", ",", "you"]),
        ("hungry? queen.", ["hungry", "?", "queen", "."]),
        ("1,000 people, 3.5 km", ["1,000", "people", ",", "3.5", "km"]),
        ("Café élève o'clock", ["café", "élève", "o'clock"]),
        ("wait... so -- no", ["wait", "...", "so", "--", "no"]),
    ],
)
def test_tokenize_splits_as_glove_was_tokenised(text, expected):
    assert tokenize(text) == expected


def test_glove_knows_every_token_of_contractions_and_punctuation(emb):
    tokens = tokenize("You! hungry? let's don't queen. 1,000 can't wait... so -- no")
    assert [t for t in tokens if t not in emb] == []


def test_parse_words_strips_punctuation_but_keeps_numbers():
    assert parse_words("queen., you!, 1,000, !")[0] == ["queen", "you", "1,000", "!"]


def test_parse_pairs_sets_aside_only_the_bad_pair(emb):
    parsed = debias.parse_pairs("man woman, he she, father mother, xyzzyq qwrtz", emb)
    assert parsed.usable == (("man", "woman"), ("he", "she"), ("father", "mother"))
    assert parsed.unknown == ((("xyzzyq", "qwrtz"), "xyzzyq"),)
    assert debias.parse_pairs("man woman he, , boy girl", emb).malformed == ("man woman he",)
    assert debias.parse_pairs("man woman, ,", emb).malformed == ()
    axis = debias.bias_axis(emb, parsed.usable)
    assert axis.method == "pca" and len(axis.pairs) == 3
