// Reads the datasets of the referenced dataset project through the generated Datasets class.
using Datadings;
using Datadings.Augments;

using var train = Datasets.DatasetClass.Train.Open();
using var test = Datasets.DatasetClass.Test.Open();
Console.WriteLine($"train: {train.Count} samples, test: {test.Count} samples ({Datasets.DatasetClass.Train.Path})");

// A seeded shuffle: the same order on every run, a new one every epoch.
foreach (var sample in new Shuffler(train, seed: 42).Take(3))
    Console.WriteLine(string.Join(", ", sample.Select(field => $"{field.Key}={field.Value}")));
