using System.CommandLine;
using Datadings.Operations;

namespace Datadings.Cli.Commands;

/// <summary><c>merge IN… OUT</c>: over <see cref="MergeOperation"/>.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("IN… OUT") { Description = "Datasets to merge, then the output.", Arity = new ArgumentArity(2, ArgumentArity.OneOrMore.MaximumNumberOfValues) };
        var strategy = new Option<string>("--strategy", "-s") { Description = "random: interleave weighted by input size; concat: one input after another.", DefaultValueFactory = _ => "random" };
        strategy.AcceptOnlyFromAmong("random", "concat");
        var seed = new Option<long>("--seed") { Description = "Seed of the random interleaving (Python's random.seed); reproducible by default.", DefaultValueFactory = _ => 0 };
        var shuffle = new Option<bool>("--shuffle") { Description = "Shuffle each input (seeded with its length) before merging." };
        var prefixes = new Option<string[]>("--key-prefix") { Description = "One prefix per input, prepended to its keys, to merge inputs with colliding keys.", AllowMultipleArgumentsPerToken = true };
        var force = CommonOptions.Force();
        var command = new Command("merge", "Merge datasets into one.") { files, strategy, seed, shuffle, prefixes, force };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            string[] all = parsed.GetValue(files)!;
            string[] inputs = all[..^1];
            string outPath = all[^1];
            bool concat = parsed.GetValue(strategy) == "concat";
            if (concat && parsed.GetResult(seed) is { Implicit: false })
                throw new UsageException("--seed applies only to --strategy random");
            string[]? keyPrefixes = parsed.GetValue(prefixes) is { Length: > 0 } p ? p : null;
            if (keyPrefixes is not null && keyPrefixes.Length != inputs.Length)
                throw new UsageException($"give one --key-prefix per input: {inputs.Length} inputs but {keyPrefixes.Length} prefixes");
            CommonOptions.CheckOutputs(inputs, [outPath], parsed.GetValue(force));

            var options = new MergeOptions
            {
                Strategy = concat ? MergeStrategy.Concat : MergeStrategy.Random,
                Seed = parsed.GetValue(seed),
                ShuffleInputs = parsed.GetValue(shuffle),
                KeyPrefixes = keyPrefixes,
                Overwrite = parsed.GetValue(force),
            };
            var reporter = new OperationReporter(parsed.GetValue(CommonOptions.Quiet));
            reporter.Summarize(MergeOperation.Run(inputs, outPath, options, reporter, cancellation));
            return ExitCodes.Success;
        });
        return command;
    }
}
