using PidGpu.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Tests;

/// <summary>Proves LibTorch loads (on Debian 12 via the build-time patch) and autograd is right.</summary>
public class TorchRuntimeTests
{
    public TorchRuntimeTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void LinearForwardAndBackward_MatchHandComputation()
    {
        torch.manual_seed(1234);
        using var linear = nn.Linear(3, 2);
        using var x = tensor(new float[] { 0.5f, -1.0f, 2.0f });
        using var y = linear.forward(x);

        // Forward: y = W x + b, computed by hand from the layer's own parameters.
        float[] w = linear.weight!.data<float>().ToArray(), b = linear.bias!.data<float>().ToArray();
        float[] got = y.data<float>().ToArray(), xs = { 0.5f, -1.0f, 2.0f };
        for (int i = 0; i < 2; i++)
            Assert.Equal(w[3 * i] * xs[0] + w[3 * i + 1] * xs[1] + w[3 * i + 2] * xs[2] + b[i], got[i], 5);

        // loss = sum(W x + b): dL/db = ones, dL/dW = outer(ones, x).
        using var loss = y.sum();
        loss.backward();
        Assert.Equal(new float[] { 1, 1 }, linear.bias.grad!.data<float>().ToArray());
        Assert.Equal(new float[] { 0.5f, -1, 2, 0.5f, -1, 2 }, linear.weight.grad!.data<float>().ToArray());
    }

    [Fact]
    public void SgdSteps_ReduceLoss()
    {
        torch.manual_seed(42);
        using var model = nn.Linear(4, 1);
        using var xs = randn(32, 4);
        using var target = xs.matmul(tensor(new float[] { 1, -2, 3, 0.5f }).reshape(4, 1)) + 0.25f;
        using var opt = optim.SGD(model.parameters(), learningRate: 0.05);

        float Step()
        {
            opt.zero_grad();
            using var pred = model.forward(xs);
            using var loss = nn.functional.mse_loss(pred, target);
            loss.backward();
            opt.step();
            return loss.item<float>();
        }

        float first = Step(), last = first;
        for (int i = 0; i < 20; i++) last = Step();
        Assert.True(last < first * 0.5f, $"loss did not drop enough: {first} -> {last}");
    }
}
