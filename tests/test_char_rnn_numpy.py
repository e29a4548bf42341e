"""The NumPy character RNN: equal to torch.nn with copied weights, gradient-checked, learns
"hello", samples reproducibly from the distribution it predicts."""

import numpy as np
import pytest
import torch

from utils.scratch.char_rnn import CharRNN, sample, train_char_rnn
from utils.scratch.gradcheck import numerical_gradient, relative_error


def torch_twin(model: CharRNN) -> tuple[torch.nn.RNN, torch.nn.Linear]:
    """nn.RNN + nn.Linear holding the model's weights (torch stores W transposed, two biases)."""
    Wx, Wh, b, Wy, by = (torch.tensor(p) for p in model.params)
    rnn = torch.nn.RNN(model.vocab_size, model.hidden_size, batch_first=True).double()
    lin = torch.nn.Linear(model.hidden_size, model.vocab_size).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(Wx.T)
        rnn.weight_hh_l0.copy_(Wh.T)
        rnn.bias_ih_l0.copy_(b)
        rnn.bias_hh_l0.zero_()
        lin.weight.copy_(Wy.T)
        lin.bias.copy_(by)
    return rnn, lin


def test_loss_and_gradients_equal_torch():
    model = CharRNN("abcde", 6, seed=3)
    rng = np.random.default_rng(0)
    model.params[2][:] = rng.normal(scale=0.1, size=6)  # non-zero biases, to test them too
    model.params[4][:] = rng.normal(scale=0.1, size=5)
    ids, targets = rng.integers(0, 5, size=(3, 7)), rng.integers(0, 5, size=(3, 7))
    loss = model.forward(ids, targets)
    model.backward()

    rnn, lin = torch_twin(model)
    x = torch.nn.functional.one_hot(torch.tensor(ids), 5).double()
    hs, _ = rnn(x)
    logits = lin(hs)
    flat_targets = torch.tensor(targets).reshape(-1)
    ref = torch.nn.functional.cross_entropy(logits.reshape(-1, 5), flat_targets)
    ref.backward()
    assert loss == pytest.approx(ref.item(), abs=1e-9)  # cross_entropy adds 1e-12 in its log
    torch_grads = [rnn.weight_ih_l0.grad.T, rnn.weight_hh_l0.grad.T, rnn.bias_ih_l0.grad,
                   lin.weight.grad.T, lin.bias.grad]
    for ours, theirs in zip(model.grads, torch_grads, strict=True):
        np.testing.assert_allclose(ours, theirs.numpy(), atol=1e-12)


def test_gradients_match_numerical():
    model = CharRNN("helo", 5, seed=0)
    ids = np.array([[0, 1, 2, 2], [3, 2, 1, 0]])
    targets = np.array([[1, 2, 2, 3], [2, 1, 0, 0]])

    def loss() -> float:
        return model.forward(ids, targets)

    loss()
    model.backward()
    analytic = [g.copy() for g in model.grads]
    for p, g in zip(model.params, analytic, strict=True):
        assert relative_error(g, numerical_gradient(loss, p)) < 1e-6


def test_learns_hello():
    model = CharRNN("helo", 8, seed=0)
    losses = train_char_rnn(model, "hello", steps=300, lr=0.5)
    assert len(losses) == 300
    assert losses[0] > 1.0 and losses[-1] < 0.01
    assert model.predict("hell") == "ello"
    # the two 'l's get different predictions: the hidden state remembers what came before
    ids = model.encode("hell")[None, :]
    assert model.logits(ids)[0, 2].argmax() != model.logits(ids)[0, 3].argmax()


def test_untrained_model_does_not_predict_hello():
    assert CharRNN("helo", 8, seed=0).predict("hell") != "ello"


def test_trace_records_every_step():
    model = CharRNN("helo", 4, seed=1)
    steps = model.trace("hell")
    assert [s.char for s in steps] == list("hell") and [s.t for s in steps] == [0, 1, 2, 3]
    np.testing.assert_array_equal(steps[0].h_prev, np.zeros(4))
    for prev, cur in zip(steps, steps[1:], strict=False):
        np.testing.assert_array_equal(cur.h_prev, prev.h)
    Wx, Wh, b = model.params[:3]
    for s in steps:
        np.testing.assert_allclose(s.h, np.tanh(s.x @ Wx + s.h_prev @ Wh + b))
        assert s.probs.sum() == pytest.approx(1.0)
        np.testing.assert_array_equal(s.x, np.eye(4)[model.stoi[s.char]])


def test_sample_follows_the_predicted_distribution():
    model = CharRNN("abcd", 3, seed=0)
    model.params[3][:] = 0.0  # the output ignores h: p(next) = softmax(by) at every step
    p = np.array([0.1, 0.2, 0.3, 0.4])
    model.params[4][:] = np.log(p)
    text = sample(model, "a", 4000, seed=0)
    assert text.startswith("a") and len(text) == 4001
    freq = np.array([text[1:].count(c) for c in "abcd"]) / 4000
    np.testing.assert_allclose(freq, p, atol=0.03)
    assert sample(model, "a", 50, seed=1) == sample(model, "a", 50, seed=1)
    assert sample(model, "a", 50, seed=1) != sample(model, "a", 50, seed=2)
    cold = sample(model, "a", 200, seed=0, temperature=0.01)
    assert cold[1:] == "d" * 200  # a low temperature sharpens towards the argmax


def test_trained_model_samples_hello():
    model = CharRNN("helo", 8, seed=0)
    train_char_rnn(model, "hello", steps=300, lr=0.5)
    assert all(sample(model, "h", 4, seed=s) == "hello" for s in range(5))


def test_bad_input_raises():
    with pytest.raises(ValueError, match="distinct"):
        CharRNN("hello", 4)
    with pytest.raises(ValueError, match="empty"):
        CharRNN("", 4)
    with pytest.raises(ValueError, match="hidden_size"):
        CharRNN("ab", 0)
    model = CharRNN("helo", 4)
    with pytest.raises(ValueError, match=r"\['x'\] are not in"):
        model.encode("hex")
    with pytest.raises(ValueError, match="text is empty"):
        model.predict("")
    with pytest.raises(ValueError, match="at least 2 characters"):
        train_char_rnn(model, "h")
    with pytest.raises(ValueError, match=r"ids must be \(batch, time\)"):
        model.logits(np.array([0, 1]))
    with pytest.raises(ValueError, match="temperature"):
        sample(model, "h", 3, temperature=0)
