// Trains a small CNN on Fashion-MNIST from a built datadings dataset and prints test accuracy.
// Usage: dotnet run -c Release --project samples/FashionMnistTraining [-- EPOCHS [WORKERS]]
using System.Diagnostics;
using Datadings.Augments;
using Datadings.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

int epochs = args.Length > 0 ? int.Parse(args[0]) : 3;
int workers = args.Length > 1 ? int.Parse(args[1]) : 2;
const long seed = 1;

using var train = Datasets.FashionMnistDebian.Train.Open();
using var test = Datasets.FashionMnistDebian.Test.Open();
Console.WriteLine($"train: {train.Count} samples, test: {test.Count} samples; {Environment.ProcessorCount} cores, torch threads {get_num_threads()}");

// PNG bytes → float32 (1, 28, 28), normalised with Fashion-MNIST's mean/std.
var toTensor = FieldTransforms.Compose(FieldTransforms.DecodeImage("image"), FieldTransforms.Normalize("image", [0.2860f], [0.3530f]));
var trainLoader = new DatadingsLoader(new Shuffler(train, seed), batchSize: 64, toTensor, seed, workers);
var testLoader = new DatadingsLoader(test, batchSize: 500, toTensor, workers: workers);

random.manual_seed(seed);
var model = Sequential(
    Conv2d(1, 32, kernel_size: 3, padding: 1), ReLU(), MaxPool2d(2),   // 32×14×14
    Conv2d(32, 64, kernel_size: 3, padding: 1), ReLU(), MaxPool2d(2),  // 64×7×7
    Flatten(), Linear(64 * 7 * 7, 128), ReLU(), Dropout(0.25), Linear(128, 10));
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
    Console.WriteLine($"epoch {epoch + 1}/{epochs}: mean loss {lossSum / batches:F4} ({clock.Elapsed.TotalSeconds:F0} s)");
}

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
Console.WriteLine($"test accuracy: {correct}/{total} = {100.0 * correct / total:F2}% after {epochs} epochs in {clock.Elapsed.TotalSeconds:F0} s");
