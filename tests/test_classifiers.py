"""The lesson-02 classifiers: padding-proof, order-blind where promised, and they learn."""

import pytest
import torch

from utils.data.order import (
    BLANK,
    blank_examples,
    encode_examples,
    negation_examples,
    split_examples,
)
from utils.data.vocab import PAD_ID, Vocab
from utils.models.classifiers import BagOfWords, BlankFiller, RNNClassifier
from utils.training.classifiers import accuracy, train_classifier

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.mark.parametrize("cell", ["rnn", "gru"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_rnn_classifier_ignores_padding(cell, bidirectional):
    torch.manual_seed(0)
    model = RNNClassifier(10, 4, 6, 3, cell=cell, bidirectional=bidirectional)
    ids = torch.tensor([[4, 5, 6, PAD_ID, PAD_ID], [7, 8, 9, 4, 5]])
    lengths = torch.tensor([3, 5])
    batch = model(ids, lengths)
    torch.testing.assert_close(batch[0], model(ids[:1, :3], lengths[:1])[0])
    assert batch.shape == (2, 3)


def test_step_logits_end_with_the_classifiers_answer():
    torch.manual_seed(1)
    model = RNNClassifier(10, 4, 6, 2)
    ids = torch.tensor([[4, 5, 6, 7]])
    steps = model.step_logits(ids)
    assert steps.shape == (1, 4, 2)
    torch.testing.assert_close(steps[0, -1], model(ids, torch.tensor([4]))[0])
    torch.testing.assert_close(steps[0, 1], model(ids[:, :2], torch.tensor([2]))[0])


def test_bag_of_words_counts_words_and_ignores_order():
    torch.manual_seed(2)
    model = BagOfWords(8, 5, 2)
    ids = torch.tensor([[3, 4, 4, 5, PAD_ID], [5, 4, 3, 4, PAD_ID]])
    counts = model.counts(ids)
    assert counts[0].tolist() == [0, 0, 0, 1, 2, 1, 0, 0]
    out = model(ids, torch.tensor([4, 4]))
    assert torch.equal(out[0], out[1])


def test_on_the_negation_task_the_rnn_learns_order_and_the_bag_of_words_cannot():
    train, test = split_examples(negation_examples(), 0.3, seed=0)
    vocab = Vocab.build(e.tokens for e in train)
    xtr, ltr, ytr = encode_examples(train, vocab)
    contrast = [e for e in test if e.kind == "contrast"]
    xc, lc, yc = encode_examples(contrast, vocab)
    torch.manual_seed(0)
    rnn = RNNClassifier(len(vocab), 16, 32, 2)
    train_classifier(rnn, xtr, ytr, lengths=ltr, epochs=10, lr=1e-2, progress=False)
    assert accuracy(rnn, xc, yc, lengths=lc) >= 0.95
    torch.manual_seed(0)
    bow = BagOfWords(len(vocab), 32, 2)
    train_classifier(bow, xtr, ytr, lengths=ltr, epochs=10, lr=1e-2, progress=False)
    assert accuracy(bow, xc, yc, lengths=lc) == 0.5  # exactly one of each twin pair


def test_blank_filler_needs_the_words_after_the_blank():
    train, test = split_examples(blank_examples(), 0.3, seed=0)
    vocab = Vocab.build(e.tokens for e in train)
    (xtr, ltr, ytr), (xte, lte, yte) = (encode_examples(s, vocab) for s in (train, test))
    accs = {}
    for bi in (False, True):
        torch.manual_seed(0)
        model = BlankFiller(len(vocab), 16, 32, 4, vocab.stoi[BLANK], bidirectional=bi)
        train_classifier(model, xtr, ytr, lengths=ltr, epochs=20, batch_size=32, lr=1e-2,
                         progress=False)
        accs[bi] = accuracy(model, xte, yte, lengths=lte)
    assert accs[True] == 1.0
    assert accs[False] <= 0.35  # it sees only "the ___": one answer for every sentence


def test_bad_input_raises():
    with pytest.raises(ValueError, match="cell must be one of"):
        RNNClassifier(5, 2, 2, 2, cell="lstm")
    model = RNNClassifier(5, 2, 2, 2)
    with pytest.raises(ValueError, match=r"\(batch, time\) long"):
        model(torch.zeros(2, 3), torch.tensor([1, 2]))
    with pytest.raises(ValueError, match=r"lengths must have shape \(2,\)"):
        model(torch.ones(2, 3, dtype=torch.long), torch.tensor([1]))
    with pytest.raises(ValueError, match="unidirectional"):
        RNNClassifier(5, 2, 2, 2, bidirectional=True).step_logits(torch.ones(1, 2,
                                                                             dtype=torch.long))
    with pytest.raises(ValueError, match="must lie in"):
        BagOfWords(5, 2, 2).counts(torch.tensor([[7]]))
    with pytest.raises(ValueError, match="exactly one blank"):
        BlankFiller(5, 2, 2, 2, blank_id=4)(torch.tensor([[1, 2]]), torch.tensor([2]))
