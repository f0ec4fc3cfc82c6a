using Datadings.Augments;
using Datadings.Reading;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Datadings.TorchSharp.Tests;

public sealed class TrainingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dd-torch-train-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_tiny_CNN_trained_a_handful_of_steps_from_the_loader_lowers_its_loss()
    {
        using var reader = new DatasetReader(SmallDatasets.Write(_folder, 64));
        var loader = new DatadingsLoader(new Shuffler(reader, seed: 3), batchSize: 16,
            FieldTransforms.Compose(FieldTransforms.DecodeImage("image"), FieldTransforms.Normalize("image", [0.5f], [0.25f])),
            seed: 3, workers: 2);
        random.manual_seed(1);
        var model = Sequential(
            Conv2d(1, 4, kernel_size: 3, padding: 1), ReLU(), MaxPool2d(2),
            Flatten(), Linear(4 * 4 * 4, 2));
        var optimizer = optim.Adam(model.parameters(), lr: 0.01);
        var losses = new List<float>();
        for (int epoch = 0; epoch < 3; epoch++)
            foreach (var batch in loader)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = functional.cross_entropy(model.forward(batch["image"]), batch["label"]);
                loss.backward();
                optimizer.step();
                losses.Add(loss.item<float>());
                batch.Dispose();
            }
        Assert.Equal(12, losses.Count); // 3 epochs × 4 batches
        Assert.True(losses.TakeLast(3).Average() < 0.5 * losses.Take(3).Average(),
            $"the loss did not go down: {string.Join(", ", losses.Select(l => l.ToString("F3")))}");
    }
}
