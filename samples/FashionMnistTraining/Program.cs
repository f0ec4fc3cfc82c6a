// Trains a small CNN on Fashion-MNIST from a built datadings dataset and prints test accuracy after every epoch,
// with wall time and this process's CPU time (user + sys), so a run on a busy machine can still be judged.
// Usage: dotnet run -c Release --project samples/FashionMnistTraining [-- EPOCHS [WORKERS [TORCH_THREADS]]] (defaults 3 1 1)
using System.Diagnostics;
using Datadings.Augments;
using Datadings.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

int epochs = args.Length > 0 ? int.Parse(args[0]) : 3;
int workers = args.Length > 1 ? int.Parse(args[1]) : 1;
// One torch thread by default: the loader worker takes the other core, and on a busy machine two torch threads
// spin-wait for each other (measured: >200 CPU-s without finishing epoch 1 at load 40–65, vs 23 CPU-s per epoch).
set_num_threads(args.Length > 2 ? int.Parse(args[2]) : 1);
const long seed = 1;

using var train = Datasets.FashionMnistDebian.Train.Open();
using var test = Datasets.FashionMnistDebian.Test.Open();
Console.WriteLine($"train: {train.Count} samples, test: {test.Count} samples; {Environment.ProcessorCount} cores, " +
    $"torch threads {get_num_threads()}, loader workers {workers}");

// PNG bytes → float32 (1, 28, 28), normalised with Fashion-MNIST's mean/std. Decoding every image every epoch costs
// ~10–45 µs of CPU (plain PNGs go through the core's managed decoder): a few per cent of a training step's cost
// per sample, so caching decoded tensors would save nothing worth its memory.
var toTensor = FieldTransforms.Compose(FieldTransforms.DecodeImage("image"), FieldTransforms.Normalize("image", [0.2860f], [0.3530f]));
var trainLoader = new DatadingsLoader(new Shuffler(train, seed), batchSize: 64, toTensor, seed, workers);
var testLoader = new DatadingsLoader(test, batchSize: 500, toTensor, workers: workers);

random.manual_seed(seed);
// Small on purpose: the convolutions are nearly all of the CPU time, and 16/32 channels reach ~90 % in a few epochs.
var model = Sequential(
    Conv2d(1, 16, kernel_size: 3, padding: 1), ReLU(), MaxPool2d(2),   // 16×14×14
    Conv2d(16, 32, kernel_size: 3, padding: 1), ReLU(), MaxPool2d(2),  // 32×7×7
    Flatten(), Linear(32 * 7 * 7, 128), ReLU(), Dropout(0.25), Linear(128, 10));
var optimizer = optim.Adam(model.parameters(), lr: 1e-3);

var clock = Stopwatch.StartNew();
for (int epoch = 0; epoch < epochs; epoch++)
{
    model.train();
    double lossSum = 0;
    int batches = 0;
    foreach (var batch in trainLoader)
    {
        using var scope = NewDisposeScope();
        using (batch)
        {
            optimizer.zero_grad();
            var loss = functional.cross_entropy(model.forward(batch["image"]), batch["label"]);
            loss.backward();
            optimizer.step();
            lossSum += loss.item<float>();
            batches++;
        }
    }
    var (correct, total) = Evaluate();
    Console.WriteLine($"epoch {epoch + 1}/{epochs}: mean loss {lossSum / batches:F4}, test accuracy {correct}/{total} = " +
        $"{100.0 * correct / total:F2}% ({clock.Elapsed.TotalSeconds:F0} s wall, {Cpu():F0} CPU-s, load average {LoadAverage()})");
}

(long Correct, long Total) Evaluate()
{
    model.eval();
    long correct = 0, total = 0;
    using (no_grad())
        foreach (var batch in testLoader)
        {
            using var scope = NewDisposeScope();
            using (batch)
            {
                var predicted = model.forward(batch["image"]).argmax(1);
                correct += predicted.eq(batch["label"]).sum().item<long>();
                total += batch.Count;
            }
        }
    return (correct, total);
}

static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
