"""The classifier training loop learns a separable task, clips, and rejects bad input."""

import pytest
import torch
from torch import nn

from utils.data.batches import minibatch_indices
from utils.training.classifiers import accuracy, predict, train_classifier


class LastStep(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, 8, batch_first=True)
        self.out = nn.Linear(8, 2)

    def forward(self, x):
        return self.out(self.rnn(x)[0][:, -1])


def toy_task(n=256):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, 5, 1, generator=g)
    return x, (x[:, -1, 0] > 0).long()


def test_minibatches_cover_every_index_once():
    idx = torch.cat(list(minibatch_indices(10, 3, generator=torch.Generator().manual_seed(1))))
    assert sorted(idx.tolist()) == list(range(10))
    assert [len(b) for b in minibatch_indices(10, 3, shuffle=False)] == [3, 3, 3, 1]


def test_train_classifier_learns_and_is_reproducible():
    x, y = toy_task()
    torch.manual_seed(0)
    model = LastStep()
    before = accuracy(model, x, y)
    history = train_classifier(model, x, y, epochs=15, lr=0.03, progress=False)
    assert accuracy(model, x, y) > 0.95 > before
    assert len(history.losses) == 15 * 4
    torch.manual_seed(0)
    again = train_classifier(LastStep(), x, y, epochs=15, lr=0.03, progress=False)
    assert again.losses == history.losses


def test_clip_bounds_the_update_norm():
    x, y = toy_task()
    model = LastStep()
    params = [p.detach().clone() for p in model.parameters()]
    train_classifier(model, x[:64], y[:64], epochs=1, batch_size=64, clip=1e-3,
                     optimizer=torch.optim.SGD(model.parameters(), lr=1.0), progress=False)
    step = torch.sqrt(sum(((p - q) ** 2).sum() for p, q in zip(model.parameters(), params,
                                                                 strict=True)))
    assert step.item() == pytest.approx(1e-3, rel=1e-3)


def test_predict_passes_lengths():
    class UsesLength(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(torch.zeros(1))

        def forward(self, x, lengths):
            return torch.stack([lengths.float(), -lengths.float()], dim=1) + self.w

    lengths = torch.tensor([1, -1, 2])
    assert predict(UsesLength(), torch.zeros(3, 2), lengths=lengths).tolist() == [0, 1, 0]


def test_bad_input_raises():
    x, y = toy_task(8)
    with pytest.raises(ValueError, match="disagree on the number of examples"):
        train_classifier(LastStep(), x, y[:4], progress=False)
    with pytest.raises(ValueError, match="class indices"):
        accuracy(LastStep(), x, y[:, None])
    with pytest.raises(ValueError, match="epochs"):
        train_classifier(LastStep(), x, y, epochs=0, progress=False)
    with pytest.raises(ValueError, match="batch_size"):
        list(minibatch_indices(3, 0))
