// Trains a softmax-regression classifier on the Quickstart "shapes" dataset (12×12 greyscale PNGs of circles,
// squares and triangles in three sizes) and reports its accuracy on the held-out middle size of each shape.
// Everything is plain C#: the dataset comes from the referenced .dsproj, pixels from Datadings' PNG decoder.
using Datadings;
using Datadings.Augments;
using Datadings.Imaging;

const int Epochs = 100;
const double LearningRate = 0.5;

using var shapes = Datasets.Quickstart.Shapes.Open();
Console.WriteLine($"shapes: {shapes.Count} samples from {Datasets.Quickstart.Shapes.Path}");

// Held out: the middle size ("…-1.png") of every shape, so the test images are never seen in training.
static bool IsTest(Sample sample) => sample.Key.EndsWith("-1.png", StringComparison.Ordinal);
static (double[] Pixels, int Label) Decode(Sample sample)
{
    var image = PngDecoder.Decode((byte[])sample["image"]!);
    return (image.Pixels.Select(p => p / 255.0).ToArray(), (int)(long)sample["label"]!);
}

int features = Decode(shapes[0]).Pixels.Length;
int classes = shapes.Select(s => (int)(long)s["label"]!).Max() + 1;
var model = new SoftmaxRegression(features, classes);

// A new seeded order every epoch, the same order on every run.
var shuffler = new Shuffler(shapes, seed: 42);
for (int epoch = 0; epoch < Epochs; epoch++)
{
    double loss = 0;
    int seen = 0;
    foreach (var sample in shuffler)
    {
        if (IsTest(sample)) continue;
        var (pixels, label) = Decode(sample);
        loss += model.Step(pixels, label, LearningRate);
        seen++;
    }
    if (epoch % 25 == 0 || epoch == Epochs - 1)
        Console.WriteLine($"epoch {epoch,3}: mean loss {loss / seen:F4} over {seen} training samples");
}

var test = shapes.Where(IsTest).Select(Decode).ToList();
int correct = test.Count(t => model.Predict(t.Pixels) == t.Label);
Console.WriteLine($"test accuracy: {correct}/{test.Count} = {100.0 * correct / test.Count:F1}%");
return 0;

/// <summary>Multinomial logistic regression trained by stochastic gradient descent on the cross-entropy loss.</summary>
sealed class SoftmaxRegression(int features, int classes)
{
    private readonly double[,] _weights = new double[classes, features];
    private readonly double[] _bias = new double[classes];

    public int Predict(double[] x)
    {
        var p = Probabilities(x);
        return Array.IndexOf(p, p.Max());
    }

    /// <summary>One gradient step on one sample; returns its loss before the step.</summary>
    public double Step(double[] x, int label, double learningRate)
    {
        var p = Probabilities(x);
        for (int c = 0; c < classes; c++)
        {
            double gradient = p[c] - (c == label ? 1 : 0);
            for (int f = 0; f < features; f++)
                _weights[c, f] -= learningRate * gradient * x[f];
            _bias[c] -= learningRate * gradient;
        }
        return -Math.Log(Math.Max(p[label], 1e-12));
    }

    private double[] Probabilities(double[] x)
    {
        var scores = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            double score = _bias[c];
            for (int f = 0; f < features; f++) score += _weights[c, f] * x[f];
            scores[c] = score;
        }
        double max = scores.Max(), sum = 0;
        for (int c = 0; c < classes; c++) sum += scores[c] = Math.Exp(scores[c] - max);
        for (int c = 0; c < classes; c++) scores[c] /= sum;
        return scores;
    }
}
