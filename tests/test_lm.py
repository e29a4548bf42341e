"""Dictionary, Corpus, batching for truncated BPTT, RNNModel (= torch.nn pieces), evaluation."""

import math

import pytest
import torch
from torch import nn

from utils.data.corpus import (
    Corpus,
    Dictionary,
    batchify,
    get_batch,
    tokenize_chars,
    tokenize_words,
)
from utils.data.vocab import EOS, EOS_ID, PAD_ID, UNK_ID, Vocab
from utils.metrics.perplexity import bits_per_char, perplexity
from utils.models.lm import RNNModel, detach_state
from utils.training.lm import evaluate, train_lm


def test_tokenizers():
    assert tokenize_words("Return x.\n\nDone, ok_1") == [
        "return", "x", ".", EOS, "done", ",", "ok_1", EOS]
    assert tokenize_chars("ab\n") == ["a", "b", "\n"]


def test_dictionary_is_the_course_vocab_with_counts_and_a_size_cap():
    d = Dictionary.from_tokens(list("abracadabra"), max_size=2)
    assert isinstance(d, Vocab)
    assert d.itos[:4] == ["<pad>", "<sos>", "<eos>", "<unk>"] and d.itos[4:] == ["a", "b"]
    assert d.counts["r"] == 2 and d.counts["a"] == 5
    assert d.numericalize(list("abc")).tolist() == [4, 5, UNK_ID]
    assert d.stoi[EOS] == EOS_ID
    with pytest.raises(ValueError, match="no tokens"):
        Dictionary.from_tokens([])
    with pytest.raises(ValueError, match="max_size"):
        Dictionary.from_tokens(["a"], max_size=0)


def test_corpus_builds_its_dictionary_from_train_only():
    c = Corpus.from_texts("aab\n", "ab", "abz")
    assert c.dictionary.itos[4:] == ["a", "b", "\n"]
    assert c.train.tolist() == [4, 4, 5, 6]
    assert c.test.tolist() == [4, 5, UNK_ID]
    with pytest.raises(ValueError, match="valid text has fewer than 2"):
        Corpus.from_texts("aab", "a", "ab")


def test_batchify_makes_contiguous_rows_and_get_batch_shifts_targets():
    data = torch.arange(11)
    b = batchify(data, 2)
    assert b.tolist() == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    x, y = get_batch(b, 0, 3)
    assert x.tolist() == [[0, 1, 2], [5, 6, 7]] and y.tolist() == [[1, 2, 3], [6, 7, 8]]
    x, y = get_batch(b, 3, 3)  # the last window is shorter
    assert x.tolist() == [[3], [8]] and y.tolist() == [[4], [9]]
    with pytest.raises(ValueError, match="1-D"):
        batchify(b, 2)
    with pytest.raises(ValueError, match="too few"):
        batchify(torch.arange(3), 2)
    with pytest.raises(ValueError, match=r"i must lie in \[0, 4\)"):
        get_batch(b, 4, 3)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_model_equals_torch_nn_pieces_with_copied_weights(cell):
    torch.manual_seed(0)
    model = RNNModel(11, 5, 7, num_layers=2, cell=cell)
    emb, lin = nn.Embedding(11, 5), nn.Linear(7, 11)
    rnn = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell](5, 7, 2, batch_first=True)
    emb.load_state_dict(model.embedding.state_dict())
    rnn.load_state_dict(model.rnn.state_dict())
    lin.load_state_dict(model.decoder.state_dict())
    x = torch.randint(0, 11, (3, 6))
    logits, state = model(x)
    out, ref_state = rnn(emb(x))
    assert logits.shape == (3, 6, 11)
    torch.testing.assert_close(logits, lin(out))
    for a, b in zip(state if cell == "lstm" else [state],
                    ref_state if cell == "lstm" else [ref_state], strict=True):
        torch.testing.assert_close(a, b)


def test_carrying_the_state_across_windows_equals_one_long_run():
    torch.manual_seed(1)
    model = RNNModel(9, 4, 6)
    x = torch.randint(0, 9, (2, 10))
    full, _ = model(x)
    first, state = model(x[:, :4])
    second, _ = model(x[:, 4:], detach_state(state))
    torch.testing.assert_close(torch.cat([first, second], dim=1), full)
    h, c = detach_state(state)
    assert h.grad_fn is None and c.grad_fn is None and state[0].grad_fn is not None


def test_weight_tying_shares_one_matrix():
    model = RNNModel(10, 8, 8, tie_weights=True)
    assert model.decoder.weight is model.embedding.weight
    assert sum(p.numel() for p in model.parameters()) == (
        10 * 8 + 4 * (8 * 8 + 8 * 8 + 8 + 8) + 10)
    with pytest.raises(ValueError, match="emb_size == hidden_size"):
        RNNModel(10, 8, 6, tie_weights=True)
    with pytest.raises(ValueError, match="cell must be one of"):
        RNNModel(10, 8, 8, cell="transformer")


def test_evaluate_is_the_mean_cross_entropy_whatever_the_window():
    torch.manual_seed(2)
    model = RNNModel(7, 3, 5, cell="gru")
    ids = torch.randint(0, 7, (40,))
    logits, _ = model(ids[None, :-1])
    expected = nn.functional.cross_entropy(logits[0], ids[1:]).item()
    for bptt in (1, 6, 39, 100):
        assert evaluate(model, batchify(ids, 1), bptt=bptt) == pytest.approx(expected, rel=1e-5)


def test_a_uniform_model_has_perplexity_equal_to_the_vocabulary_size():
    model = RNNModel(13, 4, 4)
    nn.init.zeros_(model.decoder.weight)
    nn.init.zeros_(model.decoder.bias)
    nll = evaluate(model, batchify(torch.randint(0, 13, (50,)), 2))
    assert nll == pytest.approx(math.log(13), rel=1e-6)
    assert perplexity(nll) == pytest.approx(13.0, rel=1e-6)
    assert bits_per_char(nll) == pytest.approx(math.log2(13), rel=1e-6)
    assert bits_per_char(math.log(2)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="non-negative"):
        perplexity(-1.0)


def test_training_learns_a_repeating_pattern_reproducibly():
    stream = torch.tensor([4, 5, 6, 7] * 60)
    data = batchify(stream, 4)

    def run():
        torch.manual_seed(0)
        model = RNNModel(8, 8, 16)
        history = train_lm(model, data, steps=40, bptt=10, lr=0.02, progress=False,
                           valid_data=batchify(stream[:40], 1), eval_every=20)
        return model, history

    model, history = run()
    assert history.losses[0] > 1.8 and history.losses[-1] < 0.1
    assert history.valid_steps == [20, 40] and history.valid_nll[-1] < 0.2
    assert len(history.grad_norms) == 40 and max(history.grad_norms) > 0
    assert run()[1].losses == history.losses  # same seed, same numbers
    x = torch.tensor([[4, 5, 6, 7, 4, 5]])
    assert model(x)[0].argmax(-1).tolist() == [[5, 6, 7, 4, 5, 6]]
    with pytest.raises(ValueError, match="steps must be at least 1"):
        train_lm(model, data, steps=0)
    assert PAD_ID not in stream.tolist()
